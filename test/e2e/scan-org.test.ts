// `vpnguard scan --org` and `--accounts FILE` (the built CLI) against the `org` lab: the member without the
// role is a coverage gap (exit 2), the opt-in region is scanned only where it is enabled, and every account
// gets exactly the calls it needs.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type LabHandle } from '../../lab/index.js';
import type { ScanResult } from '../../src/model/types.js';
import { requestsDuring, scanJson, statusTable, type CliRun, type Expected } from './scan.helpers.js';

const MANAGEMENT = '999988887777';
const RETAIL = '111122223333'; // opted in to af-south-1
const LOGISTICS = '222233334444'; // af-south-1 not opted in
const ANALYTICS = '333344445555';
const ACQUIRED = '444455556666'; // no OrganizationAccountAccessRole
const ALL = [RETAIL, LOGISTICS, ANALYTICS, ACQUIRED, MANAGEMENT].sort();
const OPT_IN = 'af-south-1';
const DEFAULT_REGIONS = [
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ca-central-1',
  'eu-central-1', 'eu-north-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
]; // prettier-ignore

// From the table at the top of lab/scenarios/org.yaml.
const S2S = (ec2_183: string, ec2_20: string, ec2_171: string) => ({ 'EC2.183': ec2_183, 'EC2.20': ec2_20, 'EC2.171': ec2_171 });
const EXPECTED = {
  'vpn-0aa1b2c3d4e5f6a71': S2S('PASS', 'PASS', 'PASS'),
  'vpn-0aa1b2c3d4e5f6a72': S2S('FAIL', 'PASS', 'FAIL'),
  'vpn-0aa1b2c3d4e5f6a73': S2S('FAIL', 'FAIL', 'FAIL'),
  'vpn-0bb1b2c3d4e5f6a71': S2S('FAIL', 'PASS', 'FAIL'),
  'vpn-0bb1b2c3d4e5f6a72': S2S('PASS', 'FAIL', 'PASS'),
  'vpn-0cc1b2c3d4e5f6a71': S2S('PASS', 'PASS', 'FAIL'),
  'cvpn-endpoint-0cc1b2c3d4e5f6a71': { 'EC2.51': 'FAIL' },
} as Expected;

let lab: LabHandle;
let org: CliRun & { result: ScanResult };
let orgLog: LabHandle['world']['requestLog'];

beforeAll(async () => {
  lab = await startLab({ scenario: 'org', port: 0 });
  expect(lab.accounts[0]!.accountId).toBe(MANAGEMENT);
  const run = await requestsDuring(lab, () => scanJson(lab, ['--org', '--quiet']));
  org = run.value;
  orgLog = run.log;
});
afterAll(async () => {
  await lab?.stop();
});

const gapsOf = (result: ScanResult) =>
  result.coverage.gaps.map((g) => ({ accountId: g.accountId, region: g.region ?? null, reason: g.reason, operation: g.operation }));

describe('scan --org', () => {
  it('exits 2: the member without the role is a RoleMissing gap, never a clean scan', () => {
    expect(org.stderr).toBe('');
    expect(org.code).toBe(2);
    expect(org.result.coverage.complete).toBe(false);
    expect(gapsOf(org.result)).toEqual([{ accountId: ACQUIRED, region: null, reason: 'RoleMissing', operation: 'sts:AssumeRole' }]);
    expect(org.result.coverage.gaps[0]!.message).toContain(`arn:aws:iam::${ACQUIRED}:role/OrganizationAccountAccessRole`);
    expect(org.result.scope.accounts).toEqual(ALL);
  });

  it('scans the opt-in region only in the account that enabled it; elsewhere it is out of scope, not a gap', () => {
    const scanned = org.result.coverage.scanned.map((s) => `${s.accountId}/${s.region}`).sort();
    const expected = [MANAGEMENT, RETAIL, LOGISTICS, ANALYTICS]
      .flatMap((a) => [...DEFAULT_REGIONS, ...(a === RETAIL ? [OPT_IN] : [])].map((r) => `${a}/${r}`))
      .sort();
    expect(scanned).toEqual(expected);
    expect(org.result.coverage.gaps.some((g) => g.region === OPT_IN)).toBe(false);
  });

  it('gives every control on every visible resource the status the scenario defines', () => {
    expect(statusTable(org.result)).toEqual(EXPECTED);
    expect(org.result.findings.find((f) => f.resourceId === 'vpn-0aa1b2c3d4e5f6a73')?.region).toBe(OPT_IN);
    expect(org.result.findings.some((f) => f.accountId === ACQUIRED)).toBe(false);
  });

  it('reads only, with 2 EC2 calls per account-region and one DescribeRegions per reachable account', () => {
    for (const entry of orgLog) {
      const op = `${entry.service}:${entry.operation}`;
      // AssumeRole issues credentials and changes no resource (the lab still marks it as a write).
      if (op !== 'sts:AssumeRole') expect(entry.mutating, op).toBe(false);
      expect(op).toMatch(/^(ec2:Describe(VpnConnections|ClientVpnEndpoints|Regions)|sts:(GetCallerIdentity|AssumeRole)|organizations:ListAccounts)$/);
    }
    const count = (pred: (e: (typeof orgLog)[number]) => boolean) => orgLog.filter(pred).length;
    expect(count((e) => e.operation === 'AssumeRole')).toBe(4);
    expect(count((e) => e.operation === 'AssumeRole' && e.outcome !== 'ok')).toBe(1);
    expect(count((e) => e.operation === 'ListAccounts')).toBe(1);
    expect(count((e) => e.operation === 'GetCallerIdentity')).toBe(1);
    for (const s of org.result.coverage.scanned) {
      const here = orgLog.filter((e) => e.service === 'ec2' && e.accountId === s.accountId && e.region === s.region && e.operation !== 'DescribeRegions');
      expect(here.map((e) => e.operation).sort(), `${s.accountId}/${s.region}`).toEqual(['DescribeClientVpnEndpoints', 'DescribeVpnConnections']);
    }
    for (const account of [MANAGEMENT, RETAIL, LOGISTICS, ANALYTICS]) {
      expect(count((e) => e.operation === 'DescribeRegions' && e.accountId === account), account).toBe(1);
    }
    expect(count((e) => e.accountId === ACQUIRED)).toBe(0);
    const ec2Reads = count((e) => e.service === 'ec2' && e.operation !== 'DescribeRegions');
    expect(ec2Reads).toBe(2 * org.result.coverage.scanned.length);
  });

  it('--fail-on none cannot hide an incomplete scan (2 wins)', async () => {
    const run = await scanJson(lab, ['--org', '--fail-on', 'none', '--region', 'us-east-1']);
    expect(run.code).toBe(2);
  });
});

