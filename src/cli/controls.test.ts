import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { EXIT, UsageError } from './exit-codes.js';
import { controlsText, register } from './controls.js';
import { reportError } from './program.js';

async function runControls(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const program = new Command('vpnguard').exitOverride().configureOutput({ writeErr: (t) => (err += t) });
  register(program, (text) => (out += text));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'vpnguard', 'controls', ...args]);
    return { code: EXIT.ok, out, err };
  } catch (error) {
    return { code: reportError(error), out, err };
  } finally {
    stderr.mockRestore();
  }
}

describe('vpnguard controls', () => {
  it('lists the four controls with severity, config rule and mappings', async () => {
    const { code, out } = await runControls([]);
    expect(code).toBe(0);
    for (const id of ['EC2.20', 'EC2.183', 'EC2.171', 'EC2.51']) expect(out).toContain(id);
    expect(out).toMatch(/EC2\.51 +LOW +client-vpn-connection-logging/);
    expect(out).toContain('NIST SP 800-53 Rev. 5: CP-10, CP-6(2), SC-36, SC-5(2), SI-13(5) (AWS mapping)');
    expect(out).toContain("vpnguard's own mapping");
  });

  it('--output json gives metadata and mappings without functions', async () => {
    const { out } = await runControls(['--output', 'json']);
    const list = JSON.parse(out) as {
      id: string;
      severity: string;
      mappings: { source: string }[];
      evaluate?: unknown;
    }[];
    expect(list.map((c) => c.id)).toEqual(['EC2.20', 'EC2.183', 'EC2.171', 'EC2.51']);
    expect(list.every((c) => c.evaluate === undefined)).toBe(true);
    expect(list.find((c) => c.id === 'EC2.183')?.mappings.every((m) => m.source === 'vpnguard')).toBe(true);
  });

  it('explains EC2.20 with the retail story and the fixes', async () => {
    const { code, out } = await runControls(['ec2.20']);
    expect(code).toBe(0);
    expect(out).toContain('Both VPN tunnels for an AWS Site-to-Site VPN connection should be up');
    expect(out).toContain('What it checks');
    expect(out.replace(/\s+/g, ' ')).toContain('Ninety-one days later AWS took the endpoint');
    for (const section of ['AWS CLI', 'Terraform', 'CloudFormation']) expect(out).toContain(section);
    expect(out).toContain('aws ec2 modify-vpn-tunnel-options');
  });

  it('accepts a check id', () => {
    expect(controlsText('vpn-tunnel-logging', 'table')).toMatch(/^EC2\.171 /);
  });

  it('an unknown id is one clear line naming the valid ids, exit 3', async () => {
    const { code, out, err } = await runControls(['EC2.99']);
    expect(code).toBe(EXIT.usage);
    expect(out).toBe('');
    expect(err).toBe("vpnguard: unknown control 'EC2.99'; valid ids: EC2.20, EC2.183, EC2.171, EC2.51\n");
    expect(() => controlsText('nope', 'json')).toThrow(UsageError);
  });

  it('rejects an unknown output format as a usage error', async () => {
    const { code } = await runControls(['--output', 'xml']);
    expect(code).toBe(EXIT.usage);
  });
});
