// Builders for diagnosis tests: a connection with two tunnels and log events in AWS's json format.
import type { SiteToSiteVpn, Tunnel } from '../model/types.js';
import { parseTunnelLogEvent } from './log-parse.js';
import type { LogRead, PhaseState } from './types.js';

export const NOW = Date.parse('2026-05-01T00:00:00Z');
export const A = '203.0.113.10';
export const B = '203.0.113.20';
export const DAY_MS = 86_400_000;

export type TunnelSpec = Partial<Omit<Tunnel, 'telemetry' | 'logging'>> & {
  status?: 'UP' | 'DOWN' | 'UNKNOWN';
  statusMessage?: string;
  /** ms before NOW */
  changedAgo?: number;
  routes?: number;
  logging?: boolean;
  noTelemetry?: boolean;
};

export function tunnel(outsideIpAddress: string, spec: TunnelSpec = {}): Tunnel {
  const status = spec.status ?? 'UP';
  return {
    outsideIpAddress,
    ikeVersions: spec.ikeVersions,
    startupAction: spec.startupAction,
    dpdTimeoutAction: spec.dpdTimeoutAction,
    dpdTimeoutSeconds: spec.dpdTimeoutSeconds ?? 30,
    logging: {
      enabled: spec.logging ?? false,
      logGroupArn: spec.logging
        ? 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/vendedlogs/vpn'
        : undefined,
      outputFormat: spec.logging ? 'json' : undefined,
      bgpEnabled: false,
    },
    telemetry: spec.noTelemetry
      ? undefined
      : {
          status,
          statusMessage: spec.statusMessage ?? (status === 'UP' ? 'IPSEC IS UP' : 'IPSEC IS DOWN'),
          lastStatusChange: new Date(NOW - (spec.changedAgo ?? 3 * DAY_MS)).toISOString(),
          acceptedRouteCount: spec.routes ?? 0,
        },
  };
}

export function vpn(a: TunnelSpec, b: TunnelSpec, extra: Partial<SiteToSiteVpn> = {}): SiteToSiteVpn {
  return {
    kind: 'site-to-site',
    accountId: '111122223333',
    region: 'us-east-1',
    vpnConnectionId: 'vpn-0123456789abcdef0',
    state: 'available',
    customerGatewayId: 'cgw-0123456789abcdef0',
    gatewayType: 'VGW',
    gatewayId: 'vgw-0123456789abcdef0',
    routing: 'static',
    category: 'VPN',
    tags: {},
    tunnels: [tunnel(A, a), tunnel(B, b)],
    unmatchedTelemetry: [],
    ...extra,
  };
}

export interface LogLine {
  detail: string;
  /** ms before NOW */
  ago: number;
  ip?: string;
  phase1?: PhaseState;
  phase2?: PhaseState;
}

export function jsonLine(line: LogLine, vpnConnectionId = 'vpn-0123456789abcdef0'): string {
  return JSON.stringify({
    VpnLogCreationTimestamp: new Date(NOW - line.ago).toISOString(),
    VpnConnectionId: vpnConnectionId,
    TunnelOutsideIPAddress: line.ip ?? B,
    TunnelDPDEnabled: true,
    TunnelCGWNATTDetectionStatus: false,
    TunnelIKEPhase1State: line.phase1 ?? 'Down',
    TunnelIKEPhase2State: line.phase2 ?? 'Down',
    VpnLogDetail: line.detail,
  });
}

/** A successful log read over the last 24 h holding these lines. */
export function logRead(lines: LogLine[]): LogRead {
  return {
    state: 'read',
    logGroupName: '/aws/vendedlogs/vpn',
    startTime: NOW - DAY_MS,
    endTime: NOW,
    truncated: false,
    events: lines.map((l) => parseTunnelLogEvent(jsonLine(l), NOW - l.ago)),
  };
}
