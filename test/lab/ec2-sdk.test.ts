// Every EC2 operation of the lab through the real AWS SDK v3 client, against seed-story on 127.0.0.1.
import {
  CreateCustomerGatewayCommand,
  CreateTagsCommand,
  CreateVpnConnectionCommand,
  CreateVpnGatewayCommand,
  DeleteTagsCommand,
  DeleteVpnConnectionCommand,
  DescribeClientVpnEndpointsCommand,
  DescribeCustomerGatewaysCommand,
  DescribeRegionsCommand,
  DescribeVpnConnectionsCommand,
  DescribeVpnGatewaysCommand,
  EC2Client,
  ModifyClientVpnEndpointCommand,
  ModifyVpnTunnelOptionsCommand,
  paginateDescribeClientVpnEndpoints,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type LabHandle } from '../../lab/index.js';

const RETAIL = 'vpn-0a1b2c3d4e5f6a7b8';
let lab: LabHandle;
let ec2: EC2Client;

beforeAll(async () => {
  lab = await startLab({ scenario: 'seed-story', replacementSeconds: 30, throttling: false });
  const account = lab.accounts[0]!;
  ec2 = new EC2Client({
    endpoint: lab.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  ec2.destroy();
  await lab.stop();
});

describe('EC2 through the SDK', () => {
  it('DescribeRegions: 17 enabled, opt-in ones with AllRegions', async () => {
    const enabled = await ec2.send(new DescribeRegionsCommand({}));
    expect(enabled.Regions).toHaveLength(17);
    expect(enabled.Regions![0]).toMatchObject({ RegionName: expect.any(String), Endpoint: expect.stringMatching(/^ec2\./), OptInStatus: 'opt-in-not-required' });
    const all = await ec2.send(new DescribeRegionsCommand({ AllRegions: true }));
    expect(all.Regions!.some((r) => r.OptInStatus === 'not-opted-in')).toBe(true);
  });

  it('DescribeVpnConnections: full shape, tunnels joined by outside IP, telemetry order not guaranteed', async () => {
    const { VpnConnections } = await ec2.send(new DescribeVpnConnectionsCommand({ VpnConnectionIds: [RETAIL] }));
    const conn = VpnConnections![0]!;
    expect(conn).toMatchObject({ State: 'available', Type: 'ipsec.1', Category: 'VPN', VpnGatewayId: 'vgw-0a1b2c3d4e5f6a7b8' });
    expect(conn.Options!.TunnelOptions!.map((t) => t.OutsideIpAddress)).toEqual(['203.0.113.10', '203.0.113.20']);
    expect(conn.VgwTelemetry!.map((t) => t.OutsideIpAddress)).toEqual(['203.0.113.20', '203.0.113.10']);
    const down = conn.VgwTelemetry!.find((t) => t.OutsideIpAddress === '203.0.113.20')!;
    expect(down).toMatchObject({ Status: 'DOWN', StatusMessage: 'IPSEC IS DOWN', AcceptedRouteCount: 0 });
    expect(down.LastStatusChange).toBeInstanceOf(Date);
    const tunnel = conn.Options!.TunnelOptions![0]!;
    expect(tunnel.IkeVersions).toBeUndefined();
    expect(tunnel).toMatchObject({ StartupAction: 'add', DpdTimeoutAction: 'clear', DpdTimeoutSeconds: 30, LogOptions: { CloudWatchLogOptions: { LogEnabled: false } } });
    expect(tunnel.Phase1DHGroupNumbers![0]!.Value).toBe(2);
    expect(tunnel.PreSharedKey).toMatch(/^[A-Za-z0-9._]{32}$/);
    expect(conn.CustomerGatewayConfiguration).toContain('<vpn_connection id="vpn-0a1b2c3d4e5f6a7b8">');
    expect(conn.Tags).toContainEqual({ Key: 'Name', Value: 'retail-oms' });
  });

  it('DescribeVpnConnections: filters and NotFound', async () => {
    const byState = await ec2.send(new DescribeVpnConnectionsCommand({ Filters: [{ Name: 'state', Values: ['pending', 'deleted'] }] }));
    expect(byState.VpnConnections!.map((c) => c.State).sort()).toEqual(['deleted', 'pending']);
    const byTag = await ec2.send(new DescribeVpnConnectionsCommand({ Filters: [{ Name: 'tag:Name', Values: ['store-*'] }] }));
    expect(byTag.VpnConnections).toHaveLength(3);
    await expect(ec2.send(new DescribeVpnConnectionsCommand({ VpnConnectionIds: ['vpn-0fffffffffffffff0'] }))).rejects.toMatchObject({
      name: 'InvalidVpnConnectionID.NotFound',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('DescribeCustomerGateways / DescribeVpnGateways', async () => {
    const cgws = await ec2.send(new DescribeCustomerGatewaysCommand({ CustomerGatewayIds: ['cgw-0a1b2c3d4e5f6a7b8'] }));
    expect(cgws.CustomerGateways![0]).toMatchObject({ IpAddress: '198.51.100.10', BgpAsn: '65010', State: 'available' });
    const vgws = await ec2.send(new DescribeVpnGatewaysCommand({ VpnGatewayIds: ['vgw-0a1b2c3d4e5f6a7b8'] }));
    expect(vgws.VpnGateways![0]).toMatchObject({ AmazonSideAsn: 64512, VpcAttachments: [{ VpcId: 'vpc-0a1b2c3d4e5f6a7b8', State: 'attached' }] });
  });

  it('Create gateways and a connection (pending then available), tags, delete', async () => {
    const { CustomerGateway } = await ec2.send(
      new CreateCustomerGatewayCommand({ Type: 'ipsec.1', IpAddress: '198.51.100.250', BgpAsn: 65250, TagSpecifications: [{ ResourceType: 'customer-gateway', Tags: [{ Key: 'Name', Value: 'sdk' }] }] }),
    );
    const { VpnGateway } = await ec2.send(new CreateVpnGatewayCommand({ Type: 'ipsec.1', AmazonSideAsn: 64999 }));
    const { VpnConnection } = await ec2.send(
      new CreateVpnConnectionCommand({
        Type: 'ipsec.1',
        CustomerGatewayId: CustomerGateway!.CustomerGatewayId,
        VpnGatewayId: VpnGateway!.VpnGatewayId,
        Options: { StaticRoutesOnly: true, TunnelOptions: [{ IKEVersions: [{ Value: 'ikev2' }], StartupAction: 'start' }] },
      }),
    );
    expect(VpnConnection).toMatchObject({ State: 'pending', Options: { StaticRoutesOnly: true } });
    expect(VpnConnection!.Options!.TunnelOptions![0]).toMatchObject({ IkeVersions: [{ Value: 'ikev2' }], StartupAction: 'start' });
    lab.advanceClock(30_000);
    const id = VpnConnection!.VpnConnectionId!;
    const described = await ec2.send(new DescribeVpnConnectionsCommand({ VpnConnectionIds: [id] }));
    expect(described.VpnConnections![0]!.State).toBe('available');
    expect(described.VpnConnections![0]!.VgwTelemetry!.map((t) => t.Status)).toEqual(['UP', 'UP']);

    await ec2.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: 'team', Value: 'net' }] }));
    const tagged = await ec2.send(new DescribeVpnConnectionsCommand({ Filters: [{ Name: 'tag:team', Values: ['net'] }] }));
    expect(tagged.VpnConnections!.map((c) => c.VpnConnectionId)).toEqual([id]);
    await ec2.send(new DeleteTagsCommand({ Resources: [id], Tags: [{ Key: 'team' }] }));
    const untagged = await ec2.send(new DescribeVpnConnectionsCommand({ Filters: [{ Name: 'tag-key', Values: ['team'] }] }));
    expect(untagged.VpnConnections).toEqual([]);

    await ec2.send(new DeleteVpnConnectionCommand({ VpnConnectionId: id }));
    lab.advanceClock(30_000);
    const deleted = await ec2.send(new DescribeVpnConnectionsCommand({ VpnConnectionIds: [id] }));
    expect(deleted.VpnConnections![0]!.State).toBe('deleted');
  });

  it('ModifyVpnTunnelOptions: modifying, IncorrectState on a second modify, tunnel back UP after the firewall fix', async () => {
    lab.applyEvent({ type: 'fix-firewall', vpnConnectionId: RETAIL });
    const modified = await ec2.send(
      new ModifyVpnTunnelOptionsCommand({
        VpnConnectionId: RETAIL,
        VpnTunnelOutsideIpAddress: '203.0.113.20',
        TunnelOptions: {
          IKEVersions: [{ Value: 'ikev2' }],
          StartupAction: 'start',
          LogOptions: { CloudWatchLogOptions: { LogEnabled: true, LogGroupArn: 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/vpn/s2s', LogOutputFormat: 'json' } },
        },
      }),
    );
    expect(modified.VpnConnection!.State).toBe('modifying');
    await expect(
      ec2.send(new ModifyVpnTunnelOptionsCommand({ VpnConnectionId: RETAIL, VpnTunnelOutsideIpAddress: '203.0.113.10', TunnelOptions: { DPDTimeoutAction: 'restart' } })),
    ).rejects.toMatchObject({ name: 'IncorrectState' });
    lab.advanceClock(30_000);
    const after = (await ec2.send(new DescribeVpnConnectionsCommand({ VpnConnectionIds: [RETAIL] }))).VpnConnections![0]!;
    expect(after.State).toBe('available');
    expect(after.VgwTelemetry!.find((t) => t.OutsideIpAddress === '203.0.113.20')).toMatchObject({ Status: 'UP', StatusMessage: '3 BGP ROUTES' });
    const other = after.Options!.TunnelOptions!.find((t) => t.OutsideIpAddress === '203.0.113.10')!;
    expect(other.IkeVersions).toBeUndefined();
    const target = lab.world.requestLog.filter((entry) => entry.operation === 'ModifyVpnTunnelOptions' && entry.outcome === 'ok').map((entry) => entry.target);
    expect(target).toEqual(['vpn-0a1b2c3d4e5f6a7b8/203.0.113.20']);
  });

  it('ModifyVpnTunnelOptions validation and DryRun', async () => {
    await expect(
      ec2.send(new ModifyVpnTunnelOptionsCommand({ VpnConnectionId: 'vpn-0e5f6a7b8c9d0e1f2', VpnTunnelOutsideIpAddress: '192.0.2.250', TunnelOptions: { DPDTimeoutAction: 'restart' } })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(
      ec2.send(new ModifyVpnTunnelOptionsCommand({ VpnConnectionId: 'vpn-0c3d4e5f6a7b8c9d0', VpnTunnelOutsideIpAddress: '203.0.113.75', TunnelOptions: { StartupAction: 'start' } })),
    ).rejects.toMatchObject({ name: expect.stringMatching(/InvalidParameter(Combination|Value)/) });
    await expect(
      ec2.send(new DescribeVpnConnectionsCommand({ DryRun: true })),
    ).rejects.toMatchObject({ name: 'DryRunOperation', $metadata: { httpStatusCode: 412 } });
  });

  it('DescribeClientVpnEndpoints paginates; ModifyClientVpnEndpoint turns logging on', async () => {
    const ids: string[] = [];
    for await (const page of paginateDescribeClientVpnEndpoints({ client: ec2, pageSize: 5 }, {})) {
      ids.push(...page.ClientVpnEndpoints!.map((e) => e.ClientVpnEndpointId!));
    }
    expect(ids).toHaveLength(3);
    await expect(ec2.send(new DescribeClientVpnEndpointsCommand({ MaxResults: 3 }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    const result = await ec2.send(
      new ModifyClientVpnEndpointCommand({ ClientVpnEndpointId: 'cvpn-endpoint-0a1b2c3d4e5f6a7b8', ConnectionLogOptions: { Enabled: true, CloudwatchLogGroup: '/aws/clientvpn/prod-access' } }),
    );
    expect(result.Return).toBe(true);
    const { ClientVpnEndpoints } = await ec2.send(new DescribeClientVpnEndpointsCommand({ ClientVpnEndpointIds: ['cvpn-endpoint-0a1b2c3d4e5f6a7b8'] }));
    expect(ClientVpnEndpoints![0]!.ConnectionLogOptions).toMatchObject({ Enabled: true, CloudwatchLogGroup: '/aws/clientvpn/prod-access' });
    expect(ClientVpnEndpoints![0]!.Status!.Code).toBe('available');
  });
});
