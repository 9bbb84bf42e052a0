import type { VpnConnection } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { NOW, tunnel, vpn } from '../../test/fixtures/builders.js';
import { toSiteToSiteVpn } from '../collect/site-to-site.js';
import { ec2_20 } from './ec2-20.js';

const evaluate = (resource: Parameters<typeof ec2_20.evaluate>[0]) => ec2_20.evaluate(resource, { now: NOW });
const DAY = 86_400;

describe('EC2.20 both tunnels UP', () => {
  it('compliance: both tunnels UP', () => {
    const [finding] = evaluate(vpn('vpn-1'));
    expect(finding).toMatchObject({
      control: 'EC2.20',
      checkId: 'vpn-tunnels-up',
      status: 'PASS',
      severity: 'MEDIUM',
    });
    expect(finding?.tunnels?.map((t) => t.status)).toEqual(['UP', 'UP']);
  });

  it('non-compliance 1: one tunnel DOWN for 91 days, with status, message, since and duration', () => {
    const [finding] = evaluate(
      vpn('vpn-1', {
        tunnels: [
          tunnel('203.0.113.10'),
          tunnel('203.0.113.20', {
            telemetry: {
              status: 'DOWN',
              statusMessage: 'IPSEC IS DOWN',
              lastStatusChange: '2025-12-31T00:00:00.000Z',
            },
          }),
        ],
      }),
    );
    expect(finding?.status).toBe('FAIL');
    expect(finding?.tunnels?.[0]).toEqual({
      outsideIpAddress: '203.0.113.20',
      status: 'DOWN',
      statusMessage: 'IPSEC IS DOWN',
      lastStatusChange: '2025-12-31T00:00:00.000Z',
      downForSeconds: 91 * DAY,
      ikeVersions: ['ikev2'],
      loggingEnabled: true,
    });
    expect(finding?.tunnels?.[1]?.downForSeconds).toBeUndefined();
    expect(finding?.reason).toBe(
      'Tunnel 203.0.113.20 DOWN for 91 days (since 2025-12-31T00:00:00.000Z) "IPSEC IS DOWN"; the connection runs on one tunnel with no failover.',
    );
  });

  it('non-compliance 2: both tunnels DOWN, longest first', () => {
    const [finding] = evaluate(
      vpn('vpn-1', {
        tunnels: [
          tunnel('203.0.113.10', {
            telemetry: { status: 'DOWN', lastStatusChange: '2026-03-31T00:00:00.000Z' },
          }),
          tunnel('203.0.113.20', {
            telemetry: { status: 'DOWN', lastStatusChange: '2026-03-01T00:00:00.000Z' },
          }),
        ],
      }),
    );
    expect(finding?.status).toBe('FAIL');
    expect(finding?.tunnels?.map((t) => [t.outsideIpAddress, t.downForSeconds])).toEqual([
      ['203.0.113.20', 31 * DAY],
      ['203.0.113.10', 1 * DAY],
    ]);
    expect(finding?.reason).toContain('both tunnels are DOWN: the connection carries no traffic');
  });

  it('non-compliance 3: on BGP, DOWN with "IPSEC IS UP" is named a BGP failure', () => {
    const [finding] = evaluate(
      vpn('vpn-1', {
        routing: 'bgp',
        tunnels: [
          tunnel('203.0.113.10'),
          tunnel('203.0.113.20', { telemetry: { status: 'DOWN', statusMessage: 'IPSEC IS UP' } }),
        ],
      }),
    );
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('IPsec is up but the BGP session is not established');
  });

  it('non-compliance 4: a static standby tunnel still fails, with a note', () => {
    const [finding] = evaluate(
      vpn('vpn-1', {
        routing: 'static',
        tunnels: [
          tunnel('203.0.113.10'),
          tunnel('203.0.113.20', { telemetry: { status: 'DOWN', statusMessage: 'IPSEC IS DOWN' } }),
        ],
      }),
    );
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('Static routing: a standby design');
    expect(finding?.reason).not.toContain('BGP');
  });

  it('non-compliance 5: a DOWN tunnel fails even when the other has no telemetry, and says so', () => {
    const [finding] = evaluate(
      vpn('vpn-1', {
        tunnels: [
          tunnel('203.0.113.10', { telemetry: null }),
          tunnel('203.0.113.20', { telemetry: { status: 'DOWN', lastStatusChange: undefined } }),
        ],
      }),
    );
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('203.0.113.20 DOWN (since unknown)');
    expect(finding?.reason).toContain('the other tunnel could not be confirmed UP');
    expect(finding?.reason).toContain('AWS returned no telemetry for 203.0.113.10');
  });

  it('non-compliance 6: a modifying connection is evaluated, with a note about endpoint replacement', () => {
    const [finding] = evaluate(
      vpn('vpn-1', {
        state: 'modifying',
        tunnels: [tunnel('a'), tunnel('b', { telemetry: { status: 'DOWN', statusMessage: '' } })],
      }),
    );
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('endpoint replacement in progress');
  });

  it('joins telemetry by outside IP when AWS returns the arrays in different orders', () => {
    const response: VpnConnection = {
      VpnConnectionId: 'vpn-1',
      State: 'available',
      VpnGatewayId: 'vgw-1',
      Options: {
        TunnelOptions: [{ OutsideIpAddress: '203.0.113.10' }, { OutsideIpAddress: '203.0.113.20' }],
      },
      VgwTelemetry: [
        {
          OutsideIpAddress: '203.0.113.20',
          Status: 'DOWN',
          StatusMessage: 'IPSEC IS DOWN',
          LastStatusChange: new Date('2026-03-25T00:00:00Z'),
        },
        {
          OutsideIpAddress: '203.0.113.10',
          Status: 'UP',
          StatusMessage: 'IPSEC IS UP',
          LastStatusChange: new Date('2026-03-01T00:00:00Z'),
        },
      ],
    };
    const [finding] = evaluate(toSiteToSiteVpn(response, { accountId: '111122223333', region: 'us-east-1' }));
    expect(finding?.status).toBe('FAIL');
    expect(finding?.tunnels?.[0]).toMatchObject({
      outsideIpAddress: '203.0.113.20',
      status: 'DOWN',
      downForSeconds: 7 * DAY,
    });
    expect(finding?.reason).toMatch(/^Tunnel 203\.0\.113\.20 DOWN for 7 days/);
  });

  it.each(['pending', 'deleting', 'deleted'])(
    'not applicable: %s connection (empty telemetry is not a FAIL)',
    (state) => {
      const [finding] = evaluate(
        vpn('vpn-1', {
          state,
          tunnels: [tunnel('a', { telemetry: null }), tunnel('b', { telemetry: { status: 'DOWN' } })],
        }),
      );
      expect(finding?.status).toBe('NOT_APPLICABLE');
      expect(finding?.reason).toBe(`Connection is ${state}; only existing connections are evaluated.`);
    },
  );

  it('error 1: a tunnel without telemetry is never a PASS', () => {
    const [finding] = evaluate(
      vpn('vpn-1', { tunnels: [tunnel('203.0.113.10'), tunnel('203.0.113.20', { telemetry: null })] }),
    );
    expect(finding?.status).toBe('ERROR');
    expect(finding?.reason).toBe(
      'Cannot confirm both tunnels UP: AWS returned no telemetry for 203.0.113.20.',
    );
  });

  it('error 2: fewer than two tunnels', () => {
    const [finding] = evaluate(vpn('vpn-1', { tunnels: [tunnel('203.0.113.10')] }));
    expect(finding?.status).toBe('ERROR');
    expect(finding?.reason).toContain('AWS returned 1 identifiable tunnel');
  });

  it('error 3: telemetry that matches no tunnel', () => {
    const [finding] = evaluate(vpn('vpn-1', { unmatchedTelemetry: ['192.0.2.1'] }));
    expect(finding?.status).toBe('ERROR');
    expect(finding?.reason).toContain('telemetry for 192.0.2.1 matches no tunnel');
  });

  it('error 4: an unrecognised status', () => {
    const [finding] = evaluate(
      vpn('vpn-1', { tunnels: [tunnel('a'), tunnel('b', { telemetry: { status: 'UNKNOWN' } })] }),
    );
    expect(finding?.status).toBe('ERROR');
  });
});
