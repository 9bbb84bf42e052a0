// CloudWatch alarms. One set of handlers serves both dialects the clients send (JSON 1.0 from current
// SDKs and awsQuery from older ones): params arrive typed or as strings, and readParams accepts both.
// Errors use the query codes; the JSON layer maps them to the modeled shapes (CLOUDWATCH_ERROR_SHAPES).
import { alarmConfigured, alarmDeleted, stateReasonData } from '../world/alarms.js';
import type { MetricAlarm, RegionState } from '../world/types.js';
import type { World } from '../world/world.js';
import {
  describeAlarmHistory,
  getMetricData,
  getMetricStatistics,
  listMetrics,
} from './cloudwatch-metrics.js';
import { compareStrings, paginate, readParams, type ParamReader } from './params.js';
import { LabError, type LabCall, type ServiceDefinition } from './types.js';

/** Query error code -> JSON `__type` shape name (awsQueryCompatible), from the CloudWatch model. */
export const CLOUDWATCH_ERROR_SHAPES: Readonly<Record<string, string>> = {
  MissingParameter: 'MissingRequiredParameterException',
  InvalidParameterValue: 'InvalidParameterValueException',
  InvalidParameterCombination: 'InvalidParameterCombinationException',
  LimitExceeded: 'LimitExceededFault',
  InvalidNextToken: 'InvalidNextToken',
  ResourceNotFound: 'ResourceNotFound',
  ResourceNotFoundException: 'ResourceNotFoundException',
  InternalServiceError: 'InternalServiceFault',
  // Constraint violations come from the framework's validator, as ValidationException over JSON.
  ValidationError: 'ValidationException',
};

const COMPARISON_OPERATORS = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
  'LessThanLowerOrGreaterThanUpperThreshold',
  'LessThanLowerThreshold',
  'GreaterThanUpperThreshold',
];
const STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];
const EXTENDED_STATISTIC = /^(p|tm|wm|tc|ts|pr)(\d{1,2}(\.\d{1,10})?|100)$|^(TM|WM|TC|TS|PR)\(.+\)$/;
const TREAT_MISSING_DATA = ['breaching', 'notBreaching', 'ignore', 'missing'];
const STATE_VALUES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];
const UNITS = [
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
];
const MAX_ACTIONS = 5;
const MAX_DIMENSIONS = 30;

const invalidValue = (message: string): LabError => new LabError('InvalidParameterValue', message);
const missing = (message: string): LabError => new LabError('MissingParameter', message);
const validationError = (message: string): LabError => new LabError('ValidationError', message);

function enumError(value: string, member: string, allowed: readonly string[]): LabError {
  return validationError(
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
  );
}

function reader(call: LabCall): ParamReader {
  return readParams(call.params, invalidValue, missing);
}

function alarmArn(region: RegionState, name: string): string {
  return `arn:aws:cloudwatch:${region.region}:${region.accountId}:alarm:${name}`;
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined || value === '') throw missing(`The parameter ${name} is required.`);
  return value;
}

function actionList(params: ParamReader, name: string): string[] {
  const actions = params.stringList(name) ?? [];
  if (actions.length > MAX_ACTIONS) {
    throw validationError(
      `1 validation error detected: Value at '${name[0]!.toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ACTIONS}`,
    );
  }
  for (const action of actions) {
    if (!/^arn:aws[\w-]*:[a-z0-9-]+:[^:]*:[^:]*:.+$/.test(action))
      throw validationError(`Invalid arn syntax: ${action}`);
  }
  return actions;
}

function pairs(
  params: ParamReader,
  name: string,
  keyMember: string,
  valueMember: string,
): { key: string; value: string }[] {
  return (params.objectList(name) ?? []).map((entry) => {
    const key = entry[keyMember];
    const value = entry[valueMember];
    if (typeof key !== 'string' || key === '' || typeof value !== 'string') {
      throw missing(`The parameter ${name}.${keyMember} and ${name}.${valueMember} are required.`);
    }
    return { key, value };
  });
}

