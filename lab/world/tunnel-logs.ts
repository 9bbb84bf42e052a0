// Site-to-Site VPN tunnel logs, as AWS delivers them to CloudWatch Logs when a tunnel's
// LogOptions.CloudWatchLogOptions.LogEnabled is true: one stream per tunnel, `<vpn-id>-<outside-ip>-IKE`,
// JSON (default) or text lines whose VpnLogDetail follows AWS's message catalogue for each cause of a DOWN
// tunnel. Written only on a transition, so diagnosis sees what happened around the change.
// Pre-shared keys never appear in any line.
import { logEventId } from './ids.js';
import { parseLogGroupArn } from './tunnel-options.js';
import type { DownCause, LogGroup, RegionState, Telemetry, Tunnel, VpnConnection } from './types.js';
import type { World } from './world.js';

export type IkePhaseState = 'Established' | 'Rekeying' | 'Negotiating' | 'Down';

export interface TunnelLogLine {
  /** ms after the first line of the transition */
  offsetMs: number;
  phase1: IkePhaseState;
  phase2: IkePhaseState;
  detail: string;
}

const line = (offsetMs: number, phase1: IkePhaseState, phase2: IkePhaseState, detail: string): TunnelLogLine => ({
  offsetMs,
  phase1,
  phase2,
  detail,
});

const DPD_TIMEOUT = [
  line(0, 'Established', 'Established', 'AWS tunnel DPD timed out after 3 retransmits'),
  line(1_000, 'Down', 'Down', 'Peer is not responsive - Declaring peer dead'),
];
const PHASE1_TIMEOUTS = [0, 30_000, 60_000].map((offset) =>
  line(offset + 5_000, 'Negotiating', 'Down', 'Timeout: deleting un-established Phase 1 IKE_SA'),
);

export interface TransitionContext {
  /** status before the transition */
  wasUp: boolean;
  /** AWS (re)starts IKE itself: StartupAction start, or DPD action restart */
  awsInitiates: boolean;
  usesIkev2Only: boolean;
}

/** The log lines AWS writes when a tunnel reaches `cause` (undefined = UP), per the catalogue in aws-vpn-facts §3.1/§5.3. */
export function linesFor(cause: DownCause | undefined, context: TransitionContext): TunnelLogLine[] {
  const established = [
    context.awsInitiates
      ? line(0, 'Negotiating', 'Down', 'AWS tunnel is initiating IKE_SA negotiation with the customer gateway')
      : line(0, 'Negotiating', 'Down', 'AWS tunnel received IKE_SA negotiation request from the customer gateway'),
    line(2_000, 'Established', 'Negotiating', 'AWS tunnel Phase 1 (IKE_SA) is established'),
    line(3_000, 'Established', 'Established', 'AWS tunnel Phase 2 (CHILD_SA) is established'),
  ];
  const unreachable = [...(context.wasUp ? DPD_TIMEOUT : []), ...(context.awsInitiates ? PHASE1_TIMEOUTS : [])];
  switch (cause) {
    case undefined:
    case 'bgp-down': // IPsec is up; only BGP is not (BGP events go to the BGP log, not this one)
      return established;
    case 'psk-mismatch':
      return [0, 20_000, 40_000].flatMap((offset) => [
        line(offset, 'Negotiating', 'Down', 'AWS tunnel payload decryption was unsuccessful due to invalid Pre-shared Key'),
        ...(context.usesIkev2Only ? [line(offset + 500, 'Down', 'Down', 'AWS tunnel is sending AUTHENTICATION_FAILED')] : []),
      ]);
    case 'proposal-mismatch':
      return [
        line(0, 'Negotiating', 'Down', 'No Proposal Match Found by AWS'),
        line(1_000, 'Down', 'Down', 'No Proposal Match Found. Notifying with "No proposal chosen"'),
      ];
    case 'ike-version-mismatch':
      return [0, 20_000].map((offset) =>
        line(offset, 'Negotiating', 'Down', 'No Proposal Match Found. Notifying with "No proposal chosen"'),
      );
    case 'endpoint-blocked':
    case 'gateway-offline':
      return unreachable;
    case 'dpd-clear-idle':
      return DPD_TIMEOUT;
    case 'no-initiator':
      // The idle gateway deletes its SAs and, with StartupAction add, AWS waits for it to come back.
      return context.wasUp
        ? [
            line(0, 'Established', 'Down', 'AWS tunnel received DELETE for Phase 2 SA with SPI: 0xc8a3f21e'),
            line(1_000, 'Down', 'Down', 'AWS tunnel received DELETE for IKE_SA from CGW'),
          ]
        : [];
    case 'replacing': // the endpoint is being re-provisioned: it logs again once it exists
    case 'connection-not-available':
    case 'scenario':
      return [];
  }
}

