// Round trips through the real AWS SDK v3 clients: every operation the lab's STS, Organizations, Logs,
// CloudWatch and SNS serve, parsed back by the SDK exactly as it parses AWS.
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  ListTagsForResourceCommand,
  PutMetricAlarmCommand,
  TagResourceCommand,
  paginateDescribeAlarms,
} from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  paginateDescribeLogGroups,
  paginateFilterLogEvents,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  OrganizationsClient,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import { CreateTopicCommand, ListTopicsCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type LabHandle } from '../index.js';
import { addSingleAccount, sdkClientConfig, signedQueryRequest } from '../testing.js';
import { appendLogEvent } from './logs.js';
import { addTestAccount } from '../testing.js';

let lab: LabHandle;
let management: { accountId: string };
const members: string[] = [];

beforeAll(async () => {
  lab = await startLab({ setup: addSingleAccount });
  management = lab.accounts.find((account) => account.management)!;
  // Enough members for several ListAccounts pages; one without the access role.
  for (let i = 0; i < 24; i++) {
    const account = addTestAccount(lab.world, {
      accountId: String(300000000000 + i),
      name: `member-${i}`,
      roles: i === 5 ? [] : ['OrganizationAccountAccessRole'],
    });
    members.push(account.accountId);
  }
  lab.accounts.push(
    ...members.map((accountId) => {
      const account = lab.world.account(accountId)!;
      return { ...account };
    }),
  );
});

afterAll(async () => {
  await lab.stop();
});

const config = (options: { accountId?: string; region?: string } = {}) =>
  sdkClientConfig(lab, {
    accountId: options.accountId ?? management.accountId,
    ...(options.region ? { region: options.region } : {}),
  });

describe('STS', () => {
  it('GetCallerIdentity names the account of the key', async () => {
    const identity = await new STSClient(config()).send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({
      Account: management.accountId,
      Arn: `arn:aws:iam::${management.accountId}:user/lab`,
    });
    expect(identity.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
  });

  it('AssumeRole issues ASIA keys bound to the target account', async () => {
    const target = members[0]!;
    const out = await new STSClient(config()).send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${target}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'vpn-scan',
      }),
    );
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.Credentials?.Expiration).toBeInstanceOf(Date);
    expect(out.Credentials!.Expiration!.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    expect(out.AssumedRoleUser?.Arn).toBe(
      `arn:aws:sts::${target}:assumed-role/OrganizationAccountAccessRole/vpn-scan`,
    );
    const assumed = new STSClient({
      ...config(),
      credentials: {
        accessKeyId: out.Credentials!.AccessKeyId!,
        secretAccessKey: out.Credentials!.SecretAccessKey!,
        sessionToken: out.Credentials!.SessionToken!,
      },
    });
    const identity = await assumed.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(target);
    expect(identity.Arn).toBe(`arn:aws:sts::${target}:assumed-role/OrganizationAccountAccessRole/vpn-scan`);
    expect(identity.UserId).toMatch(/^AROA[A-Z2-7]{17}:vpn-scan$/);
  });

  it('AssumeRole is AccessDenied (403) for a missing role or account', async () => {
    const sts = new STSClient(config());
    for (const roleArn of [
      `arn:aws:iam::${members[5]!}:role/OrganizationAccountAccessRole`,
      'arn:aws:iam::999999999999:role/OrganizationAccountAccessRole',
    ]) {
      const error = await sts
        .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'vpn-scan' }))
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    }
  });

  it('AssumeRole validates its input', async () => {
    const sts = new STSClient(config());
    const bad = await sts
      .send(new AssumeRoleCommand({ RoleArn: 'not-an-arn', RoleSessionName: 'x y' }))
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ name: 'ValidationError', $metadata: { httpStatusCode: 400 } });
  });
});