function putMetricAlarm(world: World, call: LabCall): unknown {
  const params = reader(call);
  const alarmName = required(params.string('AlarmName'), 'AlarmName');
  if (alarmName.length > 255) throw validationError('AlarmName must be at most 255 characters.');
  if (params.objectList('Metrics') !== undefined || params.string('ThresholdMetricId') !== undefined) {
    throw invalidValue(
      'The lab models single-metric alarms only (Metrics and ThresholdMetricId are not supported).',
    );
  }
  const metricName = required(params.string('MetricName'), 'MetricName');
  const namespace = required(params.string('Namespace'), 'Namespace');
  const statistic = params.string('Statistic');
  const extendedStatistic = params.string('ExtendedStatistic');
  if ((statistic === undefined) === (extendedStatistic === undefined)) {
    throw new LabError(
      'InvalidParameterCombination',
      'Exactly one of Statistic or ExtendedStatistic must be specified.',
    );
  }
  if (statistic !== undefined && !STATISTICS.includes(statistic))
    throw enumError(statistic, 'statistic', STATISTICS);
  if (extendedStatistic !== undefined && !EXTENDED_STATISTIC.test(extendedStatistic)) {
    throw invalidValue(`The value ${extendedStatistic} for parameter ExtendedStatistic is not supported.`);
  }
  const period = required(params.int('Period', { min: 1 }), 'Period');
  if (![10, 20, 30].includes(period) && period % 60 !== 0) {
    throw invalidValue('The parameter Period must be 10, 20, 30, or a multiple of 60.');
  }
  const evaluationPeriods = required(params.int('EvaluationPeriods', { min: 1 }), 'EvaluationPeriods');
  const datapointsToAlarm = params.int('DatapointsToAlarm', { min: 1 });
  if (datapointsToAlarm !== undefined && datapointsToAlarm > evaluationPeriods) {
    throw validationError('DatapointsToAlarm must be less than or equal to EvaluationPeriods.');
  }
  if (period * evaluationPeriods > 7 * 86_400) {
    throw validationError('The evaluation period (Period * EvaluationPeriods) cannot exceed 7 days.');
  }
  const threshold = required(params.number('Threshold'), 'Threshold');
  const comparisonOperator = required(params.string('ComparisonOperator'), 'ComparisonOperator');
  if (!COMPARISON_OPERATORS.includes(comparisonOperator)) {
    throw enumError(comparisonOperator, 'comparisonOperator', COMPARISON_OPERATORS);
  }
  if (comparisonOperator.includes('Lower') || comparisonOperator.includes('Upper')) {
    throw invalidValue(
      `Comparison operator ${comparisonOperator} is only valid for anomaly detection alarms.`,
    );
  }
  const treatMissingData = params.string('TreatMissingData');
  if (treatMissingData !== undefined && !TREAT_MISSING_DATA.includes(treatMissingData)) {
    throw invalidValue(`The value ${treatMissingData} is not valid for TreatMissingData.`);
  }
  const unit = params.string('Unit');
  if (unit !== undefined && !UNITS.includes(unit)) throw enumError(unit, 'unit', UNITS);
  const dimensions = pairs(params, 'Dimensions', 'Name', 'Value');
  if (dimensions.length > MAX_DIMENSIONS)
    throw invalidValue(`At most ${MAX_DIMENSIONS} dimensions are allowed.`);
  const description = params.string('AlarmDescription');
  if (description !== undefined && description.length > 1024)
    throw validationError('AlarmDescription must be at most 1024 characters.');

  const region = world.region(call.accountId, call.region);
  const existing = region.alarms.get(alarmName);
  const tags = Object.fromEntries(
    pairs(params, 'Tags', 'Key', 'Value').map(({ key, value }) => [key, value]),
  );
  const alarm: MetricAlarm = {
    alarmName,
    alarmDescription: description,
    actionsEnabled: params.bool('ActionsEnabled') ?? true,
    okActions: actionList(params, 'OKActions'),
    alarmActions: actionList(params, 'AlarmActions'),
    insufficientDataActions: actionList(params, 'InsufficientDataActions'),
    metricName,
    namespace,
    statistic: statistic ?? extendedStatistic,
    dimensions: dimensions.map(({ key, value }) => ({ Name: key, Value: value })),
    period,
    evaluationPeriods,
    datapointsToAlarm,
    threshold,
    comparisonOperator,
    treatMissingData,
    unit,
    // An update overwrites the configuration but leaves the state alone (AWS PutMetricAlarm docs).
    stateValue: existing?.stateValue ?? 'INSUFFICIENT_DATA',
    stateReason: existing?.stateReason ?? 'Unchecked: Initial alarm creation',
    stateUpdatedTimestamp: existing?.stateUpdatedTimestamp ?? call.now,
    configurationUpdatedTimestamp: call.now,
    // Tags given on an update are ignored by AWS; TagResource changes them.
    tags: existing?.tags ?? tags,
  };
  region.alarms.set(alarmName, alarm);
  // AWS/VPN TunnelState alarms are evaluated on the lab clock from here on (world/alarms.ts).
  alarmConfigured(world, region, alarm, existing === undefined);
  return undefined;
}

