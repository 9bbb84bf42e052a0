// World events: what happens on the far side of a VPN (a firewall change, a gateway that stops speaking
// IKEv1, a pre-shared key typed wrong) and the lab clock. Each event changes a customer gateway's model and
// re-derives every connection using it, so status, history and tunnel logs follow as they would on AWS.
import { z } from 'zod';
import type { CustomerGateway, DownCause, GatewayDevice, RegionState, VpnConnection } from './types.js';
import { acceptedIkeVersions } from './tunnel-options.js';
import { gatewayChanged, refresh } from './vpn.js';
import { OffsetClock, type World } from './world.js';

const ikeVersion = z.enum(['ikev1', 'ikev2']);
const ip = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}$/, 'expected an IPv4 address');

/** Which gateway: by id, or through a connection that uses it. Account and region are found when omitted. */
const gatewayTarget = {
  accountId: z.string().regex(/^\d{12}$/, 'expected a 12-digit account id').optional(),
  region: z.string().min(1).optional(),
  customerGatewayId: z.string().startsWith('cgw-').optional(),
  vpnConnectionId: z.string().startsWith('vpn-').optional(),
};

const devicePatch = z
  .object({
    ikeVersions: z.array(ikeVersion),
    initiates: z.boolean(),
    online: z.boolean(),
    blockedEndpoints: z.array(ip),
    pskMismatch: z.array(ip),
    proposalMismatch: z.array(ip),
    bgpSessionUp: z.boolean(),
    advertisedRoutes: z.number().int().min(0),
    idle: z.boolean(),
  })
  .partial()
  .strict();

const CAUSES = [
  'gateway-offline',
  'endpoint-blocked',
  'ike-version-mismatch',
  'no-initiator',
  'dpd-clear-idle',
  'psk-mismatch',
  'proposal-mismatch',
  'bgp-down',
] as const;

export const worldEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('block-endpoint'), ...gatewayTarget, outsideIpAddress: ip }).strict(),
  z.object({ type: z.literal('unblock-endpoint'), ...gatewayTarget, outsideIpAddress: ip }).strict(),
  z.object({ type: z.literal('fix-firewall'), ...gatewayTarget }).strict(),
  z.object({ type: z.literal('set-gateway'), ...gatewayTarget, patch: devicePatch }).strict(),
  z
    .object({
      type: z.literal('drop-tunnel'),
      ...gatewayTarget,
      vpnConnectionId: z.string().startsWith('vpn-'),
      outsideIpAddress: ip,
      /** Model this cause on the gateway; without one the tunnel is forced DOWN (cause 'scenario'). */
      cause: z.enum(CAUSES).optional(),
    })
    .strict(),
  z.object({ type: z.literal('restore'), ...gatewayTarget }).strict(),
  z.object({ type: z.literal('advance-clock'), seconds: z.number().positive() }).strict(),
]);

export type WorldEvent = z.infer<typeof worldEventSchema>;

export interface TunnelState {
  outsideIpAddress: string;
  status: 'UP' | 'DOWN';
  statusMessage: string;
  cause: DownCause | undefined;
}

export interface EventResult {
  type: WorldEvent['type'];
  /** lab clock after the event, epoch ms */
  now: number;
  customerGatewayId?: string;
  connections: { vpnConnectionId: string; state: string; tunnels: TunnelState[] }[];
}

/** A bad event: the message is one line naming the field and what was expected. */
export class EventError extends Error {}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length > 0 ? `event.${issue.path.map(String).join('.')}` : 'event';
  return `${path}: ${issue.message}`;
}

export function parseEvent(event: unknown): WorldEvent {
  const parsed = worldEventSchema.safeParse(event);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EventError(issue ? describeIssue(issue) : 'event: invalid');
  }
  return parsed.data;
}

interface Located {
  region: RegionState;
  gateway: CustomerGateway;
}

/** Find the gateway an event targets, searching every account-region when account or region is omitted. */
function locateGateway(world: World, target: { accountId?: string; region?: string; customerGatewayId?: string; vpnConnectionId?: string }): Located {
  if (!target.customerGatewayId && !target.vpnConnectionId) {
    throw new EventError('event: name the gateway with customerGatewayId or vpnConnectionId');
  }
  for (const region of world.allRegions()) {
    if (target.accountId && region.accountId !== target.accountId) continue;
    if (target.region && region.region !== target.region) continue;
    const gatewayId = target.customerGatewayId ?? region.vpnConnections.get(target.vpnConnectionId!)?.customerGatewayId;
    const gateway = gatewayId ? region.customerGateways.get(gatewayId) : undefined;
    if (gateway) return { region, gateway };
  }
  const what = target.customerGatewayId ? `customer gateway ${target.customerGatewayId}` : `VPN connection ${target.vpnConnectionId}`;
  const where = [target.accountId, target.region].filter(Boolean).join('/');
  throw new EventError(`event: no ${what}${where ? ` in ${where}` : ' in the lab'}`);
}

const withAddress = (list: string[], address: string): string[] => (list.includes(address) ? list : [...list, address]);
const withoutAddress = (list: string[], address: string): string[] => list.filter((entry) => entry !== address);

