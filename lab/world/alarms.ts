// CloudWatch alarm evaluation on the lab clock, for alarms on AWS/VPN TunnelState (the only metric the lab
// publishes; other alarms keep the state they were created with). Evaluation runs as a world task every lab
// minute (CloudWatch evaluates metric alarms once a minute), so it happens in time order with every other
// transition, lazily, whenever the world settles: before each AWS request, each /_lab read and each clock move.
//
// At each minute the alarm looks at its last EvaluationPeriods periods, the newest being the period that
// contains the minute; a period with no sample is missing and TreatMissingData decides what it counts as.
// DatapointsToAlarm (default EvaluationPeriods) breaching datapoints make ALARM; fewer make OK; a window with
// nothing in it is INSUFFICIENT_DATA under `missing` and leaves the state as it is under `ignore`.
// A transition runs the actions of the new state (when ActionsEnabled): a message to each SNS topic,
// recorded in world.deliveries with origin `cloudwatch-alarm`, in the shape CloudWatch sends.
import { randomUUID } from 'node:crypto';
import {
  bucketize,
  lastChangeAt,
  metricSamples,
  statistic,
  supportedStatistic,
  TUNNEL_STATE,
  TUNNEL_STATE_PUBLISH_SECONDS,
  TUNNEL_STATE_UNIT,
  VPN_NAMESPACE,
  type MetricQuery,
} from './metrics.js';
import type { MetricAlarm, RegionState } from './types.js';
import type { World } from './world.js';

export type AlarmState = MetricAlarm['stateValue'];

const MINUTE_MS = 60_000;

/** Per-alarm evaluation state the wire shape does not hold. */
interface AlarmRuntime {
  /** the configuration this runtime belongs to (a PutMetricAlarm update restarts the stable-window skip) */
  configurationUpdatedTimestamp: number;
  /** last minute evaluated, epoch ms */
  evaluatedAt: number | undefined;
  /** set when the window can no longer change: later minutes need no evaluation until new data arrives */
  stableSince: number | undefined;
  stateReasonData: string | undefined;
}

export interface AlarmHistoryItem {
  alarmName: string;
  alarmType: 'MetricAlarm';
  /** epoch ms */
  timestamp: number;
  historyItemType: 'ConfigurationUpdate' | 'StateUpdate' | 'Action';
  historySummary: string;
  historyData: string;
}

interface AlarmStore {
  runtimes: Map<string, AlarmRuntime>;
  history: AlarmHistoryItem[];
}

const stores = new WeakMap<RegionState, AlarmStore>();
const tickers = new WeakMap<World, { scheduledAt: number | undefined }>();

function storeOf(region: RegionState): AlarmStore {
  let store = stores.get(region);
  if (!store) {
    store = { runtimes: new Map(), history: [] };
    stores.set(region, store);
  }
  return store;
}

function runtimeOf(region: RegionState, alarm: MetricAlarm): AlarmRuntime {
  const store = storeOf(region);
  let runtime = store.runtimes.get(alarm.alarmName);
  if (!runtime || runtime.configurationUpdatedTimestamp !== alarm.configurationUpdatedTimestamp) {
    runtime = {
      configurationUpdatedTimestamp: alarm.configurationUpdatedTimestamp,
      evaluatedAt: runtime?.evaluatedAt,
      stableSince: undefined,
      stateReasonData: runtime?.stateReasonData,
    };
    store.runtimes.set(alarm.alarmName, runtime);
  }
  return runtime;
}

/** Whether the lab evaluates this alarm (AWS/VPN TunnelState with a statistic the lab computes). */
export function evaluated(alarm: MetricAlarm): boolean {
  return (
    alarm.namespace === VPN_NAMESPACE &&
    alarm.metricName === TUNNEL_STATE &&
    alarm.statistic !== undefined &&
    supportedStatistic(alarm.statistic)
  );
}

/** StateReasonData of the alarm's current state, when the lab evaluated it. */
export function stateReasonData(region: RegionState, alarmName: string): string | undefined {
  return stores.get(region)?.runtimes.get(alarmName)?.stateReasonData;
}

