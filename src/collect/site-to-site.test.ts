import type { VpnConnection } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import {
  joinTunnels,
  MalformedVpnConnectionError,
  permissions,
  toSiteToSiteVpn,
  toSiteToSiteVpns,
} from './site-to-site.js';

const scope = { accountId: '111122223333', region: 'eu-west-1' };
const PSK = 'planted-psk-Zx9q7Lk2';
const CGW_CONFIG = `<?xml version="1.0"?><vpn_connection><pre_shared_key>${PSK}-cgw</pre_shared_key></vpn_connection>`;

function connection(overrides: Partial<VpnConnection> = {}): VpnConnection {
  return {
    VpnConnectionId: 'vpn-0a1b2c3d4e5f6a7b8',
    State: 'available',
    Type: 'ipsec.1',
    Category: 'VPN',
    CustomerGatewayId: 'cgw-0123',
    VpnGatewayId: 'vgw-0456',
    CustomerGatewayConfiguration: CGW_CONFIG,
    PreSharedKeyArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:vpn-psk-AbCdEf',
    Tags: [{ Key: 'Name', Value: 'order-mgmt' }, { Key: 'env' }, { Value: 'no-key' }],
    Options: {
      StaticRoutesOnly: false,
      TunnelOptions: [
        {
          OutsideIpAddress: '203.0.113.10',
          PreSharedKey: PSK,
          IkeVersions: [{ Value: 'ikev2' }],
          StartupAction: 'start',
          DpdTimeoutAction: 'restart',
          DpdTimeoutSeconds: 40,
          LogOptions: {
            CloudWatchLogOptions: {
              LogEnabled: true,
              LogGroupArn: 'arn:aws:logs:eu-west-1:111122223333:log-group:/vpn',
              LogOutputFormat: 'json',
            },
          },
        },
        { OutsideIpAddress: '203.0.113.20', PreSharedKey: `${PSK}-2` },
      ],
    },
    VgwTelemetry: [
      // Deliberately in the opposite order to TunnelOptions.
      {
        OutsideIpAddress: '203.0.113.20',
        Status: 'DOWN',
        StatusMessage: 'IPSEC IS DOWN',
        LastStatusChange: new Date('2026-01-01T00:00:00Z'),
        AcceptedRouteCount: 0,
      },
      {
        OutsideIpAddress: '203.0.113.10',
        Status: 'UP',
        StatusMessage: '2 BGP ROUTES',
        LastStatusChange: new Date('2026-03-01T12:00:00Z'),
        AcceptedRouteCount: 2,
      },
    ],
    ...overrides,
  };
}

