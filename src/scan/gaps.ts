// Errors -> coverage gaps. A scan never hides what it could not read: every failure becomes a gap with a reason.
import type { CoverageGap, GapReason } from '../model/types.js';
import { errorCode, oneLine } from '../aws/errors.js';

const THROTTLING_CODES = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);

const ACCESS_DENIED_CODES = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError']);
const REGION_DISABLED_CODES = new Set(['OptInRequired', 'RegionDisabledException', 'InvalidRegion']);
const CREDENTIAL_CODES = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'AuthFailure',
  'InvalidAccessKeyId',
  'CredentialsProviderError',
]);

/** `operation` is service:Operation, e.g. ec2:DescribeVpnConnections or sts:AssumeRole. */
export function gapReason(err: unknown, operation: string): GapReason {
  const code = errorCode(err);
  const status = (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  if (operation === 'sts:AssumeRole' && ACCESS_DENIED_CODES.has(code)) return 'RoleMissing';
  if (REGION_DISABLED_CODES.has(code)) return 'RegionDisabled';
  if (ACCESS_DENIED_CODES.has(code)) return 'AccessDenied';
  if (THROTTLING_CODES.has(code) || status === 429) return 'Throttled';
  if (CREDENTIAL_CODES.has(code)) return 'InvalidCredentials';
  return 'CallFailed';
}

export function gapFromError(err: unknown, accountId: string, region: string | undefined, operation: string): CoverageGap {
  const reason = gapReason(err, operation);
  const code = errorCode(err);
  const message = reason === 'Throttled' ? `${code} after retries: ${oneLine(err)}` : `${code}: ${oneLine(err)}`;
  return { accountId, region, reason, operation, message };
}