function isExtended(statistic: string | undefined): boolean {
  return statistic !== undefined && !STATISTICS.includes(statistic);
}

function describeMetricAlarm(region: RegionState, alarm: MetricAlarm): Record<string, unknown> {
  return {
    AlarmName: alarm.alarmName,
    AlarmArn: alarmArn(region, alarm.alarmName),
    AlarmDescription: alarm.alarmDescription,
    AlarmConfigurationUpdatedTimestamp: new Date(alarm.configurationUpdatedTimestamp),
    ActionsEnabled: alarm.actionsEnabled,
    OKActions: alarm.okActions,
    AlarmActions: alarm.alarmActions,
    InsufficientDataActions: alarm.insufficientDataActions,
    StateValue: alarm.stateValue,
    StateReason: alarm.stateReason,
    StateReasonData: stateReasonData(region, alarm.alarmName),
    StateUpdatedTimestamp: new Date(alarm.stateUpdatedTimestamp),
    MetricName: alarm.metricName,
    Namespace: alarm.namespace,
    Statistic: isExtended(alarm.statistic) ? undefined : alarm.statistic,
    ExtendedStatistic: isExtended(alarm.statistic) ? alarm.statistic : undefined,
    Dimensions: alarm.dimensions,
    Period: alarm.period,
    Unit: alarm.unit,
    EvaluationPeriods: alarm.evaluationPeriods,
    DatapointsToAlarm: alarm.datapointsToAlarm,
    Threshold: alarm.threshold,
    ComparisonOperator: alarm.comparisonOperator,
    TreatMissingData: alarm.treatMissingData,
    StateTransitionedTimestamp: new Date(alarm.stateUpdatedTimestamp),
  };
}

