import { describe, expect, it } from 'vitest';
import { alarmConfigured, alarmHistory, stateReasonData } from './alarms.js';
import { applyEvent } from './events.js';
import { modernDevice, newCustomerGateway, newVpnConnection, newVpnGateway } from './factory.js';
import { listTunnelMetrics, metricSamples } from './metrics.js';
import type { MetricAlarm, RegionState, VpnConnection } from './types.js';
import { deleteConnection } from './vpn.js';
import { OffsetClock, World } from './world.js';

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
/** 2026-12-04T12:00:30Z: 30 s past a minute, so ticks and samples do not coincide with events. */
const START = Date.UTC(2026, 11, 4, 12, 0, 30);
const MIN = 60_000;
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:oncall`;

function estate(options: { staticRoutesOnly?: boolean } = {}) {
  const clock = new OffsetClock({ now: () => START });
  const world = new World({ clock });
  const region = world.region(ACCOUNT, REGION);
  region.topics.set(TOPIC, { topicArn: TOPIC, name: 'oncall', attributes: {}, tags: {} });
  const cgw = newCustomerGateway(world, region, { device: modernDevice() });
  const vgw = newVpnGateway(region);
  const conn = newVpnConnection(world, region, {
    customerGatewayId: cgw.customerGatewayId,
    vpnGatewayId: vgw.vpnGatewayId,
    staticRoutesOnly: options.staticRoutesOnly ?? false,
    createdAt: START - 30 * 86_400_000,
  });
  const advance = (ms: number): void => {
    clock.advance(ms);
    world.settle();
  };
  return { world, region, conn, clock, advance };
}

const ipOf = (conn: VpnConnection, index: 0 | 1): string => conn.tunnels[index].options.outsideIpAddress;

function putAlarm(
  world: World,
  region: RegionState,
  overrides: Partial<MetricAlarm> & { dimensions: MetricAlarm['dimensions'] },
): MetricAlarm {
  const alarm: MetricAlarm = {
    alarmName: 'tunnel-down',
    actionsEnabled: true,
    okActions: [],
    alarmActions: [TOPIC],
    insufficientDataActions: [],
    metricName: 'TunnelState',
    namespace: 'AWS/VPN',
    statistic: 'Minimum',
    period: 300,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    threshold: 1,
    comparisonOperator: 'LessThanThreshold',
    treatMissingData: 'breaching',
    stateValue: 'INSUFFICIENT_DATA',
    stateReason: 'Unchecked: Initial alarm creation',
    stateUpdatedTimestamp: world.now(),
    configurationUpdatedTimestamp: world.now(),
    tags: {},
    ...overrides,
  };
  region.alarms.set(alarm.alarmName, alarm);
  alarmConfigured(world, region, alarm, true);
  return alarm;
}

const tunnelDims = (conn: VpnConnection, index: 0 | 1) => [
  { Name: 'VpnId', Value: conn.vpnConnectionId },
  { Name: 'TunnelIpAddress', Value: ipOf(conn, index) },
];

const alarmDeliveries = (world: World) => world.deliveries.filter((d) => d.origin === 'cloudwatch-alarm');

describe('TunnelState metrics', () => {
  it('publishes 1 per UP tunnel every 5 minutes, 0 once it is DOWN, and both tunnels under {VpnId}', () => {
    const { world, region, conn, advance } = estate();
    advance(2 * MIN);
    applyEvent(world, {
      type: 'block-endpoint',
      vpnConnectionId: conn.vpnConnectionId,
      outsideIpAddress: ipOf(conn, 1),
    });
    const dropAt = world.now();
    advance(20 * MIN);
    const now = world.now();
    const perTunnel = metricSamples(
      world,
      region,
      { namespace: 'AWS/VPN', metricName: 'TunnelState', dimensions: tunnelDims(conn, 1) },
      now - 3_600_000,
      now,
      now,
    );
    expect(perTunnel.every((s) => s.time % 300_000 === 0)).toBe(true);
    expect(perTunnel.filter((s) => s.time < dropAt).every((s) => s.value === 1)).toBe(true);
    expect(perTunnel.filter((s) => s.time >= dropAt).map((s) => s.value)).toEqual([0, 0, 0, 0]);
    const healthy = metricSamples(
      world,
      region,
      { namespace: 'AWS/VPN', metricName: 'TunnelState', dimensions: tunnelDims(conn, 0) },
      dropAt,
      now,
      now,
    );
    expect(healthy.map((s) => s.value)).toEqual([1, 1, 1, 1]);
    const aggregate = metricSamples(
      world,
      region,
      {
        namespace: 'AWS/VPN',
        metricName: 'TunnelState',
        dimensions: [{ Name: 'VpnId', Value: conn.vpnConnectionId }],
      },
      dropAt,
      now,
      now,
    );
    expect(aggregate).toHaveLength(8);
    const byIp = metricSamples(
      world,
      region,
      {
        namespace: 'AWS/VPN',
        metricName: 'TunnelState',
        dimensions: [{ Name: 'TunnelIpAddress', Value: ipOf(conn, 1) }],
      },
      dropAt,
      now,
      now,
    );
    expect(byIp.map((s) => s.value)).toEqual([0, 0, 0, 0]);
    // A dimension AWS never publishes (the classic `VpnTunnel` mistake) has no data.
    expect(
      metricSamples(
        world,
        region,
        {
          namespace: 'AWS/VPN',
          metricName: 'TunnelState',
          dimensions: [{ Name: 'VpnTunnel', Value: 'Tunnel1' }],
        },
        dropAt,
        now,
        now,
      ),
    ).toEqual([]);
  });

  it('publishes nothing once the connection is deleted, and ListMetrics shows three dimension sets per tunnel', () => {
    const { world, region, conn, advance } = estate();
    expect(listTunnelMetrics(world, region, world.now())).toHaveLength(5);
    deleteConnection(world, region, conn, world.now());
    const deletedAt = world.now();
    advance(30 * MIN);
    const now = world.now();
    const after = metricSamples(
      world,
      region,
      { namespace: 'AWS/VPN', metricName: 'TunnelState', dimensions: tunnelDims(conn, 0) },
      deletedAt + 1,
      now,
      now,
    );
    expect(after).toEqual([]);
  });
});

describe('alarm evaluation', () => {
  it('goes OK, then ALARM within EvaluationPeriods x Period of a drop with exactly one SNS message, then OK after the fix', () => {
    const { world, region, conn, advance } = estate();
    const alarm = putAlarm(world, region, { dimensions: tunnelDims(conn, 1) });
    advance(MIN);
    expect(alarm.stateValue).toBe('OK');
    expect(alarm.stateReason).toMatch(
      /^Threshold Crossed: 3 out of the last 3 datapoints \[1\.0 \(04\/12\/26 12:00:00\).*were not less than the threshold \(1\.0\)/,
    );
    expect(alarmDeliveries(world)).toHaveLength(0); // no OKActions

    applyEvent(world, {
      type: 'block-endpoint',
      vpnConnectionId: conn.vpnConnectionId,
      outsideIpAddress: ipOf(conn, 1),
    });
    advance(10 * MIN);
    expect(alarm.stateValue).toBe('OK'); // two DOWN samples of three: a replacement blip does not page
    advance(5 * MIN);
    expect(alarm.stateValue).toBe('ALARM');
    expect(alarm.stateReason).toMatch(
      /^Threshold Crossed: 3 out of the last 3 datapoints \[0\.0 .*\] were less than the threshold \(1\.0\) \(minimum 3 datapoints for OK -> ALARM transition\)\.$/,
    );
    expect(JSON.parse(stateReasonData(region, alarm.alarmName)!)).toMatchObject({
      statistic: 'Minimum',
      period: 300,
      recentDatapoints: [0, 0, 0],
      threshold: 1,
    });
    advance(30 * MIN);
    const sent = alarmDeliveries(world);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      topicArn: TOPIC,
      subject: 'ALARM: "tunnel-down" in US East (N. Virginia)',
    });
    expect(JSON.parse(sent[0]!.message)).toMatchObject({
      AlarmName: 'tunnel-down',
      NewStateValue: 'ALARM',
      OldStateValue: 'OK',
      AWSAccountId: ACCOUNT,
      Trigger: {
        MetricName: 'TunnelState',
        Namespace: 'AWS/VPN',
        Statistic: 'MINIMUM',
        Threshold: 1,
        TreatMissingData: 'breaching',
      },
    });

    applyEvent(world, { type: 'fix-firewall', vpnConnectionId: conn.vpnConnectionId });
    advance(5 * MIN);
    expect(alarm.stateValue).toBe('OK');
    expect(alarmDeliveries(world)).toHaveLength(1);
    const states = alarmHistory(region)
      .filter((h) => h.historyItemType === 'StateUpdate')
      .map((h) => h.historySummary);
    expect(states).toEqual([
      'Alarm updated from INSUFFICIENT_DATA to OK',
      'Alarm updated from OK to ALARM',
      'Alarm updated from ALARM to OK',
    ]);
  });

  it('sends OKActions on recovery, and nothing when actions are disabled or the topic does not exist', () => {
    const { world, region, conn, advance } = estate();
    const both = putAlarm(world, region, {
      alarmName: 'both',
      dimensions: tunnelDims(conn, 0),
      okActions: [TOPIC],
    });
    putAlarm(world, region, {
      alarmName: 'disabled',
      dimensions: tunnelDims(conn, 0),
      actionsEnabled: false,
    });
    putAlarm(world, region, {
      alarmName: 'no-topic',
      dimensions: tunnelDims(conn, 0),
      alarmActions: [`arn:aws:sns:${REGION}:${ACCOUNT}:missing`],
    });
    advance(MIN);
    expect(alarmDeliveries(world).map((d) => JSON.parse(d.message).AlarmName as string)).toEqual(['both']);
    applyEvent(world, {
      type: 'set-gateway',
      vpnConnectionId: conn.vpnConnectionId,
      patch: { online: false },
    });
    advance(16 * MIN);
    expect(both.stateValue).toBe('ALARM');
    expect(
      alarmDeliveries(world).map(
        (d) =>
          `${JSON.parse(d.message).AlarmName as string}:${JSON.parse(d.message).NewStateValue as string}`,
      ),
    ).toEqual(['both:OK', 'both:ALARM']);
    expect(
      alarmHistory(region).some(
        (h) => h.alarmName === 'no-topic' && h.historySummary.startsWith('Failed to execute action'),
      ),
    ).toBe(true);
  });

  it('treats missing data as the alarm says: breaching alarms, missing is INSUFFICIENT_DATA, notBreaching is OK, ignore keeps the state', () => {
    const { world, region, advance } = estate();
    const dims = [{ Name: 'VpnId', Value: 'vpn-0000000000000dead' }];
    const breaching = putAlarm(world, region, { alarmName: 'breaching', dimensions: dims });
    const missing = putAlarm(world, region, {
      alarmName: 'missing',
      dimensions: dims,
      treatMissingData: 'missing',
    });
    const notBreaching = putAlarm(world, region, {
      alarmName: 'not',
      dimensions: dims,
      treatMissingData: 'notBreaching',
    });
    const ignore = putAlarm(world, region, {
      alarmName: 'ignore',
      dimensions: dims,
      treatMissingData: 'ignore',
      stateValue: 'INSUFFICIENT_DATA',
    });
    advance(MIN);
    expect(breaching.stateValue).toBe('ALARM');
    expect(breaching.stateReason).toBe(
      'Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [Breaching].',
    );
    expect(missing.stateValue).toBe('INSUFFICIENT_DATA');
    expect(missing.stateReason).toBe('Unchecked: Initial alarm creation'); // no transition, reason untouched
    expect(notBreaching.stateValue).toBe('OK');
    expect(ignore.stateValue).toBe('INSUFFICIENT_DATA');
  });

  it('with DatapointsToAlarm 2 of 3 and a Maximum on {VpnId}, alarms only when every tunnel is down', () => {
    const { world, region, conn, advance } = estate({ staticRoutesOnly: true });
    const outage = putAlarm(world, region, {
      alarmName: 'outage',
      statistic: 'Maximum',
      datapointsToAlarm: 2,
      dimensions: [{ Name: 'VpnId', Value: conn.vpnConnectionId }],
    });
    applyEvent(world, {
      type: 'block-endpoint',
      vpnConnectionId: conn.vpnConnectionId,
      outsideIpAddress: ipOf(conn, 0),
    });
    advance(20 * MIN);
    expect(outage.stateValue).toBe('OK');
    applyEvent(world, {
      type: 'block-endpoint',
      vpnConnectionId: conn.vpnConnectionId,
      outsideIpAddress: ipOf(conn, 1),
    });
    advance(5 * MIN);
    expect(outage.stateValue).toBe('OK');
    advance(5 * MIN);
    expect(outage.stateValue).toBe('ALARM');
    expect(outage.stateReason).toContain('(minimum 2 datapoints for OK -> ALARM transition)');
  });

  it('keeps the right state across a 91-day clock jump, and still pages after it', () => {
    const { world, region, conn, advance } = estate();
    const alarm = putAlarm(world, region, { dimensions: tunnelDims(conn, 0) });
    advance(91 * 86_400_000);
    expect(alarm.stateValue).toBe('OK');
    applyEvent(world, {
      type: 'set-gateway',
      vpnConnectionId: conn.vpnConnectionId,
      patch: { online: false },
    });
    advance(15 * MIN);
    expect(alarm.stateValue).toBe('ALARM');
  });
});
