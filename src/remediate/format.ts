// Pure text renderings of a plan and of an apply result (JSON output is the objects themselves).
import type { ApplyResult } from './apply.js';
import type { Plan, TunnelSettings } from './types.js';

function ike(s: TunnelSettings): string {
  return s.ikeVersions === undefined ? 'ikev1+ikev2 (default)' : s.ikeVersions.join('+');
}

function logging(s: TunnelSettings): string {
  return s.logging.enabled ? `on -> ${s.logging.logGroupArn ?? '?'} (${s.logging.outputFormat ?? 'json'})` : 'off';
}

export function formatPlan(plan: Plan): string {
  const out: string[] = [];
  const s = plan.summary;
  if (s.steps === 0) {
    out.push('Nothing to do: every resource in scope already has the fixes this run may apply.');
  } else {
    out.push(
      `Plan: ${s.tunnelChanges} tunnel change(s) on ${s.connections} connection(s), ${s.endpoints} Client VPN endpoint(s), ` +
        `${plan.logGroups.length} log group(s) to create; ${s.interruptingChanges} change(s) interrupt one tunnel at a time` +
        (s.blockedSteps > 0 ? `; ${s.blockedSteps} blocked` : ''),
    );
  }
  if (plan.logGroups.length > 0) {
    out.push('', 'Log groups (created first):');
    for (const g of plan.logGroups) out.push(`  + ${g.accountId}/${g.region} ${g.logGroupName}: ${g.summary}`);
  }
  for (const c of plan.connections) {
    out.push('', `${c.vpnConnectionId} (${c.accountId}/${c.region}${c.customerGatewayId ? `, ${c.customerGatewayId}` : ''})`);
    c.steps.forEach((step, i) => {
      out.push(
        `  ${i + 1}. tunnel ${step.outsideIpAddress} [${step.statusAtPlan}]${step.blocked ? ' BLOCKED' : ''} closes ${step.closes.join(', ') || '-'}; ` +
          (step.interruptsTraffic ? 'interrupts this tunnel for several minutes (twin carries traffic)' : 'interrupts nothing (tunnel already DOWN)'),
      );
      const b = step.before;
      const a = step.after;
      if (ike(b) !== ike(a)) out.push(`       IKE versions:   ${ike(b)} -> ${ike(a)}`);
      if ((b.startupAction ?? 'add') !== (a.startupAction ?? 'add')) out.push(`       startup action: ${b.startupAction ?? 'add'} -> ${a.startupAction ?? 'add'}`);
      if (logging(b) !== logging(a)) out.push(`       logging:        ${logging(b)} -> ${logging(a)}`);
      if (step.rollback) out.push(`       if it does not come back UP: roll back ${rollbackText(step.rollback)}; the twin is not touched`);
      if (step.blocked) out.push(`       blocked: ${step.blocked}`);
    });
    for (const note of c.notes) out.push(`  note: ${note}`);
  }
  for (const e of plan.endpoints) {
    out.push('', `${e.clientVpnEndpointId} (${e.accountId}/${e.region}, Client VPN)`);
    e.steps.forEach((step, i) => {
      out.push(`  ${i + 1}. connection logging: ${step.before.enabled ? 'on' : 'off'} -> on, log group ${step.after.cloudwatchLogGroup}; closes EC2.51; interrupts nothing`);
    });
    for (const note of e.notes) out.push(`  note: ${note}`);
  }
  for (const note of plan.notes) out.push('', `note: ${note}`);
  if (plan.skipped.length > 0) {
    out.push('', 'Not changed:');
    for (const k of plan.skipped) out.push(`  ${k.resourceId} (${k.accountId}/${k.region}): ${k.reason}`);
  }
  return `${out.join('\n')}\n`;
}

function rollbackText(change: { ikeVersions?: string[]; startupAction?: string }): string {
  const parts: string[] = [];
  if (change.ikeVersions) parts.push(`IKE ${change.ikeVersions.join('+')}`);
  if (change.startupAction) parts.push(`startup ${change.startupAction}`);
  return parts.join(', ');
}

export function formatResult(result: ApplyResult, journalPath: string): string {
  const out: string[] = [];
  const by = (o: string) => result.targets.filter((t) => t.outcome === o).length;
  out.push(
    `Applied: ${by('completed')} completed, ${by('stopped')} stopped, ${by('blocked')} blocked` +
      (by('interrupted') > 0 ? `, ${by('interrupted')} interrupted` : '') +
      ` (journal ${journalPath})`,
  );
  for (const t of result.targets) {
    if (t.outcome === 'completed') continue;
    out.push(`  ${t.resourceId} (${t.accountId}/${t.region}): ${t.outcome.toUpperCase()} ${t.message}`);
  }
  const failedGroups = result.steps.filter((s) => s.kind === 'log-group' && s.outcome === 'failed');
  for (const g of failedGroups) out.push(`  log group ${g.resourceId}: FAILED ${g.message}`);
  if (result.interrupted) out.push(`Interrupted: resume with vpnguard fix --resume ${journalPath}`);
  return `${out.join('\n')}\n`;
}