describe('toSiteToSiteVpn', () => {
  it('declares the read-only permission it needs', () => {
    expect(permissions).toEqual(['ec2:DescribeVpnConnections']);
  });

  it('drops pre-shared keys, their Secrets Manager ARN and the customer gateway configuration', () => {
    const model = toSiteToSiteVpn(connection(), scope);
    const text = JSON.stringify(model);
    expect(text).not.toContain(PSK);
    expect(text).not.toContain('pre_shared_key');
    expect(text).not.toContain('vpn_connection>');
    expect(text).not.toContain('secretsmanager');
    expect(text).not.toMatch(/PreSharedKey|CustomerGatewayConfiguration/i);
  });

  it('joins telemetry by outside IP, not by array position', () => {
    const model = toSiteToSiteVpn(connection(), scope);
    expect(model.tunnels.map((t) => [t.outsideIpAddress, t.telemetry?.status])).toEqual([
      ['203.0.113.10', 'UP'],
      ['203.0.113.20', 'DOWN'],
    ]);
    expect(model.tunnels[1]?.telemetry).toEqual({
      status: 'DOWN',
      statusMessage: 'IPSEC IS DOWN',
      lastStatusChange: '2026-01-01T00:00:00.000Z',
      acceptedRouteCount: 0,
    });
    expect(model.unmatchedTelemetry).toEqual([]);
  });

  it('maps options, scope, gateway, routing and tags', () => {
    const model = toSiteToSiteVpn(connection(), scope);
    expect(model).toMatchObject({
      kind: 'site-to-site',
      accountId: '111122223333',
      region: 'eu-west-1',
      vpnConnectionId: 'vpn-0a1b2c3d4e5f6a7b8',
      state: 'available',
      customerGatewayId: 'cgw-0123',
      gatewayType: 'VGW',
      gatewayId: 'vgw-0456',
      routing: 'bgp',
      category: 'VPN',
      tags: { Name: 'order-mgmt', env: '' },
    });
    expect(model.tunnels[0]).toMatchObject({
      ikeVersions: ['ikev2'],
      startupAction: 'start',
      dpdTimeoutAction: 'restart',
      dpdTimeoutSeconds: 40,
      logging: { enabled: true, outputFormat: 'json', bgpEnabled: false },
    });
    expect(model.tunnels[1]).toMatchObject({
      ikeVersions: undefined,
      startupAction: undefined,
      logging: { enabled: false, logGroupArn: undefined, outputFormat: undefined, bgpEnabled: false },
    });
  });

  it('keeps an absent IKE list undefined and an empty one empty', () => {
    const model = toSiteToSiteVpn(
      connection({
        Options: {
          TunnelOptions: [
            { OutsideIpAddress: '198.51.100.1' },
            { OutsideIpAddress: '198.51.100.2', IkeVersions: [] },
            {
              OutsideIpAddress: '198.51.100.3',
              IkeVersions: [{ Value: 'IKEv2' }, { Value: 'ikev1' }, { Value: 'ikev9' }],
            },
          ],
        },
      }),
      scope,
    );
    expect(model.tunnels.map((t) => t.ikeVersions)).toEqual([undefined, [], ['ikev1', 'ikev2']]);
  });

  it('routes static when StaticRoutesOnly is true, bgp otherwise', () => {
    expect(toSiteToSiteVpn(connection({ Options: { StaticRoutesOnly: true } }), scope).routing).toBe(
      'static',
    );
    expect(toSiteToSiteVpn(connection({ Options: {} }), scope).routing).toBe('bgp');
    expect(toSiteToSiteVpn(connection({ Options: undefined }), scope).routing).toBe('bgp');
  });

  it('recognises TGW, Cloud WAN and no gateway', () => {
    const base = { VpnGatewayId: undefined };
    expect(toSiteToSiteVpn(connection({ ...base, TransitGatewayId: 'tgw-1' }), scope)).toMatchObject({
      gatewayType: 'TGW',
      gatewayId: 'tgw-1',
    });
    const arn = 'arn:aws:networkmanager::111122223333:core-network/core-network-1';
    expect(toSiteToSiteVpn(connection({ ...base, CoreNetworkArn: arn }), scope)).toMatchObject({
      gatewayType: 'CLOUDWAN',
      gatewayId: arn,
    });
    expect(toSiteToSiteVpn(connection(base), scope)).toMatchObject({
      gatewayType: 'NONE',
      gatewayId: undefined,
    });
  });

  it('leaves telemetry undefined when AWS sent none for a tunnel', () => {
    const model = toSiteToSiteVpn(connection({ VgwTelemetry: undefined }), scope);
    expect(model.tunnels.map((t) => t.telemetry)).toEqual([undefined, undefined]);
  });

  it('throws a value-free error for a connection without id', () => {
    expect(() => toSiteToSiteVpn(connection({ VpnConnectionId: undefined }), scope)).toThrow(
      MalformedVpnConnectionError,
    );
    expect(toSiteToSiteVpns([connection(), connection({ VpnConnectionId: 'vpn-2' })], scope)).toHaveLength(2);
  });
});

describe('joinTunnels', () => {
  it('puts telemetry without a matching tunnel, or a duplicate, into unmatchedTelemetry', () => {
    const { tunnels, unmatchedTelemetry } = joinTunnels(
      [{ OutsideIpAddress: '203.0.113.10' }, { OutsideIpAddress: '203.0.113.20' }],
      [
        { OutsideIpAddress: '203.0.113.10', Status: 'UP' },
        { OutsideIpAddress: '203.0.113.10', Status: 'DOWN' },
        { OutsideIpAddress: '192.0.2.99', Status: 'UP' },
        { Status: 'UP' },
      ],
    );
    expect(tunnels[0]?.telemetry?.status).toBe('UP');
    expect(tunnels[1]?.telemetry).toBeUndefined();
    expect(unmatchedTelemetry).toEqual(['203.0.113.10', '192.0.2.99', '(no outside IP)']);
  });

  it('drops tunnel options without an outside IP and marks unknown statuses UNKNOWN', () => {
    const { tunnels } = joinTunnels(
      [{ OutsideIpAddress: '203.0.113.10' }, {}],
      [{ OutsideIpAddress: '203.0.113.10', LastStatusChange: new Date('invalid') }],
    );
    expect(tunnels).toHaveLength(1);
    expect(tunnels[0]?.telemetry).toEqual({
      status: 'UNKNOWN',
      statusMessage: '',
      lastStatusChange: undefined,
      acceptedRouteCount: 0,
    });
  });
});
