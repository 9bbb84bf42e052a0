import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportError } from './program.js';
import { register as registerIac, runIac } from './iac.js';
import { register as registerGuardrails } from './guardrails.js';
import { UsageError } from './exit-codes.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const fixture = (path: string) => resolve(repoRoot, 'test/fixtures/iac', path);

/** Runs the real commander wiring of the two commands in-process and captures the output. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const program = new Command('vpnguard').exitOverride();
  registerIac(program);
  registerGuardrails(program);
  process.exitCode = undefined;
  let code: number;
  try {
    await program.parseAsync(['node', 'vpnguard', ...args]);
    code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    code = reportError(err);
  } finally {
    process.exitCode = undefined;
    vi.restoreAllMocks();
  }
  return { code, stdout, stderr };
}

afterEach(() => vi.restoreAllMocks());

describe('vpnguard iac', () => {
  it('exits 0 on compliant IaC, 1 on findings at or above --fail-on, 2 on unknowns', async () => {
    expect((await cli('iac', fixture('terraform/compliant'))).code).toBe(0);
    expect((await cli('iac', fixture('terraform/ikev1'))).code).toBe(1);
    expect((await cli('iac', '--fail-on', 'high', fixture('terraform/ikev1'))).code).toBe(0);
    expect((await cli('iac', fixture('terraform/variables'))).code).toBe(2);
    expect((await cli('iac', '--allow-unknown', fixture('terraform/variables'))).code).toBe(0);
    expect((await cli('iac', '--fail-on', 'medium', fixture('terraform/client-vpn-disabled'))).code).toBe(0);
  });

  it('prints SARIF with paths relative to the repository root', async () => {
    const { code, stdout } = await cli(
      'iac',
      '--output',
      'sarif',
      fixture('cloudformation/noncompliant.yaml'),
    );
    expect(code).toBe(1);
    const sarif = JSON.parse(stdout) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    const uris = sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(new Set(uris)).toEqual(new Set(['test/fixtures/iac/cloudformation/noncompliant.yaml']));
  });

  it('prints JSON findings', async () => {
    const { stdout } = await cli('iac', '--output', 'json', fixture('plan/plan.json'));
    const report = JSON.parse(stdout) as { findings: { address: string }[] };
    expect(report.findings.map((f) => f.address)).toContain('module.legacy.aws_vpn_connection.this');
  });

  it.each([
    [['iac', '/nonexistent/vpn.tf'], /cannot read \/nonexistent\/vpn\.tf: no such file or directory/],
    [
      ['iac', fixture('invalid/broken.tf')],
      /invalid\/broken\.tf:3: expected ',' or '\]' in a list.*fix the HCL syntax/,
    ],
    [['iac', fixture('invalid/broken.yaml')], /invalid\/broken\.yaml:\d+: .*fix the YAML\/JSON syntax/],
    [['iac', fixture('invalid/notes.yaml')], /notes\.yaml: neither a CloudFormation template/],
    [
      ['iac', '--fail-on', 'severe', fixture('terraform/compliant')],
      /--fail-on severe: use informational, low, medium, high or critical/,
    ],
  ])('usage error, one line, no stack trace: %j', async (args, message) => {
    const { code, stdout, stderr } = await cli(...args);
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('skips non-IaC YAML in a directory walk but fails on a broken template found there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpnguard-iac-'));
    writeFileSync(join(dir, 'ci.yml'), 'on: [push]\njobs: {}\n');
    writeFileSync(join(dir, 'chart.yaml'), 'a: {{ .Values.x }}\n');
    expect(runIac([dir], { output: 'table', failOn: 'low', root: dir }).stdout).toBe(
      'No VPN resources found in 0 IaC file(s).\n',
    );
    writeFileSync(join(dir, 'vpn.yaml'), 'AWSTemplateFormatVersion: "2010-09-09"\nResources: [\n');
    expect(() => runIac([dir], { output: 'table', failOn: 'low', root: dir })).toThrow(UsageError);
  });

  it('lints the generated guardrails clean (Terraform and CloudFormation)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpnguard-gen-'));
    writeFileSync(join(dir, 'main.tf'), (await cli('guardrails', 'terraform', '--name', 'edge')).stdout);
    writeFileSync(join(dir, 'vpn.yaml'), (await cli('guardrails', 'cloudformation')).stdout);
    writeFileSync(
      join(dir, 'vpn.json'),
      (await cli('guardrails', 'cloudformation', '--output', 'json')).stdout,
    );
    const { code, stdout } = await cli('iac', '--root', dir, dir);
    expect(stdout).toMatch(/6 resource\(s\) in 3 file\(s\): 0 FAIL, 0 UNKNOWN, 9 PASS/);
    expect(code).toBe(0);
  });
});

describe('vpnguard guardrails', () => {
  it('scp --output json prints only the policy on stdout and the limits on stderr', async () => {
    const { code, stdout, stderr } = await cli('guardrails', 'scp', '--output', 'json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).Statement.length).toBeGreaterThan(0);
    expect(stderr).toMatch(/cannot enforce/);
    expect(stderr).toMatch(/unverified/);
  });

  it('scp text output carries the policy, the limits and the unverified notes', async () => {
    const { stdout } = await cli('guardrails', 'scp');
    expect(stdout).toMatch(/"Version": "2012-10-17"/);
    expect(stdout).toMatch(/What this SCP cannot enforce/);
  });

  it('cloudformation prints the replacement caveat on stderr', async () => {
    const { stderr } = await cli('guardrails', 'cloudformation');
    expect(stderr).toMatch(/^CAVEAT: On an EXISTING AWS::EC2::VPNConnection/);
  });

  it('config prints the conformance pack and its notes', async () => {
    const { stdout, stderr } = await cli('guardrails', 'config');
    expect(stdout).toMatch(/SourceIdentifier: VPC_VPN_2_TUNNELS_UP/);
    expect(stderr).toMatch(/24 hours/);
  });

  it('rejects invalid options with exit 3', async () => {
    expect((await cli('guardrails', 'terraform', '--log-retention-days', '10')).code).toBe(3);
    expect((await cli('guardrails', 'scp', '--output', 'yaml')).code).toBe(3);
  });
});

// The built CLI, when it has been built with these commands (npm test builds first).
const builtCli = resolve(repoRoot, 'dist/src/cli/main.js');
describe.skipIf(!existsSync(resolve(repoRoot, 'dist/src/cli/iac.js')))('built CLI', () => {
  it('guardrails scp and iac run as a process with the documented exit codes', () => {
    const scp = spawnSync(process.execPath, [builtCli, 'guardrails', 'scp', '--output', 'json'], {
      encoding: 'utf8',
    });
    expect(scp.status).toBe(0);
    expect(JSON.parse(scp.stdout).Version).toBe('2012-10-17');
    const iac = spawnSync(process.execPath, [builtCli, 'iac', fixture('terraform/absent-lists')], {
      encoding: 'utf8',
      cwd: repoRoot,
    });
    expect(iac.status).toBe(1);
    expect(iac.stdout).toMatch(
      /test\/fixtures\/iac\/terraform\/absent-lists\/main\.tf:2\s+aws_vpn_connection\.defaults\s+EC2\.183\s+FAIL/,
    );
    const missing = spawnSync(process.execPath, [builtCli, 'iac', 'no-such-dir'], { encoding: 'utf8' });
    expect(missing.status).toBe(3);
  });
});
