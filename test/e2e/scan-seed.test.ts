// `vpnguard scan` (the built CLI) against the seed-story lab: every control on every resource, the output
// formats, the AWS CLI runbook's DOWN query, the request log, secrets and progress.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type LabHandle } from '../../lab/index.js';
import type { ScanResult } from '../../src/model/types.js';
import { describeWithAwsCli, runAwsCli } from '../helpers/aws-cli.js';
import { labEnv, labSecrets, requestsDuring, runCli, scanJson, statusTable, type CliRun, type Expected } from './scan.helpers.js';

const ACCOUNT = '111122223333';

// From the table at the top of lab/scenarios/seed-story.yaml (written from the scenario's ids, not from vpnguard).
const S2S = (ec2_183: string, ec2_20: string, ec2_171: string) => ({ 'EC2.183': ec2_183, 'EC2.20': ec2_20, 'EC2.171': ec2_171 });
const NA = 'NOT_APPLICABLE';
const EXPECTED = {
  'vpn-0a1b2c3d4e5f6a7b8': S2S('FAIL', 'FAIL', 'FAIL'),
  'vpn-0b2c3d4e5f6a7b8c9': S2S('FAIL', 'PASS', 'PASS'),
  'vpn-0c3d4e5f6a7b8c9d0': S2S('FAIL', 'PASS', 'PASS'),
  'vpn-0d4e5f6a7b8c9d0e1': S2S('PASS', 'PASS', 'FAIL'),
  'vpn-0e5f6a7b8c9d0e1f2': S2S('PASS', 'PASS', 'FAIL'),
  'vpn-0f6a7b8c9d0e1f2a3': S2S('PASS', 'PASS', 'FAIL'),
  'vpn-01a2b3c4d5e6f7a8b': S2S('FAIL', 'PASS', 'PASS'),
  'vpn-02b3c4d5e6f7a8b9c': S2S('PASS', 'PASS', 'PASS'),
  'vpn-03c4d5e6f7a8b9c0d': S2S('PASS', 'PASS', 'FAIL'),
  'vpn-04d5e6f7a8b9c0d1e': S2S(NA, NA, NA),
  'vpn-05e6f7a8b9c0d1e2f': S2S(NA, NA, NA),
  'cvpn-endpoint-0a1b2c3d4e5f6a7b8': { 'EC2.51': 'FAIL' },
  'cvpn-endpoint-0b1c2d3e4f5a6b7c8': { 'EC2.51': 'PASS' },
  'cvpn-endpoint-0c1d2e3f4a5b6c7d8': { 'EC2.51': NA },
  'vpn-06f7a8b9c0d1e2f3a': S2S('PASS', 'PASS', 'FAIL'),
  'vpn-07a8b9c0d1e2f3a4b': S2S('PASS', 'PASS', 'PASS'),
  'cvpn-endpoint-0d1e2f3a4b5c6d7e8': { 'EC2.51': 'PASS' },
} as Expected;
const REGION_OF: Record<string, string> = {
  'vpn-06f7a8b9c0d1e2f3a': 'eu-west-1',
  'vpn-07a8b9c0d1e2f3a4b': 'eu-west-1',
  'cvpn-endpoint-0d1e2f3a4b5c6d7e8': 'eu-west-1',
};
// The 17 regions every account has enabled by default (lab/scenarios/regions.ts mirrors AWS's list).
const DEFAULT_REGIONS = [
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ca-central-1',
  'eu-central-1', 'eu-north-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
]; // prettier-ignore

let lab: LabHandle;
let json: CliRun & { result: ScanResult };
let scanLog: LabHandle['world']['requestLog'];

beforeAll(async () => {
  lab = await startLab({ scenario: 'seed-story', port: 0 });
  const run = await requestsDuring(lab, () => scanJson(lab, ['--quiet']));
  json = run.value;
  scanLog = run.log;
});
afterAll(async () => {
  await lab?.stop();
});

