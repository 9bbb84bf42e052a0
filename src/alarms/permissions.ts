// Every IAM action `vpnguard alarms` can call, declared next to the code that calls it (api.ts, the scan),
// and the least-privilege policy built from them (`vpnguard policy alarms`).
import { scanReadActions, type PolicyDocument } from '../cli/policy.js';

export interface AlarmsPermission {
  action: string;
  why: string;
  /** needed only with --apply */
  apply: boolean;
}

export const ALARMS_PERMISSIONS: readonly AlarmsPermission[] = [
  { action: 'ec2:DescribeVpnConnections', why: 'the tunnels to watch (as for scan)', apply: false },
  { action: 'cloudwatch:DescribeAlarms', why: 'the alarms vpnguard made (name prefix vpnguard-tunnel-down-)', apply: false },
  { action: 'cloudwatch:ListTagsForResource', why: 'the managed-by=vpnguard tag: alarms without it are never changed', apply: false },
  { action: 'sns:ListTopics', why: '--topic-arn: check that the topic exists before alarms point at it', apply: false },
  { action: 'cloudwatch:PutMetricAlarm', why: 'create and update the TunnelState alarms', apply: true },
  { action: 'cloudwatch:TagResource', why: 'tag the alarms (PutMetricAlarm ignores tags on an existing alarm)', apply: true },
  { action: 'cloudwatch:DeleteAlarms', why: 'remove vpnguard alarms whose connection or tunnel is gone', apply: true },
  { action: 'sns:CreateTopic', why: '--topic-name: the topic the alarms notify (idempotent)', apply: true },
];

/** The policy for the identity running `vpnguard alarms` (plan only, or --apply), in every account in scope. */
export function alarmsPolicy(options: { apply: boolean; partition?: string }): PolicyDocument {
  const p = options.partition ?? 'aws';
  const read = [...new Set([...scanReadActions(), ...ALARMS_PERMISSIONS.filter((x) => !x.apply).map((x) => x.action)])].sort();
  const statements: PolicyDocument['Statement'] = [{ Sid: 'VpnguardAlarmsRead', Effect: 'Allow', Action: read, Resource: '*' }];
  if (options.apply) {
    statements.push(
      {
        Sid: 'VpnguardAlarmsWrite',
        Effect: 'Allow',
        Action: ['cloudwatch:DeleteAlarms', 'cloudwatch:PutMetricAlarm', 'cloudwatch:TagResource'],
        Resource: `arn:${p}:cloudwatch:*:*:alarm:vpnguard-tunnel-down-*`,
      },
      { Sid: 'VpnguardAlarmsTopic', Effect: 'Allow', Action: ['sns:CreateTopic'], Resource: `arn:${p}:sns:*:*:*` },
    );
  }
  return { Version: '2012-10-17', Statement: statements };
}