export function alarmHistory(region: RegionState): readonly AlarmHistoryItem[] {
  return stores.get(region)?.history ?? [];
}

/** PutMetricAlarm: record the configuration change and make sure the minute ticker runs. */
export function alarmConfigured(
  world: World,
  region: RegionState,
  alarm: MetricAlarm,
  created: boolean,
): void {
  storeOf(region).history.push({
    alarmName: alarm.alarmName,
    alarmType: 'MetricAlarm',
    timestamp: alarm.configurationUpdatedTimestamp,
    historyItemType: 'ConfigurationUpdate',
    historySummary: `Alarm "${alarm.alarmName}" ${created ? 'created' : 'updated'}`,
    historyData: JSON.stringify({
      version: '1.0',
      type: created ? 'Create' : 'Update',
      updatedAlarm: { alarmName: alarm.alarmName, metricName: alarm.metricName, namespace: alarm.namespace },
    }),
  });
  if (evaluated(alarm)) ensureTicker(world);
}

/** DeleteAlarms: forget the runtime (a new alarm of the same name starts afresh); the history stays. */
export function alarmDeleted(region: RegionState, alarmName: string): void {
  stores.get(region)?.runtimes.delete(alarmName);
}

function ensureTicker(world: World): void {
  let ticker = tickers.get(world);
  if (!ticker) {
    ticker = { scheduledAt: undefined };
    tickers.set(world, ticker);
  }
  if (ticker.scheduledAt !== undefined) return;
  const state = ticker;
  const schedule = (at: number): void => {
    state.scheduledAt = at;
    world.schedule(at, (now) => {
      state.scheduledAt = undefined;
      if (evaluateAlarms(world, now) > 0) schedule(now + MINUTE_MS);
    });
  };
  schedule(Math.floor(world.now() / MINUTE_MS) * MINUTE_MS + MINUTE_MS);
}

/** Evaluates every TunnelState alarm of the world at `now` (a lab minute); returns how many there are. */
export function evaluateAlarms(world: World, now: number): number {
  let count = 0;
  for (const region of world.allRegions()) {
    for (const alarm of region.alarms.values()) {
      if (!evaluated(alarm)) continue;
      count++;
      evaluateAlarm(world, region, alarm, now);
    }
  }
  return count;
}

interface Datapoint {
  /** period start, epoch ms */
  time: number;
  value: number | undefined;
  sampleCount: number;
}

const OPERATORS: Record<string, { test: (value: number, threshold: number) => boolean; phrase: string }> = {
  LessThanThreshold: { test: (v, t) => v < t, phrase: 'less than' },
  LessThanOrEqualToThreshold: { test: (v, t) => v <= t, phrase: 'less than or equal to' },
  GreaterThanThreshold: { test: (v, t) => v > t, phrase: 'greater than' },
  GreaterThanOrEqualToThreshold: { test: (v, t) => v >= t, phrase: 'greater than or equal to' },
};

function windowOf(world: World, region: RegionState, alarm: MetricAlarm, now: number): Datapoint[] {
  const periodMs = alarm.period * 1000;
  const newest = Math.floor(now / periodMs) * periodMs;
  const oldest = newest - (alarm.evaluationPeriods - 1) * periodMs;
  const query: MetricQuery = {
    namespace: alarm.namespace,
    metricName: alarm.metricName,
    dimensions: alarm.dimensions,
  };
  const unitMatches = alarm.unit === undefined || alarm.unit === TUNNEL_STATE_UNIT;
  const buckets = unitMatches
    ? bucketize(metricSamples(world, region, query, oldest, newest + periodMs, now), alarm.period)
    : [];
  const byTime = new Map(buckets.map((bucket) => [bucket.time, bucket.values]));
  const window: Datapoint[] = [];
  for (let time = newest; time >= oldest; time -= periodMs) {
    const values = byTime.get(time);
    window.push({
      time,
      value: values ? statistic(alarm.statistic!, values) : undefined,
      sampleCount: values?.length ?? 0,
    });
  }
  return window; // newest first, as CloudWatch lists them in reasons
}

