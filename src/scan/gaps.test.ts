import { describe, expect, it } from 'vitest';
import { gapFromError, gapReason } from './gaps.js';

const err = (name: string, status?: number) => Object.assign(new Error(`${name} message`), { name, $metadata: { httpStatusCode: status } });

describe('gapReason', () => {
  it('maps AWS error codes to coverage gap reasons', () => {
    expect(gapReason(err('UnauthorizedOperation', 403), 'ec2:DescribeVpnConnections')).toBe('AccessDenied');
    expect(gapReason(err('AccessDeniedException', 400), 'organizations:ListAccounts')).toBe('AccessDenied');
    expect(gapReason(err('AccessDenied', 403), 'sts:AssumeRole')).toBe('RoleMissing');
    expect(gapReason(err('OptInRequired', 401), 'ec2:DescribeVpnConnections')).toBe('RegionDisabled');
    expect(gapReason(err('RequestLimitExceeded', 503), 'ec2:DescribeVpnConnections')).toBe('Throttled');
    expect(gapReason(err('SomethingNew', 429), 'ec2:DescribeVpnConnections')).toBe('Throttled');
    expect(gapReason(err('ExpiredToken', 400), 'ec2:DescribeVpnConnections')).toBe('InvalidCredentials');
    expect(gapReason(err('InternalError', 500), 'ec2:DescribeClientVpnEndpoints')).toBe('CallFailed');
    expect(gapReason(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'ec2:DescribeVpnConnections')).toBe('CallFailed');
  });

  it('builds a gap with the operation and a one-line message', () => {
    expect(gapFromError(err('RequestLimitExceeded', 503), '111122223333', 'eu-west-1', 'ec2:DescribeVpnConnections')).toEqual({
      accountId: '111122223333',
      region: 'eu-west-1',
      reason: 'Throttled',
      operation: 'ec2:DescribeVpnConnections',
      message: 'RequestLimitExceeded after retries: RequestLimitExceeded message',
    });
  });
});
