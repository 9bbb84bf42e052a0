// The lab's world: plain state shared by the protocol layer, the services and the scenario loader.
// The lab imports nothing from src/: it is an independent reading of AWS, so that the tool and the lab
// cannot agree on a mistake.

export type IkeVersion = 'ikev1' | 'ikev2';
export type TelemetryStatus = 'UP' | 'DOWN';

/** Why a tunnel is DOWN in the lab (ground truth that diagnosis must rediscover from AWS-visible data). */
export type DownCause =
  | 'replacing' // endpoint replacement after ModifyVpnTunnelOptions
  | 'gateway-offline' // the customer gateway or its internet link is down (both tunnels)
  | 'endpoint-blocked' // far-side firewall blocks UDP 500/4500 to this AWS endpoint
  | 'ike-version-mismatch' // no IKE version in common
  | 'no-initiator' // nobody starts IKE: StartupAction add and the gateway does not initiate (idle SA expired)
  | 'dpd-clear-idle' // DPD declared the peer dead with action clear and no traffic brings it back
  | 'psk-mismatch'
  | 'proposal-mismatch' // phase 1/2 proposals do not overlap: "No proposal chosen"
  | 'bgp-down' // IPsec up, BGP session not established
  | 'connection-not-available' // pending, deleting, deleted
  | 'scenario'; // forced DOWN by the scenario file with no modelled cause

/** Behaviour of the far side. Drives tunnel status; never returned by any API as such. */
export interface GatewayDevice {
  ikeVersions: IkeVersion[];
  /** The device starts IKE itself (it has interesting traffic or is configured to initiate). */
  initiates: boolean;
  /** The device and its internet link are up. */
  online: boolean;
  /** AWS tunnel outside IPs its firewall blocks on UDP 500/4500. */
  blockedEndpoints: string[];
  /** AWS tunnel outside IPs for which the device holds a different pre-shared key. */
  pskMismatch: string[];
  /** AWS tunnel outside IPs whose phase 1/2 proposals do not overlap the device's. */
  proposalMismatch: string[];
  /** The BGP session comes up when IPsec is up (dynamic routing only). */
  bgpSessionUp: boolean;
  /** Routes the device advertises over BGP. */
  advertisedRoutes: number;
  /** No interesting traffic crosses the link (idle SAs expire; DPD with clear tears down). */
  idle: boolean;
}

export interface CustomerGateway {
  customerGatewayId: string;
  state: 'pending' | 'available' | 'deleting' | 'deleted';
  type: 'ipsec.1';
  ipAddress: string;
  bgpAsn: string;
  deviceName?: string;
  tags: Record<string, string>;
  device: GatewayDevice;
}

export interface VpnGateway {
  vpnGatewayId: string;
  state: 'pending' | 'available' | 'deleting' | 'deleted';
  type: 'ipsec.1';
  amazonSideAsn: number;
  vpcAttachments: { vpcId: string; state: string }[];
  tags: Record<string, string>;
}

export interface CloudWatchLogOptions {
  logEnabled: boolean;
  logGroupArn?: string;
  logOutputFormat?: 'json' | 'text';
  bgpLogEnabled: boolean;
  bgpLogGroupArn?: string;
  bgpLogOutputFormat?: 'json' | 'text';
}

export interface TunnelOptions {
  outsideIpAddress: string;
  tunnelInsideCidr: string;
  preSharedKey: string;
  phase1LifetimeSeconds: number;
  phase2LifetimeSeconds: number;
  rekeyMarginTimeSeconds: number;
  rekeyFuzzPercentage: number;
  replayWindowSize: number;
  dpdTimeoutSeconds: number;
  dpdTimeoutAction: 'clear' | 'none' | 'restart';
  phase1EncryptionAlgorithms: string[];
  phase2EncryptionAlgorithms: string[];
  phase1IntegrityAlgorithms: string[];
  phase2IntegrityAlgorithms: string[];
  phase1DHGroupNumbers: number[];
  phase2DHGroupNumbers: number[];
  /** undefined = never set explicitly: omitted from responses, behaves as ikev1+ikev2 (AWS's default). */
  ikeVersions: IkeVersion[] | undefined;
  startupAction: 'add' | 'start';
  logOptions: CloudWatchLogOptions;
  enableTunnelLifecycleControl: boolean;
}

export interface Telemetry {
  outsideIpAddress: string;
  status: TelemetryStatus;
  /** epoch ms */
  lastStatusChange: number;
  statusMessage: string;
  acceptedRouteCount: number;
  /** lab-only ground truth */
  cause: DownCause | undefined;
}

export interface Tunnel {
  options: TunnelOptions;
  telemetry: Telemetry;
  /** epoch ms until which the endpoint is being replaced */
  replacingUntil: number | undefined;
  /** Forced DOWN by the scenario until a world event changes the gateway (cause 'scenario'). */
  forcedDown: boolean;
}

export type VpnState = 'pending' | 'available' | 'modifying' | 'deleting' | 'deleted';

