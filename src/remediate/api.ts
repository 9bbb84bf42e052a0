// What the executor needs from AWS, per account-region. sdk-api.ts implements it over AWS SDK v3 clients;
// tests implement it in memory. Live reads carry only the fields the safety rules need (no secrets).
import { isUnparsedSuccess } from '../aws/middleware.js';
import type { TunnelChange, TunnelSettings } from './types.js';

export interface LiveTunnel extends TunnelSettings {
  outsideIpAddress: string;
  status: 'UP' | 'DOWN' | 'UNKNOWN';
  /** epoch ms, when telemetry has it */
  lastStatusChange: number | undefined;
}

export interface LiveConnection {
  vpnConnectionId: string;
  /** available | modifying | pending | deleting | deleted (open string) */
  state: string;
  tunnels: LiveTunnel[];
}

export interface LiveEndpoint {
  clientVpnEndpointId: string;
  status: string;
  logging: { enabled: boolean | undefined; cloudwatchLogGroup: string | undefined };
}

export interface LiveLogGroup {
  exists: boolean;
  arn: string | undefined;
  retentionInDays: number | undefined;
}

export interface RemediationApi {
  /** Connections by id; ids AWS does not return are absent from the result. */
  describeVpnConnections(ids: string[]): Promise<LiveConnection[]>;
  /** One ModifyVpnTunnelOptions carrying every member of `change`; returns the connection state AWS reported. */
  modifyVpnTunnelOptions(vpnConnectionId: string, outsideIpAddress: string, change: TunnelChange): Promise<{ state: string | undefined }>;
  describeLogGroup(name: string): Promise<LiveLogGroup>;
  /** Creates the group; an existing group is not an error. */
  createLogGroup(name: string): Promise<void>;
  putRetentionPolicy(name: string, days: number): Promise<void>;
  describeClientVpnEndpoint(id: string): Promise<LiveEndpoint | undefined>;
  /** ModifyClientVpnEndpoint with ConnectionLogOptions only. */
  enableClientVpnLogging(id: string, logGroupName: string): Promise<void>;
}

/** The AWS error code of an SDK error (`name`, or `Code` on query errors). */
export function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { name?: unknown; Code?: unknown; code?: unknown };
  if (typeof e.Code === 'string') return e.Code;
  if (typeof e.name === 'string' && e.name !== 'Error') return e.name;
  if (typeof e.code === 'string') return e.code;
  return undefined;
}

const THROTTLING = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'EC2ThrottledException',
  'SlowDown',
]);

export function isThrottling(err: unknown): boolean {
  return THROTTLING.has(errorCode(err) ?? '');
}

/** The request may or may not have reached AWS: reconcile from live state before sending it again. */
export function isTransient(err: unknown): boolean {
  const code = errorCode(err) ?? '';
  if (['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'TimeoutError', 'RequestTimeout', 'InternalError', 'InternalFailure', 'ServiceUnavailable', 'Unavailable'].includes(code)) {
    return true;
  }
  // A 2xx answer that could not be parsed: AWS took the call, so its effect is unknown, as after a reset.
  if (isUnparsedSuccess(err)) return true;
  const status = (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 500;
}

export function errorMessage(err: unknown): string {
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  return code && !message.startsWith(code) ? `${code}: ${message}` : message;
}