describe('scan of seed-story (--output json)', () => {
  it('exits 1: complete coverage, failing controls', () => {
    expect(json.stderr).toBe('');
    expect(json.code).toBe(1);
    expect(json.result.coverage.complete).toBe(true);
    expect(json.result.coverage.gaps).toEqual([]);
  });

  it('scans every enabled region of the account and nothing else', () => {
    expect(json.result.scope).toEqual({ accounts: [ACCOUNT], regions: DEFAULT_REGIONS });
    expect(json.result.coverage.scanned).toEqual(DEFAULT_REGIONS.map((region) => ({ accountId: ACCOUNT, region })));
  });

  it('gives every control on every resource the status the scenario defines', () => {
    expect(statusTable(json.result)).toEqual(EXPECTED);
    for (const f of json.result.findings) {
      expect(f.accountId).toBe(ACCOUNT);
      expect(f.region).toBe(REGION_OF[f.resourceId] ?? 'us-east-1');
    }
  });

  it('finds every resource once, with tunnels keyed by outside IP', () => {
    const ids = [
      ...json.result.inventory.connections.map((c) => c.vpnConnectionId),
      ...json.result.inventory.clientVpnEndpoints.map((e) => e.clientVpnEndpointId),
    ];
    expect([...ids].sort()).toEqual(Object.keys(EXPECTED).sort());
    const retail = json.result.inventory.connections.find((c) => c.vpnConnectionId === 'vpn-0a1b2c3d4e5f6a7b8')!;
    expect(retail.tunnels.map((t) => [t.outsideIpAddress, t.telemetry?.status])).toEqual(
      expect.arrayContaining([
        ['203.0.113.10', 'UP'],
        ['203.0.113.20', 'DOWN'],
      ]),
    );
    const ec2_20 = json.result.findings.find((f) => f.control === 'EC2.20' && f.resourceId === 'vpn-0a1b2c3d4e5f6a7b8')!;
    const down = ec2_20.tunnels!.find((t) => t.outsideIpAddress === '203.0.113.20')!;
    expect(down.status).toBe('DOWN');
    expect(Math.round(down.downForSeconds! / 86_400)).toBe(91);
  });

  it('validates against docs/scan-result.schema.json', () => {
    const schema = JSON.parse(readFileSync(new URL('../../docs/scan-result.schema.json', import.meta.url), 'utf8')) as object;
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(json.result), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(json.result.schemaVersion).toBe('1.0');
  });

  it('never prints a pre-shared key, a lab secret or the customer gateway configuration', () => {
    for (const secret of labSecrets(lab)) expect(json.stdout).not.toContain(secret);
    expect(json.stdout).not.toMatch(/CustomerGatewayConfiguration|customerGatewayConfiguration|PreSharedKey|preSharedKey/);
  });
});

describe('the request log of that scan', () => {
  it('holds only read calls', () => {
    expect(scanLog.length).toBeGreaterThan(0);
    for (const entry of scanLog) {
      expect(`${entry.service}:${entry.operation}`).toMatch(/^[a-z0-9]+:(Describe|List|Get)[A-Z]/);
      expect(entry.mutating).toBe(false);
      expect(entry.outcome).toBe('ok');
    }
  });

  it('makes exactly 2 EC2 calls per account-region, plus DescribeRegions and GetCallerIdentity once', () => {
    const perRegion = new Map<string, string[]>();
    for (const entry of scanLog) {
      const key = `${entry.accountId}/${entry.region}`;
      perRegion.set(key, [...(perRegion.get(key) ?? []), `${entry.service}:${entry.operation}`]);
    }
    expect([...perRegion.keys()].sort()).toEqual(DEFAULT_REGIONS.map((r) => `${ACCOUNT}/${r}`).sort());
    for (const [key, ops] of perRegion) {
      const reads = ['ec2:DescribeClientVpnEndpoints', 'ec2:DescribeVpnConnections'];
      const expected = key.endsWith('/us-east-1') ? [...reads, 'ec2:DescribeRegions', 'sts:GetCallerIdentity'] : reads;
      expect([...ops].sort(), key).toEqual(expected.sort());
    }
    expect(scanLog).toHaveLength(17 * 2 + 2);
  });
});