describe('asking for the opt-in region explicitly', () => {
  it('is a RegionDisabled gap in every account that has not enabled it', async () => {
    const run = await scanJson(lab, ['--org', '--region', OPT_IN, '--quiet']);
    expect(run.code).toBe(2);
    expect(run.result.coverage.scanned).toEqual([{ accountId: RETAIL, region: OPT_IN }]);
    expect(gapsOf(run.result)).toEqual([
      { accountId: LOGISTICS, region: OPT_IN, reason: 'RegionDisabled', operation: 'ec2:DescribeRegions' },
      { accountId: ANALYTICS, region: OPT_IN, reason: 'RegionDisabled', operation: 'ec2:DescribeRegions' },
      { accountId: ACQUIRED, region: null, reason: 'RoleMissing', operation: 'sts:AssumeRole' },
      { accountId: MANAGEMENT, region: OPT_IN, reason: 'RegionDisabled', operation: 'ec2:DescribeRegions' },
    ]);
    expect(statusTable(run.result)).toEqual({ 'vpn-0aa1b2c3d4e5f6a73': EXPECTED['vpn-0aa1b2c3d4e5f6a73'] });
  });
});

describe('scan --accounts FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpnguard-accounts-'));

  it('scans the listed accounts through their roles, with per-account regions', async () => {
    const file = join(dir, 'accounts.yaml');
    writeFileSync(file, [`- id: "${RETAIL}"`, `  regions: [${OPT_IN}]`, `- "${ANALYTICS}"`].join('\n'));
    const run = await scanJson(lab, ['--accounts', file, '--region', 'us-west-2', '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.result.coverage.scanned).toEqual([
      { accountId: RETAIL, region: OPT_IN },
      { accountId: ANALYTICS, region: 'us-west-2' },
    ]);
    expect(statusTable(run.result)).toEqual({
      'vpn-0aa1b2c3d4e5f6a73': EXPECTED['vpn-0aa1b2c3d4e5f6a73'],
      'vpn-0cc1b2c3d4e5f6a71': EXPECTED['vpn-0cc1b2c3d4e5f6a71'],
      'cvpn-endpoint-0cc1b2c3d4e5f6a71': EXPECTED['cvpn-endpoint-0cc1b2c3d4e5f6a71'],
    });
  });

  it('a listed account whose role cannot be assumed is a gap (exit 2); so is a role named wrongly', async () => {
    const file = join(dir, 'accounts.json');
    writeFileSync(file, JSON.stringify({ accounts: [ACQUIRED, { id: LOGISTICS, role: 'NoSuchRole' }] }));
    const run = await scanJson(lab, ['--accounts', file, '--region', 'eu-west-1']);
    expect(run.code).toBe(2);
    expect(gapsOf(run.result)).toEqual([
      { accountId: LOGISTICS, region: null, reason: 'RoleMissing', operation: 'sts:AssumeRole' },
      { accountId: ACQUIRED, region: null, reason: 'RoleMissing', operation: 'sts:AssumeRole' },
    ]);
    expect(run.result.findings).toEqual([]);
  });
});
