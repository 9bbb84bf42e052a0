// World objects -> EC2 output objects keyed by wire (locationName) names (reference/aws-wire.md §1.3–1.4).
import { isoTime } from '../types.js';
import type {
  ClientVpnEndpoint,
  CustomerGateway,
  RegionState,
  Tunnel,
  TunnelOptions,
  VpnConnection,
  VpnGateway,
} from '../../world/types.js';
import { preSharedKeyOf } from '../../world/factory.js';
import type { World } from '../../world/world.js';
import { tagSet } from './common.js';

const values = <T>(list: readonly T[]): { value: T }[] => list.map((value) => ({ value }));

export function tunnelOptionShape(options: TunnelOptions): Record<string, unknown> {
  const log = options.logOptions;
  return {
    outsideIpAddress: options.outsideIpAddress,
    tunnelInsideCidr: options.tunnelInsideCidr,
    preSharedKey: options.preSharedKey,
    phase1LifetimeSeconds: options.phase1LifetimeSeconds,
    phase2LifetimeSeconds: options.phase2LifetimeSeconds,
    rekeyMarginTimeSeconds: options.rekeyMarginTimeSeconds,
    rekeyFuzzPercentage: options.rekeyFuzzPercentage,
    replayWindowSize: options.replayWindowSize,
    dpdTimeoutSeconds: options.dpdTimeoutSeconds,
    dpdTimeoutAction: options.dpdTimeoutAction,
    phase1EncryptionAlgorithmSet: values(options.phase1EncryptionAlgorithms),
    phase2EncryptionAlgorithmSet: values(options.phase2EncryptionAlgorithms),
    phase1IntegrityAlgorithmSet: values(options.phase1IntegrityAlgorithms),
    phase2IntegrityAlgorithmSet: values(options.phase2IntegrityAlgorithms),
    phase1DHGroupNumberSet: values(options.phase1DHGroupNumbers),
    phase2DHGroupNumberSet: values(options.phase2DHGroupNumbers),
    // Never set explicitly: AWS omits the list (and the tunnel accepts both versions).
    ikeVersionSet: options.ikeVersions ? values(options.ikeVersions) : undefined,
    startupAction: options.startupAction,
    logOptions: {
      cloudWatchLogOptions: {
        logEnabled: log.logEnabled,
        logGroupArn: log.logGroupArn,
        logOutputFormat: log.logOutputFormat,
        bgpLogEnabled: log.bgpLogEnabled,
        bgpLogGroupArn: log.bgpLogGroupArn,
        bgpLogOutputFormat: log.bgpLogOutputFormat,
      },
    },
    enableTunnelLifecycleControl: options.enableTunnelLifecycleControl,
  };
}

function telemetryShape(tunnel: Tunnel): Record<string, unknown> {
  const telemetry = tunnel.telemetry;
  return {
    outsideIpAddress: telemetry.outsideIpAddress,
    status: telemetry.status,
    lastStatusChange: isoTime(telemetry.lastStatusChange),
    statusMessage: telemetry.statusMessage,
    acceptedRouteCount: telemetry.acceptedRouteCount,
  };
}

const hidesConfiguration = (conn: VpnConnection): boolean => conn.state === 'deleting' || conn.state === 'deleted';

export function vpnConnectionShape(world: World, conn: VpnConnection, region: RegionState): Record<string, unknown> {
  for (const tunnel of conn.tunnels) preSharedKeyOf(world, conn, tunnel);
  const telemetry = conn.tunnels.map(telemetryShape);
  if (conn.telemetryReversed) telemetry.reverse();
  return {
    vpnConnectionId: conn.vpnConnectionId,
    state: conn.state,
    customerGatewayConfiguration: hidesConfiguration(conn) ? undefined : customerGatewayConfiguration(conn, region),
    type: conn.type,
    customerGatewayId: conn.customerGatewayId,
    vpnGatewayId: conn.vpnGatewayId,
    transitGatewayId: conn.transitGatewayId,
    coreNetworkArn: conn.coreNetworkArn,
    category: conn.category,
    gatewayAssociationState: conn.state === 'deleted' ? 'disassociated' : 'associated',
    options: {
      enableAcceleration: conn.enableAcceleration,
      staticRoutesOnly: conn.staticRoutesOnly,
      localIpv4NetworkCidr: conn.localIpv4NetworkCidr,
      remoteIpv4NetworkCidr: conn.remoteIpv4NetworkCidr,
      outsideIpAddressType: conn.outsideIpAddressType,
      tunnelInsideIpVersion: conn.tunnelInsideIpVersion,
      tunnelOptionSet: conn.tunnels.map((tunnel) => tunnelOptionShape(tunnel.options)),
      tunnelBandwidth: 'standard',
    },
    routes: conn.routes.map((route) => ({
      destinationCidrBlock: route.destinationCidrBlock,
      source: route.source,
      state: route.state,
    })),
    tagSet: tagSet(conn.tags),
    vgwTelemetry: telemetry,
  };
}

// The inside /30: AWS takes .1 and the customer gateway .2.
function insideAddress(cidr: string, host: 1 | 2): string {
  const [network] = cidr.split('/');
  const octets = (network ?? '169.254.0.0').split('.').map(Number);
  octets[3] = (octets[3] ?? 0) + host;
  return octets.join('.');
}

/**
 * The customer gateway configuration document AWS returns (it carries the pre-shared keys, which is why
 * vpnguard must never print it). Generic-device flavour, one <ipsec_tunnel> per tunnel.
 */