describe('other formats', () => {
  it('--output ndjson: one JSON document per line, the same findings', async () => {
    const run = await runCli(['scan', '--endpoint-url', lab.endpoint, '--output', 'ndjson'], labEnv(lab));
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.length).toBeGreaterThan(json.result.findings.length);
    const findings = records.filter((r) => r.control !== undefined && r.resourceId !== undefined && r.status !== undefined);
    const table: Expected = {};
    for (const f of findings) (table[f.resourceId as string] ??= {})[f.control as string] = f.status as 'PASS';
    expect(table).toEqual(EXPECTED);
    for (const secret of labSecrets(lab)) expect(run.stdout).not.toContain(secret);
  });

  it('--output table (the default) on a pipe: the table, no progress and no escape codes anywhere', async () => {
    const run = await runCli(['scan', '--endpoint-url', lab.endpoint], labEnv(lab));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('vpn-0a1b2c3d4e5f6a7b8');
    expect(run.stdout).toContain('203.0.113.20');
    const both = run.stdout + run.stderr;
    expect(both).not.toContain('scanning:');
    expect(both).not.toContain('\r');
    expect(both).not.toContain('\u001b[');
    expect(run.stderr).toBe('');
    for (const secret of labSecrets(lab)) expect(run.stdout).not.toContain(secret);
  });

  it('--fail-on: high has nothing at or above it (exit 0), medium does (exit 1), none never fails', async () => {
    const env = labEnv(lab);
    const base = ['scan', '--endpoint-url', lab.endpoint, '--output', 'json', '--region', 'us-east-1'];
    expect((await runCli([...base, '--fail-on', 'high'], env)).code).toBe(0);
    expect((await runCli([...base, '--fail-on', 'critical'], env)).code).toBe(0);
    expect((await runCli([...base, '--fail-on', 'medium'], env)).code).toBe(1);
    expect((await runCli([...base, '--fail-on', 'none'], env)).code).toBe(0);
  });

  it('--region limits the scan to the regions asked for', async () => {
    const run = await scanJson(lab, ['--region', 'eu-west-1']);
    expect(run.result.coverage.scanned).toEqual([{ accountId: ACCOUNT, region: 'eu-west-1' }]);
    expect(Object.keys(statusTable(run.result)).sort()).toEqual(Object.keys(REGION_OF).sort());
  });
});

describeWithAwsCli('the runbook query agrees with EC2.20', () => {
  it('EC2.20 FAIL = the AWS CLI DOWN query per region, restricted to available connections', async () => {
    const account = lab.accounts[0]!;
    const target = { endpoint: lab.endpoint, accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey };
    const regions = json.result.coverage.scanned.map((s) => s.region);
    const down = new Set<string>();
    const available = new Set<string>();
    // Four at a time: each CLI start costs about a second.
    for (let i = 0; i < regions.length; i += 4) {
      await Promise.all(
        regions.slice(i, i + 4).map(async (region) => {
          const runbook = await runAwsCli({ ...target, region }, [
            'ec2', 'describe-vpn-connections', '--query', 'VpnConnections[?VgwTelemetry[?Status==`DOWN`]].VpnConnectionId',
          ]); // prettier-ignore
          expect(runbook.code, runbook.stderr).toBe(0);
          const ids = JSON.parse(runbook.stdout) as string[];
          for (const id of ids) down.add(id);
          if (ids.length === 0) return;
          const states = await runAwsCli({ ...target, region }, [
            'ec2', 'describe-vpn-connections', '--query', 'VpnConnections[?State==`available`].VpnConnectionId',
          ]); // prettier-ignore
          expect(states.code, states.stderr).toBe(0);
          for (const id of JSON.parse(states.stdout) as string[]) available.add(id);
        }),
      );
    }
    // The runbook also lists the deleted and pending connections (AWS reports DOWN telemetry for them).
    expect([...down].sort()).toEqual(['vpn-04d5e6f7a8b9c0d1e', 'vpn-05e6f7a8b9c0d1e2f', 'vpn-0a1b2c3d4e5f6a7b8']);
    const runbookFailures = [...down].filter((id) => available.has(id)).sort();
    const ec2_20 = json.result.findings.filter((f) => f.control === 'EC2.20' && f.status === 'FAIL').map((f) => f.resourceId);
    expect(ec2_20.sort()).toEqual(runbookFailures);
    expect(runbookFailures).toEqual(['vpn-0a1b2c3d4e5f6a7b8']);
  });
});
