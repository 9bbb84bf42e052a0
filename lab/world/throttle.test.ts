import { describe, expect, it } from 'vitest';
import { ec2Category, Throttle } from './throttle.js';

function drain(throttle: Throttle, operation: string, region = 'us-east-1'): number {
  let admitted = 0;
  while (admitted < 1000 && throttle.admit('ec2', operation, '123456789012', region) === undefined)
    admitted++;
  return admitted;
}

describe('EC2 token buckets', () => {
  it('uses AWS sizes per category: 100 non-mutating, 50 mutating, 100 tags, 5 uncategorized Client VPN', () => {
    const throttle = new Throttle({ now: () => 0 });
    expect(drain(throttle, 'DescribeVpnConnections')).toBe(100);
    expect(drain(throttle, 'ModifyVpnTunnelOptions')).toBe(50);
    expect(drain(throttle, 'CreateTags')).toBe(100);
    expect(drain(throttle, 'AuthorizeClientVpnIngress')).toBe(5);
    expect(drain(throttle, 'DescribeVpnConnections', 'eu-west-1')).toBe(100);
    const error = throttle.admit('ec2', 'DescribeRegions', '123456789012', 'us-east-1');
    expect(error).toMatchObject({ code: 'RequestLimitExceeded', httpStatus: 503 });
  });

  it('refills at the category rate, capped at the bucket size', () => {
    let now = 0;
    const throttle = new Throttle({ now: () => now });
    drain(throttle, 'ModifyVpnTunnelOptions');
    now += 1000;
    expect(drain(throttle, 'ModifyVpnTunnelOptions')).toBe(5);
    now += 3_600_000;
    expect(drain(throttle, 'DescribeVpnConnections')).toBe(100);
  });

  it('scales, overrides and disables', () => {
    expect(drain(new Throttle({ scale: 0.1, now: () => 0 }), 'DescribeVpnConnections')).toBe(10);
    expect(
      drain(
        new Throttle({ buckets: { mutating: { capacity: 2, refillPerSecond: 1 } }, now: () => 0 }),
        'CreateVpnConnection',
      ),
    ).toBe(2);
    expect(drain(new Throttle({ enabled: false }), 'DescribeVpnConnections')).toBe(1000);
    expect(new Throttle().admit('logs', 'DescribeLogGroups', '1', 'r')).toBeUndefined();
    expect(() => new Throttle({ scale: 0 })).toThrow(RangeError);
  });

  it('categorises operations', () => {
    expect(
      ['DescribeRegions', 'GetX', 'ListY', 'SearchZ', 'CreateVpnConnection', 'DeleteTags'].map(ec2Category),
    ).toEqual(['non-mutating', 'non-mutating', 'non-mutating', 'non-mutating', 'mutating', 'tags']);
  });
});
