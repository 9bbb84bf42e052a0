import { describe, expect, it } from 'vitest';
import { vpn } from '../../test/fixtures/builders.js';
import type { AlarmsApi } from './api.js';
import { applyAlarmPlan } from './apply.js';
import { planAlarms } from './plan.js';
import type { AlarmSettings, DesiredAlarm, ExistingAlarm } from './types.js';

const settings: AlarmSettings = { periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 3, notifyOk: false, topic: { kind: 'name', name: 'oncall' } };
const scopes = [
  { accountId: '111122223333', region: 'us-east-1' },
  { accountId: '111122223333', region: 'eu-west-1' },
];

/** Records calls per account-region; `failTopicIn` makes CreateTopic fail there. */
function fakeApi(failTopicIn?: string) {
  const calls: string[] = [];
  const apiFor = (accountId: string, region: string): AlarmsApi => ({
    readAlarms: () => Promise.resolve([]),
    topicExists: () => Promise.resolve(true),
    createTopic: (name) => {
      calls.push(`${region} createTopic ${name}`);
      if (region === failTopicIn) return Promise.reject(Object.assign(new Error('not authorized'), { name: 'AuthorizationError' }));
      return Promise.resolve(`arn:aws:sns:${region}:${accountId}:${name}`);
    },
    putAlarm: (alarm: DesiredAlarm, create) => {
      calls.push(`${region} put ${alarm.alarmName} ${create ? 'create' : 'update'}`);
      return Promise.resolve();
    },
    tagAlarm: (arn) => {
      calls.push(`${region} tag ${arn.split(':').at(-1)!}`);
      return Promise.resolve();
    },
    deleteAlarms: (names) => {
      calls.push(`${region} delete ${names.join(',')}`);
      return Promise.resolve();
    },
  });
  return { calls, apiFor };
}

describe('applyAlarmPlan', () => {
  it('ensures the topic, then puts, then deletes, per account-region', async () => {
    const old = planAlarms({ connections: [vpn('vpn-0old')], clientVpnEndpoints: [] }, [], { settings, partition: 'aws', scopes }).create;
    const existing: ExistingAlarm[] = old.map((d) => ({
      ...d,
      alarmArn: `arn:aws:cloudwatch:us-east-1:111122223333:alarm:${d.alarmName}`,
      unit: undefined,
      actionsEnabled: true,
      insufficientDataActions: [],
      stateValue: 'OK',
    }));
    const plan = planAlarms({ connections: [vpn('vpn-0new')], clientVpnEndpoints: [] }, existing, { settings, partition: 'aws', scopes });
    const { calls, apiFor } = fakeApi();
    const result = await applyAlarmPlan(plan, { apiFor });
    expect(result.failed).toBe(0);
    expect(calls).toEqual([
      'us-east-1 createTopic oncall',
      'us-east-1 put vpnguard-tunnel-down-vpn-0new-203.0.113.10 create',
      'us-east-1 put vpnguard-tunnel-down-vpn-0new-203.0.113.20 create',
      'us-east-1 delete vpnguard-tunnel-down-vpn-0old-203.0.113.10,vpnguard-tunnel-down-vpn-0old-203.0.113.20',
    ]);
  });

  it('retags updated alarms (PutMetricAlarm ignores tags on an update)', async () => {
    const desired = planAlarms({ connections: [vpn('vpn-0a')], clientVpnEndpoints: [] }, [], { settings, partition: 'aws', scopes }).create;
    const existing: ExistingAlarm[] = desired.map((d) => ({
      ...d,
      alarmArn: `arn:aws:cloudwatch:us-east-1:111122223333:alarm:${d.alarmName}`,
      unit: undefined,
      actionsEnabled: true,
      insufficientDataActions: [],
      stateValue: 'OK',
      tags: { 'managed-by': 'vpnguard' },
    }));
    const plan = planAlarms({ connections: [vpn('vpn-0a')], clientVpnEndpoints: [] }, existing, { settings, partition: 'aws', scopes });
    const { calls, apiFor } = fakeApi();
    await applyAlarmPlan(plan, { apiFor });
    expect(calls.filter((c) => c.includes(' tag '))).toEqual([
      'us-east-1 tag vpnguard-tunnel-down-vpn-0a-203.0.113.10',
      'us-east-1 tag vpnguard-tunnel-down-vpn-0a-203.0.113.20',
    ]);
  });

  it('puts no alarm in a region whose topic failed, and goes on elsewhere', async () => {
    const plan = planAlarms(
      { connections: [vpn('vpn-0us'), vpn('vpn-0eu', { region: 'eu-west-1' })], clientVpnEndpoints: [] },
      [],
      { settings, partition: 'aws', scopes },
    );
    const { calls, apiFor } = fakeApi('eu-west-1');
    const result = await applyAlarmPlan(plan, { apiFor, concurrency: 1 });
    expect(calls.filter((c) => c.startsWith('eu-west-1'))).toEqual(['eu-west-1 createTopic oncall']);
    expect(calls.filter((c) => c.startsWith('us-east-1 put'))).toHaveLength(2);
    expect(result.failed).toBe(3);
    expect(result.actions.find((a) => a.kind === 'create-topic' && !a.ok)?.error).toBe('AuthorizationError: not authorized');
  });
});
