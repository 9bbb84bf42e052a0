import { describe, expect, it } from 'vitest';
import { tunnel, vpn } from '../../test/fixtures/builders.js';
import type { Inventory } from '../model/types.js';
import { alarmNameFor, differences, hasChanges, planAlarms, type PlanOptions } from './plan.js';
import type { AlarmSettings, DesiredAlarm, ExistingAlarm } from './types.js';

const ACCOUNT = '111122223333';
const US = { accountId: ACCOUNT, region: 'us-east-1' };
const EU = { accountId: ACCOUNT, region: 'eu-west-1' };
const settings: AlarmSettings = { periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 3, notifyOk: false, topic: { kind: 'name', name: 'oncall' } };
const options = (overrides: Partial<PlanOptions> = {}): PlanOptions => ({ settings, partition: 'aws', scopes: [US, EU], ...overrides });
const inventory = (...connections: Inventory['connections']): Inventory => ({ connections, clientVpnEndpoints: [] });

/** The alarm as CloudWatch would return it after vpnguard created `desired`. */
function existingFrom(desired: DesiredAlarm, overrides: Partial<ExistingAlarm> = {}): ExistingAlarm {
  return {
    accountId: desired.accountId,
    region: desired.region,
    alarmName: desired.alarmName,
    alarmArn: `arn:aws:cloudwatch:${desired.region}:${desired.accountId}:alarm:${desired.alarmName}`,
    description: desired.description,
    namespace: desired.namespace,
    metricName: desired.metricName,
    dimensions: desired.dimensions,
    statistic: desired.statistic,
    period: desired.period,
    evaluationPeriods: desired.evaluationPeriods,
    datapointsToAlarm: desired.datapointsToAlarm,
    threshold: desired.threshold,
    comparisonOperator: desired.comparisonOperator,
    treatMissingData: desired.treatMissingData,
    unit: undefined,
    actionsEnabled: true,
    alarmActions: desired.alarmActions,
    okActions: desired.okActions,
    insufficientDataActions: [],
    stateValue: 'OK',
    tags: { ...desired.tags },
    ...overrides,
  };
}

