// The tunnel model. A tunnel's status is never stored as a fact: it is derived from the connection, the
// tunnel's options and the customer gateway's behaviour, so a tunnel locked to IKEv2 against an IKEv1-only
// gateway really stays DOWN. `refresh` re-derives and records every change (telemetry, history, tunnel logs).
import { acceptedIkeVersions } from './tunnel-options.js';
import { writeTunnelLogs } from './tunnel-logs.js';
import type {
  DownCause,
  GatewayDevice,
  RegionState,
  TelemetryStatus,
  Telemetry,
  Tunnel,
  TunnelOptions,
  VpnConnection,
} from './types.js';
import type { World } from './world.js';

export interface DerivedTunnel {
  status: TelemetryStatus;
  statusMessage: string;
  acceptedRouteCount: number;
  cause: DownCause | undefined;
}

/** How long AWS keeps returning a deleted connection from DescribeVpnConnections. */
export const DELETED_RETENTION_MS = 60 * 60 * 1000;

const IPSEC_DOWN = 'IPSEC IS DOWN';
const IPSEC_UP = 'IPSEC IS UP';
const down = (cause: DownCause, statusMessage = IPSEC_DOWN): DerivedTunnel => ({
  status: 'DOWN',
  statusMessage,
  acceptedRouteCount: 0,
  cause,
});

/**
 * The status AWS would report for one tunnel. The order of the checks is the order in which a real
 * negotiation fails: the endpoint must exist, packets must reach the gateway, the peers must share an IKE
 * version and agree on keys and proposals, someone must start IKE and keep the SA alive, then BGP.
 */
export function deriveTunnel(
  conn: VpnConnection,
  tunnel: Tunnel,
  device: GatewayDevice | undefined,
  now: number,
): DerivedTunnel {
  if (tunnel.replacingUntil !== undefined && tunnel.replacingUntil > now) return down('replacing', '');
  if (conn.state !== 'available' && conn.state !== 'modifying') return down('connection-not-available');
  if (tunnel.forcedDown) return down('scenario');
  if (!device?.online) return down('gateway-offline');
  const ip = tunnel.options.outsideIpAddress;
  if (device.blockedEndpoints.includes(ip)) return down('endpoint-blocked');
  const shared = acceptedIkeVersions(tunnel.options).filter((version) => device.ikeVersions.includes(version));
  if (shared.length === 0) return down('ike-version-mismatch');
  if (device.pskMismatch.includes(ip)) return down('psk-mismatch');
  if (device.proposalMismatch.includes(ip)) return down('proposal-mismatch');
  const awsInitiates = tunnel.options.startupAction === 'start' && shared.includes('ikev2');
  if (!device.initiates && !awsInitiates) return down('no-initiator');
  // AWS started the SA, the idle gateway stopped answering DPD, and `clear` tears it down for good.
  if (!device.initiates && device.idle && tunnel.options.dpdTimeoutAction === 'clear') return down('dpd-clear-idle');
  if (!conn.staticRoutesOnly) {
    if (!device.bgpSessionUp) return down('bgp-down', IPSEC_UP);
    const routes = device.advertisedRoutes;
    return { status: 'UP', statusMessage: `${routes} BGP ROUTES`, acceptedRouteCount: routes, cause: undefined };
  }
  return { status: 'UP', statusMessage: IPSEC_UP, acceptedRouteCount: 0, cause: undefined };
}

/** Telemetry for a tunnel that has been in its derived state since `since` (scenario load, creation). */
export function initialTelemetry(derived: DerivedTunnel, outsideIpAddress: string, since: number): Telemetry {
  return { outsideIpAddress, lastStatusChange: since, ...derived };
}

export function deviceOf(region: RegionState, conn: VpnConnection): GatewayDevice | undefined {
  return region.customerGateways.get(conn.customerGatewayId)?.device;
}

/**
 * Re-derive both tunnels of a connection at `now`. A status change moves lastStatusChange; a status or
 * cause change is recorded in the world history (with the cause) and written to the tunnel's log group.
 */
