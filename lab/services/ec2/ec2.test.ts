/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call -- the handlers return wire-shaped objects that these tests read dynamically */
// EC2 handlers called directly with a World (the wire round trips are in test/lab/).
import { describe, expect, it } from 'vitest';
import { buildScenario, validateScenario } from '../../scenarios/load.js';

import { OffsetClock, World } from '../../world/world.js';
import { LabError, type LabCall } from '../types.js';
import { ec2Service } from './index.js';

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';

function lab() {
  const world = new World({ clock: new OffsetClock(), replacementSeconds: 30, pendingSeconds: 20 });
  buildScenario(
    world,
    validateScenario({
      name: 'unit',
      accounts: [
        {
          id: ACCOUNT,
          name: 'unit',
          resources: {
            [REGION]: {
              logGroups: [{ name: '/aws/vpn/s2s' }, { name: '/aws/clientvpn/access' }],
              transitGateways: ['tgw-0123456789abcdef0'],
              customerGateways: [{ name: 'fw', id: 'cgw-0123456789abcdef0' }],
              vpnGateways: [{ name: 'vgw', id: 'vgw-0123456789abcdef0' }],
              vpnConnections: [
                {
                  id: 'vpn-0123456789abcdef0',
                  customerGateway: 'fw',
                  vpnGateway: 'vgw',
                  tags: { Name: 'site-a', env: 'prod' },
                  tunnels: [{ outsideIpAddress: '203.0.113.1' }, { outsideIpAddress: '203.0.113.2' }],
                },
                { id: 'vpn-0123456789abcdef1', customerGateway: 'fw', transitGateway: 'tgw-0123456789abcdef0', state: 'deleted' },
              ],
              clientVpnEndpoints: Array.from({ length: 7 }, (_, i) => ({ id: `cvpn-endpoint-0123456789abcdef${i}` })),
            },
          },
        },
      ],
    }, 'unit.yaml'),
    'unit.yaml',
  );
  const call = (operation: string, params: Record<string, unknown> = {}): Record<string, unknown> & { target?: string } => {
    world.settle();
    const labCall: LabCall = {
      service: 'ec2',
      operation,
      protocol: 'ec2',
      params,
      accountId: ACCOUNT,
      region: REGION,
      accessKeyId: 'AKIAUNIT',
      callerArn: `arn:aws:iam::${ACCOUNT}:user/lab`,
      requestId: 'req',
      now: world.now(),
    };
    const output = ec2Service.operations[operation]!(world, labCall) as Record<string, unknown>;
    return Object.assign(output, labCall.target ? { target: labCall.target } : {});
  };
  const fails = (operation: string, params: Record<string, unknown> = {}): LabError => {
    try {
      call(operation, params);
    } catch (error) {
      if (error instanceof LabError) return error;
      throw error;
    }
    throw new Error(`${operation} succeeded`);
  };
  const advance = (seconds: number) => (world.clock as OffsetClock).advance(seconds * 1000);
  return { world, call, fails, advance, region: world.region(ACCOUNT, REGION) };
}

type Shape = Record<string, any>;
const connection = (output: Shape): Shape => output.vpnConnection as Shape;
const tunnelOption = (conn: Shape, ip: string): Shape => conn.options.tunnelOptionSet.find((t: Shape) => t.outsideIpAddress === ip);
const telemetry = (conn: Shape, ip: string): Shape => conn.vgwTelemetry.find((t: Shape) => t.outsideIpAddress === ip);

