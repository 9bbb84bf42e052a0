// CloudWatch metric reads over the lab's AWS/VPN TunnelState (world/metrics.ts) and the alarm history
// (world/alarms.ts): GetMetricData, GetMetricStatistics, ListMetrics, DescribeAlarmHistory. One set of
// handlers for both dialects: JSON 1.0 sends timestamps as epoch seconds and numbers as numbers, awsQuery
// sends ISO-8601 strings and every number as text; readParams and `timestamp` accept both.
import { alarmHistory } from '../world/alarms.js';
import {
  bucketize,
  listTunnelMetrics,
  metricSamples,
  statistic,
  supportedStatistic,
  TUNNEL_STATE_UNIT,
  type Dimension,
} from '../world/metrics.js';
import type { World } from '../world/world.js';
import { compareStrings, paginate, readParams, type ParamReader } from './params.js';
import { LabError, type LabCall } from './types.js';

const MAX_QUERIES = 500;
const DEFAULT_MAX_DATAPOINTS = 100_800;
const STATISTICS_DATAPOINT_LIMIT = 1_440;
const LIST_METRICS_PAGE = 500;
const BASIC = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];

const invalidValue = (message: string): LabError => new LabError('InvalidParameterValue', message);
const missing = (message: string): LabError => new LabError('MissingParameter', message);
const validationError = (message: string): LabError => new LabError('ValidationError', message);

function reader(params: Record<string, unknown>): ParamReader {
  return readParams(params, invalidValue, missing);
}

/** Epoch ms from epoch seconds (JSON 1.0) or an ISO-8601 string (awsQuery). */
function timestamp(params: ParamReader, raw: Record<string, unknown>, name: string): number | undefined {
  const value = raw[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value * 1000;
  const text = params.string(name)!;
  const ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text);
  if (!Number.isFinite(ms)) throw invalidValue(`The parameter ${name} must be a timestamp, got '${text}'.`);
  return ms;
}

function requiredTimeRange(
  params: ParamReader,
  raw: Record<string, unknown>,
): { start: number; end: number } {
  const start = timestamp(params, raw, 'StartTime');
  const end = timestamp(params, raw, 'EndTime');
  if (start === undefined) throw missing('The parameter StartTime is required.');
  if (end === undefined) throw missing('The parameter EndTime is required.');
  if (start >= end) throw invalidValue('The parameter StartTime must be less than the parameter EndTime.');
  return { start, end };
}

function dimensionsOf(
  list: Record<string, unknown>[] | undefined,
  requireValue: boolean,
): { Name: string; Value: string | undefined }[] {
  return (list ?? []).map((entry) => {
    const name = entry.Name;
    const value = entry.Value;
    if (typeof name !== 'string' || name === '')
      throw missing('The parameter Dimensions.member.N.Name is required.');
    if (value !== undefined && typeof value !== 'string')
      throw invalidValue('Dimension values must be strings.');
    if (requireValue && value === undefined)
      throw missing('The parameter Dimensions.member.N.Value is required.');
    return { Name: name, Value: value };
  });
}

function checkPeriod(period: number): void {
  if (![1, 5, 10, 20, 30].includes(period) && period % 60 !== 0) {
    throw invalidValue('The parameter Period must be 1, 5, 10, 20, 30, or a multiple of 60.');
  }
}

interface Series {
  times: number[];
  values: number[];
}

function query(
  world: World,
  call: LabCall,
  metric: { namespace: string; metricName: string; dimensions: Dimension[] },
  start: number,
  end: number,
  period: number,
  unit: string | undefined,
) {
  if (unit !== undefined && unit !== TUNNEL_STATE_UNIT) return [];
  const region = world.region(call.accountId, call.region);
  const periodMs = period * 1000;
  // Periods are aligned on multiples of Period; the one holding StartTime counts when it starts inside the range.
  const from = Math.ceil(start / periodMs) * periodMs;
  return bucketize(metricSamples(world, region, metric, from, end, call.now), period);
}