export interface VpnConnection {
  vpnConnectionId: string;
  state: VpnState;
  type: 'ipsec.1';
  category: 'VPN';
  customerGatewayId: string;
  vpnGatewayId?: string;
  transitGatewayId?: string;
  coreNetworkArn?: string;
  staticRoutesOnly: boolean;
  enableAcceleration: boolean;
  localIpv4NetworkCidr: string;
  remoteIpv4NetworkCidr: string;
  outsideIpAddressType: 'PublicIpv4' | 'PrivateIpv4' | 'Ipv6';
  tunnelInsideIpVersion: 'ipv4' | 'ipv6';
  /** Exactly two tunnels. Their order here is NOT the telemetry order in responses (see services/ec2). */
  tunnels: [Tunnel, Tunnel];
  routes: { destinationCidrBlock: string; source: 'Static'; state: 'available' | 'deleted' }[];
  tags: Record<string, string>;
  /** epoch ms */
  createdAt: number;
  /**
   * Emit vgwTelemetry in the opposite order to tunnelOptionSet, as real AWS data allows: a tool that pairs
   * tunnels by array position instead of outside IP gets these connections wrong.
   */
  telemetryReversed?: boolean;
  /** epoch ms when a `deleted` connection stops being returned by DescribeVpnConnections */
  forgetAt?: number;
}

export interface ClientVpnEndpoint {
  clientVpnEndpointId: string;
  description: string;
  status: 'pending-associate' | 'available' | 'deleting' | 'deleted' | 'pending';
  creationTime: number;
  clientCidrBlock: string;
  dnsServers: string[];
  splitTunnel: boolean;
  vpnProtocol: 'openvpn';
  transportProtocol: 'udp' | 'tcp';
  vpnPort: number;
  serverCertificateArn: string;
  sessionTimeoutHours: number;
  vpcId: string;
  securityGroupIds: string[];
  connectionLogOptions: { enabled: boolean; cloudwatchLogGroup?: string; cloudwatchLogStream?: string };
  tags: Record<string, string>;
}

export interface LogEvent {
  timestamp: number;
  ingestionTime: number;
  message: string;
  eventId: string;
}

export interface LogGroup {
  logGroupName: string;
  creationTime: number;
  retentionInDays?: number;
  tags: Record<string, string>;
  /** stream name -> events (append-only, time-ordered) */
  streams: Map<string, LogEvent[]>;
  /** stream name -> creation time (epoch ms); streams missing here report the group's creation time */
  streamCreationTimes?: Map<string, number>;
}

export interface MetricAlarm {
  alarmName: string;
  alarmDescription?: string;
  actionsEnabled: boolean;
  okActions: string[];
  alarmActions: string[];
  insufficientDataActions: string[];
  metricName: string;
  namespace: string;
  statistic?: string;
  dimensions: { Name: string; Value: string }[];
  period: number;
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  threshold: number;
  comparisonOperator: string;
  treatMissingData?: string;
  unit?: string;
  stateValue: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  stateReason: string;
  stateUpdatedTimestamp: number;
  configurationUpdatedTimestamp: number;
  tags: Record<string, string>;
}

export interface SnsTopic {
  topicArn: string;
  name: string;
  attributes: Record<string, string>;
  tags: Record<string, string>;
}

/** One message SNS accepted for a topic (the lab delivers nowhere; tests and the world API read these). */
export interface SnsDelivery {
  time: number;
  accountId: string;
  region: string;
  topicArn: string;
  messageId: string;
  subject?: string;
  message: string;
  /** 'publish' for the Publish API; other lab code (alarm actions) records its own origin */
  origin: string;
}

/** Everything that lives in one account and one region. */
export interface RegionState {
  accountId: string;
  region: string;
  customerGateways: Map<string, CustomerGateway>;
  vpnGateways: Map<string, VpnGateway>;
  transitGatewayIds: Set<string>;
  vpnConnections: Map<string, VpnConnection>;
  clientVpnEndpoints: Map<string, ClientVpnEndpoint>;
  logGroups: Map<string, LogGroup>;
  alarms: Map<string, MetricAlarm>;
  topics: Map<string, SnsTopic>;
}

export interface RegionInfo {
  regionName: string;
  optInStatus: 'opt-in-not-required' | 'opted-in' | 'not-opted-in';
}

export interface Account {
  accountId: string;
  name: string;
  email: string;
  /** The organization's management account (may call Organizations ListAccounts). */
  management: boolean;
  /** Role names that exist in this account and can be assumed by the management account. */
  roles: string[];
  regions: RegionInfo[];
  accessKeyId: string;
  secretAccessKey: string;
}

/** One entry of the tunnel status history: every status change, with lab ground truth. */
export interface StatusChange {
  time: number;
  accountId: string;
  region: string;
  vpnConnectionId: string;
  outsideIpAddress: string;
  status: TelemetryStatus;
  statusMessage: string;
  cause: DownCause | undefined;
}

export interface RequestLogEntry {
  time: number;
  accountId: string | undefined;
  region: string | undefined;
  service: string;
  operation: string;
  /** 'ok', or the error code returned (RequestLimitExceeded, AuthFailure, InternalError, reset, ...) */
  outcome: string;
  httpStatus: number;
  mutating: boolean;
  /** for ModifyVpnTunnelOptions: which tunnel, so tests can prove "no tunnel modified twice" */
  target?: string;
}