describe('Organizations', () => {
  it('ListAccounts pages through every account, 20 at most per page', async () => {
    const client = new OrganizationsClient(config({ region: 'us-east-1' }));
    const pages = [];
    for await (const page of paginateListAccounts({ client, pageSize: 10 }, {})) pages.push(page);
    expect(pages.map((page) => page.Accounts?.length)).toEqual([10, 10, 5]);
    const accounts = pages.flatMap((page) => page.Accounts ?? []);
    expect(accounts.map((account) => account.Id).sort()).toEqual([management.accountId, ...members].sort());
    expect(accounts[0]).toMatchObject({ Status: 'ACTIVE', State: 'ACTIVE' });
    expect(accounts[0]?.JoinedTimestamp).toBeInstanceOf(Date);
    expect(new Set(pages.map((page) => page.NextToken)).size).toBe(pages.length);
    expect(pages.at(-1)?.NextToken).toBeUndefined();
    const first = await client.send(new ListAccountsCommand({}));
    expect(first.Accounts).toHaveLength(20);
  });

  it('ListAccounts rejects MaxResults outside 1–20 and tokens it did not issue', async () => {
    const client = new OrganizationsClient(config());
    await expect(client.send(new ListAccountsCommand({ MaxResults: 21 }))).rejects.toMatchObject({
      name: 'InvalidInputException',
    });
    await expect(client.send(new ListAccountsCommand({ NextToken: 'bogus' }))).rejects.toMatchObject({
      name: 'InvalidInputException',
    });
  });

  it('only the management account may list accounts; members may describe the organization', async () => {
    const member = new OrganizationsClient(config({ accountId: members[1]! }));
    await expect(member.send(new ListAccountsCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    const org = await member.send(new DescribeOrganizationCommand({}));
    expect(org.Organization?.MasterAccountId).toBe(management.accountId);
    expect(org.Organization?.Id).toMatch(/^o-[a-z0-9]{10}$/);
  });
});

describe('CloudWatch Logs', () => {
  const logs = () => new CloudWatchLogsClient(config({ region: 'eu-west-1' }));

  it('creates, describes (paginated), sets retention and deletes log groups', async () => {
    const client = logs();
    for (let i = 0; i < 7; i++)
      await client.send(
        new CreateLogGroupCommand({ logGroupName: `/vpn/pages/${i}`, tags: { owner: 'lab' } }),
      );
    await expect(
      client.send(new CreateLogGroupCommand({ logGroupName: '/vpn/pages/0' })),
    ).rejects.toMatchObject({
      name: 'ResourceAlreadyExistsException',
      message: 'The specified log group already exists',
    });
    await client.send(new PutRetentionPolicyCommand({ logGroupName: '/vpn/pages/3', retentionInDays: 365 }));
    await expect(
      client.send(new PutRetentionPolicyCommand({ logGroupName: '/vpn/pages/3', retentionInDays: 2 })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    const pages = [];
    for await (const page of paginateDescribeLogGroups(
      { client, pageSize: 3 },
      { logGroupNamePrefix: '/vpn/pages/' },
    ))
      pages.push(page);
    expect(pages.map((page) => page.logGroups?.length)).toEqual([3, 3, 1]);
    const groups = pages.flatMap((page) => page.logGroups ?? []);
    const three = groups.find((group) => group.logGroupName === '/vpn/pages/3')!;
    expect(three.retentionInDays).toBe(365);
    expect(three.arn).toMatch(/^arn:aws:logs:eu-west-1:\d{12}:log-group:\/vpn\/pages\/3:\*$/);
    expect(three.logGroupArn).toBe(three.arn!.slice(0, -2));
    expect(typeof three.creationTime).toBe('number');
    await client.send(new DeleteLogGroupCommand({ logGroupName: '/vpn/pages/6' }));
    await expect(
      client.send(new DeleteLogGroupCommand({ logGroupName: '/vpn/pages/6' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await expect(client.send(new DescribeLogGroupsCommand({ limit: 51 }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    // Another region of the same account sees none of them.
    const other = await new CloudWatchLogsClient(config({ region: 'us-west-2' })).send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: '/vpn/pages/' }),
    );
    expect(other.logGroups).toEqual([]);
  });

  it('writes and reads events: PutLogEvents, DescribeLogStreams, FilterLogEvents, GetLogEvents', async () => {
    const client = logs();
    const group = '/vpn/tunnels';
    await client.send(new CreateLogGroupCommand({ logGroupName: group }));
    await client.send(
      new CreateLogStreamCommand({ logStreamName: 'vpn-1-52.0.0.1-IKE', logGroupName: group }),
    );
    const now = Date.now();
    await client.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 'vpn-1-52.0.0.1-IKE',
        logEvents: [
          {
            timestamp: now - 3000,
            message:
              '{"TunnelIKEPhase1State":"Down","VpnLogDetail":"Peer is not responsive - Declaring peer dead"}',
          },
          { timestamp: now - 2000, message: 'AWS tunnel DPD timed out after 3 retransmits' },
          { timestamp: now - 1000, message: 'No Proposal Match Found by AWS' },
        ],
      }),
    );
    await expect(
      client.send(
        new PutLogEventsCommand({
          logGroupName: group,
          logStreamName: 'vpn-1-52.0.0.1-IKE',
          logEvents: [
            { timestamp: now, message: 'b' },
            { timestamp: now - 1, message: 'a' },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    // Lab code writes tunnel logs directly, creating the stream as AWS's delivery does.
    const region = lab.world.region(management.accountId, 'eu-west-1');
    for (let i = 0; i < 5; i++)
      appendLogEvent(region, group, 'vpn-1-52.0.0.2-IKE', now - 10_000 + i, `DPD timeout ${i}`);
    expect(appendLogEvent(region, '/no/such/group', 's', now, 'x')).toBeUndefined();

    const streams = await client.send(new DescribeLogStreamsCommand({ logGroupName: group }));
    expect(streams.logStreams?.map((stream) => stream.logStreamName)).toEqual([
      'vpn-1-52.0.0.1-IKE',
      'vpn-1-52.0.0.2-IKE',
    ]);
    expect(streams.logStreams?.[1]?.lastEventTimestamp).toBe(now - 10_000 + 4);

    const dpd = await client.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: 'DPD' }));
    expect(dpd.events?.map((event) => event.message)).toEqual([
      'DPD timeout 0',
      'DPD timeout 1',
      'DPD timeout 2',
      'DPD timeout 3',
      'DPD timeout 4',
      'AWS tunnel DPD timed out after 3 retransmits',
    ]);
    const json = await client.send(
      new FilterLogEventsCommand({
        logGroupIdentifier: `arn:aws:logs:eu-west-1:${management.accountId}:log-group:${group}`,
        filterPattern: '{ $.TunnelIKEPhase1State = "Down" }',
      }),
    );
    expect(json.events).toHaveLength(1);
    const windowed = await client.send(
      new FilterLogEventsCommand({
        logGroupName: group,
        logStreamNames: ['vpn-1-52.0.0.1-IKE'],
        startTime: now - 2000,
        endTime: now - 1000,
      }),
    );
    expect(windowed.events?.map((event) => event.timestamp)).toEqual([now - 2000, now - 1000]);
    const pages = [];
    for await (const page of paginateFilterLogEvents({ client, pageSize: 2 }, { logGroupName: group }))
      pages.push(page);
    expect(pages.flatMap((page) => page.events ?? [])).toHaveLength(8);
    expect(pages.at(-1)?.nextToken).toBeUndefined();

    const latest = await client.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: 'vpn-1-52.0.0.2-IKE', limit: 2 }),
    );
    expect(latest.events?.map((event) => event.message)).toEqual(['DPD timeout 3', 'DPD timeout 4']);
    const head = await client.send(
      new GetLogEventsCommand({
        logGroupName: group,
        logStreamName: 'vpn-1-52.0.0.2-IKE',
        limit: 3,
        startFromHead: true,
      }),
    );
    expect(head.events?.map((event) => event.message)).toEqual([
      'DPD timeout 0',
      'DPD timeout 1',
      'DPD timeout 2',
    ]);
    const rest = await client.send(
      new GetLogEventsCommand({
        logGroupName: group,
        logStreamName: 'vpn-1-52.0.0.2-IKE',
        limit: 3,
        nextToken: head.nextForwardToken,
      }),
    );
    expect(rest.events?.map((event) => event.message)).toEqual(['DPD timeout 3', 'DPD timeout 4']);
    const end = await client.send(
      new GetLogEventsCommand({
        logGroupName: group,
        logStreamName: 'vpn-1-52.0.0.2-IKE',
        limit: 3,
        nextToken: rest.nextForwardToken,
      }),
    );
    expect(end.events).toEqual([]);
    expect(end.nextForwardToken).toBe(rest.nextForwardToken); // AWS's "end of stream" signal
  });
});

describe('CloudWatch alarms (JSON 1.0)', () => {
  const cloudwatch = () => new CloudWatchClient(config());
  const alarm = (name: string) => ({
    AlarmName: name,
    AlarmDescription: 'tunnel down',
    AlarmActions: [`arn:aws:sns:us-east-1:${management.accountId}:ops`],
    MetricName: 'TunnelState',
    Namespace: 'AWS/VPN',
    Statistic: 'Maximum' as const,
    Dimensions: [{ Name: 'VpnId', Value: 'vpn-0abc1234def567890' }],
    Period: 300,
    EvaluationPeriods: 2,
    DatapointsToAlarm: 2,
    Threshold: 1,
    ComparisonOperator: 'LessThanThreshold' as const,
    TreatMissingData: 'breaching',
    Tags: [{ Key: 'owner', Value: 'vpnguard' }],
  });

  it('stores alarms as INSUFFICIENT_DATA and pages through them', async () => {
    const client = cloudwatch();
    const before = Date.now();
    for (let i = 0; i < 5; i++) await client.send(new PutMetricAlarmCommand(alarm(`vpn-tunnel-down-${i}`)));
    const one = await client.send(new DescribeAlarmsCommand({ AlarmNames: ['vpn-tunnel-down-2'] }));
    expect(one.MetricAlarms).toHaveLength(1);
    expect(one.CompositeAlarms).toEqual([]);
    const stored = one.MetricAlarms![0]!;
    expect(stored).toMatchObject({
      AlarmName: 'vpn-tunnel-down-2',
      AlarmArn: `arn:aws:cloudwatch:us-east-1:${management.accountId}:alarm:vpn-tunnel-down-2`,
      StateValue: 'INSUFFICIENT_DATA',
      StateReason: 'Unchecked: Initial alarm creation',
      Statistic: 'Maximum',
      Dimensions: [{ Name: 'VpnId', Value: 'vpn-0abc1234def567890' }],
      Threshold: 1,
      TreatMissingData: 'breaching',
    });
    expect(stored.StateUpdatedTimestamp).toBeInstanceOf(Date);
    expect(stored.StateUpdatedTimestamp!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const pages = [];
    for await (const page of paginateDescribeAlarms(
      { client, pageSize: 2 },
      { AlarmNamePrefix: 'vpn-tunnel-down-' },
    ))
      pages.push(page);
    expect(pages.map((page) => page.MetricAlarms?.length)).toEqual([2, 2, 1]);
    const tags = await client.send(new ListTagsForResourceCommand({ ResourceARN: stored.AlarmArn }));
    expect(tags.Tags).toEqual([{ Key: 'owner', Value: 'vpnguard' }]);
    await client.send(
      new TagResourceCommand({ ResourceARN: stored.AlarmArn, Tags: [{ Key: 'team', Value: 'net' }] }),
    );
    const tagged = await client.send(new ListTagsForResourceCommand({ ResourceARN: stored.AlarmArn }));
    expect(tagged.Tags).toHaveLength(2);
    await client.send(new DeleteAlarmsCommand({ AlarmNames: ['vpn-tunnel-down-0', 'vpn-tunnel-down-1'] }));
    const left = await client.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'vpn-tunnel-down-' }));
    expect(left.MetricAlarms?.map((entry) => entry.AlarmName)).toEqual([
      'vpn-tunnel-down-2',
      'vpn-tunnel-down-3',
      'vpn-tunnel-down-4',
    ]);
  });

  it('validates like AWS and maps errors to the modeled shapes', async () => {
    const client = cloudwatch();
    await expect(
      client.send(new PutMetricAlarmCommand({ ...alarm('bad-op'), ComparisonOperator: 'Bigger' as never })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      Code: 'ValidationError',
    });
    await expect(
      client.send(new PutMetricAlarmCommand({ ...alarm('both-stats'), ExtendedStatistic: 'p99' })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterCombinationException',
      Code: 'InvalidParameterCombination',
    });
    const { Threshold: _threshold, ...noThreshold } = alarm('no-threshold');
    await expect(client.send(new PutMetricAlarmCommand(noThreshold as never))).rejects.toMatchObject({
      name: 'MissingRequiredParameterException',
      Code: 'MissingParameter',
    });
    await expect(client.send(new DescribeAlarmsCommand({ MaxRecords: 101 }))).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
    });
    await expect(client.send(new DescribeAlarmsCommand({ NextToken: 'nope' }))).rejects.toMatchObject({
      name: 'InvalidNextToken',
    });
    await expect(
      client.send(new DeleteAlarmsCommand({ AlarmNames: ['never-existed'] })),
    ).rejects.toMatchObject({ name: 'ResourceNotFound' });
  });
});

