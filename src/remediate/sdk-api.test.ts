import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { sdkRemediationApi } from './sdk-api.js';

/** Records each command's name and input; answers from a table. */
function recorder(answers: Record<string, unknown> = {}) {
  const sent: { name: string; input: Record<string, unknown> }[] = [];
  const client = {
    send(command: { constructor: { name: string }; input: Record<string, unknown> }) {
      const name = command.constructor.name.replace(/Command$/, '');
      sent.push({ name, input: command.input });
      const answer = answers[name];
      if (answer instanceof Error) return Promise.reject(answer);
      return Promise.resolve(answer ?? {});
    },
  };
  return { client, sent };
}

describe('sdkRemediationApi', () => {
  it('ModifyClientVpnEndpoint carries only the endpoint id and ConnectionLogOptions', async () => {
    const ec2 = recorder();
    const api = sdkRemediationApi({ ec2: ec2.client as unknown as EC2Client, logs: recorder().client as unknown as CloudWatchLogsClient });
    await api.enableClientVpnLogging('cvpn-endpoint-01', '/aws/vendedlogs/vpn/us-east-1');
    expect(ec2.sent).toEqual([
      {
        name: 'ModifyClientVpnEndpoint',
        input: { ClientVpnEndpointId: 'cvpn-endpoint-01', ConnectionLogOptions: { Enabled: true, CloudwatchLogGroup: '/aws/vendedlogs/vpn/us-east-1' } },
      },
    ]);
  });

  it('one ModifyVpnTunnelOptions carries every change of the tunnel, by outside IP', async () => {
    const ec2 = recorder({ ModifyVpnTunnelOptions: { VpnConnection: { State: 'modifying' } } });
    const api = sdkRemediationApi({ ec2: ec2.client as unknown as EC2Client, logs: recorder().client as unknown as CloudWatchLogsClient });
    const out = await api.modifyVpnTunnelOptions('vpn-01', '52.0.0.1', {
      ikeVersions: ['ikev2'],
      startupAction: 'start',
      logging: { logGroupArn: 'arn:aws:logs:us-east-1:1:log-group:/g', outputFormat: 'json' },
    });
    expect(out).toEqual({ state: 'modifying' });
    expect(ec2.sent).toEqual([
      {
        name: 'ModifyVpnTunnelOptions',
        input: {
          VpnConnectionId: 'vpn-01',
          VpnTunnelOutsideIpAddress: '52.0.0.1',
          TunnelOptions: {
            IKEVersions: [{ Value: 'ikev2' }],
            StartupAction: 'start',
            LogOptions: { CloudWatchLogOptions: { LogEnabled: true, LogGroupArn: 'arn:aws:logs:us-east-1:1:log-group:/g', LogOutputFormat: 'json' } },
          },
        },
      },
    ]);
  });

  it('live reads join telemetry by outside IP and keep no secrets', async () => {
    const ec2 = recorder({
      DescribeVpnConnections: {
        VpnConnections: [
          {
            VpnConnectionId: 'vpn-01',
            State: 'available',
            CustomerGatewayConfiguration: '<vpn_connection>secret</vpn_connection>',
            Options: {
              TunnelOptions: [
                { OutsideIpAddress: '52.0.0.1', PreSharedKey: 'psk_one_123', IkeVersions: [{ Value: 'ikev2' }], StartupAction: 'start', LogOptions: { CloudWatchLogOptions: { LogEnabled: true, LogGroupArn: 'arn:g', LogOutputFormat: 'json' } } },
                { OutsideIpAddress: '52.0.0.2', PreSharedKey: 'psk_two_456' },
              ],
            },
            // Telemetry in the opposite order to the tunnel options.
            VgwTelemetry: [
              { OutsideIpAddress: '52.0.0.2', Status: 'DOWN', LastStatusChange: new Date('2026-12-01T00:00:00Z') },
              { OutsideIpAddress: '52.0.0.1', Status: 'UP' },
            ],
          },
        ],
      },
    });
    const api = sdkRemediationApi({ ec2: ec2.client as unknown as EC2Client, logs: recorder().client as unknown as CloudWatchLogsClient });
    const [live] = await api.describeVpnConnections(['vpn-01']);
    expect(live).toEqual({
      vpnConnectionId: 'vpn-01',
      state: 'available',
      tunnels: [
        { outsideIpAddress: '52.0.0.1', ikeVersions: ['ikev2'], startupAction: 'start', logging: { enabled: true, logGroupArn: 'arn:g', outputFormat: 'json' }, status: 'UP', lastStatusChange: undefined },
        { outsideIpAddress: '52.0.0.2', ikeVersions: undefined, startupAction: undefined, logging: { enabled: false, logGroupArn: undefined, outputFormat: undefined }, status: 'DOWN', lastStatusChange: Date.parse('2026-12-01T00:00:00Z') },
      ],
    });
    expect(JSON.stringify(live)).not.toMatch(/psk_|secret/);
  });

  it('an existing log group is not an error; DescribeLogGroups matches the exact name', async () => {
    const exists = Object.assign(new Error('The specified log group already exists'), { name: 'ResourceAlreadyExistsException' });
    const logs = recorder({
      CreateLogGroup: exists,
      DescribeLogGroups: { logGroups: [{ logGroupName: '/g-other' }, { logGroupName: '/g', arn: 'arn:aws:logs:us-east-1:1:log-group:/g:*', retentionInDays: 30 }] },
    });
    const api = sdkRemediationApi({ ec2: recorder().client as unknown as EC2Client, logs: logs.client as unknown as CloudWatchLogsClient });
    await expect(api.createLogGroup('/g')).resolves.toBeUndefined();
    expect(await api.describeLogGroup('/g')).toEqual({ exists: true, arn: 'arn:aws:logs:us-east-1:1:log-group:/g', retentionInDays: 30 });
  });
});