function requireTunnel(region: RegionState, vpnConnectionId: string, outsideIpAddress: string): VpnConnection {
  const conn = region.vpnConnections.get(vpnConnectionId);
  if (!conn?.tunnels.some((tunnel) => tunnel.options.outsideIpAddress === outsideIpAddress)) {
    throw new EventError(`event.outsideIpAddress: ${outsideIpAddress} is not a tunnel of ${vpnConnectionId}`);
  }
  return conn;
}

/** The device change that makes one tunnel fail for `cause` (some causes are gateway-wide by nature). */
function patchForCause(device: GatewayDevice, conn: VpnConnection, outsideIpAddress: string, cause: (typeof CAUSES)[number]): Partial<GatewayDevice> {
  const tunnel = conn.tunnels.find((candidate) => candidate.options.outsideIpAddress === outsideIpAddress)!;
  switch (cause) {
    case 'gateway-offline':
      return { online: false };
    case 'endpoint-blocked':
      return { blockedEndpoints: withAddress(device.blockedEndpoints, outsideIpAddress) };
    case 'psk-mismatch':
      return { pskMismatch: withAddress(device.pskMismatch, outsideIpAddress) };
    case 'proposal-mismatch':
      return { proposalMismatch: withAddress(device.proposalMismatch, outsideIpAddress) };
    case 'bgp-down':
      if (conn.staticRoutesOnly) throw new EventError(`event.cause: ${conn.vpnConnectionId} uses static routing, it has no BGP session`);
      return { bgpSessionUp: false };
    case 'no-initiator':
      if (tunnel.options.startupAction === 'start') {
        throw new EventError(`event.cause: AWS initiates ${outsideIpAddress} (StartupAction start), so it cannot lack an initiator`);
      }
      return { initiates: false };
    case 'dpd-clear-idle':
      if (tunnel.options.dpdTimeoutAction !== 'clear') {
        throw new EventError(`event.cause: ${outsideIpAddress} has DPD timeout action ${tunnel.options.dpdTimeoutAction}, not clear`);
      }
      return { initiates: false, idle: true };
    case 'ike-version-mismatch': {
      const accepted = acceptedIkeVersions(tunnel.options);
      const others = (['ikev1', 'ikev2'] as const).filter((version) => !accepted.includes(version));
      if (others.length === 0) {
        throw new EventError(`event.cause: ${outsideIpAddress} accepts both IKE versions, so no gateway can mismatch it`);
      }
      return { ikeVersions: others };
    }
  }
}

function summarize(world: World, connections: VpnConnection[], type: WorldEvent['type'], customerGatewayId?: string): EventResult {
  return {
    type,
    now: world.now(),
    customerGatewayId,
    connections: connections.map((conn) => ({
      vpnConnectionId: conn.vpnConnectionId,
      state: conn.state,
      tunnels: conn.tunnels.map(({ telemetry }) => ({
        outsideIpAddress: telemetry.outsideIpAddress,
        status: telemetry.status,
        statusMessage: telemetry.statusMessage,
        cause: telemetry.cause,
      })),
    })),
  };
}

/**
 * Apply one world event (validated; EventError with a one-line message when it is not valid), re-derive
 * every connection it affects at the lab clock's now, and report their tunnels.
 */
export function applyEvent(world: World, input: unknown): EventResult {
  const event = parseEvent(input);
  if (event.type === 'advance-clock') {
    if (!(world.clock instanceof OffsetClock)) throw new EventError('event: this lab runs on a clock that cannot be moved');
    world.clock.advance(event.seconds * 1000);
    world.settle();
    return summarize(world, [], event.type);
  }
  world.settle();
  const { region, gateway } = locateGateway(world, event);
  const device = gateway.device;
  let patch: Partial<GatewayDevice>;
  switch (event.type) {
    case 'block-endpoint':
      patch = { blockedEndpoints: withAddress(device.blockedEndpoints, event.outsideIpAddress) };
      break;
    case 'unblock-endpoint':
      patch = { blockedEndpoints: withoutAddress(device.blockedEndpoints, event.outsideIpAddress) };
      break;
    case 'fix-firewall':
      patch = { blockedEndpoints: [] };
      break;
    case 'set-gateway':
      patch = event.patch;
      break;
    case 'drop-tunnel': {
      const conn = requireTunnel(region, event.vpnConnectionId, event.outsideIpAddress);
      if (event.cause === undefined) {
        // A DOWN with no modelled cause: forced until the next event on this gateway.
        const now = world.now();
        for (const tunnel of conn.tunnels) if (tunnel.options.outsideIpAddress === event.outsideIpAddress) tunnel.forcedDown = true;
        refresh(world, region, conn, now);
        return summarize(world, [conn], event.type, gateway.customerGatewayId);
      }
      patch = patchForCause(device, conn, event.outsideIpAddress, event.cause);
      break;
    }
    case 'restore':
      // Every fault cleared; what the device speaks (e.g. a legacy IKEv1-only box) is a property, not a fault.
      patch = { online: true, initiates: true, idle: false, blockedEndpoints: [], pskMismatch: [], proposalMismatch: [], bgpSessionUp: true };
      break;
  }
  gateway.device = { ...device, ...patch };
  const connections = gatewayChanged(world, region, gateway.customerGatewayId, world.now());
  return summarize(world, connections, event.type, gateway.customerGatewayId);
}