describe('planAlarms', () => {
  it('creates one alarm per tunnel of each available connection, with the documented rule, tags and topic', () => {
    const plan = planAlarms(inventory(vpn('vpn-0aaa', { tags: { Name: 'retail-oms' } })), [], options());
    expect(plan.create.map((a) => a.alarmName)).toEqual(['vpnguard-tunnel-down-vpn-0aaa-203.0.113.10', 'vpnguard-tunnel-down-vpn-0aaa-203.0.113.20']);
    expect(plan.create[1]).toMatchObject({
      namespace: 'AWS/VPN',
      metricName: 'TunnelState',
      dimensions: [
        { Name: 'VpnId', Value: 'vpn-0aaa' },
        { Name: 'TunnelIpAddress', Value: '203.0.113.20' },
      ],
      statistic: 'Minimum',
      period: 300,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      threshold: 1,
      comparisonOperator: 'LessThanThreshold',
      treatMissingData: 'breaching',
      alarmActions: ['arn:aws:sns:us-east-1:111122223333:oncall'],
      okActions: [],
      tags: { 'managed-by': 'vpnguard', 'vpnguard:vpn-connection-id': 'vpn-0aaa', 'vpnguard:tunnel-ip-address': '203.0.113.20' },
    });
    expect(plan.topics).toEqual([{ ...US, name: 'oncall', arn: 'arn:aws:sns:us-east-1:111122223333:oncall' }]);
    expect(plan.summary).toEqual({ create: 2, update: 0, delete: 0, unchanged: 0, blocked: 0 });
  });

  it('says in the description that a BGP alarm also fires on BGP loss, and a static one does not claim it', () => {
    const plan = planAlarms(inventory(vpn('vpn-0b1', { tags: { Name: 'oms' } }), vpn('vpn-0b2', { routing: 'static' })), [], options());
    const bgp = plan.create.find((a) => a.vpnConnectionId === 'vpn-0b1')!.description;
    const fixed = plan.create.find((a) => a.vpnConnectionId === 'vpn-0b2')!.description;
    expect(bgp).toContain('vpn-0b1 (oms) is DOWN');
    expect(bgp).toContain('TunnelState is 1 only while the BGP session is established, so this alarm also fires when IPsec is up but BGP is down');
    expect(fixed).not.toContain('BGP');
    expect(fixed).toContain('Static routing');
    expect(bgp.length).toBeLessThanOrEqual(1024);
  });

  it('skips pending, deleted and deleting connections, and connections outside the completely read scopes', () => {
    const plan = planAlarms(
      inventory(
        vpn('vpn-0c1', { state: 'pending' }),
        vpn('vpn-0c2', { state: 'deleted' }),
        vpn('vpn-0c3', { state: 'deleting' }),
        vpn('vpn-0c4', { region: 'ap-south-1' }),
        vpn('vpn-0c5', { state: 'modifying' }),
      ),
      [],
      options(),
    );
    expect(plan.create.map((a) => a.vpnConnectionId)).toEqual(['vpn-0c5', 'vpn-0c5']);
  });

  it('changes nothing when the alarms are as wanted, and plans an update (with retag) when settings drifted', () => {
    const first = planAlarms(inventory(vpn('vpn-0d1')), [], options());
    const same = first.create.map((d) => existingFrom(d));
    const again = planAlarms(inventory(vpn('vpn-0d1')), same, options());
    expect(again.summary).toEqual({ create: 0, update: 0, delete: 0, unchanged: 2, blocked: 0 });
    expect(hasChanges(again)).toBe(false);
    expect(again.topics).toEqual([]);

    const drifted = [existingFrom(first.create[0]!, { period: 60, treatMissingData: undefined, tags: { 'managed-by': 'vpnguard' } }), same[1]!];
    const fixed = planAlarms(inventory(vpn('vpn-0d1')), drifted, options());
    expect(fixed.update).toHaveLength(1);
    expect(fixed.update[0]!.changes).toEqual(['period 60 -> 300', 'missing data missing -> breaching', 'tags']);
    expect(fixed.update[0]!.retag).toBe(true);
    const slower = planAlarms(inventory(vpn('vpn-0d1')), same, options({ settings: { ...settings, evaluationPeriods: 5, datapointsToAlarm: 4, notifyOk: true } }));
    expect(slower.update[0]!.changes).toEqual(
      expect.arrayContaining(['evaluation periods 3 -> 5', 'datapoints to alarm 3 -> 4', 'OK actions [] -> [arn:aws:sns:us-east-1:111122223333:oncall]', 'description']),
    );
    expect(slower.update[0]!.retag).toBe(false);
  });

  it('deletes vpnguard alarms whose connection is gone or deleted, or whose tunnel was replaced', () => {
    const live = planAlarms(inventory(vpn('vpn-0e1'), vpn('vpn-0e2'), vpn('vpn-0e3')), [], options());
    const existing = live.create.map((d) => existingFrom(d));
    const now = inventory(
      vpn('vpn-0e2', { state: 'deleted' }),
      vpn('vpn-0e3', { tunnels: [tunnel('203.0.113.10'), tunnel('198.51.100.99')] }),
    );
    const plan = planAlarms(now, existing, options());
    expect(plan.delete.map((d) => `${d.existing.alarmName}: ${d.reason}`)).toEqual([
      'vpnguard-tunnel-down-vpn-0e1-203.0.113.10: connection vpn-0e1 no longer exists',
      'vpnguard-tunnel-down-vpn-0e1-203.0.113.20: connection vpn-0e1 no longer exists',
      'vpnguard-tunnel-down-vpn-0e2-203.0.113.10: connection vpn-0e2 is deleted',
      'vpnguard-tunnel-down-vpn-0e2-203.0.113.20: connection vpn-0e2 is deleted',
      'vpnguard-tunnel-down-vpn-0e3-203.0.113.20: 203.0.113.20 is no longer a tunnel of vpn-0e3',
    ]);
    expect(plan.create.map((a) => a.alarmName)).toEqual(['vpnguard-tunnel-down-vpn-0e3-198.51.100.99']);
  });

  it('never deletes or overwrites an alarm without the managed-by=vpnguard tag, even under the vpnguard prefix', () => {
    const desired = planAlarms(inventory(vpn('vpn-0f1')), [], options()).create;
    const users: ExistingAlarm[] = [
      existingFrom(desired[0]!, { tags: { team: 'network' }, period: 60 }),
      existingFrom(desired[1]!, { alarmName: alarmNameFor('vpn-0gone', '192.0.2.1'), tags: {} }),
    ];
    const plan = planAlarms(inventory(vpn('vpn-0f1')), users, options());
    expect(plan.delete).toEqual([]);
    expect(plan.update).toEqual([]);
    expect(plan.blocked.map((b) => b.desired.alarmName)).toEqual(['vpnguard-tunnel-down-vpn-0f1-203.0.113.10']);
    expect(plan.blocked[0]!.reason).toContain('without the managed-by=vpnguard tag');
    expect(plan.create.map((a) => a.alarmName)).toEqual(['vpnguard-tunnel-down-vpn-0f1-203.0.113.20']);
  });

  it('changes nothing in an account-region that was not read completely', () => {
    const desired = planAlarms(inventory(vpn('vpn-0a1', { region: 'eu-west-1' })), [], options()).create;
    const orphan = existingFrom(desired[0]!, { alarmName: alarmNameFor('vpn-0gone', '192.0.2.1'), tags: { 'managed-by': 'vpnguard', 'vpnguard:vpn-connection-id': 'vpn-0gone' } });
    const plan = planAlarms(inventory(vpn('vpn-0a1', { region: 'eu-west-1' })), [orphan], options({ scopes: [US] }));
    expect(hasChanges(plan)).toBe(false);
    expect(planAlarms(inventory(), [orphan], options()).delete).toHaveLength(1);
  });

  it('blocks alarms in other regions than a --topic-arn topic (alarm actions stay in their region)', () => {
    const plan = planAlarms(
      inventory(vpn('vpn-0b1'), vpn('vpn-0b2', { region: 'eu-west-1' })),
      [],
      options({ settings: { ...settings, topic: { kind: 'arn', arn: 'arn:aws:sns:us-east-1:999999999999:shared-oncall' } } }),
    );
    expect(plan.create.map((a) => a.vpnConnectionId)).toEqual(['vpn-0b1', 'vpn-0b1']);
    expect(plan.create[0]!.alarmActions).toEqual(['arn:aws:sns:us-east-1:999999999999:shared-oncall']);
    expect(plan.topics).toEqual([]);
    expect(plan.blocked.map((b) => b.reason)).toEqual([expect.stringContaining('use --topic-name'), expect.stringContaining('use --topic-name')]);
  });

  it('names IPv6 tunnels with dashes instead of colons', () => {
    expect(alarmNameFor('vpn-0a', '2001:db8::1')).toBe('vpnguard-tunnel-down-vpn-0a-2001-db8--1');
  });

  it('differences: an alarm read back without DatapointsToAlarm equal to EvaluationPeriods is no change', () => {
    const desired = planAlarms(inventory(vpn('vpn-0a')), [], options()).create[0]!;
    expect(differences(desired, existingFrom(desired, { datapointsToAlarm: undefined })).changes).toEqual([]);
    expect(differences(desired, existingFrom(desired, { insufficientDataActions: ['arn:aws:sns:us-east-1:1:x'] })).changes).toEqual([
      'insufficient-data actions [arn:aws:sns:us-east-1:1:x] -> []',
    ]);
  });
});
