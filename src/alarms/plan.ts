// The TunnelState alarm plan (pure): one alarm per tunnel of every live connection, compared with the
// alarms vpnguard finds under its name prefix. Creates what is missing, updates what drifted, deletes
// what vpnguard made for a connection or tunnel that is gone, and never touches an alarm without the
// managed-by=vpnguard tag (a same-named user alarm blocks the tunnel instead of being overwritten).
// Only account-regions read completely (connections and alarms) are planned: a region with a coverage gap
// gets no change at all, because "no connection seen" there does not mean "no connection".
import { ALARM_DEFAULTS } from '../guardrails/alarm-defaults.js';
import type { Inventory, Scope, SiteToSiteVpn } from '../model/types.js';
import {
  ALARM_NAME_PREFIX,
  MANAGED_BY_TAG,
  TUNNEL_STATE_METRIC,
  TUNNEL_STATE_NAMESPACE,
  TUNNEL_TAG,
  VPN_TAG,
  type AlarmDeletion,
  type AlarmPlan,
  type AlarmSettings,
  type AlarmUpdate,
  type BlockedAlarm,
  type DesiredAlarm,
  type ExistingAlarm,
  type TopicToEnsure,
} from './types.js';

export interface PlanOptions {
  settings: AlarmSettings;
  /** `aws`, `aws-cn`, `aws-us-gov`: the partition of topic ARNs made from --topic-name */
  partition: string;
  /** account-regions whose connections and alarms were both read completely */
  scopes: readonly Scope[];
}

/** Connection states whose tunnels publish TunnelState (and keep their alarms). */
const LIVE_STATES = new Set(['available', 'modifying']);
/** Connection states after which its alarms have nothing left to watch. */
const GONE_STATES = new Set(['deleting', 'deleted']);

const scopeKey = (s: Scope): string => `${s.accountId}/${s.region}`;

/** `vpnguard-tunnel-down-vpn-0abc…-203.0.113.20` (IPv6 colons become dashes: names stay readable in ARNs). */
export function alarmNameFor(vpnConnectionId: string, outsideIpAddress: string): string {
  return `${ALARM_NAME_PREFIX}${vpnConnectionId}-${outsideIpAddress.replace(/[^A-Za-z0-9.]/g, '-')}`;
}

export function topicArnFor(settings: AlarmSettings, partition: string, scope: Scope): string {
  return settings.topic.kind === 'arn' ? settings.topic.arn : `arn:${partition}:sns:${scope.region}:${scope.accountId}:${settings.topic.name}`;
}

/** The alarm text on-call reads first: what is down, what the numbers mean, and the BGP caveat. */
export function alarmDescription(conn: SiteToSiteVpn, outsideIpAddress: string, settings: AlarmSettings): string {
  const name = conn.tags.Name ? ` (${conn.tags.Name.slice(0, 64)})` : '';
  const rule =
    `AWS/VPN TunnelState Minimum < 1 in ${settings.datapointsToAlarm} of ${settings.evaluationPeriods} periods of ${settings.periodSeconds} s; ` +
    'missing data counts as DOWN, so a tunnel that stops reporting pages too.';
  const routing =
    conn.routing === 'bgp'
      ? 'BGP connection: TunnelState is 1 only while the BGP session is established, so this alarm also fires when IPsec is up but BGP is down (StatusMessage "IPSEC IS UP"): check the BGP session and routes before the IPsec settings.'
      : 'Static routing: TunnelState 0 means the IPsec tunnel is down.';
  return `vpnguard: VPN tunnel ${outsideIpAddress} of ${conn.vpnConnectionId}${name} is DOWN. ${rule} ${routing} Managed by \`vpnguard alarms\`: edits by hand are reverted on its next run.`;
}

