/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call -- the CLI prints JSON that these tests read dynamically */
// Every lab EC2 operation through the real AWS CLI (a second, independent client: botocore's parsers).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type LabHandle } from '../../lab/index.js';
import { awsCliJson, describeWithAwsCli, runAwsCli, type AwsCliTarget } from '../helpers/aws-cli.js';

let lab: LabHandle;
let target: AwsCliTarget;
type Json = Record<string, any>;
const ec2 = (...args: string[]) => awsCliJson<Json>(target, ['ec2', ...args]);

describeWithAwsCli('EC2 through the AWS CLI', () => {
  beforeAll(async () => {
    lab = await startLab({ scenario: 'seed-story', replacementSeconds: 30, throttling: false });
    const account = lab.accounts[0]!;
    target = { endpoint: lab.endpoint, accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey, region: 'us-east-1' };
  });
  afterAll(async () => {
    await lab?.stop();
  });

  it('describe-regions (enabled, --all-regions)', async () => {
    expect((await ec2('describe-regions')).Regions).toHaveLength(17);
    const all = await ec2('describe-regions', '--all-regions');
    expect(all.Regions.some((r: Json) => r.OptInStatus === 'not-opted-in')).toBe(true);
  });

  it('describe-vpn-connections, -customer-gateways, -vpn-gateways, -client-vpn-endpoints', async () => {
    const conns = await ec2('describe-vpn-connections', '--filters', 'Name=tag:Name,Values=retail-oms');
    expect(conns.VpnConnections[0].VgwTelemetry.find((t: Json) => t.OutsideIpAddress === '203.0.113.20').Status).toBe('DOWN');
    expect(conns.VpnConnections[0].Options.TunnelOptions[0].IkeVersions).toBeUndefined();
    expect((await ec2('describe-customer-gateways', '--customer-gateway-ids', 'cgw-0a1b2c3d4e5f6a7b8')).CustomerGateways[0].IpAddress).toBe('198.51.100.10');
    expect((await ec2('describe-vpn-gateways')).VpnGateways[0].AmazonSideAsn).toBe(64512);
    const endpoints = await ec2('describe-client-vpn-endpoints', '--page-size', '5');
    expect(endpoints.ClientVpnEndpoints.map((e: Json) => e.ConnectionLogOptions.Enabled)).toEqual([false, true, false]);
  });

  it('create-customer-gateway, create-vpn-gateway, create-vpn-connection, create-tags, delete-tags, delete-vpn-connection', async () => {
    const cgw = (await ec2('create-customer-gateway', '--type', 'ipsec.1', '--public-ip', '198.51.100.240', '--bgp-asn', '65240')).CustomerGateway;
    const vgw = (await ec2('create-vpn-gateway', '--type', 'ipsec.1')).VpnGateway;
    const created = (
      await ec2('create-vpn-connection', '--type', 'ipsec.1', '--customer-gateway-id', cgw.CustomerGatewayId, '--vpn-gateway-id', vgw.VpnGatewayId,
        '--options', '{"StaticRoutesOnly":true,"TunnelOptions":[{"IKEVersions":[{"Value":"ikev2"}]},{"IKEVersions":[{"Value":"ikev2"}]}]}')
    ).VpnConnection;
    expect(created.State).toBe('pending');
    expect(created.Options.TunnelOptions.map((t: Json) => t.IkeVersions)).toEqual([[{ Value: 'ikev2' }], [{ Value: 'ikev2' }]]);
    const id = created.VpnConnectionId as string;
    await ec2('create-tags', '--resources', id, '--tags', 'Key=team,Value=net');
    expect((await ec2('describe-vpn-connections', '--filters', 'Name=tag:team,Values=net')).VpnConnections.map((c: Json) => c.VpnConnectionId)).toEqual([id]);
    await ec2('delete-tags', '--resources', id, '--tags', 'Key=team');
    expect((await ec2('describe-vpn-connections', '--filters', 'Name=tag-key,Values=team')).VpnConnections).toEqual([]);
    await ec2('delete-vpn-connection', '--vpn-connection-id', id);
    expect((await ec2('describe-vpn-connections', '--vpn-connection-ids', id)).VpnConnections[0].State).toBe('deleting');
  });

  it('modify-vpn-tunnel-options and modify-client-vpn-endpoint, with AWS error codes on bad input', async () => {
    const modified = await ec2('modify-vpn-tunnel-options', '--vpn-connection-id', 'vpn-0d4e5f6a7b8c9d0e1', '--vpn-tunnel-outside-ip-address',
      lab.world.region('111122223333', 'us-east-1').vpnConnections.get('vpn-0d4e5f6a7b8c9d0e1')!.tunnels[0].options.outsideIpAddress,
      '--tunnel-options', '{"LogOptions":{"CloudWatchLogOptions":{"LogEnabled":true,"LogGroupArn":"arn:aws:logs:us-east-1:111122223333:log-group:/aws/vpn/s2s"}}}');
    expect(modified.VpnConnection.State).toBe('modifying');
    const again = await runAwsCli(target, ['ec2', 'modify-vpn-tunnel-options', '--vpn-connection-id', 'vpn-0d4e5f6a7b8c9d0e1', '--vpn-tunnel-outside-ip-address', lab.world.region('111122223333', 'us-east-1').vpnConnections.get('vpn-0d4e5f6a7b8c9d0e1')!.tunnels[1].options.outsideIpAddress, '--tunnel-options', '{"DPDTimeoutAction":"restart"}']);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('IncorrectState');
    const missing = await runAwsCli(target, ['ec2', 'modify-client-vpn-endpoint', '--client-vpn-endpoint-id', 'cvpn-endpoint-0a1b2c3d4e5f6a7b8', '--connection-log-options', 'Enabled=true,CloudwatchLogGroup=/nope']);
    expect(missing.stderr).toContain('InvalidParameterValue');
    expect((await ec2('modify-client-vpn-endpoint', '--client-vpn-endpoint-id', 'cvpn-endpoint-0a1b2c3d4e5f6a7b8', '--description', 'prod remote access')).Return).toBe(true);
    const unknown = await runAwsCli(target, ['ec2', 'describe-vpn-connections', '--vpn-connection-ids', 'vpn-0fffffffffffffff0']);
    expect(unknown.stderr).toContain('InvalidVpnConnectionID.NotFound');
  });
});
