// DescribeVpnConnections output -> SiteToSiteVpn model. Pure: no SDK client, no IO.
// Only the fields the model names are copied, so PreSharedKey, PreSharedKeyArn, CustomerGatewayConfiguration
// (an XML document full of keys) and anything AWS adds later never leave this module.
import type { CloudWatchLogOptions, TunnelOption, VgwTelemetry, VpnConnection } from '@aws-sdk/client-ec2';
import type { GatewayType, IkeVersion, Scope, SiteToSiteVpn, Tunnel, TunnelStatus } from '../model/types.js';
import { tagsToRecord } from './tags.js';

/** IAM actions this collector needs (read-only); the engine builds the least-privilege policy from these. */
export const permissions = ['ec2:DescribeVpnConnections'] as const;

/** Raised when AWS returned a connection the model cannot represent (no id). Never carries response values. */
export class MalformedVpnConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedVpnConnectionError';
  }
}

/** Maps every connection of one DescribeVpnConnections page set for one account-region. */
export function toSiteToSiteVpns(connections: readonly VpnConnection[], scope: Scope): SiteToSiteVpn[] {
  return connections.map((connection) => toSiteToSiteVpn(connection, scope));
}

export function toSiteToSiteVpn(connection: VpnConnection, scope: Scope): SiteToSiteVpn {
  const vpnConnectionId = connection.VpnConnectionId;
  if (vpnConnectionId === undefined || vpnConnectionId === '') {
    throw new MalformedVpnConnectionError(
      `DescribeVpnConnections returned a connection without VpnConnectionId in ${scope.accountId}/${scope.region}`,
    );
  }
  const { tunnels, unmatchedTelemetry } = joinTunnels(
    connection.Options?.TunnelOptions ?? [],
    connection.VgwTelemetry ?? [],
  );
  const gateway = gatewayOf(connection);
  return {
    kind: 'site-to-site',
    accountId: scope.accountId,
    region: scope.region,
    vpnConnectionId,
    state: connection.State ?? 'unknown',
    customerGatewayId: connection.CustomerGatewayId,
    gatewayType: gateway.type,
    gatewayId: gateway.id,
    routing: connection.Options?.StaticRoutesOnly === true ? 'static' : 'bgp',
    category: connection.Category,
    tags: tagsToRecord(connection.Tags),
    tunnels,
    unmatchedTelemetry,
  };
}

/**
 * Tunnels come from Options.TunnelOptions, keyed by OutsideIpAddress; telemetry is joined by that IP,
 * never by array position (AWS does not promise the two arrays share an order). A telemetry entry whose IP
 * matches no tunnel (or repeats one already placed) is reported in unmatchedTelemetry.
 * A tunnel option without an outside IP cannot be identified and is left out; controls then see fewer
 * than two tunnels and report ERROR instead of guessing.
 */
export function joinTunnels(
  options: readonly TunnelOption[],
  telemetry: readonly VgwTelemetry[],
): { tunnels: Tunnel[]; unmatchedTelemetry: string[] } {
  const tunnels: Tunnel[] = [];
  const seen = new Set<string>();
  for (const option of options) {
    const ip = option.OutsideIpAddress;
    if (ip === undefined || ip === '' || seen.has(ip)) continue;
    seen.add(ip);
    tunnels.push(toTunnel(option, ip));
  }
  const byIp = new Map(tunnels.map((tunnel) => [tunnel.outsideIpAddress, tunnel]));
  const unmatchedTelemetry: string[] = [];
  for (const entry of telemetry) {
    const ip = entry.OutsideIpAddress ?? '';
    const tunnel = byIp.get(ip);
    if (tunnel === undefined || tunnel.telemetry !== undefined) {
      unmatchedTelemetry.push(ip === '' ? '(no outside IP)' : ip);
      continue;
    }
    tunnel.telemetry = toTelemetry(entry);
  }
  return { tunnels, unmatchedTelemetry };
}

function toTunnel(option: TunnelOption, outsideIpAddress: string): Tunnel {
  return {
    outsideIpAddress,
    ikeVersions: toIkeVersions(option.IkeVersions),
    startupAction: oneOf(option.StartupAction, ['add', 'start'] as const),
    dpdTimeoutAction: oneOf(option.DpdTimeoutAction, ['clear', 'none', 'restart'] as const),
    dpdTimeoutSeconds: option.DpdTimeoutSeconds,
    logging: toLogging(option.LogOptions?.CloudWatchLogOptions),
    telemetry: undefined,
  };
}

/**
 * undefined stays undefined (AWS returned no list: its default allows ikev1 and ikev2). Values AWS may add
 * later are dropped, so a list holding only unknown versions becomes [] and still fails EC2.183.
 */
export function toIkeVersions(
  list: readonly { Value?: string | undefined }[] | undefined,
): IkeVersion[] | undefined {
  if (list === undefined) return undefined;
  const versions = new Set<IkeVersion>();
  for (const item of list) {
    const value = item.Value?.toLowerCase();
    if (value === 'ikev1' || value === 'ikev2') versions.add(value);
  }
  return [...versions].sort();
}

function toLogging(options: CloudWatchLogOptions | undefined): Tunnel['logging'] {
  return {
    enabled: options?.LogEnabled === true,
    logGroupArn: options?.LogGroupArn,
    outputFormat: oneOf(options?.LogOutputFormat, ['json', 'text'] as const),
    bgpEnabled: options?.BgpLogEnabled === true,
  };
}

function toTelemetry(entry: VgwTelemetry): NonNullable<Tunnel['telemetry']> {
  const status: TunnelStatus = entry.Status === 'UP' || entry.Status === 'DOWN' ? entry.Status : 'UNKNOWN';
  const changed = entry.LastStatusChange;
  return {
    status,
    statusMessage: entry.StatusMessage ?? '',
    lastStatusChange:
      changed instanceof Date && !Number.isNaN(changed.getTime()) ? changed.toISOString() : undefined,
    acceptedRouteCount: entry.AcceptedRouteCount ?? 0,
  };
}

function gatewayOf(connection: VpnConnection): { type: GatewayType; id: string | undefined } {
  if (connection.VpnGatewayId) return { type: 'VGW', id: connection.VpnGatewayId };
  if (connection.TransitGatewayId) return { type: 'TGW', id: connection.TransitGatewayId };
  if (connection.CoreNetworkArn) return { type: 'CLOUDWAN', id: connection.CoreNetworkArn };
  return { type: 'NONE', id: undefined };
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined {
  const lower = value?.toLowerCase();
  return allowed.find((candidate) => candidate === lower);
}
