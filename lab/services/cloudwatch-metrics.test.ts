// TunnelState reads and alarm states through the real SDK (JSON 1.0), the query dialect (older SDKs, the
// Debian CLI) and the real AWS CLI, against the seed story: the retail tunnel 203.0.113.20 DOWN for 91 days.
import {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  PutMetricAlarmCommand,
  paginateListMetrics,
} from '@aws-sdk/client-cloudwatch';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCliJson, describeWithAwsCli, type AwsCliTarget } from '../../test/helpers/aws-cli.js';
import { startLab, type LabHandle } from '../index.js';
import { sdkClientConfig, signedQueryRequest } from '../testing.js';

const RETAIL = 'vpn-0a1b2c3d4e5f6a7b8';
const UP_IP = '203.0.113.10';
const DOWN_IP = '203.0.113.20';
const TOPIC = 'arn:aws:sns:us-east-1:111122223333:network-oncall';
const HOUR = 3_600_000;

let lab: LabHandle;
let cloudwatch: CloudWatchClient;

beforeAll(async () => {
  lab = await startLab({ scenario: 'seed-story' });
  cloudwatch = new CloudWatchClient(sdkClientConfig(lab));
});
afterAll(async () => {
  cloudwatch.destroy();
  await lab.stop();
});

const tunnel = (ip: string) => [
  { Name: 'VpnId', Value: RETAIL },
  { Name: 'TunnelIpAddress', Value: ip },
];

