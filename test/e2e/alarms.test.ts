// `vpnguard alarms` end to end: the BUILT CLI against the seed story in an in-process lab, checked with the
// real AWS CLI and the lab's ground truth (alarm evaluation on the lab clock, SNS deliveries, request log).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteVpnConnectionCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type LabHandle } from '../../lab/index.js';
import { sdkClientConfig } from '../../lab/testing.js';
import { awsCliJson, describeWithAwsCli, type AwsCliTarget } from '../helpers/aws-cli.js';
import { CLI, labEnv, type Run } from './fix.helpers.js';

const ACCOUNT = '111122223333';
const TOPIC = 'network-oncall';
const HQ = 'vpn-02b3c4d5e6f7a8b9c';
const STORE = 'vpn-0d4e5f6a7b8c9d0e1';
const MIN = 60_000;

let lab: LabHandle;
let cwd: string;

function alarms(args: readonly string[]): Promise<Run> {
  if (!existsSync(CLI))
    throw new Error(`${CLI} is missing: run \`npm run build\` before the end-to-end tests`);
  const { env } = labEnv(lab, cwd);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'alarms', ...args, '--endpoint-url', lab.endpoint], {
      env,
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

const target = (region: string): AwsCliTarget => {
  const account = lab.accounts[0]!;
  return {
    endpoint: lab.endpoint,
    accessKeyId: account.accessKeyId,
    secretAccessKey: account.secretAccessKey,
    region,
  };
};

interface CliAlarm {
  AlarmName: string;
  StateValue: string;
  Dimensions: { Name: string; Value: string }[];
  AlarmActions: string[];
  Statistic: string;
  Threshold: number;
  ComparisonOperator: string;
  TreatMissingData: string;
  Period: number;
  EvaluationPeriods: number;
}

async function describeAlarms(region: string, extra: string[] = []): Promise<CliAlarm[]> {
  const out = await awsCliJson<{ MetricAlarms: CliAlarm[] }>(target(region), [
    'cloudwatch',
    'describe-alarms',
    ...extra,
  ]);
  return out.MetricAlarms;
}

/** `vpn-id/ip` of every tunnel of every available connection in a region (lab ground truth). */
function availableTunnels(region: string): string[] {
  lab.world.settle();
  const state = lab.world.region(ACCOUNT, region);
  return [...state.vpnConnections.values()]
    .filter((c) => c.state === 'available')
    .flatMap((c) => c.tunnels.map((t) => `${c.vpnConnectionId}/${t.options.outsideIpAddress}`))
    .sort();
}

const tunnelOf = (a: CliAlarm): string =>
  `${a.Dimensions.find((d) => d.Name === 'VpnId')?.Value}/${a.Dimensions.find((d) => d.Name === 'TunnelIpAddress')?.Value}`;

const alarmNotifications = (alarmName: string) =>
  lab.world.deliveries.filter(
    (d) =>
      d.origin === 'cloudwatch-alarm' &&
      (JSON.parse(d.message) as { AlarmName: string }).AlarmName === alarmName,
  );

const writesSince = (index: number) =>
  lab.world.requestLog
    .slice(index)
    .filter((e) => ['PutMetricAlarm', 'DeleteAlarms', 'TagResource', 'CreateTopic'].includes(e.operation));

beforeAll(async () => {
  lab = await startLab({ scenario: 'seed-story' });
  cwd = mkdtempSync(join(tmpdir(), 'vpnguard-alarms-'));
});
afterAll(async () => {
  await lab.stop();
  rmSync(cwd, { recursive: true, force: true });
});

describeWithAwsCli('vpnguard alarms on the seed story', () => {
  it('refuses bad flags and --apply without --yes on a non-terminal (exit 3), and plans without writing', async () => {
    const before = lab.world.requestLog.length;
    expect((await alarms(['--topic-name', TOPIC, '--apply'])).code).toBe(3);
    const noTopic = await alarms([]);
    expect(noTopic.code).toBe(3);
    expect(noTopic.stderr).toContain('--topic-arn');
    expect((await alarms(['--topic-name', TOPIC, '--period', '60'])).stderr).toContain('every 5 minutes');
    expect(
      (await alarms(['--topic-name', TOPIC, '--evaluation-periods', '2', '--datapoints-to-alarm', '3'])).code,
    ).toBe(3);
    const missingTopic = await alarms(['--topic-arn', `arn:aws:sns:us-east-1:${ACCOUNT}:no-such-topic`]);
    expect(missingTopic.code).toBe(3);
    expect(missingTopic.stderr).toContain('does not exist');

    const plan = await alarms(['--topic-name', TOPIC, '--output', 'json', '-q']);
    expect(plan.code).toBe(0);
    const parsed = JSON.parse(plan.stdout) as { plan: { summary: Record<string, number> } };
    expect(parsed.plan.summary).toEqual({ create: 22, update: 0, delete: 0, unchanged: 0, blocked: 0 });
    expect(writesSince(before)).toEqual([]);
  });

  it('--apply --yes: describe-alarms lists exactly one alarm per tunnel of every available connection; user alarms stay', async () => {
    // The user's own alarms: one under vpnguard's prefix without the managed-by tag, one with its own name.
    const user = [
      '--namespace',
      'AWS/VPN',
      '--metric-name',
      'TunnelState',
      '--statistic',
      'Maximum',
      '--period',
      '300',
      '--evaluation-periods',
      '1',
      '--threshold',
      '1',
      '--comparison-operator',
      'LessThanThreshold',
    ];
    await awsCliJson(target('us-east-1'), [
      'cloudwatch',
      'put-metric-alarm',
      '--alarm-name',
      'vpnguard-tunnel-down-vpn-0123456789abcdef0-192.0.2.1',
      '--dimensions',
      'Name=VpnId,Value=vpn-0123456789abcdef0',
      ...user,
    ]);
    await awsCliJson(target('us-east-1'), [
      'cloudwatch',
      'put-metric-alarm',
      '--alarm-name',
      'retail-oms-outage',
      '--dimensions',
      'Name=VpnId,Value=vpn-0a1b2c3d4e5f6a7b8',
      ...user,
    ]);

    const run = await alarms(['--topic-name', TOPIC, '--apply', '--yes']);
    expect(run.stderr).not.toContain('FAILED');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Plan: 22 to create, 0 to update, 0 to delete, 0 unchanged, 0 blocked.');

    for (const region of ['us-east-1', 'eu-west-1']) {
      const listed = (await describeAlarms(region, ['--alarm-name-prefix', 'vpnguard-'])).filter(
        (a) => a.AlarmActions.length > 0,
      );
      expect(listed.map(tunnelOf).sort()).toEqual(availableTunnels(region));
      for (const alarm of listed) {
        expect(alarm).toMatchObject({
          Statistic: 'Minimum',
          Threshold: 1,
          ComparisonOperator: 'LessThanThreshold',
          TreatMissingData: 'breaching',
          Period: 300,
          EvaluationPeriods: 3,
          AlarmActions: [`arn:aws:sns:${region}:${ACCOUNT}:${TOPIC}`],
        });
      }
    }
    expect(availableTunnels('us-east-1')).toHaveLength(18);
    expect(availableTunnels('eu-west-1')).toHaveLength(4);
    const tags = await awsCliJson<{ Tags: { Key: string; Value: string }[] }>(target('us-east-1'), [
      'cloudwatch',
      'list-tags-for-resource',
      '--resource-arn',
      `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:vpnguard-tunnel-down-vpn-0a1b2c3d4e5f6a7b8-203.0.113.20`,
    ]);
    expect(tags.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'managed-by', Value: 'vpnguard' },
        { Key: 'vpnguard:vpn-connection-id', Value: 'vpn-0a1b2c3d4e5f6a7b8' },
        { Key: 'vpnguard:tunnel-ip-address', Value: '203.0.113.20' },
      ]),
    );
    // The tunnel DOWN for 91 days pages at the first evaluation; its healthy twin does not.
    lab.advanceClock(MIN);
    const alarming = await describeAlarms('us-east-1', [
      '--alarm-name-prefix',
      'vpnguard-tunnel-down-vpn-0a1b',
      '--state-value',
      'ALARM',
    ]);
    expect(alarming.map((a) => a.AlarmName)).toEqual([
      'vpnguard-tunnel-down-vpn-0a1b2c3d4e5f6a7b8-203.0.113.20',
    ]);
    expect(alarmNotifications('vpnguard-tunnel-down-vpn-0a1b2c3d4e5f6a7b8-203.0.113.20')).toHaveLength(1);
  });

  it('a dropped tunnel turns its alarm to ALARM with exactly one SNS message within 3 x 5 minutes; the fix returns it to OK', async () => {
    const conn = lab.world.region(ACCOUNT, 'us-east-1').vpnConnections.get(HQ)!;
    const ip = conn.tunnels[1].options.outsideIpAddress;
    const name = `vpnguard-tunnel-down-${HQ}-${ip}`;
    const [before] = await describeAlarms('us-east-1', ['--alarm-names', name]);
    expect(before!.StateValue).toBe('OK');

    lab.applyEvent({ type: 'block-endpoint', vpnConnectionId: HQ, outsideIpAddress: ip });
    lab.advanceClock(15 * MIN);
    const alarming = await describeAlarms('us-east-1', ['--state-value', 'ALARM']);
    expect(alarming.map((a) => a.AlarmName)).toContain(name);
    const sent = alarmNotifications(name);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      topicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:${TOPIC}`,
      subject: `ALARM: "${name}" in US East (N. Virginia)`,
    });
    expect(JSON.parse(sent[0]!.message)).toMatchObject({
      NewStateValue: 'ALARM',
      OldStateValue: 'OK',
      AlarmDescription: expect.stringContaining('fires when IPsec is up but BGP is down'),
    });
    const fromApi = (await (
      await fetch(`${lab.endpoint}/_lab/deliveries?origin=cloudwatch-alarm`)
    ).json()) as { subject: string }[];
    expect(fromApi.filter((d) => d.subject.includes(name))).toHaveLength(1);

    lab.applyEvent({ type: 'unblock-endpoint', vpnConnectionId: HQ, outsideIpAddress: ip });
    lab.advanceClock(5 * MIN);
    const [after] = await describeAlarms('us-east-1', ['--alarm-names', name]);
    expect(after!.StateValue).toBe('OK');
    expect(alarmNotifications(name)).toHaveLength(1); // no OKActions unless --notify-ok
  });

  it('re-running --apply changes nothing', async () => {
    const before = lab.world.requestLog.length;
    const run = await alarms(['--topic-name', TOPIC, '--apply', '--yes']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Plan: 0 to create, 0 to update, 0 to delete, 22 unchanged, 0 blocked.');
    expect(run.stderr).toContain('nothing to apply');
    expect(writesSince(before)).toEqual([]);
  });

  it('a deleted connection loses its alarms on the next run; the user-made alarms are never deleted', async () => {
    const ec2 = new EC2Client(sdkClientConfig(lab));
    await ec2.send(new DeleteVpnConnectionCommand({ VpnConnectionId: STORE }));
    ec2.destroy();
    lab.advanceClock(MIN);
    const plan = await alarms(['--topic-name', TOPIC, '-q']);
    expect(plan.stdout).toContain(`connection ${STORE} is deleted`);
    const before = lab.world.requestLog.length;
    const run = await alarms(['--topic-name', TOPIC, '--apply', '--yes', '-q']);
    expect(run.code).toBe(0);
    expect(writesSince(before).map((e) => e.operation)).toEqual(['DeleteAlarms']);
    const names = (await describeAlarms('us-east-1')).map((a) => a.AlarmName);
    expect(names.filter((n) => n.includes(STORE))).toEqual([]);
    expect(names).toContain('vpnguard-tunnel-down-vpn-0123456789abcdef0-192.0.2.1');
    expect(names).toContain('retail-oms-outage');
    expect(names.filter((n) => n.startsWith('vpnguard-tunnel-down-')).length).toBe(16 + 1);
  });
});