export function formatJson(
  conn: VpnConnection,
  tunnel: Tunnel,
  timestamp: number,
  entry: TunnelLogLine,
): string {
  return JSON.stringify({
    VpnLogCreationTimestamp: new Date(timestamp).toISOString(),
    VpnConnectionId: conn.vpnConnectionId,
    TunnelOutsideIPAddress: tunnel.options.outsideIpAddress,
    TunnelDPDEnabled: tunnel.options.dpdTimeoutAction !== 'none',
    TunnelCGWNATTDetectionStatus: false,
    TunnelIKEPhase1State: entry.phase1,
    TunnelIKEPhase2State: entry.phase2,
    VpnLogDetail: entry.detail,
  });
}

export function formatText(conn: VpnConnection, tunnel: Tunnel, timestamp: number, entry: TunnelLogLine): string {
  const when = new Date(timestamp).toISOString().replace('T', ' ').replace('Z', '');
  const dpd = tunnel.options.dpdTimeoutAction !== 'none' ? 'True' : 'False';
  return (
    `${when} ${conn.vpnConnectionId} ${tunnel.options.outsideIpAddress} DPDEnabled=${dpd} NATT=False ` +
    `Phase1=${entry.phase1} Phase2=${entry.phase2} ${entry.detail}`
  );
}

export function tunnelLogStreamName(conn: VpnConnection, tunnel: Tunnel): string {
  return `${conn.vpnConnectionId}-${tunnel.options.outsideIpAddress}-IKE`;
}

/** The log group the tunnel delivers to, when logging is on and the group exists. */
export function tunnelLogGroup(world: World, tunnel: Tunnel): LogGroup | undefined {
  const options = tunnel.options.logOptions;
  if (!options.logEnabled || !options.logGroupArn) return undefined;
  const arn = parseLogGroupArn(options.logGroupArn);
  if (!arn || !world.account(arn.accountId)) return undefined;
  return world.region(arn.accountId, arn.region).logGroups.get(arn.logGroupName);
}

/** Append to a stream, creating it; events stay time-ordered. */
export function appendEvent(group: LogGroup, streamName: string, timestamp: number, message: string): void {
  let events = group.streams.get(streamName);
  if (!events) {
    events = [];
    group.streams.set(streamName, events);
  }
  const event = { timestamp, ingestionTime: timestamp + 700, message, eventId: logEventId() };
  let index = events.length;
  while (index > 0 && events[index - 1]!.timestamp > timestamp) index--;
  events.splice(index, 0, event);
}

/** Write the log lines for a tunnel's transition from `previous` to its current telemetry. */
export function writeTunnelLogs(
  world: World,
  _region: RegionState,
  conn: VpnConnection,
  tunnel: Tunnel,
  previous: Telemetry,
  now: number,
): number {
  const group = tunnelLogGroup(world, tunnel);
  if (!group) return 0;
  const options = tunnel.options;
  const lines = linesFor(tunnel.telemetry.cause, {
    wasUp: previous.status === 'UP',
    awsInitiates: options.startupAction === 'start' || options.dpdTimeoutAction === 'restart',
    usesIkev2Only: options.ikeVersions?.length === 1 && options.ikeVersions[0] === 'ikev2',
  });
  const format = options.logOptions.logOutputFormat === 'text' ? formatText : formatJson;
  const stream = tunnelLogStreamName(conn, tunnel);
  // The negotiation happens before AWS reports the new status, so the last line lands at the transition.
  const last = lines.reduce((max, entry) => Math.max(max, entry.offsetMs), 0);
  for (const entry of lines) {
    const timestamp = now - last + entry.offsetMs;
    appendEvent(group, stream, timestamp, format(conn, tunnel, timestamp, entry));
  }
  return lines.length;
}
