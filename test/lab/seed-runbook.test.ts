// The lesson's runbook, its four commands copied verbatim, run with the real AWS CLI against seed-story.
// The lab's endpoint and keys come from the environment, as `vpnguard lab` prints them.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type LabHandle } from '../../lab/index.js';
import { awsCliEnv, awsCliJson, describeWithAwsCli, type AwsCliTarget } from '../helpers/aws-cli.js';

const DOWN_QUERY = `aws ec2 describe-vpn-connections \\
--query 'VpnConnections[?VgwTelemetry[?Status==\`DOWN\`]].VpnConnectionId' --output text`;

const LOCK_TUNNEL = `aws ec2 modify-vpn-tunnel-options \\
--vpn-connection-id vpn-0a1b2c3d4e5f6a7b8 \\
--vpn-tunnel-outside-ip-address 203.0.113.20 \\
--tunnel-options '{"IKEVersions":[{"Value":"ikev2"}],"StartupAction":"start","LogOptions":{"CloudWatchLogOptions":{"LogEnabled":true,"LogGroupArn":"arn:aws:logs:us-east-1:111122223333:log-group:/aws/vpn/s2s","LogOutputFormat":"json"}}}'`;

const CLIENT_VPN_LOGGING = `aws ec2 modify-client-vpn-endpoint \\
--client-vpn-endpoint-id cvpn-endpoint-0a1b2c3d4e5f6a7b8 \\
--connection-log-options Enabled=true,CloudwatchLogGroup=/aws/clientvpn/prod-access`;

const TUNNEL_ALARM = `aws cloudwatch put-metric-alarm --alarm-name vpn-tunnel2-down \\
--namespace AWS/VPN --metric-name TunnelState \\
--dimensions Name=VpnId,Value=vpn-0a1b2c3d4e5f6a7b8 Name=TunnelIpAddress,Value=203.0.113.20 \\
--statistic Minimum --period 300 --evaluation-periods 1 \\
--threshold 1 --comparison-operator LessThanThreshold \\
--alarm-actions arn:aws:sns:us-east-1:111122223333:network-oncall`;

const RETAIL = 'vpn-0a1b2c3d4e5f6a7b8';
let lab: LabHandle;
let target: AwsCliTarget;

/** Runs a runbook command exactly as written, in a shell, with the lab's `export` lines in its environment. */
function shell(command: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', command], { env: awsCliEnv(target, { AWS_ENDPOINT_URL: lab.endpoint }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function ok(command: string): Promise<string> {
  const result = await shell(command);
  if (result.code !== 0) throw new Error(`runbook command failed (${result.code}): ${result.stderr.trim()}`);
  return result.stdout;
}

type Connection = { VpnConnectionId: string; State: string; VgwTelemetry: { OutsideIpAddress: string; Status: string }[]; Options: { TunnelOptions: Record<string, unknown>[] } };
async function retail(): Promise<Connection> {
  const out = await awsCliJson<{ VpnConnections: Connection[] }>(target, ['ec2', 'describe-vpn-connections', '--vpn-connection-ids', RETAIL]);
  return out.VpnConnections[0]!;
}
const tunnel20 = (conn: Connection) => conn.VgwTelemetry.find((t) => t.OutsideIpAddress === '203.0.113.20')!;