/** `04/12/26 20:35:00`: the dd/MM/yy HH:mm:ss CloudWatch prints in state reasons. */
function reasonTime(time: number): string {
  const d = new Date(time);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCFullYear() % 100)} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** `2026-12-04T20:35:00.000+0000`: the timestamp form of StateReasonData and notifications. */
export function awsTimestamp(time: number): string {
  return new Date(time).toISOString().replace('Z', '+0000');
}

const number = (value: number): string => (Number.isInteger(value) ? value.toFixed(1) : String(value));
const plural = (n: number, one: string, many: string): string => (n === 1 ? one : many);

interface Outcome {
  state: AlarmState;
  reason: string;
}

function decide(alarm: MetricAlarm, window: Datapoint[], current: AlarmState): Outcome | undefined {
  const operator = OPERATORS[alarm.comparisonOperator];
  if (!operator) return undefined;
  const treat = alarm.treatMissingData ?? 'missing';
  const required = alarm.datapointsToAlarm ?? alarm.evaluationPeriods;
  const present = window.filter((point) => point.value !== undefined);
  const missing = window.length - present.length;
  const breaching = present.filter((point) => operator.test(point.value!, alarm.threshold));
  const listed = (points: Datapoint[]): string =>
    `[${points.map((p) => `${number(p.value!)} (${reasonTime(p.time)})`).join(', ')}]`;
  const missingAsBreaching = treat === 'breaching' ? missing : 0;
  const missingAsOk = treat === 'notBreaching' ? missing : 0;

  if (present.length === 0 && missingAsBreaching === 0 && missingAsOk === 0) {
    if (treat === 'ignore') return undefined;
    return {
      state: 'INSUFFICIENT_DATA',
      reason: `Insufficient Data: ${missing} ${plural(missing, 'datapoint was', 'datapoints were')} unknown.`,
    };
  }
  const breachCount = breaching.length + missingAsBreaching;
  const next: AlarmState = breachCount >= required ? 'ALARM' : 'OK';
  const transition = `${current} -> ${next}`;
  const treated = (count: number, as: string): string =>
    count > 0
      ? ` and ${count} missing ${plural(count, 'datapoint was', 'datapoints were')} treated as [${as}]`
      : '';
  if (next === 'ALARM') {
    if (breaching.length === 0) {
      return {
        state: next,
        reason: `Threshold Crossed: no datapoints were received for ${missing} ${plural(missing, 'period', 'periods')} and ${missing} missing ${plural(missing, 'datapoint was', 'datapoints were')} treated as [Breaching].`,
      };
    }
    return {
      state: next,
      reason:
        `Threshold Crossed: ${breaching.length} out of the last ${window.length} datapoints ${listed(breaching)} ${plural(breaching.length, 'was', 'were')} ${operator.phrase} the threshold (${number(alarm.threshold)})` +
        `${treated(missingAsBreaching, 'Breaching')} (minimum ${required} ${plural(required, 'datapoint', 'datapoints')} for ${transition} transition).`,
    };
  }
  const fine = present.filter((point) => !operator.test(point.value!, alarm.threshold));
  if (fine.length === 0) {
    return {
      state: next,
      reason: `Threshold Crossed: no datapoints were received for ${missing} ${plural(missing, 'period', 'periods')} and ${missing} missing ${plural(missing, 'datapoint was', 'datapoints were')} treated as [NonBreaching].`,
    };
  }
  return {
    state: next,
    reason:
      `Threshold Crossed: ${fine.length} out of the last ${window.length} datapoints ${listed(fine)} ${plural(fine.length, 'was', 'were')} not ${operator.phrase} the threshold (${number(alarm.threshold)})` +
      `${treated(missingAsOk, 'NonBreaching')} (minimum 1 datapoint for ${transition} transition).`,
  };
}

