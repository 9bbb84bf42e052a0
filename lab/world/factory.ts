// Building world resources the way AWS creates them (used by the EC2 service and the scenario loader, so a
// scenario's estate and one built through the API look the same).
import {
  claimTunnelOutsideIp,
  derivePreSharedKey,
  nextCustomerGatewayIp,
  nextTunnelOutsideIp,
  randomTunnelInsideCidr,
  resourceId,
} from './ids.js';
import { applyTunnelPatch, defaultTunnelOptions, type TunnelOptionsPatch } from './tunnel-options.js';
import type {
  ClientVpnEndpoint,
  CustomerGateway,
  GatewayDevice,
  RegionState,
  Tunnel,
  VpnConnection,
  VpnGateway,
  VpnState,
} from './types.js';
import { deriveTunnel, initialTelemetry } from './vpn.js';
import type { World } from './world.js';

const NO_ADDRESSES: string[] = Object.freeze([]) as unknown as string[];

/** A gateway as a modern device behaves: both IKE versions, initiates, reachable, BGP up. */
export function modernDevice(overrides: Partial<GatewayDevice> = {}): GatewayDevice {
  return {
    ikeVersions: ['ikev1', 'ikev2'],
    initiates: true,
    online: true,
    blockedEndpoints: NO_ADDRESSES,
    pskMismatch: NO_ADDRESSES,
    proposalMismatch: NO_ADDRESSES,
    bgpSessionUp: true,
    advertisedRoutes: 2,
    idle: false,
    ...overrides,
  };
}

export interface CustomerGatewaySpec {
  customerGatewayId?: string;
  ipAddress?: string;
  bgpAsn?: string;
  deviceName?: string;
  tags?: Record<string, string>;
  device?: GatewayDevice;
  state?: CustomerGateway['state'];
}

export function newCustomerGateway(world: World, region: RegionState, spec: CustomerGatewaySpec = {}): CustomerGateway {
  const cgw: CustomerGateway = {
    customerGatewayId: spec.customerGatewayId ?? resourceId('cgw'),
    state: spec.state ?? 'available',
    type: 'ipsec.1',
    ipAddress: spec.ipAddress ?? nextCustomerGatewayIp(world),
    bgpAsn: spec.bgpAsn ?? '65000',
    deviceName: spec.deviceName,
    tags: spec.tags ?? {},
    device: spec.device ?? modernDevice(),
  };
  region.customerGateways.set(cgw.customerGatewayId, cgw);
  return cgw;
}

export interface VpnGatewaySpec {
  vpnGatewayId?: string;
  amazonSideAsn?: number;
  vpcId?: string;
  tags?: Record<string, string>;
}

export function newVpnGateway(region: RegionState, spec: VpnGatewaySpec = {}): VpnGateway {
  const vgw: VpnGateway = {
    vpnGatewayId: spec.vpnGatewayId ?? resourceId('vgw'),
    state: 'available',
    type: 'ipsec.1',
    amazonSideAsn: spec.amazonSideAsn ?? 64512,
    vpcAttachments: spec.vpcId ? [{ vpcId: spec.vpcId, state: 'attached' }] : [],
    tags: spec.tags ?? {},
  };
  region.vpnGateways.set(vgw.vpnGatewayId, vgw);
  return vgw;
}

export interface TunnelSpec {
  outsideIpAddress?: string;
  /**
   * Leave the pre-shared key to be derived on first read (preSharedKeyOf): an HMAC per tunnel is most of
   * the cost of loading a large estate, and a benchmark rarely reads the keys.
   */
  lazyPreSharedKey?: boolean;
  options?: TunnelOptionsPatch;
  forcedDown?: boolean;
}

export interface VpnConnectionSpec {
  vpnConnectionId?: string;
  customerGatewayId: string;
  vpnGatewayId?: string;
  transitGatewayId?: string;
  staticRoutesOnly?: boolean;
  state?: VpnState;
  tunnels?: TunnelSpec[];
  routes?: string[];
  tags?: Record<string, string>;
  createdAt?: number;
  /** when each tunnel's current status began (defaults to createdAt) */
  statusSince?: [number | undefined, number | undefined];
  telemetryReversed?: boolean;
  /** Generated estates derive telemetry themselves once every gateway fact is known. */
  skipInitialDerivation?: boolean;
}

/** A tunnel's pre-shared key, derived now if it was left lazy. */
export function preSharedKeyOf(world: World, conn: VpnConnection, tunnel: Tunnel): string {
  if (tunnel.options.preSharedKey === '') {
    tunnel.options.preSharedKey = derivePreSharedKey(world.secretSeed, conn.vpnConnectionId, tunnel.options.outsideIpAddress);
  }
  return tunnel.options.preSharedKey;
}

export class DuplicateOutsideIpError extends Error {}

