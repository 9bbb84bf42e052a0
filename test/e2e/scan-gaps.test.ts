// Failures during a scan (injected with the lab's faults) become coverage gaps with their reason, the scan
// exits 2, and whatever could be read is still reported: never a clean report, never a lost resource.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type LabHandle } from '../../lab/index.js';
import { labEnv, requestsDuring, runCli, scanJson, statusTable } from './scan.helpers.js';

const ACCOUNT = '111122223333';
let lab: LabHandle;

beforeAll(async () => {
  lab = await startLab({ scenario: 'seed-story', port: 0 });
});
afterEach(() => lab.faults.clear());
afterAll(async () => {
  await lab?.stop();
});

const gaps = (run: Awaited<ReturnType<typeof scanJson>>) =>
  run.result.coverage.gaps.map((g) => [g.accountId, g.region, g.reason, g.operation]);

describe('coverage gaps', () => {
  it('AccessDenied on one call of one region: a gap, and the other call of that region is still reported', async () => {
    lab.faults.add({ kind: 'access-denied', service: 'ec2', operation: 'DescribeVpnConnections', region: 'eu-west-1' });
    const run = await scanJson(lab, ['--region', 'us-east-1,eu-west-1']);
    expect(run.code).toBe(2);
    expect(gaps(run)).toEqual([[ACCOUNT, 'eu-west-1', 'AccessDenied', 'ec2:DescribeVpnConnections']]);
    expect(run.result.coverage.scanned).toEqual([{ accountId: ACCOUNT, region: 'us-east-1' }]);
    const table = statusTable(run.result);
    expect(table['cvpn-endpoint-0d1e2f3a4b5c6d7e8']).toEqual({ 'EC2.51': 'PASS' }); // eu-west-1's Client VPN endpoint
    expect(table['vpn-06f7a8b9c0d1e2f3a']).toBeUndefined(); // not readable: not reported as anything
    expect(table['vpn-0a1b2c3d4e5f6a7b8']).toEqual({ 'EC2.20': 'FAIL', 'EC2.183': 'FAIL', 'EC2.171': 'FAIL' });
  });

  it('a call that keeps failing is CallFailed after the retries (8 attempts)', async () => {
    lab.faults.add({ kind: 'internal-error', service: 'ec2', operation: 'DescribeClientVpnEndpoints', region: 'eu-west-1' });
    const { value: run, log } = await requestsDuring(lab, () => scanJson(lab, ['--region', 'eu-west-1']));
    expect(run.code).toBe(2);
    expect(gaps(run)).toEqual([[ACCOUNT, 'eu-west-1', 'CallFailed', 'ec2:DescribeClientVpnEndpoints']]);
    expect(log.filter((e) => e.operation === 'DescribeClientVpnEndpoints')).toHaveLength(8);
    expect(Object.keys(statusTable(run.result)).sort()).toEqual(['vpn-06f7a8b9c0d1e2f3a', 'vpn-07a8b9c0d1e2f3a4b']);
  });

  it('throttling that passes is retried and leaves no gap', async () => {
    lab.faults.add({ kind: 'throttle', service: 'ec2', operation: 'DescribeVpnConnections', region: 'us-east-1', count: 2 });
    const { value: run, log } = await requestsDuring(lab, () => scanJson(lab, ['--region', 'us-east-1']));
    expect(run.code).toBe(1);
    expect(run.result.coverage.complete).toBe(true);
    expect(log.filter((e) => e.operation === 'DescribeVpnConnections').map((e) => e.outcome)).toEqual([
      'RequestLimitExceeded',
      'RequestLimitExceeded',
      'ok',
    ]);
  });

  it('throttling that outlasts the retries is a Throttled gap (AWS_MAX_ATTEMPTS shortens the test)', async () => {
    lab.faults.add({ kind: 'throttle', service: 'ec2', operation: 'DescribeVpnConnections', region: 'us-east-1' });
    const env = labEnv(lab);
    const run = await runCli(['scan', '--endpoint-url', lab.endpoint, '--region', 'us-east-1', '--output', 'json'], {
      ...env,
      extra: { AWS_MAX_ATTEMPTS: '2' },
    });
    expect(run.code).toBe(2);
    const result = JSON.parse(run.stdout) as { coverage: { gaps: { reason: string; message: string }[] } };
    expect(result.coverage.gaps.map((g) => g.reason)).toEqual(['Throttled']);
    expect(result.coverage.gaps[0]!.message).toMatch(/^RequestLimitExceeded after retries/);
  });
});