function reasonData(alarm: MetricAlarm, window: Datapoint[], now: number): string {
  const present = window.filter((point) => point.value !== undefined);
  return JSON.stringify({
    version: '1.0',
    queryDate: awsTimestamp(now),
    startDate: awsTimestamp(window.at(-1)?.time ?? now),
    statistic: alarm.statistic,
    period: alarm.period,
    recentDatapoints: [...present].reverse().map((point) => point.value),
    threshold: alarm.threshold,
    evaluatedDatapoints: window.map((point) =>
      point.value === undefined
        ? { timestamp: awsTimestamp(point.time) }
        : { timestamp: awsTimestamp(point.time), sampleCount: point.sampleCount, value: point.value },
    ),
  });
}

function evaluateAlarm(world: World, region: RegionState, alarm: MetricAlarm, now: number): void {
  const runtime = runtimeOf(region, alarm);
  const query: MetricQuery = {
    namespace: alarm.namespace,
    metricName: alarm.metricName,
    dimensions: alarm.dimensions,
  };
  const changedAt = lastChangeAt(world, region, query);
  // Once the whole window (plus one publication period) lies after the last change, later minutes see the
  // same data: nothing to do until the timeline changes again.
  if (runtime.stableSince !== undefined && (changedAt ?? -Infinity) <= runtime.stableSince) {
    runtime.evaluatedAt = now;
    return;
  }
  const window = windowOf(world, region, alarm, now);
  const outcome = decide(alarm, window, alarm.stateValue);
  runtime.evaluatedAt = now;
  const spanMs = (alarm.evaluationPeriods + 1) * alarm.period * 1000 + TUNNEL_STATE_PUBLISH_SECONDS * 1000;
  runtime.stableSince =
    changedAt === undefined || now - changedAt > spanMs ? (changedAt ?? -Infinity) : undefined;
  if (!outcome || outcome.state === alarm.stateValue) return;
  transition(world, region, alarm, runtime, outcome, reasonData(alarm, window, now), now);
}

function transition(
  world: World,
  region: RegionState,
  alarm: MetricAlarm,
  runtime: AlarmRuntime,
  outcome: Outcome,
  data: string,
  now: number,
): void {
  const old = { stateValue: alarm.stateValue, stateReason: alarm.stateReason };
  alarm.stateValue = outcome.state;
  alarm.stateReason = outcome.reason;
  alarm.stateUpdatedTimestamp = now;
  runtime.stateReasonData = data;
  const store = storeOf(region);
  store.history.push({
    alarmName: alarm.alarmName,
    alarmType: 'MetricAlarm',
    timestamp: now,
    historyItemType: 'StateUpdate',
    historySummary: `Alarm updated from ${old.stateValue} to ${outcome.state}`,
    historyData: JSON.stringify({
      version: '1.0',
      oldState: old,
      newState: {
        stateValue: outcome.state,
        stateReason: outcome.reason,
        stateReasonData: JSON.parse(data) as unknown,
      },
    }),
  });
  if (!alarm.actionsEnabled) return;
  const actions =
    outcome.state === 'ALARM'
      ? alarm.alarmActions
      : outcome.state === 'OK'
        ? alarm.okActions
        : alarm.insufficientDataActions;
  for (const action of actions) {
    const delivered = notify(world, region, alarm, action, old.stateValue, now);
    store.history.push({
      alarmName: alarm.alarmName,
      alarmType: 'MetricAlarm',
      timestamp: now,
      historyItemType: 'Action',
      historySummary: delivered
        ? `Successfully executed action ${action}`
        : `Failed to execute action ${action}`,
      historyData: JSON.stringify({
        actionState: delivered ? 'Succeeded' : 'Failed',
        stateUpdateTimestamp: now,
        notificationResource: action,
      }),
    });
  }
}

const REGION_NAMES: Readonly<Record<string, string>> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-east-2': 'US East (Ohio)',
  'us-west-1': 'US West (N. California)',
  'us-west-2': 'US West (Oregon)',
  'ca-central-1': 'Canada (Central)',
  'sa-east-1': 'South America (Sao Paulo)',
  'eu-west-1': 'EU (Ireland)',
  'eu-west-2': 'EU (London)',
  'eu-west-3': 'EU (Paris)',
  'eu-central-1': 'EU (Frankfurt)',
  'eu-north-1': 'EU (Stockholm)',
  'ap-south-1': 'Asia Pacific (Mumbai)',
  'ap-northeast-1': 'Asia Pacific (Tokyo)',
  'ap-northeast-2': 'Asia Pacific (Seoul)',
  'ap-northeast-3': 'Asia Pacific (Osaka)',
  'ap-southeast-1': 'Asia Pacific (Singapore)',
  'ap-southeast-2': 'Asia Pacific (Sydney)',
};

