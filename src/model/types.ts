// The normalized model every stage works on: collect -> evaluate -> diagnose -> plan -> report.
// Plain data only. Pre-shared keys and customer gateway configuration never enter these types.

export type IkeVersion = 'ikev1' | 'ikev2';
export type TunnelStatus = 'UP' | 'DOWN' | 'UNKNOWN';
export type GatewayType = 'VGW' | 'TGW' | 'CLOUDWAN' | 'NONE';
export type Routing = 'static' | 'bgp';

export interface Scope {
  accountId: string;
  region: string;
}

/** One tunnel, identified by its AWS-side outside IP address (never by array position). */
export interface Tunnel {
  outsideIpAddress: string;
  /** undefined when AWS returned no list: AWS's default then allows ikev1 and ikev2. */
  ikeVersions: IkeVersion[] | undefined;
  startupAction: 'add' | 'start' | undefined;
  dpdTimeoutAction: 'clear' | 'none' | 'restart' | undefined;
  dpdTimeoutSeconds: number | undefined;
  logging: {
    enabled: boolean;
    logGroupArn: string | undefined;
    outputFormat: 'json' | 'text' | undefined;
    bgpEnabled: boolean;
  };
  /** From VgwTelemetry matched by outside IP; undefined when AWS returned no telemetry for this IP. */
  telemetry:
    | {
        status: TunnelStatus;
        statusMessage: string;
        /** ISO-8601 */
        lastStatusChange: string | undefined;
        acceptedRouteCount: number;
      }
    | undefined;
}

export interface SiteToSiteVpn extends Scope {
  kind: 'site-to-site';
  vpnConnectionId: string;
  /** pending | available | modifying | deleting | deleted (open string: AWS adds states) */
  state: string;
  customerGatewayId: string | undefined;
  gatewayType: GatewayType;
  gatewayId: string | undefined;
  routing: Routing;
  category: string | undefined;
  tags: Record<string, string>;
  tunnels: Tunnel[];
  /** Telemetry entries whose outside IP matched no tunnel option (data AWS gave that we could not place). */
  unmatchedTelemetry: string[];
}

export interface ClientVpnEndpoint extends Scope {
  kind: 'client-vpn';
  clientVpnEndpointId: string;
  /** pending-associate | available | deleting | deleted | pending */
  status: string;
  description: string | undefined;
  connectionLogging: {
    enabled: boolean | undefined;
    cloudwatchLogGroup: string | undefined;
    cloudwatchLogStream: string | undefined;
  };
  tags: Record<string, string>;
}

export type Resource = SiteToSiteVpn | ClientVpnEndpoint;

export interface Inventory {
  connections: SiteToSiteVpn[];
  clientVpnEndpoints: ClientVpnEndpoint[];
}

export type ResultStatus = 'PASS' | 'FAIL' | 'NOT_APPLICABLE' | 'ERROR';
export type Severity = 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
export type ResourceType = 'AWS::EC2::VPNConnection' | 'AWS::EC2::ClientVpnEndpoint';

export interface TunnelDetail {
  outsideIpAddress: string;
  status: TunnelStatus;
  statusMessage: string;
  lastStatusChange: string | undefined;
  /** Whole seconds DOWN at evaluation time, when DOWN and lastStatusChange is known. */
  downForSeconds: number | undefined;
  ikeVersions: IkeVersion[] | undefined;
  loggingEnabled: boolean;
}

export interface Finding extends Scope {
  control: string; // EC2.183 | EC2.20 | EC2.171 | EC2.51
  checkId: string; // stable id, e.g. vpn-tunnels-up
  resourceId: string;
  resourceType: ResourceType;
  resourceArn: string;
  status: ResultStatus;
  severity: Severity;
  /** One sentence a person can act on; never contains secrets. */
  reason: string;
  tunnels?: TunnelDetail[];
  tags: Record<string, string>;
}

export type GapReason =
  | 'AccessDenied'
  | 'RoleMissing'
  | 'RegionDisabled'
  | 'CallFailed'
  | 'Throttled'
  | 'InvalidCredentials';

export interface CoverageGap {
  accountId: string;
  /** undefined when the whole account could not be reached */
  region: string | undefined;
  reason: GapReason;
  /** Operation that failed, e.g. ec2:DescribeVpnConnections, sts:AssumeRole */
  operation: string | undefined;
  message: string;
}

export interface Coverage {
  complete: boolean;
  scanned: Scope[];
  gaps: CoverageGap[];
}

export type ControlSummary = Record<ResultStatus, number> & { control: string; title: string; severity: Severity };

/** The versioned result of one scan: the input of every formatter (see docs/scan-result.md). */
export interface ScanResult {
  schemaVersion: '1.0';
  tool: { name: 'vpnguard'; version: string };
  startedAt: string;
  finishedAt: string;
  /** What was asked for: accounts and regions in scope. */
  scope: { accounts: string[]; regions: string[] };
  inventory: Inventory;
  findings: Finding[];
  coverage: Coverage;
  summary: { controls: ControlSummary[]; failed: number; errors: number; resources: number };
}

/**
 * A ScanResult whose findings may be produced one at a time (in the same documented order) instead of held in
 * an array: what the scan hands to the streaming formatters. A ScanResult is a ScanSource.
 */
export type ScanSource = Omit<ScanResult, 'findings'> & { findings: Iterable<Finding> };