export function getMetricData(world: World, call: LabCall): unknown {
  const params = reader(call.params);
  const queries = params.objectList('MetricDataQueries');
  if (queries === undefined || queries.length === 0)
    throw missing('The parameter MetricDataQueries is required.');
  if (queries.length > MAX_QUERIES)
    throw invalidValue(`At most ${MAX_QUERIES} MetricDataQueries are allowed.`);
  const { start, end } = requiredTimeRange(params, call.params);
  const scanBy = params.string('ScanBy') ?? 'TimestampDescending';
  if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending') {
    throw validationError(
      `1 validation error detected: Value '${scanBy}' at 'scanBy' failed to satisfy constraint: Member must satisfy enum value set: [TimestampDescending, TimestampAscending]`,
    );
  }
  const maxDatapoints = params.int('MaxDatapoints', { min: 1 }) ?? DEFAULT_MAX_DATAPOINTS;
  const ids = new Set<string>();
  const results: Record<string, unknown>[] = [];
  let remaining = maxDatapoints;
  for (const [position, entry] of queries.entries()) {
    const q = reader(entry);
    const id = q.string('Id');
    if (id === undefined || !/^[a-z][a-zA-Z0-9_]*$/.test(id)) {
      throw validationError(
        `The value ${id ?? 'null'} for parameter MetricDataQueries.member.${position + 1}.Id is not valid: it must start with a lowercase letter and contain only letters, digits and _.`,
      );
    }
    if (ids.has(id))
      throw validationError(
        `The value ${id} for parameter MetricDataQueries.member.${position + 1}.Id is used twice.`,
      );
    ids.add(id);
    if (q.string('Expression') !== undefined)
      throw invalidValue('The lab does not evaluate metric math: give MetricStat queries only.');
    const stat = q.object('MetricStat');
    if (!stat)
      throw missing(`The parameter MetricDataQueries.member.${position + 1}.MetricStat is required.`);
    const s = reader(stat);
    const metric = s.object('Metric');
    if (!metric)
      throw missing(`The parameter MetricDataQueries.member.${position + 1}.MetricStat.Metric is required.`);
    const m = reader(metric);
    const namespace = m.requiredString('Namespace');
    const metricName = m.requiredString('MetricName');
    const dimensions = dimensionsOf(m.objectList('Dimensions'), true) as Dimension[];
    const period = s.requiredInt('Period', { min: 1 });
    checkPeriod(period);
    const statName = s.requiredString('Stat');
    if (!supportedStatistic(statName))
      throw invalidValue(`The lab does not compute the statistic ${statName}.`);
    const buckets = query(
      world,
      call,
      { namespace, metricName, dimensions },
      start,
      end,
      period,
      s.string('Unit'),
    );
    const series: Series = { times: [], values: [] };
    for (const bucket of buckets) {
      series.times.push(bucket.time);
      series.values.push(statistic(statName, bucket.values));
    }
    if (scanBy === 'TimestampDescending') {
      series.times.reverse();
      series.values.reverse();
    }
    let status = 'Complete';
    if (series.times.length > remaining) {
      series.times.length = remaining;
      series.values.length = remaining;
      status = 'PartialData';
    }
    remaining -= series.times.length;
    if (q.bool('ReturnData') === false) continue;
    results.push({
      Id: id,
      Label: q.string('Label') ?? metricName,
      Timestamps: series.times.map((time) => new Date(time)),
      Values: series.values,
      StatusCode: status,
      Messages: [],
    });
  }
  return { MetricDataResults: results, Messages: [] };
}