function describeAlarms(world: World, call: LabCall): unknown {
  const params = reader(call);
  const names = params.stringList('AlarmNames');
  const prefix = params.string('AlarmNamePrefix');
  if (names !== undefined && prefix !== undefined) {
    throw new LabError(
      'InvalidParameterCombination',
      'AlarmNames and AlarmNamePrefix cannot be specified together.',
    );
  }
  if (names !== undefined && names.length > 100) throw invalidValue('At most 100 alarm names may be given.');
  const types = params.stringList('AlarmTypes') ?? ['MetricAlarm'];
  for (const type of types)
    if (type !== 'MetricAlarm' && type !== 'CompositeAlarm')
      throw enumError(type, 'alarmTypes', ['CompositeAlarm', 'MetricAlarm']);
  const stateValue = params.string('StateValue');
  if (stateValue !== undefined && !STATE_VALUES.includes(stateValue))
    throw enumError(stateValue, 'stateValue', STATE_VALUES);
  const actionPrefix = params.string('ActionPrefix');
  const maxRecords = params.int('MaxRecords', { min: 1, max: 100 }) ?? 50;
  const region = world.region(call.accountId, call.region);
  const alarms = types.includes('MetricAlarm')
    ? [...region.alarms.values()]
        .filter((alarm) => names === undefined || names.includes(alarm.alarmName))
        .filter((alarm) => prefix === undefined || alarm.alarmName.startsWith(prefix))
        .filter((alarm) => stateValue === undefined || alarm.stateValue === stateValue)
        .filter(
          (alarm) =>
            actionPrefix === undefined ||
            [...alarm.alarmActions, ...alarm.okActions, ...alarm.insufficientDataActions].some((action) =>
              action.startsWith(actionPrefix),
            ),
        )
        .sort((a, b) => compareStrings(a.alarmName, b.alarmName))
    : [];
  const { page, nextToken } = paginate(
    alarms,
    (alarm) => alarm.alarmName,
    maxRecords,
    params.string('NextToken'),
    () => new LabError('InvalidNextToken', 'The service returned an invalid NextToken.'),
  );
  return {
    MetricAlarms: page.map((alarm) => describeMetricAlarm(region, alarm)),
    CompositeAlarms: [],
    NextToken: nextToken,
  };
}

function deleteAlarms(world: World, call: LabCall): unknown {
  const names = reader(call).stringList('AlarmNames');
  if (names === undefined || names.length === 0) throw missing('The parameter AlarmNames is required.');
  if (names.length > 100) throw invalidValue('At most 100 alarm names may be given.');
  const region = world.region(call.accountId, call.region);
  // AWS deletes nothing when any named alarm does not exist.
  const unknown = names.filter((name) => !region.alarms.has(name));
  if (unknown.length > 0) throw new LabError('ResourceNotFound', `${unknown.join(', ')} not found`, 404);
  for (const name of names) {
    region.alarms.delete(name);
    alarmDeleted(region, name);
  }
  return undefined;
}

function alarmForArn(world: World, call: LabCall, arn: string): MetricAlarm {
  const region = world.region(call.accountId, call.region);
  const prefix = alarmArn(region, '');
  const alarm = arn.startsWith(prefix) ? region.alarms.get(arn.slice(prefix.length)) : undefined;
  if (!alarm) throw new LabError('ResourceNotFoundException', 'The specified resource does not exist.', 404);
  return alarm;
}

function listTagsForResource(world: World, call: LabCall): unknown {
  const arn = required(reader(call).string('ResourceARN'), 'ResourceARN');
  const alarm = alarmForArn(world, call, arn);
  return { Tags: Object.entries(alarm.tags).map(([Key, Value]) => ({ Key, Value })) };
}

function tagResource(world: World, call: LabCall): unknown {
  const params = reader(call);
  const alarm = alarmForArn(world, call, required(params.string('ResourceARN'), 'ResourceARN'));
  const tags = pairs(params, 'Tags', 'Key', 'Value');
  if (tags.length === 0) throw missing('The parameter Tags is required.');
  for (const { key, value } of tags) alarm.tags[key] = value;
  return {};
}

function untagResource(world: World, call: LabCall): unknown {
  const params = reader(call);
  const alarm = alarmForArn(world, call, required(params.string('ResourceARN'), 'ResourceARN'));
  for (const key of params.stringList('TagKeys') ?? []) delete alarm.tags[key];
  return {};
}

export const cloudwatchService: ServiceDefinition = {
  name: 'monitoring',
  operations: {
    PutMetricAlarm: putMetricAlarm,
    DescribeAlarms: describeAlarms,
    DeleteAlarms: deleteAlarms,
    ListTagsForResource: listTagsForResource,
    TagResource: tagResource,
    UntagResource: untagResource,
    GetMetricData: getMetricData,
    GetMetricStatistics: getMetricStatistics,
    ListMetrics: listMetrics,
    DescribeAlarmHistory: describeAlarmHistory,
  },
  mutating: new Set(['PutMetricAlarm', 'DeleteAlarms', 'TagResource', 'UntagResource']),
};
