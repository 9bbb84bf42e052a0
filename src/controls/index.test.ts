import { describe, expect, it } from 'vitest';
import { clientVpn, NOW, tunnel, vpn } from '../../test/fixtures/builders.js';
import type { Finding } from '../model/types.js';
import {
  controlIds,
  controls,
  evaluateControl,
  evaluateInventory,
  findControl,
  scanSummary,
  sortFindings,
  summarize,
} from './index.js';
import type { SiteToSiteControl } from './types.js';

const down = (ip: string, since: string) =>
  tunnel(ip, { telemetry: { status: 'DOWN', statusMessage: 'IPSEC IS DOWN', lastStatusChange: since } });

describe('control registry', () => {
  it('holds the four controls with AWS severities and unique check ids', () => {
    expect(controlIds).toEqual(['EC2.20', 'EC2.183', 'EC2.171', 'EC2.51']);
    expect(Object.fromEntries(controls.map((c) => [c.id, c.severity]))).toEqual({
      'EC2.20': 'MEDIUM',
      'EC2.183': 'MEDIUM',
      'EC2.171': 'MEDIUM',
      'EC2.51': 'LOW',
    });
    expect(new Set(controls.map((c) => c.checkId)).size).toBe(4);
    expect(findControl('ec2.20')?.checkId).toBe('vpn-tunnels-up');
    expect(findControl('vpn-ike-v2-only')?.id).toBe('EC2.183');
    expect(findControl('EC2.99')).toBeUndefined();
  });

  it('error: a control that throws is reported as ERROR for that resource', () => {
    const broken: SiteToSiteControl = {
      ...(controls[0] as SiteToSiteControl),
      evaluate: () => {
        throw new Error('boom');
      },
    };
    const [finding] = evaluateControl(broken, vpn('vpn-1'), { now: NOW });
    expect(finding).toMatchObject({ control: 'EC2.20', status: 'ERROR', resourceId: 'vpn-1' });
    expect(finding?.reason).toContain('boom');
  });

  it('applies each control only to its resource kind', () => {
    const findings = evaluateInventory(
      { connections: [vpn('vpn-1')], clientVpnEndpoints: [clientVpn('cvpn-endpoint-1')] },
      NOW,
    );
    expect(findings.map((f) => `${f.control}:${f.resourceId}`).sort()).toEqual([
      'EC2.171:vpn-1',
      'EC2.183:vpn-1',
      'EC2.20:vpn-1',
      'EC2.51:cvpn-endpoint-1',
    ]);
  });
});

describe('finding order', () => {
  const inventory = {
    connections: [
      vpn('vpn-a-10days', {
        tunnels: [tunnel('198.51.100.1'), down('198.51.100.2', '2026-03-22T00:00:00.000Z')],
      }),
      vpn('vpn-b-91days', {
        tunnels: [down('203.0.113.10', '2025-12-31T00:00:00.000Z'), tunnel('203.0.113.20')],
      }),
      vpn('vpn-c-ok'),
      vpn('vpn-d-deleted', { state: 'deleted' }),
      vpn('vpn-e-ikev1', { tunnels: [tunnel('192.0.2.1', { ikeVersions: undefined }), tunnel('192.0.2.2')] }),
      vpn('vpn-f-2days', {
        accountId: '000000000001',
        tunnels: [tunnel('192.0.2.9'), down('192.0.2.10', '2026-03-30T00:00:00.000Z')],
      }),
    ],
    clientVpnEndpoints: [
      clientVpn('cvpn-endpoint-nolog', {
        connectionLogging: { enabled: false, cloudwatchLogGroup: undefined, cloudwatchLogStream: undefined },
      }),
      clientVpn('cvpn-endpoint-unknown', {
        connectionLogging: {
          enabled: undefined,
          cloudwatchLogGroup: undefined,
          cloudwatchLogStream: undefined,
        },
      }),
    ],
  };

  it('puts the longest-DOWN tunnel first, then FAIL before ERROR before PASS before NOT_APPLICABLE', () => {
    const findings = evaluateInventory(inventory, NOW);
    const order = findings.map((f) => `${f.status} ${f.control} ${f.resourceId}`);
    expect(order.slice(0, 5)).toEqual([
      'FAIL EC2.20 vpn-b-91days',
      'FAIL EC2.20 vpn-a-10days',
      'FAIL EC2.20 vpn-f-2days',
      'FAIL EC2.183 vpn-e-ikev1',
      'FAIL EC2.51 cvpn-endpoint-nolog',
    ]);
    expect(order[5]).toBe('ERROR EC2.51 cvpn-endpoint-unknown');
    const statuses = findings.map((f) => f.status);
    expect(statuses.indexOf('NOT_APPLICABLE')).toBeGreaterThan(statuses.lastIndexOf('PASS'));
  });

  it('is stable and total: shuffling the input gives the same order', () => {
    const findings = evaluateInventory(inventory, NOW);
    const reversed: Finding[] = sortFindings([...findings].reverse());
    expect(reversed).toEqual(findings);
  });

  it('summarizes per control with zero rows and totals', () => {
    const findings = evaluateInventory(inventory, NOW);
    const summary = summarize(findings);
    expect(summary.map((s) => s.control)).toEqual(['EC2.20', 'EC2.183', 'EC2.171', 'EC2.51']);
    expect(summary[0]).toMatchObject({ control: 'EC2.20', FAIL: 3, PASS: 2, NOT_APPLICABLE: 1, ERROR: 0 });
    expect(summary[3]).toMatchObject({ control: 'EC2.51', severity: 'LOW', FAIL: 1, ERROR: 1, PASS: 0 });
    expect(summarize([]).every((s) => s.PASS + s.FAIL + s.ERROR + s.NOT_APPLICABLE === 0)).toBe(true);
    expect(scanSummary(inventory, findings)).toMatchObject({ failed: 5, errors: 1, resources: 8 });
  });
});