export function getMetricStatistics(world: World, call: LabCall): unknown {
  const params = reader(call.params);
  const namespace = params.requiredString('Namespace');
  const metricName = params.requiredString('MetricName');
  const dimensions = dimensionsOf(params.objectList('Dimensions'), true) as Dimension[];
  const { start, end } = requiredTimeRange(params, call.params);
  const period = params.requiredInt('Period', { min: 1 });
  checkPeriod(period);
  const statistics = params.stringList('Statistics') ?? [];
  const extended = params.stringList('ExtendedStatistics') ?? [];
  if ((statistics.length === 0) === (extended.length === 0)) {
    throw new LabError(
      'InvalidParameterCombination',
      'Must specify either Statistics or ExtendedStatistics, but not both.',
    );
  }
  for (const name of statistics) {
    if (!BASIC.includes(name)) {
      throw validationError(
        `1 validation error detected: Value '[${name}]' at 'statistics' failed to satisfy constraint: Member must satisfy enum value set: [${BASIC.join(', ')}]`,
      );
    }
  }
  for (const name of extended)
    if (!supportedStatistic(name) || BASIC.includes(name))
      throw invalidValue(`The lab does not compute the extended statistic ${name}.`);
  const periods = Math.ceil((end - start) / (period * 1000));
  if (periods > STATISTICS_DATAPOINT_LIMIT) {
    throw new LabError(
      'InvalidParameterCombination',
      `You have requested up to ${periods.toLocaleString('en-US')} datapoints, which exceeds the limit of ${STATISTICS_DATAPOINT_LIMIT.toLocaleString('en-US')}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
    );
  }
  const buckets = query(
    world,
    call,
    { namespace, metricName, dimensions },
    start,
    end,
    period,
    params.string('Unit'),
  );
  return {
    Label: metricName,
    Datapoints: buckets.map((bucket) => {
      const point: Record<string, unknown> = { Timestamp: new Date(bucket.time), Unit: TUNNEL_STATE_UNIT };
      for (const name of statistics) point[name] = statistic(name, bucket.values);
      if (extended.length > 0)
        point.ExtendedStatistics = Object.fromEntries(
          extended.map((name) => [name, statistic(name, bucket.values)]),
        );
      return point;
    }),
  };
}

export function listMetrics(world: World, call: LabCall): unknown {
  const params = reader(call.params);
  const namespace = params.string('Namespace');
  const metricName = params.string('MetricName');
  const filters = dimensionsOf(params.objectList('Dimensions'), false);
  const recentlyActive = params.string('RecentlyActive');
  if (recentlyActive !== undefined && recentlyActive !== 'PT3H') {
    throw validationError(
      `1 validation error detected: Value '${recentlyActive}' at 'recentlyActive' failed to satisfy constraint: Member must satisfy enum value set: [PT3H]`,
    );
  }
  const region = world.region(call.accountId, call.region);
  const metrics = listTunnelMetrics(
    world,
    region,
    call.now,
    recentlyActive === 'PT3H' ? 3 * 3_600_000 : undefined,
  )
    .filter((metric) => namespace === undefined || metric.Namespace === namespace)
    .filter((metric) => metricName === undefined || metric.MetricName === metricName)
    .filter((metric) =>
      filters.every((filter) =>
        metric.Dimensions.some(
          (d) => d.Name === filter.Name && (filter.Value === undefined || d.Value === filter.Value),
        ),
      ),
    )
    .map((metric) => ({ key: JSON.stringify(metric), metric }))
    .sort((a, b) => compareStrings(a.key, b.key));
  const { page, nextToken } = paginate(
    metrics,
    (entry) => entry.key,
    LIST_METRICS_PAGE,
    params.string('NextToken'),
    () => new LabError('InvalidNextToken', 'The service returned an invalid NextToken.'),
  );
  return { Metrics: page.map((entry) => entry.metric), NextToken: nextToken };
}

const HISTORY_TYPES = [
  'ConfigurationUpdate',
  'StateUpdate',
  'Action',
  'AlarmContributorStateUpdate',
  'AlarmContributorAction',
];

export function describeAlarmHistory(world: World, call: LabCall): unknown {
  const params = reader(call.params);
  const alarmName = params.string('AlarmName');
  const type = params.string('HistoryItemType');
  if (type !== undefined && !HISTORY_TYPES.includes(type)) {
    throw validationError(
      `1 validation error detected: Value '${type}' at 'historyItemType' failed to satisfy constraint: Member must satisfy enum value set: [${HISTORY_TYPES.join(', ')}]`,
    );
  }
  const startDate = timestamp(params, call.params, 'StartDate');
  const endDate = timestamp(params, call.params, 'EndDate');
  const scanBy = params.string('ScanBy') ?? 'TimestampDescending';
  const maxRecords = params.int('MaxRecords', { min: 1, max: 100 }) ?? 100;
  const types = params.stringList('AlarmTypes') ?? ['MetricAlarm', 'CompositeAlarm'];
  const items = alarmHistory(world.region(call.accountId, call.region))
    .filter((item) => types.includes(item.alarmType))
    .filter((item) => alarmName === undefined || item.alarmName === alarmName)
    .filter((item) => type === undefined || item.historyItemType === type)
    .filter((item) => startDate === undefined || item.timestamp >= startDate)
    .filter((item) => endDate === undefined || item.timestamp <= endDate);
  const ordered = scanBy === 'TimestampAscending' ? [...items] : [...items].reverse();
  const keyed = ordered.map((item, position) => ({ key: String(position).padStart(12, '0'), item }));
  const { page, nextToken } = paginate(
    keyed,
    (entry) => entry.key,
    maxRecords,
    params.string('NextToken'),
    () => new LabError('InvalidNextToken', 'The service returned an invalid NextToken.'),
  );
  return {
    AlarmHistoryItems: page.map(({ item }) => ({
      AlarmName: item.alarmName,
      AlarmType: item.alarmType,
      Timestamp: new Date(item.timestamp),
      HistoryItemType: item.historyItemType,
      HistorySummary: item.historySummary,
      HistoryData: item.historyData,
    })),
    NextToken: nextToken,
  };
}