function desiredFor(conn: SiteToSiteVpn, outsideIpAddress: string, options: PlanOptions): DesiredAlarm {
  const { settings } = options;
  const topic = topicArnFor(settings, options.partition, conn);
  return {
    accountId: conn.accountId,
    region: conn.region,
    vpnConnectionId: conn.vpnConnectionId,
    outsideIpAddress,
    routing: conn.routing,
    alarmName: alarmNameFor(conn.vpnConnectionId, outsideIpAddress),
    description: alarmDescription(conn, outsideIpAddress, settings),
    namespace: TUNNEL_STATE_NAMESPACE,
    metricName: TUNNEL_STATE_METRIC,
    dimensions: [
      { Name: 'VpnId', Value: conn.vpnConnectionId },
      { Name: 'TunnelIpAddress', Value: outsideIpAddress },
    ],
    statistic: ALARM_DEFAULTS.statistic,
    period: settings.periodSeconds,
    evaluationPeriods: settings.evaluationPeriods,
    datapointsToAlarm: settings.datapointsToAlarm,
    threshold: ALARM_DEFAULTS.threshold,
    comparisonOperator: ALARM_DEFAULTS.comparisonOperator,
    treatMissingData: ALARM_DEFAULTS.treatMissingData,
    alarmActions: [topic],
    okActions: settings.notifyOk ? [topic] : [],
    tags: { [MANAGED_BY_TAG.key]: MANAGED_BY_TAG.value, [VPN_TAG]: conn.vpnConnectionId, [TUNNEL_TAG]: outsideIpAddress },
  };
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
const show = (value: string | number | boolean | readonly string[] | undefined): string =>
  value === undefined ? '(none)' : typeof value === 'object' ? `[${value.join(', ')}]` : String(value);

/** What differs between the alarm as wanted and as found (PutMetricAlarm then rewrites the whole alarm). */
export function differences(desired: DesiredAlarm, existing: ExistingAlarm): { changes: string[]; retag: boolean } {
  const changes: string[] = [];
  const compare = (label: string, want: string | number | boolean | undefined, have: string | number | boolean | undefined): void => {
    if (want !== have) changes.push(`${label} ${show(have)} -> ${show(want)}`);
  };
  compare('namespace', desired.namespace, existing.namespace);
  compare('metric', desired.metricName, existing.metricName);
  const dims = (list: readonly { Name: string; Value: string }[]) => list.map((d) => `${d.Name}=${d.Value}`);
  if (!sameSet(dims(desired.dimensions), dims(existing.dimensions))) changes.push(`dimensions ${show(dims(existing.dimensions))} -> ${show(dims(desired.dimensions))}`);
  compare('statistic', desired.statistic, existing.statistic);
  compare('period', desired.period, existing.period);
  compare('evaluation periods', desired.evaluationPeriods, existing.evaluationPeriods);
  compare('datapoints to alarm', desired.datapointsToAlarm, existing.datapointsToAlarm ?? existing.evaluationPeriods);
  compare('threshold', desired.threshold, existing.threshold);
  compare('comparison', desired.comparisonOperator, existing.comparisonOperator);
  compare('missing data', desired.treatMissingData, existing.treatMissingData ?? 'missing');
  compare('unit', undefined, existing.unit);
  compare('actions enabled', true, existing.actionsEnabled);
  if (!sameSet(desired.alarmActions, existing.alarmActions)) changes.push(`alarm actions ${show(existing.alarmActions)} -> ${show(desired.alarmActions)}`);
  if (!sameSet(desired.okActions, existing.okActions)) changes.push(`OK actions ${show(existing.okActions)} -> ${show(desired.okActions)}`);
  if (existing.insufficientDataActions.length > 0) changes.push(`insufficient-data actions ${show(existing.insufficientDataActions)} -> []`);
  if (desired.description !== existing.description) changes.push('description');
  const retag = Object.entries(desired.tags).some(([key, value]) => existing.tags[key] !== value);
  if (retag) changes.push('tags');
  return { changes, retag };
}

/** Why a vpnguard alarm has nothing left to watch, or undefined when its tunnel still exists (or may come). */
function goneReason(alarm: ExistingAlarm, connections: Map<string, SiteToSiteVpn>): string | undefined {
  const vpnId = alarm.tags[VPN_TAG] ?? /^vpnguard-tunnel-down-(vpn-[0-9a-f]+)-/.exec(alarm.alarmName)?.[1];
  const ip = alarm.tags[TUNNEL_TAG];
  if (vpnId === undefined) return 'it names no VPN connection (no vpnguard:vpn-connection-id tag)';
  const conn = connections.get(`${alarm.accountId}/${alarm.region}/${vpnId}`);
  if (!conn) return `connection ${vpnId} no longer exists`;
  if (GONE_STATES.has(conn.state)) return `connection ${vpnId} is ${conn.state}`;
  if (ip !== undefined && !conn.tunnels.some((t) => t.outsideIpAddress === ip)) return `${ip} is no longer a tunnel of ${vpnId}`;
  if (!LIVE_STATES.has(conn.state)) return undefined; // pending: leave it be
  return 'superseded: the tunnel has an alarm under its current name';
}

export function planAlarms(inventory: Inventory, existingAlarms: readonly ExistingAlarm[], options: PlanOptions): AlarmPlan {
  const inScope = new Set(options.scopes.map(scopeKey));
  const connections = new Map(inventory.connections.map((c) => [`${c.accountId}/${c.region}/${c.vpnConnectionId}`, c]));
  const existingByName = new Map<string, ExistingAlarm>();
  for (const alarm of existingAlarms) if (inScope.has(scopeKey(alarm))) existingByName.set(`${scopeKey(alarm)}/${alarm.alarmName}`, alarm);

  const create: DesiredAlarm[] = [];
  const update: AlarmUpdate[] = [];
  const unchanged: DesiredAlarm[] = [];
  const blocked: BlockedAlarm[] = [];
  const wanted = new Set<string>();
  const connectionsInScope = inventory.connections
    .filter((c) => inScope.has(scopeKey(c)) && LIVE_STATES.has(c.state))
    .sort((a, b) => compare(scopeKey(a), scopeKey(b)) || compare(a.vpnConnectionId, b.vpnConnectionId));
  for (const conn of connectionsInScope) {
    const ips = [...new Set(conn.tunnels.map((t) => t.outsideIpAddress).filter((ip) => ip !== ''))].sort(compare);
    for (const ip of ips) {
      const desired = desiredFor(conn, ip, options);
      const key = `${scopeKey(conn)}/${desired.alarmName}`;
      wanted.add(key);
      const topicArn = desired.alarmActions[0]!;
      const topicRegion = topicArn.split(':')[3];
      if (topicRegion !== conn.region) {
        blocked.push({ desired, existing: existingByName.get(key), reason: `topic ${topicArn} is in ${topicRegion}; alarm actions must be in the alarm's region (${conn.region}): use --topic-name, or scope --region ${topicRegion}` });
        continue;
      }
      const existing = existingByName.get(key);
      if (!existing) {
        create.push(desired);
        continue;
      }
      if (existing.tags[MANAGED_BY_TAG.key] !== MANAGED_BY_TAG.value) {
        blocked.push({ desired, existing, reason: `an alarm named ${desired.alarmName} exists without the ${MANAGED_BY_TAG.key}=${MANAGED_BY_TAG.value} tag: it is left alone (tag it, or delete it, to let vpnguard manage it)` });
        continue;
      }
      const { changes, retag } = differences(desired, existing);
      if (changes.length === 0) unchanged.push(desired);
      else update.push({ desired, existing, changes, retag });
    }
  }

  const deletions: AlarmDeletion[] = [];
  for (const [key, alarm] of existingByName) {
    if (wanted.has(key) || !alarm.alarmName.startsWith(ALARM_NAME_PREFIX)) continue;
    if (alarm.tags[MANAGED_BY_TAG.key] !== MANAGED_BY_TAG.value) continue; // the user's: never deleted
    const reason = goneReason(alarm, connections);
    if (reason !== undefined) deletions.push({ existing: alarm, reason });
  }
  deletions.sort((a, b) => compare(`${scopeKey(a.existing)}/${a.existing.alarmName}`, `${scopeKey(b.existing)}/${b.existing.alarmName}`));

  const topics: TopicToEnsure[] = [];
  if (options.settings.topic.kind === 'name') {
    const seen = new Set<string>();
    for (const desired of [...create, ...update.map((u) => u.desired)]) {
      if (seen.has(scopeKey(desired))) continue;
      seen.add(scopeKey(desired));
      topics.push({ accountId: desired.accountId, region: desired.region, name: options.settings.topic.name, arn: desired.alarmActions[0]! });
    }
  }
  return {
    settings: options.settings,
    topics,
    create,
    update,
    delete: deletions,
    unchanged,
    blocked,
    summary: { create: create.length, update: update.length, delete: deletions.length, unchanged: unchanged.length, blocked: blocked.length },
  };
}

/** Whether applying the plan changes anything. */
export function hasChanges(plan: AlarmPlan): boolean {
  return plan.create.length + plan.update.length + plan.delete.length > 0;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