describeWithAwsCli('seed runbook, verbatim, against seed-story', () => {
  beforeAll(async () => {
    lab = await startLab({ scenario: 'seed-story', replacementSeconds: 30, throttling: false });
    const account = lab.accounts[0]!;
    target = { endpoint: lab.endpoint, accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey, region: 'us-east-1' };
  });
  afterAll(async () => {
    await lab?.stop();
  });

  it('1. the DOWN query lists exactly the connections with a DOWN tunnel', async () => {
    const listed = (await ok(DOWN_QUERY)).trim().split(/\s+/).sort();
    const expected = [...lab.world.region('111122223333', 'us-east-1').vpnConnections.values()]
      .filter((conn) => conn.tunnels.some((t) => t.telemetry.status === 'DOWN'))
      .map((conn) => conn.vpnConnectionId)
      .sort();
    expect(listed).toEqual(expected);
    expect(listed).toEqual(['vpn-04d5e6f7a8b9c0d1e', 'vpn-05e6f7a8b9c0d1e2f', RETAIL]);
  });

  it('2. after the firewall fix, the modify locks the tunnel to IKEv2 with start and JSON logging; it passes through modifying and comes back UP', async () => {
    // Step 2 of the runbook: fix the root cause (the far-side ACL) before touching crypto.
    lab.applyEvent({ type: 'fix-firewall', vpnConnectionId: RETAIL });
    expect(tunnel20(await retail()).Status).toBe('UP');
    const output = JSON.parse(await ok(LOCK_TUNNEL)) as { VpnConnection: Connection };
    expect(output.VpnConnection.State).toBe('modifying');
    const during = await retail();
    expect(during.State).toBe('modifying');
    expect(tunnel20(during).Status).toBe('DOWN');
    expect(during.VgwTelemetry.find((t) => t.OutsideIpAddress === '203.0.113.10')!.Status).toBe('UP');
    lab.advanceClock(30_000);
    const after = await retail();
    expect(after.State).toBe('available');
    expect(tunnel20(after).Status).toBe('UP');
    expect(after.Options.TunnelOptions.find((t) => t.OutsideIpAddress === '203.0.113.20')).toMatchObject({
      IkeVersions: [{ Value: 'ikev2' }],
      StartupAction: 'start',
      LogOptions: { CloudWatchLogOptions: { LogEnabled: true, LogGroupArn: 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/vpn/s2s', LogOutputFormat: 'json' } },
    });
    // Logging is on: the tunnel's negotiation is in its log group.
    const stream = lab.world.region('111122223333', 'us-east-1').logGroups.get('/aws/vpn/s2s')!.streams.get(`${RETAIL}-203.0.113.20-IKE`);
    expect(stream?.length).toBeGreaterThan(0);
  });

  it('3. the Client VPN modify turns connection logging on', async () => {
    await ok(CLIENT_VPN_LOGGING);
    const out = await awsCliJson<{ ClientVpnEndpoints: { ConnectionLogOptions: Record<string, unknown> }[] }>(target, [
      'ec2',
      'describe-client-vpn-endpoints',
      '--client-vpn-endpoint-ids',
      'cvpn-endpoint-0a1b2c3d4e5f6a7b8',
    ]);
    expect(out.ClientVpnEndpoints[0]!.ConnectionLogOptions).toMatchObject({ Enabled: true, CloudwatchLogGroup: '/aws/clientvpn/prod-access' });
  });

  it('4. put-metric-alarm stores an alarm that describe-alarms returns', async () => {
    await ok(TUNNEL_ALARM);
    const out = await awsCliJson<{ MetricAlarms: Record<string, unknown>[] }>(target, ['cloudwatch', 'describe-alarms', '--alarm-names', 'vpn-tunnel2-down']);
    expect(out.MetricAlarms).toHaveLength(1);
    expect(out.MetricAlarms[0]).toMatchObject({
      AlarmName: 'vpn-tunnel2-down',
      Namespace: 'AWS/VPN',
      MetricName: 'TunnelState',
      Statistic: 'Minimum',
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      AlarmActions: ['arn:aws:sns:us-east-1:111122223333:network-oncall'],
    });
  });

  it('without the firewall fix, the same modify leaves the tunnel DOWN (the root cause is not crypto)', async () => {
    const other = await startLab({ scenario: 'seed-story', replacementSeconds: 30, throttling: false });
    try {
      const account = other.accounts[0]!;
      const env = awsCliEnv({ ...target, endpoint: other.endpoint, accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey }, { AWS_ENDPOINT_URL: other.endpoint });
      const result = await new Promise<number>((resolve, reject) => {
        const child = spawn('bash', ['-c', LOCK_TUNNEL], { env, stdio: 'ignore' });
        child.on('error', reject);
        child.on('close', (code) => resolve(code ?? -1));
      });
      expect(result).toBe(0);
      other.advanceClock(30_000);
      const conn = other.world.region('111122223333', 'us-east-1').vpnConnections.get(RETAIL)!;
      expect(conn.state).toBe('available');
      expect(conn.tunnels[1].telemetry).toMatchObject({ status: 'DOWN', cause: 'endpoint-blocked' });
    } finally {
      await other.stop();
    }
  });
});
