import { describe, expect, it } from 'vitest';
import { diagnoseConnection } from './diagnose.js';
import { renderJson, renderText, type DiagnoseReport } from './report.js';
import { DAY_MS, NOW, vpn } from './test-fixtures.js';

function report(): DiagnoseReport {
  const d = diagnoseConnection(vpn({ status: 'UP' }, { status: 'DOWN', changedAgo: 91 * DAY_MS }), {
    now: NOW,
  });
  return {
    schemaVersion: '1.0',
    tool: { name: 'vpnguard', version: '0.1.0' },
    generatedAt: new Date(NOW).toISOString(),
    logWindowSeconds: 86_400,
    scope: { accounts: ['111122223333'], regions: ['us-east-1'] },
    diagnoses: [{ ...d, rank: 1 }],
    skipped: [
      { vpnConnectionId: 'vpn-healthy', reason: 'no-down-tunnel', detail: 'both tunnels are UP' },
      {
        vpnConnectionId: 'vpn-missing',
        reason: 'not-found',
        detail: 'not found in the accounts and regions read',
      },
    ],
    coverage: { complete: true, scanned: [{ accountId: '111122223333', region: 'us-east-1' }], gaps: [] },
  };
}

describe('renderText', () => {
  it('prints per connection the priority, tunnels, ranked causes with confidence, evidence, next step and command', () => {
    const text = renderText(report(), { color: false });
    expect(text).toMatch(/^1 connection with a DOWN tunnel/);
    expect(text).toContain(
      '1. vpn-0123456789abcdef0  account 111122223333  us-east-1  static routing  available',
    );
    expect(text).toContain('Redundancy lost silently: 203.0.113.20 DOWN for 91 days');
    expect(text).toMatch(/203\.0\.113\.20 +DOWN {2}"IPSEC IS DOWN" {2}for 91 days/);
    expect(text).toMatch(
      /1\) Far-side firewall blocks UDP 500\/4500 to AWS endpoint 203\.0\.113\.20 {2}\[far-side-firewall, high 0\.80\]/,
    );
    expect(text).toContain(
      'next step: Fix the far-side firewall rule for UDP 500/4500 to 203.0.113.20 before touching crypto',
    );
    expect(text).toContain('command:   fix the far-side firewall rule');
    expect(text).toContain('logs are not retroactive'.replace('logs', 'Logs'));
    expect(text).toContain('  - vpn-healthy: both tunnels are UP');
    expect(text).toContain('  - vpn-missing: not found in the accounts and regions read');
    expect(text).not.toContain('\u001b[');
  });
  it('says so when nothing is DOWN, and lists coverage gaps', () => {
    const r = { ...report(), diagnoses: [], skipped: [] };
    r.coverage = {
      complete: false,
      scanned: [],
      gaps: [
        {
          accountId: '111122223333',
          region: 'eu-west-1',
          reason: 'AccessDenied',
          operation: 'ec2:DescribeVpnConnections',
          message: 'denied',
        },
      ],
    };
    const text = renderText(r, { color: false });
    expect(text).toContain('No DOWN tunnel in scope: nothing to diagnose.');
    expect(text).toContain('Incomplete: 1 part(s) of the scope could not be read');
  });
});

it('escapes control characters from AWS text (log details, status messages)', () => {
  const r = report();
  r.diagnoses[0]!.causes[0]!.evidence.push('log said "\u001b[2Jfake\nCoverage: complete"');
  const text = renderText(r, { color: false });
  expect(text).not.toContain('\u001b');
  expect(text).toContain('\\x1b[2Jfake\\nCoverage: complete');
});

describe('renderJson', () => {
  it('is the report as JSON, stable keys', () => {
    const parsed = JSON.parse(renderJson(report()));
    expect(Object.keys(parsed)).toEqual([
      'schemaVersion',
      'tool',
      'generatedAt',
      'logWindowSeconds',
      'scope',
      'diagnoses',
      'skipped',
      'coverage',
    ]);
    expect(parsed.diagnoses[0].causes[0]).toMatchObject({
      cause: 'far-side-firewall',
      confidence: 0.8,
      confidenceLabel: 'high',
    });
  });
});
