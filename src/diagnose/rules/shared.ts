// Small helpers the rules share: evidence sentences, log facts, confidence arithmetic, commands.
import { formatDuration } from '../evidence.js';
import { meaningOf } from '../catalog.js';
import type { ConnectionEvidence, LogSignal, TunnelEvidence, TunnelLogEvent } from '../types.js';

export const DAY = 86_400;

/** Clamp to [0.05, 0.99] and round to two decimals so confidences read cleanly. */
export function clampConfidence(value: number): number {
  return Math.round(Math.min(0.99, Math.max(0.05, value)) * 100) / 100;
}

export function count(tunnel: TunnelEvidence, signal: LogSignal): number {
  return tunnel.logs.counts[signal] ?? 0;
}

export function logsRead(tunnel: TunnelEvidence): boolean {
  return tunnel.logs.read.state === 'read';
}

/** Window description for evidence: "in the last 24 hours". */
export function windowText(tunnel: TunnelEvidence): string {
  const read = tunnel.logs.read;
  if (read.state !== 'read') return '';
  return `in the last ${formatDuration(Math.round((read.endTime - read.startTime) / 1000))}`;
}

export function quote(event: TunnelLogEvent): string {
  return `"${event.detail}" (${new Date(event.timestamp).toISOString()})`;
}

/** Evidence sentence for a recognised log signal: count, meaning, the latest message quoted. */
export function signalEvidence(tunnel: TunnelEvidence, signal: LogSignal): string {
  const n = count(tunnel, signal);
  const latest = tunnel.logs.latest[signal];
  const times = n === 1 ? 'once' : `${n} times`;
  return `Tunnel log of ${tunnel.outsideIpAddress} ${windowText(tunnel)} says ${meaningOf(signal)} (${times}; latest ${latest ? quote(latest) : 'n/a'}).`;
}

/** True when the tunnel established after the latest event of `signal` (the failure is then stale). */
export function establishedSince(tunnel: TunnelEvidence, signal: LogSignal): boolean {
  const failure = tunnel.logs.latest[signal];
  const established = tunnel.logs.latest.established;
  return failure !== undefined && established !== undefined && established.timestamp > failure.timestamp;
}

/** Negotiation errors only possible when the gateway's IKE packets reach AWS. */
export const REACHES_AWS: readonly LogSignal[] = [
  'psk-mismatch',
  'no-proposal',
  'ts-unacceptable',
  'phase2-failed',
];

export function reachesAwsCount(tunnel: TunnelEvidence): number {
  return REACHES_AWS.reduce((sum, s) => sum + count(tunnel, s), 0);
}

export function downText(tunnel: TunnelEvidence): string {
  if (tunnel.downForSeconds === undefined) return 'DOWN (since an unknown time)';
  return `DOWN for ${formatDuration(tunnel.downForSeconds)} (since ${tunnel.lastStatusChange ?? '?'})`;
}

export function statusText(tunnel: TunnelEvidence): string {
  return tunnel.statusMessage === '' ? tunnel.status : `${tunnel.status}, "${tunnel.statusMessage}"`;
}

export function ikeText(tunnel: TunnelEvidence): string {
  return tunnel.ikeVersions === undefined
    ? 'ikev1+ikev2 (AWS default: no explicit list)'
    : tunnel.acceptedIkeVersions.join('+');
}

/** AWS CLI command to modify one tunnel's options (never carries a pre-shared key). */
export function modifyTunnelCommand(
  connection: ConnectionEvidence,
  outsideIp: string,
  options: Record<string, unknown>,
): string {
  return (
    `aws ec2 modify-vpn-tunnel-options --region ${connection.region} --vpn-connection-id ${connection.vpnConnectionId} ` +
    `--vpn-tunnel-outside-ip-address ${outsideIp} --tunnel-options '${JSON.stringify(options)}'`
  );
}

/**
 * Tunnel options that make AWS start IKE and restart it after a DPD timeout. StartupAction start is IKEv2-only:
 * AWS rejects it on a tunnel that still accepts IKEv1, so the list is narrowed to ikev2 in the same change.
 */
export function awsInitiatesOptions(tunnel: TunnelEvidence): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  if (tunnel.acceptedIkeVersions.includes('ikev1')) options.IKEVersions = [{ Value: 'ikev2' }];
  options.StartupAction = 'start';
  options.DPDTimeoutAction = 'restart';
  return options;
}

export function fixCommand(connection: ConnectionEvidence): string {
  return `vpnguard fix --connection ${connection.vpnConnectionId}`;
}

/** Read-only look at one tunnel's negotiation settings (the query leaves out the pre-shared key). */
export function describeTunnelCommand(connection: ConnectionEvidence, outsideIp: string): string {
  return (
    `aws ec2 describe-vpn-connections --region ${connection.region} --vpn-connection-ids ${connection.vpnConnectionId} ` +
    `--query "VpnConnections[0].Options.TunnelOptions[?OutsideIpAddress=='${outsideIp}'].` +
    `{ike:IkeVersions,p1enc:Phase1EncryptionAlgorithms,p1int:Phase1IntegrityAlgorithms,p1dh:Phase1DHGroupNumbers,` +
    `p2enc:Phase2EncryptionAlgorithms,p2int:Phase2IntegrityAlgorithms,p2dh:Phase2DHGroupNumbers}"`
  );
}
