// The AWS calls `vpnguard alarms` makes, per account-region, behind one interface (the SDK implementation
// is below; tests pass an in-memory one). Reading: DescribeAlarms under the vpnguard prefix, then each
// alarm's tags (ownership is decided by the tag, never by the name alone).
import {
  DeleteAlarmsCommand,
  ListTagsForResourceCommand,
  paginateDescribeAlarms,
  PutMetricAlarmCommand,
  TagResourceCommand,
  type CloudWatchClient,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import { CreateTopicCommand, paginateListTopics, type SNSClient } from '@aws-sdk/client-sns';
import type { Scope } from '../model/types.js';
import type { DesiredAlarm, ExistingAlarm } from './types.js';

export interface AlarmsApi {
  /** Metric alarms whose name starts with `prefix`, with their tags. */
  readAlarms(prefix: string): Promise<ExistingAlarm[]>;
  /** Whether the topic exists (ListTopics in its account-region). */
  topicExists(topicArn: string): Promise<boolean>;
  /** CreateTopic (idempotent): the topic's ARN. */
  createTopic(name: string): Promise<string>;
  /** PutMetricAlarm; tags are sent on create only (AWS ignores them on an update). */
  putAlarm(alarm: DesiredAlarm, create: boolean): Promise<void>;
  tagAlarm(alarmArn: string, tags: Record<string, string>): Promise<void>;
  /** DeleteAlarms, at most 100 names per call. */
  deleteAlarms(names: string[]): Promise<void>;
}

export const DELETE_BATCH = 100;

function toExisting(scope: Scope, alarm: MetricAlarm, tags: Record<string, string>): ExistingAlarm {
  return {
    accountId: scope.accountId,
    region: scope.region,
    alarmName: alarm.AlarmName ?? '',
    alarmArn: alarm.AlarmArn ?? '',
    description: alarm.AlarmDescription,
    namespace: alarm.Namespace,
    metricName: alarm.MetricName,
    dimensions: (alarm.Dimensions ?? []).map((d) => ({ Name: d.Name ?? '', Value: d.Value ?? '' })),
    statistic: alarm.Statistic ?? alarm.ExtendedStatistic,
    period: alarm.Period,
    evaluationPeriods: alarm.EvaluationPeriods,
    datapointsToAlarm: alarm.DatapointsToAlarm,
    threshold: alarm.Threshold,
    comparisonOperator: alarm.ComparisonOperator,
    treatMissingData: alarm.TreatMissingData,
    unit: alarm.Unit,
    actionsEnabled: alarm.ActionsEnabled,
    alarmActions: alarm.AlarmActions ?? [],
    okActions: alarm.OKActions ?? [],
    insufficientDataActions: alarm.InsufficientDataActions ?? [],
    stateValue: alarm.StateValue,
    tags,
  };
}

export function sdkAlarmsApi(scope: Scope, clients: { cloudwatch: CloudWatchClient; sns: SNSClient }): AlarmsApi {
  const { cloudwatch, sns } = clients;
  return {
    async readAlarms(prefix) {
      const found: ExistingAlarm[] = [];
      for await (const page of paginateDescribeAlarms({ client: cloudwatch }, { AlarmNamePrefix: prefix, AlarmTypes: ['MetricAlarm'], MaxRecords: 100 })) {
        for (const alarm of page.MetricAlarms ?? []) {
          const tagged = await cloudwatch.send(new ListTagsForResourceCommand({ ResourceARN: alarm.AlarmArn }));
          const tags = Object.fromEntries((tagged.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
          found.push(toExisting(scope, alarm, tags));
        }
      }
      return found;
    },
    async topicExists(topicArn) {
      for await (const page of paginateListTopics({ client: sns }, {})) {
        if ((page.Topics ?? []).some((t) => t.TopicArn === topicArn)) return true;
      }
      return false;
    },
    async createTopic(name) {
      // No tags or attributes: AWS answers an existing topic only when they match, and the topic may be the user's.
      const out = await sns.send(new CreateTopicCommand({ Name: name }));
      return out.TopicArn ?? '';
    },
    async putAlarm(alarm, create) {
      await cloudwatch.send(
        new PutMetricAlarmCommand({
          AlarmName: alarm.alarmName,
          AlarmDescription: alarm.description,
          ActionsEnabled: true,
          AlarmActions: alarm.alarmActions,
          OKActions: alarm.okActions,
          InsufficientDataActions: [],
          Namespace: alarm.namespace,
          MetricName: alarm.metricName,
          Dimensions: alarm.dimensions,
          Statistic: alarm.statistic as 'Minimum',
          Period: alarm.period,
          EvaluationPeriods: alarm.evaluationPeriods,
          DatapointsToAlarm: alarm.datapointsToAlarm,
          Threshold: alarm.threshold,
          ComparisonOperator: alarm.comparisonOperator as 'LessThanThreshold',
          TreatMissingData: alarm.treatMissingData,
          ...(create ? { Tags: Object.entries(alarm.tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
        }),
      );
    },
    async tagAlarm(alarmArn, tags) {
      await cloudwatch.send(new TagResourceCommand({ ResourceARN: alarmArn, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }));
    },
    async deleteAlarms(names) {
      for (let i = 0; i < names.length; i += DELETE_BATCH) {
        await cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: names.slice(i, i + DELETE_BATCH) }));
      }
    },
  };
}
