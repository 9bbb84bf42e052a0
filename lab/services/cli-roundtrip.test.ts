// Round trips through the real AWS CLI (botocore: a second, independent reading of the wire formats, with
// its own signer, `; charset=utf-8` content types and no x-amz-content-sha256).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { awsCliJson, describeWithAwsCli, runAwsCli, type AwsCliTarget } from '../../test/helpers/aws-cli.js';
import { startLab, type LabHandle } from '../index.js';
import { addTestAccount, addTestOrganization } from '../testing.js';

describeWithAwsCli('AWS CLI against the lab', () => {
  let lab: LabHandle;
  let target: AwsCliTarget;
  let memberId: string;

  beforeAll(async () => {
    lab = await startLab({
      setup: (world) => {
        addTestOrganization(world, 2);
        addTestAccount(world, { accountId: '200000000099', name: 'no-role' });
      },
    });
    const management = lab.accounts.find((account) => account.management)!;
    memberId = lab.accounts.find((account) => !account.management && account.name === 'member-1')!.accountId;
    target = {
      endpoint: lab.endpoint,
      accessKeyId: management.accessKeyId,
      secretAccessKey: management.secretAccessKey,
      region: 'eu-west-1',
    };
  });
  afterAll(async () => {
    await lab.stop();
  });

  it('sts get-caller-identity and assume-role, then acts as the member', async () => {
    const identity = await awsCliJson<{ Account: string; Arn: string }>(target, [
      'sts',
      'get-caller-identity',
    ]);
    expect(identity.Account).toBe('100000000001');
    const assumed = await awsCliJson<{
      Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string };
    }>(target, [
      'sts',
      'assume-role',
      '--role-arn',
      `arn:aws:iam::${memberId}:role/OrganizationAccountAccessRole`,
      '--role-session-name',
      'cli',
    ]);
    expect(assumed.Credentials.AccessKeyId).toMatch(/^ASIA/);
    expect(Date.parse(assumed.Credentials.Expiration)).toBeGreaterThan(Date.now());
    const asMember = await awsCliJson<{ Account: string; Arn: string }>(
      {
        ...target,
        accessKeyId: assumed.Credentials.AccessKeyId,
        secretAccessKey: assumed.Credentials.SecretAccessKey,
        sessionToken: assumed.Credentials.SessionToken,
      },
      ['sts', 'get-caller-identity'],
    );
    expect(asMember).toMatchObject({
      Account: memberId,
      Arn: `arn:aws:sts::${memberId}:assumed-role/OrganizationAccountAccessRole/cli`,
    });
    const denied = await runAwsCli(target, [
      'sts',
      'assume-role',
      '--role-arn',
      'arn:aws:iam::200000000099:role/OrganizationAccountAccessRole',
      '--role-session-name',
      'cli',
    ]);
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain('(AccessDenied)');
  });

  it('organizations list-accounts paginates across pages, and members are denied', async () => {
    const listed = await awsCliJson<{ Accounts: { Id: string; Status: string }[] }>(target, [
      'organizations',
      'list-accounts',
      '--page-size',
      '2',
    ]);
    expect(listed.Accounts.map((account) => account.Id).sort()).toEqual([
      '100000000001',
      '200000000001',
      '200000000002',
      '200000000099',
    ]);
    const member = lab.accounts.find((account) => account.accountId === memberId)!;
    const denied = await runAwsCli(
      { ...target, accessKeyId: member.accessKeyId, secretAccessKey: member.secretAccessKey },
      ['organizations', 'list-accounts'],
    );
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain('(AccessDeniedException)');
  });

  it('logs create-log-group, put-retention-policy, describe-log-groups', async () => {
    await awsCliJson(target, [
      'logs',
      'create-log-group',
      '--log-group-name',
      '/vpn/cli',
      '--tags',
      'owner=cli',
    ]);
    const duplicate = await runAwsCli(target, ['logs', 'create-log-group', '--log-group-name', '/vpn/cli']);
    expect(duplicate.stderr).toContain('(ResourceAlreadyExistsException)');
    await awsCliJson(target, [
      'logs',
      'put-retention-policy',
      '--log-group-name',
      '/vpn/cli',
      '--retention-in-days',
      '90',
    ]);
    const badRetention = await runAwsCli(target, [
      'logs',
      'put-retention-policy',
      '--log-group-name',
      '/vpn/cli',
      '--retention-in-days',
      '2',
    ]);
    expect(badRetention.stderr).toContain('(InvalidParameterException)');
    const described = await awsCliJson<{
      logGroups: { logGroupName: string; retentionInDays: number; arn: string }[];
    }>(target, ['logs', 'describe-log-groups', '--log-group-name-prefix', '/vpn/']);
    expect(described.logGroups).toEqual([
      expect.objectContaining({
        logGroupName: '/vpn/cli',
        retentionInDays: 90,
        arn: 'arn:aws:logs:eu-west-1:100000000001:log-group:/vpn/cli:*',
      }),
    ]);
  });

  it('cloudwatch put-metric-alarm, describe-alarms, delete-alarms', async () => {
    await awsCliJson(target, [
      'cloudwatch',
      'put-metric-alarm',
      '--alarm-name',
      'vpn-0abc-tunnel-down',
      '--metric-name',
      'TunnelState',
      '--namespace',
      'AWS/VPN',
      '--statistic',
      'Maximum',
      '--dimensions',
      'Name=VpnId,Value=vpn-0abc1234def567890',
      '--period',
      '300',
      '--evaluation-periods',
      '2',
      '--threshold',
      '1',
      '--comparison-operator',
      'LessThanThreshold',
      '--treat-missing-data',
      'breaching',
      '--alarm-actions',
      'arn:aws:sns:eu-west-1:100000000001:ops',
    ]);
    const described = await awsCliJson<{
      MetricAlarms: {
        AlarmName: string;
        StateValue: string;
        StateUpdatedTimestamp: number;
        Dimensions: unknown;
      }[];
    }>(target, ['cloudwatch', 'describe-alarms', '--alarm-names', 'vpn-0abc-tunnel-down']);
    expect(described.MetricAlarms).toHaveLength(1);
    expect(described.MetricAlarms[0]).toMatchObject({
      StateValue: 'INSUFFICIENT_DATA',
      Dimensions: [{ Name: 'VpnId', Value: 'vpn-0abc1234def567890' }],
    });
    // CLI v1 prints wire timestamps as received (cli_timestamp_format=none): epoch seconds for JSON 1.0.
    expect(described.MetricAlarms[0]!.StateUpdatedTimestamp).toBeGreaterThan(Date.now() / 1000 - 600);
    const invalid = await runAwsCli(target, [
      'cloudwatch',
      'put-metric-alarm',
      '--alarm-name',
      'x',
      '--metric-name',
      'TunnelState',
      '--namespace',
      'AWS/VPN',
      '--statistic',
      'Maximum',
      '--period',
      '7',
      '--evaluation-periods',
      '1',
      '--threshold',
      '1',
      '--comparison-operator',
      'LessThanThreshold',
    ]);
    expect(invalid.code).not.toBe(0);
    expect(invalid.stderr).toMatch(/\(InvalidParameterValue/);
    await awsCliJson(target, ['cloudwatch', 'delete-alarms', '--alarm-names', 'vpn-0abc-tunnel-down']);
    const after = await awsCliJson<{ MetricAlarms: unknown[] }>(target, ['cloudwatch', 'describe-alarms']);
    expect(after.MetricAlarms).toEqual([]);
  });

  it('sns create-topic, list-topics, publish', async () => {
    const created = await awsCliJson<{ TopicArn: string }>(target, [
      'sns',
      'create-topic',
      '--name',
      'vpn-alerts',
    ]);
    expect(created.TopicArn).toBe('arn:aws:sns:eu-west-1:100000000001:vpn-alerts');
    const again = await awsCliJson<{ TopicArn: string }>(target, [
      'sns',
      'create-topic',
      '--name',
      'vpn-alerts',
    ]);
    expect(again.TopicArn).toBe(created.TopicArn);
    const listed = await awsCliJson<{ Topics: { TopicArn: string }[] }>(target, ['sns', 'list-topics']);
    expect(listed.Topics).toEqual([{ TopicArn: created.TopicArn }]);
    const published = await awsCliJson<{ MessageId: string }>(target, [
      'sns',
      'publish',
      '--topic-arn',
      created.TopicArn,
      '--subject',
      'Tunnel',
      '--message',
      'tunnel 2 is DOWN',
    ]);
    expect(lab.world.deliveries.at(-1)).toMatchObject({
      messageId: published.MessageId,
      message: 'tunnel 2 is DOWN',
      subject: 'Tunnel',
    });
  });

  it('a wrong secret is refused with the AWS error code', async () => {
    const result = await runAwsCli({ ...target, secretAccessKey: 'wrong' }, ['sts', 'get-caller-identity']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('(SignatureDoesNotMatch)');
  });
});
