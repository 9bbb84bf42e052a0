// Every report format from one seed-story scan in one run (--output-file repeated), then exported to the lab's
// Security Hub through the real SDK; partial failures are reported per finding; no pre-shared key the lab
// holds appears in any output.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type LabHandle } from '../../lab/index.js';
import { securityHubFindings } from '../../lab/services/securityhub.js';
import { sdkClientConfig } from '../../lab/testing.js';
import { executeScan, parseScanOptions } from '../../src/cli/scan.js';
import { exportToSecurityHub, planBatches } from '../../src/export/securityhub.js';
import { toAsffFindings, type AsffFinding } from '../../src/report/asff.js';

const ACCOUNT = '111122223333';
const FILES = ['scan.json', 'scan.ndjson', 'scan.sarif', 'scan.asff.json', 'scan.ocsf.json', 'scan.md', 'scan.html', 'scan.csv', 'scan.txt'];

function sink() {
  const chunks: string[] = [];
  return { chunks, stream: { write: (chunk: string) => (chunks.push(chunk), true), isTTY: false } };
}

describe('reports from the seed-story scan', () => {
  let lab: LabHandle;
  let dir: string;

  beforeAll(async () => {
    lab = await startLab({ scenario: 'seed-story' });
    dir = mkdtempSync(path.join(tmpdir(), 'vpnguard-reports-'));
  });
  afterAll(async () => {
    await lab?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function psks(): string[] {
    const keys: string[] = [];
    for (const region of lab.world.allRegions()) {
      for (const connection of region.vpnConnections.values()) for (const tunnel of connection.tunnels) keys.push(tunnel.options.preSharedKey);
    }
    return keys;
  }

  async function scan(extra: Record<string, unknown>) {
    const stdout = sink();
    const stderr = sink();
    const credentials = lab.credentialsFor(ACCOUNT);
    const outcome = await executeScan(
      parseScanOptions({ endpointUrl: lab.endpoint, region: ['us-east-1', 'eu-west-1'], quiet: true, ...extra }),
      { stdout: stdout.stream, stderr: stderr.stream, now: () => new Date(lab.world.now()), credentials, homeRegion: 'us-east-1' },
    );
    return { ...outcome, stdout: stdout.chunks.join(''), stderr: stderr.chunks.join('') };
  }

  it('writes every format in one run, exports to Security Hub, and leaks no pre-shared key', async () => {
    const files = FILES.map((name) => path.join(dir, name));
    const run = await scan({ output: 'sarif', outputFile: files, export: 'securityhub' });
    expect(run.stderr).toMatch(/Security Hub export: (\d+) of \1 findings imported in 2 BatchImportFindings calls\n/);
    expect(run.exitCode).toBe(1);

    const outputs = new Map(files.map((file) => [path.basename(file), readFileSync(file, 'utf8')]));
    expect(JSON.parse(outputs.get('scan.sarif')!).runs[0].results.length).toBeGreaterThan(5);
    expect(run.stdout).toBe(outputs.get('scan.sarif'));
    expect(outputs.get('scan.csv')!.split('\r\n')[0]).toMatch(/^record,status,muted/);
    expect(outputs.get('scan.md')).toContain('vpn-0a1b2c3d4e5f6a7b8');
    expect(outputs.get('scan.html')).toContain('<!DOCTYPE html>');
    expect(outputs.get('scan.txt')).toContain('Site-to-Site VPN connections');

    const keys = psks();
    expect(keys.length).toBeGreaterThanOrEqual(20);
    for (const [name, text] of [...outputs, ['stdout', run.stdout], ['stderr', run.stderr]] as const) {
      for (const key of keys) expect(text.includes(key), `${name} contains a pre-shared key`).toBe(false);
      expect(text).not.toMatch(/<vpn_connection id=|<ipsec_tunnel>|<pre_shared_key>/);
    }
    for (const finding of [...securityHubFindings(lab.world, ACCOUNT, 'us-east-1'), ...securityHubFindings(lab.world, ACCOUNT, 'eu-west-1')]) {
      const text = JSON.stringify(finding);
      for (const key of keys) expect(text.includes(key)).toBe(false);
    }

    const hub = new SecurityHubClient(sdkClientConfig(lab, { accountId: ACCOUNT, region: 'us-east-1' }));
    const failed = await hub.send(
      new GetFindingsCommand({ Filters: { ComplianceStatus: [{ Value: 'FAILED', Comparison: 'EQUALS' }], ComplianceSecurityControlId: [{ Value: 'EC2.20', Comparison: 'EQUALS' }] } }),
    );
    hub.destroy();
    expect(failed.Findings!.map((f: AwsSecurityFinding) => f.Resources?.[0]?.Id)).toEqual([`arn:aws:ec2:us-east-1:${ACCOUNT}:vpn-connection/vpn-0a1b2c3d4e5f6a7b8`]);
    expect(failed.Findings![0]!.FirstObservedAt).toBeDefined();
  });

  it('reports partial failures per finding and in the exit code', async () => {
    const findings: AsffFinding[] = toAsffFindings((await scan({ output: 'json' })).result);
    const broken = findings.map((f, i) => (i === 1 ? { ...f, Title: 'x'.repeat(300) } : i === 2 ? { ...f, Severity: { Label: 'SEVERE' } } : f));
    const clientFor = (accountId: string, region: string) => Promise.resolve(new SecurityHubClient(sdkClientConfig(lab, { accountId, region })));
    const outcome = await exportToSecurityHub(broken, clientFor);
    expect(outcome.failures.map((f) => [f.id, f.code])).toEqual([
      [findings[1]!.Id, 'InvalidInput'],
      [findings[2]!.Id, 'InvalidInput'],
    ]);
    expect(outcome.imported).toBe(findings.length - 2);

    // A whole batch refused (AccessDenied injected on one region): every finding of it is reported, exit 2.
    lab.faults.add({ kind: 'access-denied', service: 'securityhub', region: 'eu-west-1' });
    const run = await scan({ output: 'json', export: 'securityhub' });
    lab.faults.clear();
    expect(run.exitCode).toBe(2);
    const lines = run.stderr.split('\n').filter((l) => l.startsWith('vpnguard: not imported'));
    expect(lines.length).toBe(toAsffFindings(run.result).filter((f) => f.Region === 'eu-west-1').length);
    expect(lines[0]).toMatch(/^vpnguard: not imported 111122223333\/eu-west-1 vpnguard\/.* AccessDeniedException: /);
  });

  it('sends at most 100 findings per call', async () => {
    const one = toAsffFindings((await scan({ output: 'json' })).result).find((f) => f.Region === 'us-east-1')!;
    const many = Array.from({ length: 250 }, (_, i) => ({ ...one, Id: `${one.Id}/copy-${i}` }));
    expect(planBatches(many).map((b) => b.findings.length)).toEqual([100, 100, 50]);
    const outcome = await exportToSecurityHub(many, (accountId, region) => Promise.resolve(new SecurityHubClient(sdkClientConfig(lab, { accountId, region }))));
    expect(outcome).toMatchObject({ calls: 3, imported: 250, failures: [] });
  });

  it('suppressions mute, a baseline accepts, and both change the exit code', async () => {
    const baseline = path.join(dir, 'baseline.json');
    const first = await scan({ output: 'json', writeBaseline: baseline });
    expect(first.exitCode).toBe(1);
    const again = await scan({ output: 'json', baseline });
    expect(again.exitCode).toBe(0);

    const rules = path.join(dir, 'suppressions.yaml');
    writeFileSync(rules, 'suppressions:\n  - account: "*"\n    reason: accepted while the estate is migrated (CHG-42)\n    expires: 2999-12-31\n  - control: EC2.20\n    reason: old\n    expires: 2001-01-01\n');
    const muted = await scan({ output: 'markdown', suppressions: rules });
    expect(muted.exitCode).toBe(0);
    expect(muted.stdout).toContain('muted until 2999-12-31: accepted while the estate is migrated (CHG-42)');
    expect(muted.stderr).toMatch(/suppressions\.yaml entry 2 \(EC2\.20\) expired on 2001-01-01/);

    writeFileSync(rules, 'suppressions:\n  - control: EC2.20\n    expires: 2030-01-01\n');
    await expect(scan({ output: 'json', suppressions: rules })).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringMatching(/suppressions\.yaml: entry 1 \(suppressions\[0\]\)\.reason is required/),
    });
  });

  it('--framework filters every output to the mapped controls', async () => {
    const run = await scan({ output: 'json', framework: 'pci-dss-4.0.1' });
    const result = JSON.parse(run.stdout) as { framework: { id: string }; findings: { control: string }[] };
    expect(result.framework.id).toBe('pci-dss-v4.0.1');
    expect(new Set(result.findings.map((f) => f.control))).toEqual(new Set(['EC2.171', 'EC2.51', 'EC2.183']));
    await expect(scan({ output: 'json', framework: 'iso-27001' })).rejects.toMatchObject({ exitCode: 3 });
    await expect(scan({ output: 'json', outputFile: [path.join(dir, 'x.pdf')] })).rejects.toMatchObject({ exitCode: 3 });
  });
});