const LOG_ARN = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/vpn/s2s`;
const lockToIkev2 = {
  VpnConnectionId: 'vpn-0123456789abcdef0',
  VpnTunnelOutsideIpAddress: '203.0.113.2',
  TunnelOptions: {
    IKEVersion: [{ Value: 'ikev2' }],
    StartupAction: 'start',
    LogOptions: { CloudWatchLogOptions: { LogEnabled: 'true', LogGroupArn: LOG_ARN, LogOutputFormat: 'json' } },
  },
};

describe('ModifyVpnTunnelOptions', () => {
  it('modifies one tunnel: connection modifying, tunnel DOWN with an empty message, then available and UP', () => {
    const { call, advance } = lab();
    const modified = connection(call('ModifyVpnTunnelOptions', lockToIkev2));
    expect(modified.state).toBe('modifying');
    expect(telemetry(modified, '203.0.113.2')).toMatchObject({ status: 'DOWN', statusMessage: '' });
    expect(telemetry(modified, '203.0.113.1').status).toBe('UP');
    expect(tunnelOption(modified, '203.0.113.2')).toMatchObject({
      ikeVersionSet: [{ value: 'ikev2' }],
      startupAction: 'start',
      logOptions: { cloudWatchLogOptions: { logEnabled: true, logGroupArn: LOG_ARN, logOutputFormat: 'json' } },
    });
    advance(30);
    const [after] = call('DescribeVpnConnections', { VpnConnectionId: ['vpn-0123456789abcdef0'] }).vpnConnectionSet as Shape[];
    expect(after!.state).toBe('available');
    expect(telemetry(after!, '203.0.113.2')).toMatchObject({ status: 'UP' });
  });

  it('is a partial update: options not sent keep their values and the other tunnel is untouched', () => {
    const { call } = lab();
    const before = (call('DescribeVpnConnections').vpnConnectionSet as Shape[])[0]!;
    const modified = connection(
      call('ModifyVpnTunnelOptions', { VpnConnectionId: 'vpn-0123456789abcdef0', VpnTunnelOutsideIpAddress: '203.0.113.1', TunnelOptions: { DPDTimeoutAction: 'restart' } }),
    );
    const { dpdTimeoutAction, ...rest } = tunnelOption(modified, '203.0.113.1');
    const { dpdTimeoutAction: oldAction, ...oldRest } = tunnelOption(before, '203.0.113.1');
    expect([oldAction, dpdTimeoutAction]).toEqual(['clear', 'restart']);
    expect(rest).toEqual(oldRest);
    expect(rest.ikeVersionSet).toBeUndefined();
    expect(tunnelOption(modified, '203.0.113.2')).toEqual(tunnelOption(before, '203.0.113.2'));
  });

  it('names the modified tunnel as the request-log target', () => {
    const { call } = lab();
    expect(call('ModifyVpnTunnelOptions', lockToIkev2).target).toBe('vpn-0123456789abcdef0/203.0.113.2');
  });

  it('rejects a second modify while the connection is modifying with IncorrectState', () => {
    const { call, fails } = lab();
    call('ModifyVpnTunnelOptions', lockToIkev2);
    const error = fails('ModifyVpnTunnelOptions', { ...lockToIkev2, VpnTunnelOutsideIpAddress: '203.0.113.1' });
    expect(error.code).toBe('IncorrectState');
    expect(error.httpStatus).toBe(400);
  });

  it.each([
    ['no connection id', { ...lockToIkev2, VpnConnectionId: undefined }, 'MissingParameter'],
    ['no outside IP', { ...lockToIkev2, VpnTunnelOutsideIpAddress: undefined }, 'MissingParameter'],
    ['no tunnel options', { ...lockToIkev2, TunnelOptions: undefined }, 'MissingParameter'],
    ['an unknown connection', { ...lockToIkev2, VpnConnectionId: 'vpn-0fffffffffffffff0' }, 'InvalidVpnConnectionID.NotFound'],
    ['an outside IP of no tunnel', { ...lockToIkev2, VpnTunnelOutsideIpAddress: '203.0.113.99' }, 'InvalidParameterValue'],
    ['an unknown IKE version', { ...lockToIkev2, TunnelOptions: { IKEVersion: [{ Value: 'ikev3' }] } }, 'InvalidParameterValue'],
    ['a bad DPD action', { ...lockToIkev2, TunnelOptions: { DPDTimeoutAction: 'explode' } }, 'InvalidParameterValue'],
    ['a DPD timeout below 30', { ...lockToIkev2, TunnelOptions: { DPDTimeoutSeconds: '10' } }, 'InvalidParameterValue'],
    ['start without IKE versions set', { ...lockToIkev2, TunnelOptions: { StartupAction: 'start' } }, 'InvalidParameterCombination'],
    ['start with only ikev1', { ...lockToIkev2, TunnelOptions: { StartupAction: 'start', IKEVersion: [{ Value: 'ikev1' }] } }, 'InvalidParameterCombination'],
    [
      'a log group that does not exist',
      { ...lockToIkev2, TunnelOptions: { LogOptions: { CloudWatchLogOptions: { LogEnabled: 'true', LogGroupArn: `${LOG_ARN}-missing` } } } },
      'InvalidParameterValue',
    ],
    [
      'a log group in another region',
      { ...lockToIkev2, TunnelOptions: { LogOptions: { CloudWatchLogOptions: { LogEnabled: 'true', LogGroupArn: LOG_ARN.replace(REGION, 'eu-west-1') } } } },
      'InvalidParameterValue',
    ],
    ['logging on without a group', { ...lockToIkev2, TunnelOptions: { LogOptions: { CloudWatchLogOptions: { LogEnabled: 'true' } } } }, 'InvalidParameterCombination'],
    ['a pre-shared key starting with 0', { ...lockToIkev2, TunnelOptions: { PreSharedKey: '0abcdefgh' } }, 'InvalidParameterValue'],
    ['an unknown option', { ...lockToIkev2, TunnelOptions: { IkeVersions: [{ Value: 'ikev2' }] } }, 'UnknownParameter'],
  ])('rejects %s', (_, params, code) => {
    const { fails, call } = lab();
    expect(fails('ModifyVpnTunnelOptions', params).code).toBe(code);
    // Nothing changed: the connection is still available.
    expect((call('DescribeVpnConnections').vpnConnectionSet as Shape[])[0]!.state).toBe('available');
  });

  it('never echoes a pre-shared key in an error', () => {
    const { fails } = lab();
    const error = fails('ModifyVpnTunnelOptions', { ...lockToIkev2, TunnelOptions: { PreSharedKey: '0SecretKeyValue' } });
    expect(error.message).not.toContain('SecretKeyValue');
  });

  it('answers DryRun with DryRunOperation (412) and changes nothing', () => {
    const { fails, call } = lab();
    const error = fails('ModifyVpnTunnelOptions', { ...lockToIkev2, DryRun: 'true' });
    expect([error.code, error.httpStatus]).toEqual(['DryRunOperation', 412]);
    expect((call('DescribeVpnConnections').vpnConnectionSet as Shape[])[0]!.state).toBe('available');
  });

  it('rejects a modify of a deleted connection with IncorrectState', () => {
    const { fails, region } = lab();
    const deleted = region.vpnConnections.get('vpn-0123456789abcdef1')!;
    const params = { ...lockToIkev2, VpnConnectionId: deleted.vpnConnectionId, VpnTunnelOutsideIpAddress: deleted.tunnels[0].options.outsideIpAddress };
    expect(fails('ModifyVpnTunnelOptions', params).code).toBe('IncorrectState');
  });
});

describe('DescribeVpnConnections', () => {
  it('returns the full shape with PSKs, customer gateway configuration and telemetry per outside IP', () => {
    const { call, region } = lab();
    const conn = (call('DescribeVpnConnections', { VpnConnectionId: ['vpn-0123456789abcdef0'] }).vpnConnectionSet as Shape[])[0]!;
    const psk = region.vpnConnections.get('vpn-0123456789abcdef0')!.tunnels[0].options.preSharedKey;
    expect(tunnelOption(conn, '203.0.113.1').preSharedKey).toBe(psk);
    expect(conn.customerGatewayConfiguration).toContain(`<pre_shared_key>${psk}</pre_shared_key>`);
    expect(conn).toMatchObject({ type: 'ipsec.1', category: 'VPN', customerGatewayId: 'cgw-0123456789abcdef0', vpnGatewayId: 'vgw-0123456789abcdef0' });
    expect(conn.tagSet).toEqual([{ key: 'Name', value: 'site-a' }, { key: 'env', value: 'prod' }]);
    expect(conn.vgwTelemetry.map((t: Shape) => t.outsideIpAddress).sort()).toEqual(['203.0.113.1', '203.0.113.2']);
    expect(tunnelOption(conn, '203.0.113.1')).toMatchObject({ startupAction: 'add', dpdTimeoutAction: 'clear', dpdTimeoutSeconds: 30 });
  });

  it('reports an unknown id as InvalidVpnConnectionID.NotFound', () => {
    expect(lab().fails('DescribeVpnConnections', { VpnConnectionId: ['vpn-0fffffffffffffff0'] }).code).toBe('InvalidVpnConnectionID.NotFound');
  });

  it.each([
    [[{ Name: 'state', Value: ['deleted'] }], ['vpn-0123456789abcdef1']],
    [[{ Name: 'tag:Name', Value: ['site-*'] }], ['vpn-0123456789abcdef0']],
    [[{ Name: 'tag-key', Value: ['env'] }], ['vpn-0123456789abcdef0']],
    [[{ Name: 'transit-gateway-id', Value: ['tgw-0123456789abcdef0'] }], ['vpn-0123456789abcdef1']],
    [[{ Name: 'vpn-gateway-id', Value: ['vgw-0123456789abcdef0'] }, { Name: 'state', Value: ['available'] }], ['vpn-0123456789abcdef0']],
    [[{ Name: 'customer-gateway-id', Value: ['cgw-0123456789abcdef0'] }], ['vpn-0123456789abcdef0', 'vpn-0123456789abcdef1']],
  ])('filters %j', (filters, expected) => {
    const ids = (lab().call('DescribeVpnConnections', { Filter: filters }).vpnConnectionSet as Shape[]).map((c) => c.vpnConnectionId);
    expect(ids.sort()).toEqual(expected);
  });

  it('rejects an unknown filter name', () => {
    expect(lab().fails('DescribeVpnConnections', { Filter: [{ Name: 'colour', Value: ['red'] }] }).code).toBe('InvalidParameterValue');
  });

  it('omits the customer gateway configuration of a deleted connection', () => {
    const conn = (lab().call('DescribeVpnConnections', { VpnConnectionId: ['vpn-0123456789abcdef1'] }).vpnConnectionSet as Shape[])[0]!;
    expect(conn.customerGatewayConfiguration).toBeUndefined();
  });
});

describe('CreateVpnConnection / DeleteVpnConnection', () => {
  it('creates with AWS defaults: IKE versions unset, add, DPD clear/30, logging off; pending then available', () => {
    const { call, advance } = lab();
    const created = connection(call('CreateVpnConnection', { Type: 'ipsec.1', CustomerGatewayId: 'cgw-0123456789abcdef0', VpnGatewayId: 'vgw-0123456789abcdef0' }));
    expect(created.state).toBe('pending');
    expect(created.vpnConnectionId).toMatch(/^vpn-0[0-9a-f]{16}$/);
    for (const tunnel of created.options.tunnelOptionSet as Shape[]) {
      expect(tunnel).toMatchObject({ startupAction: 'add', dpdTimeoutAction: 'clear', dpdTimeoutSeconds: 30, logOptions: { cloudWatchLogOptions: { logEnabled: false } } });
      expect(tunnel.ikeVersionSet).toBeUndefined();
      expect(tunnel.preSharedKey).toMatch(/^[A-Za-z1-9._][A-Za-z0-9._]{31}$/);
    }
    advance(20);
    const [now] = call('DescribeVpnConnections', { VpnConnectionId: [created.vpnConnectionId] }).vpnConnectionSet as Shape[];
    expect(now!.state).toBe('available');
    expect(now!.vgwTelemetry.map((t: Shape) => t.status)).toEqual(['UP', 'UP']);
  });

  it('applies tunnel options given at creation', () => {
    const created = connection(
      lab().call('CreateVpnConnection', {
        Type: 'ipsec.1',
        CustomerGatewayId: 'cgw-0123456789abcdef0',
        TransitGatewayId: 'tgw-0123456789abcdef0',
        Options: { StaticRoutesOnly: 'true', TunnelOptions: [{ IKEVersion: [{ Value: 'ikev2' }], StartupAction: 'start' }] },
      }),
    );
    expect(created.options.staticRoutesOnly).toBe(true);
    expect(created.options.tunnelOptionSet[0]).toMatchObject({ ikeVersionSet: [{ value: 'ikev2' }], startupAction: 'start' });
    expect(created.options.tunnelOptionSet[1].ikeVersionSet).toBeUndefined();
  });

  it.each([
    [{ CustomerGatewayId: 'cgw-0123456789abcdef0', VpnGatewayId: 'vgw-0123456789abcdef0' }, 'MissingParameter'],
    [{ Type: 'ipsec.1', VpnGatewayId: 'vgw-0123456789abcdef0' }, 'MissingParameter'],
    [{ Type: 'ipsec.1', CustomerGatewayId: 'cgw-0123456789abcdef0' }, 'MissingParameter'],
    [{ Type: 'ipsec.1', CustomerGatewayId: 'cgw-0fffffffffffffff0', VpnGatewayId: 'vgw-0123456789abcdef0' }, 'InvalidCustomerGatewayID.NotFound'],
    [{ Type: 'ipsec.1', CustomerGatewayId: 'cgw-0123456789abcdef0', VpnGatewayId: 'vgw-0fffffffffffffff0' }, 'InvalidVpnGatewayID.NotFound'],
    [{ Type: 'ipsec.2', CustomerGatewayId: 'cgw-0123456789abcdef0', VpnGatewayId: 'vgw-0123456789abcdef0' }, 'InvalidParameterValue'],
    [
      { Type: 'ipsec.1', CustomerGatewayId: 'cgw-0123456789abcdef0', VpnGatewayId: 'vgw-0123456789abcdef0', TransitGatewayId: 'tgw-0123456789abcdef0' },
      'InvalidParameterCombination',
    ],
  ])('rejects %j', (params, code) => {
    expect(lab().fails('CreateVpnConnection', params).code).toBe(code);
  });

  it('deletes: deleting, then deleted and still described for a while', () => {
    const { call, advance } = lab();
    call('DeleteVpnConnection', { VpnConnectionId: 'vpn-0123456789abcdef0' });
    const state = () => (call('DescribeVpnConnections', { VpnConnectionId: ['vpn-0123456789abcdef0'] }).vpnConnectionSet as Shape[])[0]!.state as string;
    expect(state()).toBe('deleting');
    advance(20);
    expect(state()).toBe('deleted');
    advance(3600);
    expect(call('DescribeVpnConnections').vpnConnectionSet as Shape[]).toHaveLength(1);
  });
});

describe('gateways', () => {
  it('creates and describes customer and VPN gateways with tags', () => {
    const { call } = lab();
    const cgw = call('CreateCustomerGateway', {
      Type: 'ipsec.1',
      IpAddress: '198.51.100.200',
      BgpAsn: '65200',
      TagSpecification: [{ ResourceType: 'customer-gateway', Tag: [{ Key: 'Name', Value: 'new' }] }],
    }).customerGateway as Shape;
    expect(cgw).toMatchObject({ state: 'available', ipAddress: '198.51.100.200', bgpAsn: '65200', tagSet: [{ key: 'Name', value: 'new' }] });
    const vgw = call('CreateVpnGateway', { Type: 'ipsec.1', AmazonSideAsn: '64600' }).vpnGateway as Shape;
    expect(vgw).toMatchObject({ state: 'available', amazonSideAsn: 64600 });
    const described = call('DescribeCustomerGateways', { Filter: [{ Name: 'tag:Name', Value: ['new'] }] }).customerGatewaySet as Shape[];
    expect(described.map((g) => g.customerGatewayId)).toEqual([cgw.customerGatewayId]);
    expect((call('DescribeVpnGateways', { VpnGatewayId: [vgw.vpnGatewayId] }).vpnGatewaySet as Shape[])[0]!.vpnGatewayId).toBe(vgw.vpnGatewayId);
  });

  it('reports unknown gateway ids', () => {
    const { fails } = lab();
    expect(fails('DescribeCustomerGateways', { CustomerGatewayId: ['cgw-0fffffffffffffff0'] }).code).toBe('InvalidCustomerGatewayID.NotFound');
    expect(fails('DescribeVpnGateways', { VpnGatewayId: ['vgw-0fffffffffffffff0'] }).code).toBe('InvalidVpnGatewayID.NotFound');
    expect(fails('CreateCustomerGateway', { Type: 'ipsec.1', IpAddress: 'not-an-ip' }).code).toBe('InvalidParameterValue');
  });
});

describe('Client VPN', () => {
  it('paginates with MaxResults and NextToken and validates MaxResults 5..1000', () => {
    const { call, fails } = lab();
    const first = call('DescribeClientVpnEndpoints', { MaxResults: '5' });
    expect((first.clientVpnEndpoint as Shape[]).length).toBe(5);
    const second = call('DescribeClientVpnEndpoints', { MaxResults: '5', NextToken: first.nextToken });
    expect((second.clientVpnEndpoint as Shape[]).length).toBe(2);
    expect(second.nextToken).toBeUndefined();
    expect(fails('DescribeClientVpnEndpoints', { MaxResults: '4' }).code).toBe('InvalidParameterValue');
    expect(fails('DescribeClientVpnEndpoints', { MaxResults: '1001' }).code).toBe('InvalidParameterValue');
    expect(fails('DescribeClientVpnEndpoints', { ClientVpnEndpointId: ['cvpn-endpoint-0fffffffffffffff0'] }).code).toBe(
      'InvalidClientVpnEndpointId.NotFound',
    );
  });

  it('turns logging on only with an existing group, and changes only what it is sent', () => {
    const { call, fails } = lab();
    const id = 'cvpn-endpoint-0123456789abcdef0';
    const describe = () => (call('DescribeClientVpnEndpoints', { ClientVpnEndpointId: [id] }).clientVpnEndpoint as Shape[])[0]!;
    const before = describe();
    expect(before.connectionLogOptions).toEqual({ Enabled: false, CloudwatchLogGroup: undefined, CloudwatchLogStream: undefined });
    expect(fails('ModifyClientVpnEndpoint', { ClientVpnEndpointId: id, ConnectionLogOptions: { Enabled: 'true', CloudwatchLogGroup: '/missing' } }).code).toBe(
      'InvalidParameterValue',
    );
    expect(fails('ModifyClientVpnEndpoint', { ClientVpnEndpointId: id, ConnectionLogOptions: { Enabled: 'true' } }).code).toBe('InvalidParameterCombination');
    expect(call('ModifyClientVpnEndpoint', { ClientVpnEndpointId: id, ConnectionLogOptions: { Enabled: 'true', CloudwatchLogGroup: '/aws/clientvpn/access' } })).toEqual({ return: true });
    const after = describe();
    expect(after.connectionLogOptions).toMatchObject({ Enabled: true, CloudwatchLogGroup: '/aws/clientvpn/access' });
    expect(after.connectionLogOptions.CloudwatchLogStream).toMatch(/^cvpn-endpoint-0123456789abcdef0-us-east-1-/);
    const { connectionLogOptions: _a, ...restAfter } = after;
    const { connectionLogOptions: _b, ...restBefore } = before;
    expect(restAfter).toEqual(restBefore);
  });
});

describe('tags, regions, DryRun', () => {
  it('creates and deletes tags on connections, gateways and endpoints', () => {
    const { call, fails } = lab();
    const ids = ['vpn-0123456789abcdef0', 'cgw-0123456789abcdef0', 'vgw-0123456789abcdef0', 'cvpn-endpoint-0123456789abcdef0'];
    call('CreateTags', { ResourceId: ids, Tag: [{ Key: 'owner', Value: 'net' }] });
    expect((call('DescribeVpnConnections', { Filter: [{ Name: 'tag:owner', Value: ['net'] }] }).vpnConnectionSet as Shape[]).length).toBe(1);
    call('DeleteTags', { ResourceId: ids, Tag: [{ Key: 'owner', Value: 'other' }] });
    expect((call('DescribeCustomerGateways', { Filter: [{ Name: 'tag-key', Value: ['owner'] }] }).customerGatewaySet as Shape[]).length).toBe(1);
    call('DeleteTags', { ResourceId: ids, Tag: [{ Key: 'owner' }] });
    expect((call('DescribeVpnGateways', { Filter: [{ Name: 'tag-key', Value: ['owner'] }] }).vpnGatewaySet as Shape[]).length).toBe(0);
    expect(fails('CreateTags', { ResourceId: ['vpn-0fffffffffffffff0'], Tag: [{ Key: 'a', Value: 'b' }] }).code).toBe('InvalidVpnConnectionID.NotFound');
    expect(fails('CreateTags', { ResourceId: ['i-0123'], Tag: [{ Key: 'a', Value: 'b' }] }).code).toBe('InvalidID');
  });

  it('lists enabled regions, adds not-opted-in ones with AllRegions, and filters by name', () => {
    const { call, fails } = lab();
    const enabled = call('DescribeRegions').regionInfo as Shape[];
    expect(enabled).toHaveLength(17);
    expect(enabled[0]).toMatchObject({ regionName: 'us-east-1', regionEndpoint: 'ec2.us-east-1.amazonaws.com', optInStatus: 'opt-in-not-required' });
    const all = call('DescribeRegions', { AllRegions: 'true' }).regionInfo as Shape[];
    expect(all.filter((r) => r.optInStatus === 'not-opted-in').length).toBeGreaterThan(0);
    expect((call('DescribeRegions', { Filter: [{ Name: 'region-name', Value: ['eu-*'] }] }).regionInfo as Shape[]).length).toBe(5);
    expect((call('DescribeRegions', { RegionName: ['eu-west-1'] }).regionInfo as Shape[]).map((r) => r.regionName)).toEqual(['eu-west-1']);
    expect(fails('DescribeRegions', { RegionName: ['mars-north-1'] }).code).toBe('InvalidParameterValue');
  });

  it.each(['DescribeVpnConnections', 'DescribeRegions', 'DescribeClientVpnEndpoints', 'DescribeCustomerGateways', 'DescribeVpnGateways'])(
    '%s honours DryRun',
    (operation) => {
      expect(lab().fails(operation, { DryRun: 'true' }).code).toBe('DryRunOperation');
    },
  );
});
