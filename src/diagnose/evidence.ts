// Builds the evidence the rules read from the model (one connection) and the tunnel log reads.
// Pure: the clock and the log reads are passed in.
import type { IkeVersion, SiteToSiteVpn, Tunnel } from '../model/types.js';
import type {
  ConnectionEvidence,
  LogRead,
  LogSignal,
  LogSummary,
  StatusMessageKind,
  TunnelEvidence,
  TunnelLogEvent,
} from './types.js';

/** StatusMessage values are observed, not documented: parse defensively, keep anything else raw. */
export function parseStatusMessage(message: string): StatusMessageKind {
  const text = message.trim();
  if (text === '') return { kind: 'empty' };
  const ipsec = /^IPSEC IS (UP|DOWN)$/i.exec(text);
  if (ipsec) return { kind: 'ipsec', up: ipsec[1]!.toUpperCase() === 'UP' };
  const bgp = /^(\d+) BGP ROUTES?$/i.exec(text);
  if (bgp) return { kind: 'bgp-routes', routes: Number(bgp[1]) };
  return { kind: 'other', raw: text };
}

const UNRECOGNIZED_SAMPLES = 5;

export function summarizeLogs(read: LogRead): LogSummary {
  const counts: Partial<Record<LogSignal, number>> = {};
  const latest: Partial<Record<LogSignal, TunnelLogEvent>> = {};
  const unrecognized: TunnelLogEvent[] = [];
  const events = read.state === 'read' ? read.events : [];
  for (const event of events) {
    if (event.signals.length === 0) {
      if (unrecognized.length < UNRECOGNIZED_SAMPLES) unrecognized.push(event);
      continue;
    }
    for (const signal of event.signals) {
      counts[signal] = (counts[signal] ?? 0) + 1;
      const previous = latest[signal];
      if (!previous || previous.timestamp <= event.timestamp) latest[signal] = event;
    }
  }
  return { read, counts, latest, unrecognized, total: events.length };
}

const BOTH: IkeVersion[] = ['ikev1', 'ikev2'];

function tunnelEvidence(tunnel: Tunnel, now: number, read: LogRead | undefined): TunnelEvidence {
  const telemetry = tunnel.telemetry;
  const status = telemetry?.status ?? 'UNKNOWN';
  const changedAt =
    telemetry?.lastStatusChange === undefined ? Number.NaN : Date.parse(telemetry.lastStatusChange);
  const downForSeconds =
    status === 'DOWN' && Number.isFinite(changedAt)
      ? Math.max(0, Math.floor((now - changedAt) / 1000))
      : undefined;
  const logRead: LogRead =
    read ??
    (tunnel.logging.enabled
      ? { state: 'not-read', reason: 'logs were not requested' }
      : { state: 'disabled' });
  return {
    outsideIpAddress: tunnel.outsideIpAddress,
    status,
    statusMessage: telemetry?.statusMessage ?? '',
    statusKind: parseStatusMessage(telemetry?.statusMessage ?? ''),
    lastStatusChange: telemetry?.lastStatusChange,
    downForSeconds,
    acceptedRouteCount: telemetry?.acceptedRouteCount ?? 0,
    ikeVersions: tunnel.ikeVersions,
    acceptedIkeVersions:
      tunnel.ikeVersions && tunnel.ikeVersions.length > 0 ? [...tunnel.ikeVersions].sort() : BOTH,
    startupAction: tunnel.startupAction ?? 'add',
    dpdTimeoutAction: tunnel.dpdTimeoutAction ?? 'clear',
    loggingEnabled: tunnel.logging.enabled,
    logGroupArn: tunnel.logging.logGroupArn,
    logs: summarizeLogs(tunnel.logging.enabled ? logRead : { state: 'disabled' }),
    hasTelemetry: telemetry !== undefined,
  };
}

export interface EvidenceInput {
  /** epoch ms or Date: the time the telemetry is judged against */
  now: number | Date;
  /** Log reads keyed by tunnel outside IP; absent = not read (or logging off). */
  logs?: Readonly<Record<string, LogRead>>;
}

export function buildEvidence(vpn: SiteToSiteVpn, input: EvidenceInput): ConnectionEvidence {
  const now = typeof input.now === 'number' ? input.now : input.now.getTime();
  return {
    vpnConnectionId: vpn.vpnConnectionId,
    accountId: vpn.accountId,
    region: vpn.region,
    state: vpn.state,
    routing: vpn.routing,
    customerGatewayId: vpn.customerGatewayId,
    now,
    tunnels: vpn.tunnels.map((t) => tunnelEvidence(t, now, input.logs?.[t.outsideIpAddress])),
  };
}

/** "91 days", "5 hours", "12 minutes": for evidence sentences. */
export function formatDuration(seconds: number): string {
  const units: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (seconds >= size) {
      const n = Math.floor(seconds / size);
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}
