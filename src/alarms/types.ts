// The alarm plan's data: what vpnguard wants per tunnel (DesiredAlarm), what CloudWatch has (ExistingAlarm)
// and the plan between them. Plain data: the plan is printed as JSON and tested without AWS.
import type { Routing } from '../model/types.js';

/** Every alarm vpnguard makes starts with this; discovery reads only these names (DescribeAlarms AlarmNamePrefix). */
export const ALARM_NAME_PREFIX = 'vpnguard-tunnel-down-';
/** The ownership tag: an alarm without it is the user's, whatever its name, and vpnguard never changes or deletes it. */
export const MANAGED_BY_TAG = { key: 'managed-by', value: 'vpnguard' } as const;
export const VPN_TAG = 'vpnguard:vpn-connection-id';
export const TUNNEL_TAG = 'vpnguard:tunnel-ip-address';

export const TUNNEL_STATE_NAMESPACE = 'AWS/VPN';
export const TUNNEL_STATE_METRIC = 'TunnelState';

export type TopicChoice = { kind: 'arn'; arn: string } | { kind: 'name'; name: string };

export interface AlarmSettings {
  periodSeconds: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  /** also notify the topic when the tunnel recovers (OKActions) */
  notifyOk: boolean;
  topic: TopicChoice;
}

export interface Dimension {
  Name: string;
  Value: string;
}

export interface DesiredAlarm {
  accountId: string;
  region: string;
  vpnConnectionId: string;
  outsideIpAddress: string;
  routing: Routing;
  alarmName: string;
  description: string;
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
  statistic: string;
  period: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  threshold: number;
  comparisonOperator: string;
  treatMissingData: string;
  alarmActions: string[];
  okActions: string[];
  tags: Record<string, string>;
}

/** A metric alarm as DescribeAlarms (and ListTagsForResource) returned it. */
export interface ExistingAlarm {
  accountId: string;
  region: string;
  alarmName: string;
  alarmArn: string;
  description: string | undefined;
  namespace: string | undefined;
  metricName: string | undefined;
  dimensions: Dimension[];
  statistic: string | undefined;
  period: number | undefined;
  evaluationPeriods: number | undefined;
  datapointsToAlarm: number | undefined;
  threshold: number | undefined;
  comparisonOperator: string | undefined;
  treatMissingData: string | undefined;
  unit: string | undefined;
  actionsEnabled: boolean | undefined;
  alarmActions: string[];
  okActions: string[];
  insufficientDataActions: string[];
  stateValue: string | undefined;
  tags: Record<string, string>;
}

export interface TopicToEnsure {
  accountId: string;
  region: string;
  name: string;
  arn: string;
}

export interface AlarmUpdate {
  desired: DesiredAlarm;
  existing: ExistingAlarm;
  /** one line per difference, e.g. `period 60 -> 300` */
  changes: string[];
  /** PutMetricAlarm ignores tags on an existing alarm: TagResource sets them */
  retag: boolean;
}

export interface AlarmDeletion {
  existing: ExistingAlarm;
  reason: string;
}

export interface BlockedAlarm {
  desired: DesiredAlarm;
  existing: ExistingAlarm | undefined;
  reason: string;
}

export interface AlarmPlan {
  settings: AlarmSettings;
  /** topics CreateTopic makes sure of (idempotent), only where an alarm is created or updated */
  topics: TopicToEnsure[];
  create: DesiredAlarm[];
  update: AlarmUpdate[];
  delete: AlarmDeletion[];
  unchanged: DesiredAlarm[];
  blocked: BlockedAlarm[];
  summary: { create: number; update: number; delete: number; unchanged: number; blocked: number };
}