/** An SNS topic action: a message in the topic's account-region, as CloudWatch would publish it. */
function notify(
  world: World,
  region: RegionState,
  alarm: MetricAlarm,
  action: string,
  oldState: AlarmState,
  now: number,
): boolean {
  const match = /^arn:aws[\w-]*:sns:([^:]+):(\d{12}):([^:]+)$/.exec(action);
  if (!match) return false;
  const [, topicRegion, topicAccount] = match as unknown as [string, string, string];
  if (topicRegion !== region.region) return false; // CloudWatch alarm actions reach topics in their own region
  const topic = world.region(topicAccount, topicRegion).topics.get(action);
  if (!topic) return false;
  const regionName = REGION_NAMES[region.region] ?? region.region;
  const message = {
    AlarmName: alarm.alarmName,
    AlarmDescription: alarm.alarmDescription ?? null,
    AWSAccountId: region.accountId,
    AlarmConfigurationUpdatedTimestamp: awsTimestamp(alarm.configurationUpdatedTimestamp),
    NewStateValue: alarm.stateValue,
    NewStateReason: alarm.stateReason,
    StateChangeTime: awsTimestamp(now),
    Region: regionName,
    AlarmArn: `arn:aws:cloudwatch:${region.region}:${region.accountId}:alarm:${alarm.alarmName}`,
    OldStateValue: oldState,
    OKActions: alarm.okActions,
    AlarmActions: alarm.alarmActions,
    InsufficientDataActions: alarm.insufficientDataActions,
    Trigger: {
      MetricName: alarm.metricName,
      Namespace: alarm.namespace,
      StatisticType: 'Statistic',
      Statistic: alarm.statistic!.toUpperCase(),
      Unit: alarm.unit ?? null,
      Dimensions: alarm.dimensions.map((d) => ({ value: d.Value, name: d.Name })),
      Period: alarm.period,
      EvaluationPeriods: alarm.evaluationPeriods,
      DatapointsToAlarm: alarm.datapointsToAlarm ?? alarm.evaluationPeriods,
      ComparisonOperator: alarm.comparisonOperator,
      Threshold: alarm.threshold,
      TreatMissingData: alarm.treatMissingData ?? 'missing',
      EvaluateLowSampleCountPercentile: '',
    },
  };
  world.deliveries.push({
    time: now,
    accountId: topicAccount,
    region: topicRegion,
    topicArn: action,
    messageId: randomUUID(),
    subject: `${alarm.stateValue}: "${alarm.alarmName}" in ${regionName}`.slice(0, 100),
    message: JSON.stringify(message),
    origin: 'cloudwatch-alarm',
  });
  return true;
}

/** Every metric alarm of the world with its state (the `/_lab/alarms` view). */
export function labAlarms(world: World): {
  accountId: string;
  region: string;
  alarmName: string;
  stateValue: AlarmState;
  stateReason: string;
  stateUpdatedTimestamp: number;
  namespace: string;
  metricName: string;
  dimensions: { Name: string; Value: string }[];
  evaluated: boolean;
}[] {
  const alarms = [];
  for (const region of world.allRegions()) {
    for (const alarm of region.alarms.values()) {
      alarms.push({
        accountId: region.accountId,
        region: region.region,
        alarmName: alarm.alarmName,
        stateValue: alarm.stateValue,
        stateReason: alarm.stateReason,
        stateUpdatedTimestamp: alarm.stateUpdatedTimestamp,
        namespace: alarm.namespace,
        metricName: alarm.metricName,
        dimensions: alarm.dimensions,
        evaluated: evaluated(alarm),
      });
    }
  }
  return alarms;
}
