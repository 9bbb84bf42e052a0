import { describe, expect, it } from 'vitest';
import { ALARMS_PERMISSIONS, alarmsPolicy } from '../alarms/permissions.js';
import { parseAlarmsOptions } from './alarms.js';
import { UsageError } from './exit-codes.js';

describe('parseAlarmsOptions', () => {
  it('defaults: period 300, 3 evaluation periods, datapoints = evaluation periods, alarm actions only', () => {
    const { settings, options } = parseAlarmsOptions({ topicName: 'oncall' });
    expect(settings).toEqual({ periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 3, notifyOk: false, topic: { kind: 'name', name: 'oncall' } });
    expect(options).toMatchObject({ apply: false, yes: false, output: 'table' });
    expect(parseAlarmsOptions({ topicArn: 'arn:aws:sns:eu-west-1:111122223333:ops', period: '600', evaluationPeriods: '5', datapointsToAlarm: '4', notifyOk: true }).settings).toEqual({
      periodSeconds: 600,
      evaluationPeriods: 5,
      datapointsToAlarm: 4,
      notifyOk: true,
      topic: { kind: 'arn', arn: 'arn:aws:sns:eu-west-1:111122223333:ops' },
    });
  });

  it.each([
    [{}, 'exactly one of --topic-arn'],
    [{ topicName: 'a', topicArn: 'arn:aws:sns:us-east-1:111122223333:a' }, 'exactly one of --topic-arn'],
    [{ topicArn: 'arn:aws:sqs:us-east-1:111122223333:a' }, '--topic-arn: expected'],
    [{ topicName: 'bad name' }, '--topic-name'],
    [{ topicName: 'a', period: '60' }, 'every 5 minutes'],
    [{ topicName: 'a', period: '330' }, 'multiple of 60'],
    [{ topicName: 'a', period: 'x' }, '--period'],
    [{ topicName: 'a', evaluationPeriods: '0' }, '--evaluation-periods: at least 1'],
    [{ topicName: 'a', evaluationPeriods: '2', datapointsToAlarm: '3' }, 'at most --evaluation-periods (2)'],
    [{ topicName: 'a', period: '86400', evaluationPeriods: '8' }, '7 days'],
  ])('refuses %j with a usage error naming the flag', (raw, message) => {
    expect(() => parseAlarmsOptions(raw)).toThrow(UsageError);
    expect(() => parseAlarmsOptions(raw)).toThrow(message);
  });
});

describe('alarmsPolicy', () => {
  it('grants every declared action (read only without --apply), writes scoped to vpnguard alarms', () => {
    const actions = (apply: boolean) => alarmsPolicy({ apply }).Statement.flatMap((s) => s.Action);
    const read = ALARMS_PERMISSIONS.filter((p) => !p.apply).map((p) => p.action);
    const write = ALARMS_PERMISSIONS.filter((p) => p.apply).map((p) => p.action);
    expect(actions(false)).toEqual(expect.arrayContaining(read));
    expect(actions(false).filter((a) => write.includes(a))).toEqual([]);
    expect(actions(true)).toEqual(expect.arrayContaining([...read, ...write]));
    const writes = alarmsPolicy({ apply: true }).Statement.find((s) => s.Sid === 'VpnguardAlarmsWrite')!;
    expect(writes.Resource).toBe('arn:aws:cloudwatch:*:*:alarm:vpnguard-tunnel-down-*');
  });
});