export function customerGatewayConfiguration(conn: VpnConnection, region: RegionState): string {
  const cgw = region.customerGateways.get(conn.customerGatewayId);
  const vgw = conn.vpnGatewayId ? region.vpnGateways.get(conn.vpnGatewayId) : undefined;
  const amazonAsn = vgw?.amazonSideAsn ?? 64512;
  const bgp = (asn: string | number): string =>
    conn.staticRoutesOnly ? '' : `<bgp><asn>${asn}</asn><hold_time>30</hold_time></bgp>`;
  const tunnels = conn.tunnels
    .map(({ options }) => {
      const inside = (host: 1 | 2): string =>
        `<tunnel_inside_address><ip_address>${insideAddress(options.tunnelInsideCidr, host)}</ip_address>` +
        '<network_mask>255.255.255.252</network_mask><network_cidr>30</network_cidr></tunnel_inside_address>';
      return (
        '<ipsec_tunnel>' +
        `<customer_gateway><tunnel_outside_address><ip_address>${cgw?.ipAddress ?? ''}</ip_address></tunnel_outside_address>` +
        `${inside(2)}${bgp(cgw?.bgpAsn ?? '65000')}</customer_gateway>` +
        `<vpn_gateway><tunnel_outside_address><ip_address>${options.outsideIpAddress}</ip_address></tunnel_outside_address>` +
        `${inside(1)}${bgp(amazonAsn)}</vpn_gateway>` +
        '<ike><authentication_protocol>sha1</authentication_protocol><encryption_protocol>aes-128-cbc</encryption_protocol>' +
        `<lifetime>${options.phase1LifetimeSeconds}</lifetime><perfect_forward_secrecy>group2</perfect_forward_secrecy>` +
        `<mode>main</mode><pre_shared_key>${options.preSharedKey}</pre_shared_key></ike>` +
        '<ipsec><protocol>esp</protocol><authentication_protocol>hmac-sha1-96</authentication_protocol>' +
        `<encryption_protocol>aes-128-cbc</encryption_protocol><lifetime>${options.phase2LifetimeSeconds}</lifetime>` +
        '<perfect_forward_secrecy>group2</perfect_forward_secrecy><mode>tunnel</mode>' +
        '<clear_df_bit>true</clear_df_bit><fragmentation_before_encryption>true</fragmentation_before_encryption>' +
        '<tcp_mss_adjustment>1379</tcp_mss_adjustment>' +
        `<dead_peer_detection><delay>10</delay><retries>3</retries></dead_peer_detection></ipsec>` +
        '</ipsec_tunnel>'
      );
    })
    .join('');
  const target = conn.vpnGatewayId
    ? `<vpn_gateway_id>${conn.vpnGatewayId}</vpn_gateway_id>`
    : `<transit_gateway_id>${conn.transitGatewayId ?? ''}</transit_gateway_id>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<vpn_connection id="${conn.vpnConnectionId}">` +
    `<customer_gateway_id>${conn.customerGatewayId}</customer_gateway_id>${target}` +
    `<vpn_connection_type>${conn.type}</vpn_connection_type>${tunnels}</vpn_connection>`
  );
}

export function customerGatewayShape(cgw: CustomerGateway): Record<string, unknown> {
  return {
    customerGatewayId: cgw.customerGatewayId,
    state: cgw.state,
    type: cgw.type,
    ipAddress: cgw.ipAddress,
    bgpAsn: cgw.bgpAsn,
    deviceName: cgw.deviceName,
    tagSet: tagSet(cgw.tags),
  };
}

export function vpnGatewayShape(vgw: VpnGateway): Record<string, unknown> {
  return {
    vpnGatewayId: vgw.vpnGatewayId,
    state: vgw.state,
    type: vgw.type,
    attachments: vgw.vpcAttachments.map((attachment) => ({ vpcId: attachment.vpcId, state: attachment.state })),
    amazonSideAsn: vgw.amazonSideAsn,
    tagSet: tagSet(vgw.tags),
  };
}

/** Client VPN times are model strings without milliseconds or zone (reference/aws-wire.md §1.3). */
const clientVpnTime = (time: number): string => new Date(time).toISOString().slice(0, 19);

export function clientVpnEndpointShape(endpoint: ClientVpnEndpoint, region: string, accountId: string): Record<string, unknown> {
  const log = endpoint.connectionLogOptions;
  return {
    clientVpnEndpointId: endpoint.clientVpnEndpointId,
    description: endpoint.description,
    status: { code: endpoint.status },
    creationTime: clientVpnTime(endpoint.creationTime),
    dnsName: `*.${endpoint.clientVpnEndpointId}.prod.clientvpn.${region}.amazonaws.com`,
    clientCidrBlock: endpoint.clientCidrBlock,
    dnsServer: endpoint.dnsServers,
    splitTunnel: endpoint.splitTunnel,
    vpnProtocol: endpoint.vpnProtocol,
    transportProtocol: endpoint.transportProtocol,
    vpnPort: endpoint.vpnPort,
    serverCertificateArn: endpoint.serverCertificateArn,
    authenticationOptions: [
      {
        type: 'certificate-authentication',
        mutualAuthentication: {
          clientRootCertificateChain: `arn:aws:acm:${region}:${accountId}:certificate/client-root-${endpoint.clientVpnEndpointId.slice(-8)}`,
        },
      },
    ],
    // The one EC2 structure without locationNames: its members stay PascalCase on the wire.
    connectionLogOptions: {
      Enabled: log.enabled,
      CloudwatchLogGroup: log.cloudwatchLogGroup,
      CloudwatchLogStream: log.cloudwatchLogStream,
    },
    tagSet: tagSet(endpoint.tags),
    securityGroupIdSet: endpoint.securityGroupIds,
    vpcId: endpoint.vpcId,
    sessionTimeoutHours: endpoint.sessionTimeoutHours,
    disconnectOnSessionTimeout: false,
  };
}