function newTunnel(world: World, vpnConnectionId: string, spec: TunnelSpec): Tunnel {
  let ip = spec.outsideIpAddress;
  if (ip === undefined) ip = nextTunnelOutsideIp(world);
  else if (!claimTunnelOutsideIp(world, ip)) throw new DuplicateOutsideIpError(`outside IP ${ip} is already used by another tunnel`);
  const psk = spec.lazyPreSharedKey ? '' : derivePreSharedKey(world.secretSeed, vpnConnectionId, ip);
  const base = defaultTunnelOptions(ip, randomTunnelInsideCidr(), psk);
  return {
    options: spec.options ? applyTunnelPatch(base, spec.options) : base,
    // Placeholder until the connection exists and the status can be derived.
    telemetry: { outsideIpAddress: ip, status: 'DOWN', lastStatusChange: 0, statusMessage: '', acceptedRouteCount: 0, cause: undefined },
    replacingUntil: undefined,
    forcedDown: spec.forcedDown ?? false,
  };
}

/**
 * A connection with two tunnels whose telemetry is already derived, as if each tunnel had been in that
 * state since `statusSince` (or createdAt). Recording that initial state in the history is the caller's choice.
 */
export function newVpnConnection(world: World, region: RegionState, spec: VpnConnectionSpec): VpnConnection {
  const vpnConnectionId = spec.vpnConnectionId ?? resourceId('vpn');
  const createdAt = spec.createdAt ?? world.now();
  const tunnelSpecs = spec.tunnels ?? [];
  const conn: VpnConnection = {
    vpnConnectionId,
    state: spec.state ?? 'available',
    type: 'ipsec.1',
    category: 'VPN',
    customerGatewayId: spec.customerGatewayId,
    vpnGatewayId: spec.vpnGatewayId,
    transitGatewayId: spec.transitGatewayId,
    staticRoutesOnly: spec.staticRoutesOnly ?? false,
    enableAcceleration: false,
    localIpv4NetworkCidr: '0.0.0.0/0',
    remoteIpv4NetworkCidr: '0.0.0.0/0',
    outsideIpAddressType: 'PublicIpv4',
    tunnelInsideIpVersion: 'ipv4',
    tunnels: [newTunnel(world, vpnConnectionId, tunnelSpecs[0] ?? {}), newTunnel(world, vpnConnectionId, tunnelSpecs[1] ?? {})],
    routes: (spec.routes ?? []).map((destinationCidrBlock) => ({ destinationCidrBlock, source: 'Static', state: 'available' })),
    tags: spec.tags ?? {},
    createdAt,
    // Every other connection reports its telemetry in reverse tunnel order (see VpnConnection.telemetryReversed).
    telemetryReversed: spec.telemetryReversed ?? region.vpnConnections.size % 2 === 1,
  };
  const device = region.customerGateways.get(conn.customerGatewayId)?.device;
  if (!spec.skipInitialDerivation) conn.tunnels.forEach((tunnel, index) => {
    const since = spec.statusSince?.[index] ?? createdAt;
    tunnel.telemetry = initialTelemetry(deriveTunnel(conn, tunnel, device, since), tunnel.options.outsideIpAddress, since);
  });
  region.vpnConnections.set(vpnConnectionId, conn);
  return conn;
}

export interface ClientVpnEndpointSpec {
  clientVpnEndpointId?: string;
  description?: string;
  status?: ClientVpnEndpoint['status'];
  creationTime?: number;
  clientCidrBlock?: string;
  transportProtocol?: 'udp' | 'tcp';
  splitTunnel?: boolean;
  logging?: { enabled: boolean; cloudwatchLogGroup?: string; cloudwatchLogStream?: string };
  tags?: Record<string, string>;
}

export function newClientVpnEndpoint(world: World, region: RegionState, spec: ClientVpnEndpointSpec = {}): ClientVpnEndpoint {
  const id = spec.clientVpnEndpointId ?? resourceId('cvpn-endpoint');
  const endpoint: ClientVpnEndpoint = {
    clientVpnEndpointId: id,
    description: spec.description ?? '',
    status: spec.status ?? 'available',
    creationTime: spec.creationTime ?? world.now(),
    clientCidrBlock: spec.clientCidrBlock ?? '10.100.0.0/22',
    dnsServers: ['10.0.0.2'],
    splitTunnel: spec.splitTunnel ?? true,
    vpnProtocol: 'openvpn',
    transportProtocol: spec.transportProtocol ?? 'udp',
    vpnPort: 443,
    serverCertificateArn: `arn:aws:acm:${region.region}:${region.accountId}:certificate/server-${id.slice(-12)}`,
    sessionTimeoutHours: 24,
    vpcId: resourceId('vpc'),
    securityGroupIds: [resourceId('sg')],
    connectionLogOptions: spec.logging ?? { enabled: false },
    tags: spec.tags ?? {},
  };
  region.clientVpnEndpoints.set(id, endpoint);
  return endpoint;
}
