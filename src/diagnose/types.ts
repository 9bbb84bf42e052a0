// Diagnosis of DOWN Site-to-Site VPN tunnels: the evidence the rules read and the causes they return.
// Plain data only. Pre-shared keys and customer gateway configuration never enter these types.
import type { IkeVersion, Routing, TunnelStatus } from '../model/types.js';

/** Tunnel IKE / IPsec phase state as AWS writes it in TunnelIKEPhase1State / TunnelIKEPhase2State. */
export type PhaseState = 'Established' | 'Rekeying' | 'Negotiating' | 'Down';

/** What a recognised AWS tunnel log message means (see catalog.ts). */
export type LogSignal =
  | 'psk-mismatch'
  | 'no-proposal'
  | 'phase1-timeout'
  | 'dpd-timeout'
  | 'peer-dead'
  | 'delete-received'
  | 'ts-unacceptable'
  | 'phase2-failed'
  | 'rekey-collision'
  | 'sa-expired'
  | 'established'
  | 'negotiating';

/** One tunnel log event, parsed from AWS's json or text tunnel log format. */
export interface TunnelLogEvent {
  /** epoch ms (the CloudWatch event timestamp) */
  timestamp: number;
  vpnConnectionId: string | undefined;
  tunnelOutsideIpAddress: string | undefined;
  phase1State: PhaseState | undefined;
  phase2State: PhaseState | undefined;
  /** VpnLogDetail (free text), or the whole message when it could not be parsed. */
  detail: string;
  signals: LogSignal[];
}

/** What reading one tunnel's CloudWatch log group gave. */
export type LogRead =
  /** Tunnel logging is off: there is nothing to read, and logs are not retroactive. */
  | { state: 'disabled' }
  /** Logging is on but the log was not read (scan without --diagnose-logs, or --no-logs). */
  | { state: 'not-read'; reason: string }
  /** Logging is on but reading was refused (AccessDenied / not authorized). */
  | { state: 'denied'; message: string }
  /** Logging is on but reading failed for another reason (missing group, throttled, network). */
  | { state: 'error'; message: string }
  | {
      state: 'read';
      logGroupName: string;
      /** epoch ms, inclusive */
      startTime: number;
      endTime: number;
      events: TunnelLogEvent[];
      /** true when the page limit stopped the read before the window was exhausted */
      truncated: boolean;
    };

/** StatusMessage parsed defensively (values are observed, not documented by AWS). */
export type StatusMessageKind =
  | { kind: 'ipsec'; up: boolean }
  | { kind: 'bgp-routes'; routes: number }
  | { kind: 'empty' }
  | { kind: 'other'; raw: string };

/** Summary of one tunnel's log read that rules reason over. */
export interface LogSummary {
  read: LogRead;
  /** Recognised signals in the window, with counts (empty unless read). */
  counts: Partial<Record<LogSignal, number>>;
  /** Latest event per signal. */
  latest: Partial<Record<LogSignal, TunnelLogEvent>>;
  /** Events that matched no catalog entry (a few samples, for "unknown"). */
  unrecognized: TunnelLogEvent[];
  total: number;
}

export interface TunnelEvidence {
  outsideIpAddress: string;
  status: TunnelStatus;
  statusMessage: string;
  statusKind: StatusMessageKind;
  lastStatusChange: string | undefined;
  /** Whole seconds since lastStatusChange when DOWN; undefined when unknown or UP. */
  downForSeconds: number | undefined;
  acceptedRouteCount: number;
  /** As configured; undefined = AWS default (ikev1 and ikev2). */
  ikeVersions: IkeVersion[] | undefined;
  /** The versions the tunnel accepts (AWS default applied). */
  acceptedIkeVersions: IkeVersion[];
  /** Effective (AWS default `add` applied). */
  startupAction: 'add' | 'start';
  /** Effective (AWS default `clear` applied). */
  dpdTimeoutAction: 'clear' | 'none' | 'restart';
  loggingEnabled: boolean;
  logGroupArn: string | undefined;
  logs: LogSummary;
  /** false when AWS returned no telemetry for this tunnel */
  hasTelemetry: boolean;
}

export interface ConnectionEvidence {
  vpnConnectionId: string;
  accountId: string;
  region: string;
  state: string;
  routing: Routing;
  customerGatewayId: string | undefined;
  /** epoch ms at which the evidence was taken */
  now: number;
  tunnels: TunnelEvidence[];
}

export type CauseId =
  | 'far-side-firewall'
  | 'gateway-offline'
  | 'ike-version-mismatch'
  | 'no-initiator'
  | 'dpd-clear'
  | 'bgp-down'
  | 'psk-mismatch'
  | 'proposal-mismatch'
  | 'traffic-selector-mismatch'
  | 'endpoint-replacement'
  | 'unknown';

/**
 * Confidence is a number in [0, 1] with a label: high >= 0.75, medium >= 0.5, low below.
 * `unknown` causes carry confidence 0.
 */
export type ConfidenceLabel = 'high' | 'medium' | 'low';

/** What a rule returns: a cause it can back with evidence. */
export interface RuleFinding {
  cause: CauseId;
  title: string;
  confidence: number;
  /** Outside IPs of the tunnels this cause explains. */
  tunnels: string[];
  /** Every fact the rule used, one sentence each (never empty). */
  evidence: string[];
  nextStep: string;
  /** The command (or far-side action) to run next. */
  command?: string;
}

/** The tunnel a rule is asked about, with its twin (the other tunnel of the same connection). */
export interface TunnelContext {
  connection: ConnectionEvidence;
  tunnel: TunnelEvidence;
  twin: TunnelEvidence | undefined;
}

/** A rule: small and pure; returns nothing when it has no evidence for its cause. */
export type Rule = (context: TunnelContext) => RuleFinding | undefined;

export interface RankedCause extends RuleFinding {
  confidenceLabel: ConfidenceLabel;
}

/** Why a connection sits where it does in the list. */
export type PriorityTier = 'redundancy-lost' | 'outage' | 'degraded-unknown';

export interface TunnelSummary {
  outsideIpAddress: string;
  status: TunnelStatus;
  statusMessage: string;
  lastStatusChange: string | undefined;
  downForSeconds: number | undefined;
  ikeVersions: IkeVersion[] | undefined;
  startupAction: 'add' | 'start';
  dpdTimeoutAction: 'clear' | 'none' | 'restart';
  logs: {
    enabled: boolean;
    read: LogRead['state'];
    events?: number;
    window?: { startTime: string; endTime: string };
    truncated?: boolean;
    message?: string;
  };
}

export interface Diagnosis {
  vpnConnectionId: string;
  accountId: string;
  region: string;
  state: string;
  routing: Routing;
  priority: {
    tier: PriorityTier;
    /** Longest DOWN duration among the connection's DOWN tunnels, in seconds. */
    downForSeconds: number | undefined;
    reason: string;
  };
  tunnels: TunnelSummary[];
  /** Ranked, highest confidence first; never empty for a connection with a DOWN tunnel. */
  causes: RankedCause[];
  /** Said when logs could not answer: off (not retroactive), denied, failed. */
  logNotes: string[];
}
