import { describe, expect, it } from 'vitest';
import {
  MalformedClientVpnEndpointError,
  permissions,
  toClientVpnEndpoint,
  toClientVpnEndpoints,
} from './client-vpn.js';

const scope = { accountId: '111122223333', region: 'us-east-1' };

describe('toClientVpnEndpoint', () => {
  it('declares the read-only permission it needs', () => {
    expect(permissions).toEqual(['ec2:DescribeClientVpnEndpoints']);
  });

  it('maps status, logging and tags', () => {
    const model = toClientVpnEndpoint(
      {
        ClientVpnEndpointId: 'cvpn-endpoint-0a1b',
        Description: 'prod access',
        Status: { Code: 'available' },
        ServerCertificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/secret-cert',
        ConnectionLogOptions: {
          Enabled: true,
          CloudwatchLogGroup: '/aws/clientvpn/prod',
          CloudwatchLogStream: 's',
        },
        Tags: [{ Key: 'team', Value: 'net' }],
      },
      scope,
    );
    expect(model).toEqual({
      kind: 'client-vpn',
      accountId: '111122223333',
      region: 'us-east-1',
      clientVpnEndpointId: 'cvpn-endpoint-0a1b',
      status: 'available',
      description: 'prod access',
      connectionLogging: {
        enabled: true,
        cloudwatchLogGroup: '/aws/clientvpn/prod',
        cloudwatchLogStream: 's',
      },
      tags: { team: 'net' },
    });
    expect(JSON.stringify(model)).not.toContain('certificate');
  });

  it('keeps an unknown logging flag undefined rather than false', () => {
    const model = toClientVpnEndpoint({ ClientVpnEndpointId: 'cvpn-endpoint-1' }, scope);
    expect(model.connectionLogging.enabled).toBeUndefined();
    expect(model.status).toBe('unknown');
  });

  it('throws for an endpoint without id', () => {
    expect(() => toClientVpnEndpoints([{ Description: 'x' }], scope)).toThrow(
      MalformedClientVpnEndpointError,
    );
  });
});
