import { describe, expect, it } from 'vitest';
import { UsageError } from './exit-codes.js';
import {
  diagnoseExitCode,
  diagnosePolicy,
  parseConnectionIds,
  parseDiagnoseOptions,
  parseDuration,
  selectConnections,
} from './diagnose.js';
import { DAY_MS, vpn } from '../diagnose/test-fixtures.js';

describe('diagnose options', () => {
  it('parses durations', () => {
    expect(parseDuration('24h')).toBe(86_400);
    expect(parseDuration('90m')).toBe(5400);
    expect(parseDuration('7d')).toBe(604_800);
    expect(parseDuration('30s')).toBe(30);
    expect(parseDuration('soon')).toBeUndefined();
  });
  it('defaults: text output, 24 h window, logs read', () => {
    expect(parseDiagnoseOptions({})).toMatchObject({
      output: 'text',
      logWindow: 86_400,
      logs: true,
      org: false,
    });
  });
  it('rejects a bad window or output with one line naming the flag', () => {
    expect(() => parseDiagnoseOptions({ logWindow: '100d' })).toThrow(
      /^--log-window: '100d' is not a duration between 1m and 90d/,
    );
    expect(() => parseDiagnoseOptions({ logWindow: '10s' })).toThrow(UsageError);
    expect(() => parseDiagnoseOptions({ output: 'sarif' })).toThrow(
      /^--output: .*\(choose one of: text, json\)/,
    );
  });
  it('accepts connection ids, comma-separated too, deduplicated; rejects others', () => {
    expect(parseConnectionIds(['vpn-0a1b2c3d4e5f6a7b8,vpn-01234567', 'vpn-0a1b2c3d4e5f6a7b8'])).toEqual([
      'vpn-0a1b2c3d4e5f6a7b8',
      'vpn-01234567',
    ]);
    expect(() => parseConnectionIds(['cvpn-endpoint-0a1b2c3d4e5f6a7b8'])).toThrow(
      /is not a Site-to-Site VPN connection id/,
    );
  });
});

describe('selectConnections', () => {
  const down = vpn(
    { status: 'UP' },
    { status: 'DOWN', changedAgo: DAY_MS },
    { vpnConnectionId: 'vpn-0000000000000000d' },
  );
  const up = vpn({ status: 'UP' }, { status: 'UP' }, { vpnConnectionId: 'vpn-0000000000000000a' });
  const deleted = vpn(
    { status: 'DOWN' },
    { status: 'DOWN' },
    { vpnConnectionId: 'vpn-0000000000000000e', state: 'deleted' },
  );
  it('default: every available connection with a DOWN tunnel', () => {
    expect(selectConnections([down, up, deleted], []).selected.map((c) => c.vpnConnectionId)).toEqual([
      'vpn-0000000000000000d',
    ]);
  });
  it('named: says why the others are not diagnosed', () => {
    const { selected, skipped } = selectConnections(
      [down, up, deleted],
      ['vpn-0000000000000000d', 'vpn-0000000000000000a', 'vpn-0000000000000000e', 'vpn-0000000000000000f'],
    );
    expect(selected).toHaveLength(1);
    expect(skipped.map((s) => [s.vpnConnectionId, s.reason])).toEqual([
      ['vpn-0000000000000000a', 'no-down-tunnel'],
      ['vpn-0000000000000000e', 'not-available'],
      ['vpn-0000000000000000f', 'not-found'],
    ]);
  });
});

describe('diagnoseExitCode', () => {
  const complete = { complete: true, scanned: [], gaps: [] };
  it('0 nothing DOWN, 1 diagnosed, 3 a named connection not found, 2 incomplete wins', () => {
    expect(diagnoseExitCode({ coverage: complete, diagnoses: [], skipped: [] })).toBe(0);
    expect(diagnoseExitCode({ coverage: complete, diagnoses: [{} as never], skipped: [] })).toBe(1);
    expect(
      diagnoseExitCode({
        coverage: complete,
        diagnoses: [],
        skipped: [{ vpnConnectionId: 'x', reason: 'not-found', detail: '' }],
      }),
    ).toBe(3);
    expect(
      diagnoseExitCode({
        coverage: { complete: false, scanned: [], gaps: [] },
        diagnoses: [{} as never],
        skipped: [{ vpnConnectionId: 'x', reason: 'not-found', detail: '' }],
      }),
    ).toBe(2);
  });
});

it('policy diagnose = the scan policy plus FilterLogEvents on log groups', () => {
  const policy = diagnosePolicy({ org: false, role: 'OrganizationAccountAccessRole' });
  expect(policy.Statement.at(-1)).toEqual({
    Sid: 'VpnguardDiagnoseReadTunnelLogs',
    Effect: 'Allow',
    Action: ['logs:FilterLogEvents'],
    Resource: 'arn:aws:logs:*:*:log-group:*',
  });
  expect(policy.Statement[0]!.Action).toContain('ec2:DescribeVpnConnections');
});