describe('CloudWatch alarms (awsQuery dialect, as older SDKs and CLIs send it)', () => {
  const signedQuery = (body: string) =>
    signedQueryRequest(
      lab.endpoint,
      lab.accounts.find((entry) => entry.management)!,
      'monitoring',
      body,
    );
  const parser = new XMLParser({ ignoreAttributes: true, isArray: (name) => name === 'member' });

  it('PutMetricAlarm, DescribeAlarms and DeleteAlarms through the query dialect', async () => {
    const put = await signedQuery(
      'Action=PutMetricAlarm&Version=2010-08-01&AlarmName=query-alarm&MetricName=TunnelState&Namespace=AWS%2FVPN' +
        '&Statistic=Maximum&Dimensions.member.1.Name=VpnId&Dimensions.member.1.Value=vpn-0abc&Period=300' +
        '&EvaluationPeriods=2&Threshold=1&ComparisonOperator=LessThanThreshold&AlarmActions.member.1=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3Aops',
    );
    expect(put.status).toBe(200);
    expect(parser.parse(put.text)).toHaveProperty('PutMetricAlarmResponse.ResponseMetadata.RequestId');

    const described = await signedQuery(
      'Action=DescribeAlarms&Version=2010-08-01&AlarmNames.member.1=query-alarm&MaxRecords=10',
    );
    expect(described.status).toBe(200);
    const result = parser.parse(described.text).DescribeAlarmsResponse.DescribeAlarmsResult;
    const stored = result.MetricAlarms.member[0];
    expect(stored).toMatchObject({
      AlarmName: 'query-alarm',
      StateValue: 'INSUFFICIENT_DATA',
      Period: 300,
      Threshold: 1,
      Dimensions: { member: [{ Name: 'VpnId', Value: 'vpn-0abc' }] },
      AlarmActions: { member: ['arn:aws:sns:us-east-1:123456789012:ops'] },
    });
    expect(stored.StateUpdatedTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    // The same alarm is visible to the JSON client: one store behind both dialects.
    const viaJson = await new CloudWatchClient(config()).send(
      new DescribeAlarmsCommand({ AlarmNames: ['query-alarm'] }),
    );
    expect(viaJson.MetricAlarms?.[0]?.Dimensions).toEqual([{ Name: 'VpnId', Value: 'vpn-0abc' }]);

    const invalid = await signedQuery('Action=DescribeAlarms&Version=2010-08-01&MaxRecords=0');
    expect(invalid.status).toBe(400);
    expect(parser.parse(invalid.text).ErrorResponse.Error).toMatchObject({
      Type: 'Sender',
      Code: 'InvalidParameterValue',
    });

    const deleted = await signedQuery(
      'Action=DeleteAlarms&Version=2010-08-01&AlarmNames.member.1=query-alarm',
    );
    expect(deleted.status).toBe(200);
    expect(lab.world.region(management.accountId, 'us-east-1').alarms.has('query-alarm')).toBe(false);
  });
});

describe('SNS', () => {
  it('CreateTopic is idempotent, ListTopics lists, Publish records a delivery', async () => {
    const sns = new SNSClient(config());
    const first = await sns.send(
      new CreateTopicCommand({ Name: 'vpn-alerts', Tags: [{ Key: 'owner', Value: 'lab' }] }),
    );
    const second = await sns.send(new CreateTopicCommand({ Name: 'vpn-alerts' }));
    expect(first.TopicArn).toBe(`arn:aws:sns:us-east-1:${management.accountId}:vpn-alerts`);
    expect(second.TopicArn).toBe(first.TopicArn);
    const listed = await sns.send(new ListTopicsCommand({}));
    expect(listed.Topics).toEqual([{ TopicArn: first.TopicArn }]);
    expect(listed.NextToken).toBeUndefined();
    const published = await sns.send(
      new PublishCommand({
        TopicArn: first.TopicArn,
        Subject: 'Tunnel down',
        Message: 'vpn-1 tunnel 2 DOWN & <out>',
      }),
    );
    expect(published.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(lab.world.deliveries.at(-1)).toMatchObject({
      topicArn: first.TopicArn,
      messageId: published.MessageId,
      subject: 'Tunnel down',
      message: 'vpn-1 tunnel 2 DOWN & <out>',
      origin: 'publish',
    });
    await expect(
      sns.send(
        new PublishCommand({
          TopicArn: `arn:aws:sns:us-east-1:${management.accountId}:missing`,
          Message: 'x',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'NotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(sns.send(new CreateTopicCommand({ Name: 'bad name!' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });
});