describe('TunnelState through the SDK (JSON 1.0)', () => {
  it('GetMetricData: 5-minute datapoints, newest first, 0 for the DOWN tunnel and 1 for its twin', async () => {
    const end = new Date(lab.world.now());
    const out = await cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(end.getTime() - HOUR),
        EndTime: end,
        MetricDataQueries: [
          {
            Id: 'down',
            MetricStat: {
              Metric: { Namespace: 'AWS/VPN', MetricName: 'TunnelState', Dimensions: tunnel(DOWN_IP) },
              Period: 300,
              Stat: 'Minimum',
            },
          },
          {
            Id: 'up',
            MetricStat: {
              Metric: { Namespace: 'AWS/VPN', MetricName: 'TunnelState', Dimensions: tunnel(UP_IP) },
              Period: 300,
              Stat: 'Minimum',
            },
            Label: 'twin',
          },
          {
            Id: 'vpn',
            MetricStat: {
              Metric: {
                Namespace: 'AWS/VPN',
                MetricName: 'TunnelState',
                Dimensions: [{ Name: 'VpnId', Value: RETAIL }],
              },
              Period: 300,
              Stat: 'Average',
            },
          },
        ],
      }),
    );
    const [down, up, vpn] = out.MetricDataResults!;
    expect(down).toMatchObject({ Id: 'down', Label: 'TunnelState', StatusCode: 'Complete' });
    expect(down!.Values!.length).toBeGreaterThanOrEqual(12);
    expect(new Set(down!.Values)).toEqual(new Set([0]));
    expect(up).toMatchObject({ Id: 'up', Label: 'twin' });
    expect(new Set(up!.Values)).toEqual(new Set([1]));
    expect(new Set(vpn!.Values)).toEqual(new Set([0.5]));
    const times = down!.Timestamps!.map((t) => t.getTime());
    expect(times.every((t) => t % 300_000 === 0)).toBe(true);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('GetMetricStatistics: the five statistics over {VpnId} (two samples per period)', async () => {
    const end = new Date(lab.world.now());
    const out = await cloudwatch.send(
      new GetMetricStatisticsCommand({
        Namespace: 'AWS/VPN',
        MetricName: 'TunnelState',
        Dimensions: [{ Name: 'VpnId', Value: RETAIL }],
        StartTime: new Date(end.getTime() - HOUR),
        EndTime: end,
        Period: 900,
        Statistics: ['Minimum', 'Maximum', 'Average', 'SampleCount', 'Sum'],
      }),
    );
    expect(out.Label).toBe('TunnelState');
    const full = out.Datapoints!.filter((point) => point.SampleCount === 6);
    expect(full.length).toBeGreaterThanOrEqual(3);
    expect(full[0]).toMatchObject({ Minimum: 0, Maximum: 1, Average: 0.5, Sum: 3, Unit: 'None' });
    expect(full[0]!.Timestamp).toBeInstanceOf(Date);
    await expect(
      cloudwatch.send(
        new GetMetricStatisticsCommand({
          Namespace: 'AWS/VPN',
          MetricName: 'TunnelState',
          StartTime: new Date(end.getTime() - 30 * 24 * HOUR),
          EndTime: end,
          Period: 300,
          Statistics: ['Minimum'],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterCombinationException',
      message: expect.stringContaining('exceeds the limit of 1,440'),
    });
  });

  it('ListMetrics: three dimension sets per tunnel of available connections, filtered by dimension', async () => {
    const all = [];
    for await (const page of paginateListMetrics({ client: cloudwatch }, { Namespace: 'AWS/VPN' }))
      all.push(...(page.Metrics ?? []));
    // us-east-1 has 9 available connections: 18 tunnels x 2 per-tunnel sets + 9 {VpnId}
    expect(all).toHaveLength(45);
    const retail = await cloudwatch.send(
      new ListMetricsCommand({
        Namespace: 'AWS/VPN',
        MetricName: 'TunnelState',
        Dimensions: [{ Name: 'VpnId', Value: RETAIL }],
      }),
    );
    expect(
      retail.Metrics!.map((m) => m.Dimensions!.map((d) => `${d.Name}=${d.Value}`).join(',')).sort(),
    ).toEqual([
      'VpnId=vpn-0a1b2c3d4e5f6a7b8',
      `VpnId=vpn-0a1b2c3d4e5f6a7b8,TunnelIpAddress=${UP_IP}`,
      `VpnId=vpn-0a1b2c3d4e5f6a7b8,TunnelIpAddress=${DOWN_IP}`,
    ]);
    // The deleted and the pending connection publish nothing.
    expect(
      all.some((m) =>
        m.Dimensions!.some((d) => d.Value === 'vpn-04d5e6f7a8b9c0d1e' || d.Value === 'vpn-05e6f7a8b9c0d1e2f'),
      ),
    ).toBe(false);
  });

  it('DescribeAlarms --state-value and DescribeAlarmHistory follow the evaluation on the lab clock', async () => {
    for (const [name, ip] of [
      ['sdk-down', DOWN_IP],
      ['sdk-up', UP_IP],
    ] as const) {
      await cloudwatch.send(
        new PutMetricAlarmCommand({
          AlarmName: name,
          Namespace: 'AWS/VPN',
          MetricName: 'TunnelState',
          Dimensions: tunnel(ip),
          Statistic: 'Minimum',
          Period: 300,
          EvaluationPeriods: 3,
          Threshold: 1,
          ComparisonOperator: 'LessThanThreshold',
          TreatMissingData: 'breaching',
          AlarmActions: [TOPIC],
        }),
      );
    }
    lab.advanceClock(60_000);
    const alarming = await cloudwatch.send(
      new DescribeAlarmsCommand({ AlarmNamePrefix: 'sdk-', StateValue: 'ALARM' }),
    );
    expect(alarming.MetricAlarms!.map((a) => a.AlarmName)).toEqual(['sdk-down']);
    const down = alarming.MetricAlarms![0]!;
    expect(down.StateReason).toMatch(/^Threshold Crossed: 3 out of the last 3 datapoints \[0\.0 /);
    expect(JSON.parse(down.StateReasonData!)).toMatchObject({
      version: '1.0',
      statistic: 'Minimum',
      recentDatapoints: [0, 0, 0],
    });
    const ok = await cloudwatch.send(
      new DescribeAlarmsCommand({ AlarmNamePrefix: 'sdk-', StateValue: 'OK' }),
    );
    expect(ok.MetricAlarms!.map((a) => a.AlarmName)).toEqual(['sdk-up']);
    const history = await cloudwatch.send(
      new DescribeAlarmHistoryCommand({ AlarmName: 'sdk-down', HistoryItemType: 'StateUpdate' }),
    );
    expect(history.AlarmHistoryItems!.map((h) => h.HistorySummary)).toEqual([
      'Alarm updated from INSUFFICIENT_DATA to ALARM',
    ]);
    const delivered = lab.world.deliveries.filter((d) => d.origin === 'cloudwatch-alarm');
    expect(delivered.map((d) => JSON.parse(d.message).AlarmName as string)).toEqual(['sdk-down']);
    const fromApi = (await (await fetch(`${lab.endpoint}/_lab/alarms?stateValue=ALARM`)).json()) as {
      alarmName: string;
    }[];
    expect(fromApi.map((a) => a.alarmName)).toContain('sdk-down');
    expect(fromApi.map((a) => a.alarmName)).not.toContain('sdk-up');
  });
});

describe('TunnelState through the query dialect', () => {
  const parser = new XMLParser({ isArray: (name) => name === 'member' });

  const signedQuery = (body: string) =>
    signedQueryRequest(lab.endpoint, lab.accounts[0]!, 'monitoring', body);

  const iso = (ms: number): string => encodeURIComponent(new Date(ms).toISOString());

  it('GetMetricData, GetMetricStatistics and ListMetrics answer in awsQuery XML', async () => {
    const end = lab.world.now();
    const data = await signedQuery(
      `Action=GetMetricData&Version=2010-08-01&StartTime=${iso(end - HOUR)}&EndTime=${iso(end)}` +
        '&MetricDataQueries.member.1.Id=down&MetricDataQueries.member.1.MetricStat.Metric.Namespace=AWS%2FVPN' +
        '&MetricDataQueries.member.1.MetricStat.Metric.MetricName=TunnelState' +
        '&MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name=VpnId' +
        `&MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value=${RETAIL}` +
        '&MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.2.Name=TunnelIpAddress' +
        `&MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.2.Value=${DOWN_IP}` +
        '&MetricDataQueries.member.1.MetricStat.Period=300&MetricDataQueries.member.1.MetricStat.Stat=Maximum',
    );
    expect(data.status).toBe(200);
    const result = parser.parse(data.text).GetMetricDataResponse.GetMetricDataResult.MetricDataResults
      .member[0];
    expect(result).toMatchObject({ Id: 'down', StatusCode: 'Complete' });
    expect(new Set(result.Values.member)).toEqual(new Set([0]));
    expect(result.Timestamps.member[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d[05]:00\.000Z$/);

    const stats = await signedQuery(
      `Action=GetMetricStatistics&Version=2010-08-01&Namespace=AWS%2FVPN&MetricName=TunnelState&StartTime=${iso(end - HOUR)}&EndTime=${iso(end)}` +
        `&Period=300&Statistics.member.1=Average&Dimensions.member.1.Name=TunnelIpAddress&Dimensions.member.1.Value=${UP_IP}`,
    );
    expect(stats.status).toBe(200);
    const points = parser.parse(stats.text).GetMetricStatisticsResponse.GetMetricStatisticsResult.Datapoints
      .member;
    expect(points.length).toBeGreaterThanOrEqual(12);
    expect(points[0]).toMatchObject({ Average: 1, Unit: 'None' });

    const listed = await signedQuery(
      `Action=ListMetrics&Version=2010-08-01&Namespace=AWS%2FVPN&Dimensions.member.1.Name=TunnelIpAddress&Dimensions.member.1.Value=${DOWN_IP}`,
    );
    expect(listed.status).toBe(200);
    expect(parser.parse(listed.text).ListMetricsResponse.ListMetricsResult.Metrics.member).toHaveLength(2);

    const bad = await signedQuery(
      `Action=GetMetricData&Version=2010-08-01&StartTime=${iso(end)}&EndTime=${iso(end - HOUR)}&MetricDataQueries.member.1.Id=x`,
    );
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<Code>InvalidParameterValue</Code>');
  });
});

describeWithAwsCli('TunnelState and alarm states through the AWS CLI', () => {
  let target: AwsCliTarget;
  beforeAll(() => {
    const account = lab.accounts[0]!;
    target = {
      endpoint: lab.endpoint,
      accessKeyId: account.accessKeyId,
      secretAccessKey: account.secretAccessKey,
      region: 'us-east-1',
    };
  });

  it('get-metric-data, get-metric-statistics, list-metrics and describe-alarms --state-value', async () => {
    const end = lab.world.now();
    const range = [
      '--start-time',
      new Date(end - HOUR).toISOString(),
      '--end-time',
      new Date(end).toISOString(),
    ];
    const data = await awsCliJson<{
      MetricDataResults: { Id: string; Values: number[]; Timestamps: string[]; StatusCode: string }[];
    }>(target, [
      'cloudwatch',
      'get-metric-data',
      ...range,
      '--metric-data-queries',
      JSON.stringify([
        {
          Id: 'down',
          MetricStat: {
            Metric: { Namespace: 'AWS/VPN', MetricName: 'TunnelState', Dimensions: tunnel(DOWN_IP) },
            Period: 300,
            Stat: 'Minimum',
          },
        },
      ]),
    ]);
    expect(data.MetricDataResults[0]).toMatchObject({ Id: 'down', StatusCode: 'Complete' });
    expect(new Set(data.MetricDataResults[0]!.Values)).toEqual(new Set([0]));

    const stats = await awsCliJson<{ Datapoints: { Minimum: number; Maximum: number; Timestamp: string }[] }>(
      target,
      [
        'cloudwatch',
        'get-metric-statistics',
        '--namespace',
        'AWS/VPN',
        '--metric-name',
        'TunnelState',
        '--dimensions',
        `Name=VpnId,Value=${RETAIL}`,
        ...range,
        '--period',
        '300',
        '--statistics',
        'Minimum',
        'Maximum',
      ],
    );
    expect(stats.Datapoints.length).toBeGreaterThanOrEqual(12);
    expect(stats.Datapoints[0]).toMatchObject({ Minimum: 0, Maximum: 1 });

    const listed = await awsCliJson<{ Metrics: unknown[] }>(target, [
      'cloudwatch',
      'list-metrics',
      '--namespace',
      'AWS/VPN',
      '--dimensions',
      `Name=VpnId,Value=${RETAIL}`,
    ]);
    expect(listed.Metrics).toHaveLength(3);

    await awsCliJson(target, [
      'cloudwatch',
      'put-metric-alarm',
      '--alarm-name',
      'cli-down',
      '--namespace',
      'AWS/VPN',
      '--metric-name',
      'TunnelState',
      '--dimensions',
      `Name=VpnId,Value=${RETAIL}`,
      `Name=TunnelIpAddress,Value=${DOWN_IP}`,
      '--statistic',
      'Minimum',
      '--period',
      '300',
      '--evaluation-periods',
      '1',
      '--threshold',
      '1',
      '--comparison-operator',
      'LessThanThreshold',
      '--alarm-actions',
      TOPIC,
    ]);
    lab.advanceClock(60_000);
    const alarming = await awsCliJson<{
      MetricAlarms: { AlarmName: string; StateValue: string; StateReasonData: string }[];
    }>(target, ['cloudwatch', 'describe-alarms', '--alarm-name-prefix', 'cli-', '--state-value', 'ALARM']);
    expect(alarming.MetricAlarms.map((a) => a.AlarmName)).toEqual(['cli-down']);
    expect(JSON.parse(alarming.MetricAlarms[0]!.StateReasonData)).toMatchObject({ recentDatapoints: [0] });
    const ok = await awsCliJson<{ MetricAlarms: unknown[] }>(target, [
      'cloudwatch',
      'describe-alarms',
      '--alarm-name-prefix',
      'cli-',
      '--state-value',
      'OK',
    ]);
    expect(ok.MetricAlarms).toEqual([]);
    const history = await awsCliJson<{ AlarmHistoryItems: { HistoryItemType: string }[] }>(target, [
      'cloudwatch',
      'describe-alarm-history',
      '--alarm-name',
      'cli-down',
    ]);
    expect(history.AlarmHistoryItems.map((h) => h.HistoryItemType)).toEqual([
      'Action',
      'StateUpdate',
      'ConfigurationUpdate',
    ]);
  });
});
