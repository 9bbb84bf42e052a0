// The alarm plan and the apply result for people (a table) and for programs (JSON). Pure.
import type { AlarmApplyResult } from './apply.js';
import type { AlarmPlan } from './types.js';

interface Row {
  action: string;
  account: string;
  region: string;
  alarm: string;
  detail: string;
}

function table(rows: Row[]): string {
  const header: Row = { action: 'ACTION', account: 'ACCOUNT', region: 'REGION', alarm: 'ALARM', detail: 'DETAIL' };
  const all = [header, ...rows];
  const width = (k: keyof Row) => Math.max(...all.map((r) => r[k].length));
  const w = { action: width('action'), account: width('account'), region: width('region'), alarm: width('alarm') };
  return all
    .map((r) => `${r.action.padEnd(w.action)}  ${r.account.padEnd(w.account)}  ${r.region.padEnd(w.region)}  ${r.alarm.padEnd(w.alarm)}  ${r.detail}`.trimEnd())
    .join('\n');
}

export function describeRule(plan: AlarmPlan): string {
  const s = plan.settings;
  const topic = s.topic.kind === 'arn' ? s.topic.arn : `topic "${s.topic.name}" in each account-region`;
  return (
    `AWS/VPN TunnelState {VpnId, TunnelIpAddress} Minimum < 1 in ${s.datapointsToAlarm} of ${s.evaluationPeriods} periods of ${s.periodSeconds} s, ` +
    `missing data breaching; notifies ${topic}${s.notifyOk ? ' on ALARM and OK' : ' on ALARM'}`
  );
}

export function formatAlarmPlan(plan: AlarmPlan): string {
  const rows: Row[] = [];
  for (const t of plan.topics) rows.push({ action: 'topic', account: t.accountId, region: t.region, alarm: t.name, detail: `CreateTopic (idempotent) -> ${t.arn}` });
  for (const a of plan.create) {
    rows.push({ action: 'create', account: a.accountId, region: a.region, alarm: a.alarmName, detail: `${a.routing === 'bgp' ? 'BGP (fires on BGP loss too)' : 'static'}` });
  }
  for (const u of plan.update) rows.push({ action: 'update', account: u.desired.accountId, region: u.desired.region, alarm: u.desired.alarmName, detail: u.changes.join('; ') });
  for (const d of plan.delete) rows.push({ action: 'delete', account: d.existing.accountId, region: d.existing.region, alarm: d.existing.alarmName, detail: d.reason });
  for (const b of plan.blocked) rows.push({ action: 'blocked', account: b.desired.accountId, region: b.desired.region, alarm: b.desired.alarmName, detail: b.reason });
  const s = plan.summary;
  const lines = [`Alarm rule: ${describeRule(plan)}`, ''];
  if (rows.length > 0) lines.push(table(rows), '');
  lines.push(`Plan: ${s.create} to create, ${s.update} to update, ${s.delete} to delete, ${s.unchanged} unchanged, ${s.blocked} blocked.`);
  return `${lines.join('\n')}\n`;
}

export function formatAlarmResult(result: AlarmApplyResult): string {
  const done = result.actions.filter((a) => a.ok).length;
  const lines = result.actions.filter((a) => !a.ok).map((a) => `FAILED ${a.kind} ${a.name} (${a.accountId}/${a.region}): ${a.error ?? 'unknown error'}`);
  lines.push(`Applied: ${done} action(s) done, ${result.failed} failed.`);
  return `${lines.join('\n')}\n`;
}