export function refresh(world: World, region: RegionState, conn: VpnConnection, now: number): void {
  const device = deviceOf(region, conn);
  for (const tunnel of conn.tunnels) {
    const derived = deriveTunnel(conn, tunnel, device, now);
    const telemetry = tunnel.telemetry;
    const statusChanged = derived.status !== telemetry.status;
    const causeChanged = derived.cause !== telemetry.cause;
    if (!statusChanged && !causeChanged && derived.statusMessage === telemetry.statusMessage) {
      telemetry.acceptedRouteCount = derived.acceptedRouteCount;
      continue;
    }
    const previous = { ...telemetry };
    telemetry.status = derived.status;
    telemetry.statusMessage = derived.statusMessage;
    telemetry.acceptedRouteCount = derived.acceptedRouteCount;
    telemetry.cause = derived.cause;
    if (statusChanged) telemetry.lastStatusChange = now;
    if (statusChanged || causeChanged) {
      world.recordStatusChange({
        time: now,
        accountId: region.accountId,
        region: region.region,
        vpnConnectionId: conn.vpnConnectionId,
        outsideIpAddress: tunnel.options.outsideIpAddress,
        status: derived.status,
        statusMessage: derived.statusMessage,
        cause: derived.cause,
      });
      writeTunnelLogs(world, region, conn, tunnel, previous, now);
    }
  }
}

/** Every connection of a region that uses the customer gateway. */
export function connectionsOfGateway(region: RegionState, customerGatewayId: string): VpnConnection[] {
  const found: VpnConnection[] = [];
  for (const conn of region.vpnConnections.values()) {
    if (conn.customerGatewayId === customerGatewayId) found.push(conn);
  }
  return found;
}

/** A world event changed the gateway: its scenario-forced DOWN tunnels are released and everything re-derived. */
export function gatewayChanged(world: World, region: RegionState, customerGatewayId: string, now: number): VpnConnection[] {
  const connections = connectionsOfGateway(region, customerGatewayId);
  for (const conn of connections) {
    for (const tunnel of conn.tunnels) tunnel.forcedDown = false;
    refresh(world, region, conn, now);
  }
  return connections;
}

/**
 * ModifyVpnTunnelOptions after validation: the connection goes `modifying`, the tunnel's endpoint is
 * replaced (DOWN, empty message) for world.replacementSeconds with its new options, then the connection is
 * `available` again and the tunnel re-derived. The other tunnel is never touched.
 */
export function replaceTunnel(
  world: World,
  region: RegionState,
  conn: VpnConnection,
  tunnel: Tunnel,
  options: TunnelOptions,
  now: number,
): void {
  tunnel.options = options;
  conn.state = 'modifying';
  const until = now + world.replacementSeconds * 1000;
  tunnel.replacingUntil = until;
  refresh(world, region, conn, now);
  world.schedule(until, (at) => {
    if (tunnel.replacingUntil === until) tunnel.replacingUntil = undefined;
    if (conn.state === 'modifying' && !conn.tunnels.some((t) => t.replacingUntil !== undefined)) conn.state = 'available';
    refresh(world, region, conn, at);
  });
}

/** A new connection stays `pending` for world.pendingSeconds, then becomes `available`. */
export function scheduleAvailable(world: World, region: RegionState, conn: VpnConnection, now: number): void {
  world.schedule(now + world.pendingSeconds * 1000, (at) => {
    if (conn.state !== 'pending') return;
    conn.state = 'available';
    refresh(world, region, conn, at);
  });
}

/** DeleteVpnConnection: `deleting`, then `deleted`, then gone from Describe after DELETED_RETENTION_MS. */
export function deleteConnection(world: World, region: RegionState, conn: VpnConnection, now: number): void {
  if (conn.state === 'deleting' || conn.state === 'deleted') return;
  conn.state = 'deleting';
  for (const tunnel of conn.tunnels) tunnel.replacingUntil = undefined;
  refresh(world, region, conn, now);
  world.schedule(now + world.pendingSeconds * 1000, (at) => {
    conn.state = 'deleted';
    conn.forgetAt = at + DELETED_RETENTION_MS;
    refresh(world, region, conn, at);
    world.schedule(conn.forgetAt, () => {
      if (region.vpnConnections.get(conn.vpnConnectionId) === conn) region.vpnConnections.delete(conn.vpnConnectionId);
    });
  });
}
