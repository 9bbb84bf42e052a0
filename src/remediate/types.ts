// The remediation plan: plain, reviewable data produced by plan.ts (pure) and consumed by apply.ts.
// Never contains pre-shared keys or customer gateway configuration: only the options the fix changes.
import type { IkeVersion } from '../model/types.js';

export const FIXABLE_CONTROLS = ['EC2.183', 'EC2.171', 'EC2.51', 'EC2.20'] as const;
export type FixControl = (typeof FIXABLE_CONTROLS)[number];

/** CloudWatch Logs PutRetentionPolicy accepts only these values (days). */
export const VALID_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const DEFAULT_RETENTION_DAYS = 365;

/** One shared group per account-region under /aws/vendedlogs/ (see docs/fix.md for why). */
export function defaultLogGroupName(region: string): string {
  return `/aws/vendedlogs/vpn/${region}`;
}

export interface PlanOptions {
  /** Log group to use everywhere; undefined = defaultLogGroupName(region). */
  logGroupName: string | undefined;
  logRetentionDays: number;
  /** 'all', or connection ids (vpn-…) / customer gateway ids (cgw-…) the operator confirmed speak IKEv2. */
  confirmIkev2: 'all' | string[];
  /** Controls to fix; empty = every fixable control. */
  only: FixControl[];
  /** Resource ids to fix (vpn-… / cvpn-endpoint-…); empty = everything in scope. */
  resourceIds: string[];
}

/** The options one tunnel has, as far as the fix is concerned. */
export interface TunnelSettings {
  /** undefined = AWS default (ikev1 and ikev2) */
  ikeVersions: IkeVersion[] | undefined;
  startupAction: 'add' | 'start' | undefined;
  logging: { enabled: boolean; logGroupArn: string | undefined; outputFormat: 'json' | 'text' | undefined };
}

/** The members of one ModifyVpnTunnelOptions request (only the ones that change). */
export interface TunnelChange {
  ikeVersions?: IkeVersion[];
  startupAction?: 'add' | 'start';
  logging?: { logGroupArn: string; outputFormat: 'json' };
}

interface StepBase {
  /** Stable id, the journal key: kind:account/region/resource[/tunnel]. */
  id: string;
  accountId: string;
  region: string;
  /** Controls this step closes (a connection passes EC2.183/EC2.171 once both its tunnels are done). */
  closes: FixControl[];
  interruptsTraffic: boolean;
  /** One line a person can review. */
  summary: string;
}

export interface LogGroupStep extends StepBase {
  kind: 'log-group';
  logGroupName: string;
  logGroupArn: string;
  /** Group does not exist yet. */
  create: boolean;
  /** Retention to set (only on a group this step creates). */
  retentionInDays: number | undefined;
}

export interface TunnelStep extends StepBase {
  kind: 'tunnel';
  vpnConnectionId: string;
  outsideIpAddress: string;
  twinOutsideIpAddress: string;
  /** Tunnel status when planned. */
  statusAtPlan: 'UP' | 'DOWN' | 'UNKNOWN';
  before: TunnelSettings;
  after: TunnelSettings;
  change: TunnelChange;
  /** What to send when the tunnel does not come back (present when the change touches IKE or startup). */
  rollback: TunnelChange | undefined;
  /** Log group step that must succeed first. */
  requires: string | undefined;
  /** Set when the step must not run (reason); the connection stops there. */
  blocked: string | undefined;
}

export interface ClientVpnStep extends StepBase {
  kind: 'client-vpn-logging';
  clientVpnEndpointId: string;
  before: { enabled: boolean | undefined; cloudwatchLogGroup: string | undefined };
  after: { enabled: true; cloudwatchLogGroup: string };
  requires: string | undefined;
}

export type Step = LogGroupStep | TunnelStep | ClientVpnStep;

export interface ConnectionPlan {
  kind: 'site-to-site';
  accountId: string;
  region: string;
  vpnConnectionId: string;
  customerGatewayId: string | undefined;
  /** Tunnel steps in execution order (a DOWN tunnel first, the UP twin after it is back). */
  steps: TunnelStep[];
  /** Why something is not planned (e.g. IKEv2 not confirmed); never secrets. */
  notes: string[];
}

export interface EndpointPlan {
  kind: 'client-vpn';
  accountId: string;
  region: string;
  clientVpnEndpointId: string;
  steps: ClientVpnStep[];
  notes: string[];
}

export interface SkippedResource {
  accountId: string;
  region: string;
  resourceId: string;
  reason: string;
}

export interface Plan {
  schemaVersion: '1.0';
  options: PlanOptions;
  /** Log group steps, run before any step that requires them. */
  logGroups: LogGroupStep[];
  connections: ConnectionPlan[];
  endpoints: EndpointPlan[];
  skipped: SkippedResource[];
  /** Plan-wide notes (e.g. a named log group without retention). */
  notes: string[];
  summary: {
    steps: number;
    tunnelChanges: number;
    interruptingChanges: number;
    blockedSteps: number;
    connections: number;
    endpoints: number;
  };
}

/** What the planner knows about a log group (read before planning; plan stays pure). */
export interface LogGroupInfo {
  accountId: string;
  region: string;
  logGroupName: string;
  exists: boolean;
  arn: string | undefined;
  retentionInDays: number | undefined;
}

/** A diagnosis of a DOWN tunnel, as far as the planner needs it. */
export interface TunnelDiagnosisInput {
  vpnConnectionId: string;
  outsideIpAddress: string;
  /** Short cause id, e.g. endpoint-blocked */
  cause: string;
  /** The far side must act (firewall, PSK, gateway offline): changing AWS options cannot bring it UP. */
  farSide: boolean;
  /** One sentence for the report. */
  summary: string;
}
