// The output of `vpnguard diagnose`: one report (documented in docs/diagnose.md) and two pure renderers.
import pc from 'picocolors';
import type { Coverage } from '../model/types.js';
import { terminalSafe } from '../report/escape.js';
import { formatDuration } from './evidence.js';
import type { Diagnosis, RankedCause, TunnelSummary } from './types.js';

export interface DiagnoseReport {
  schemaVersion: '1.0';
  tool: { name: 'vpnguard'; version: string };
  generatedAt: string;
  /** Tunnel log window read (seconds); null when logs were not read (--no-logs). */
  logWindowSeconds: number | null;
  scope: { accounts: string[]; regions: string[] };
  /** Ranked: redundancy lost first, then outages, then the rest; longest DOWN first within each. */
  diagnoses: (Diagnosis & { rank: number })[];
  /** Connections named on the command line that were not diagnosed, and why. */
  skipped: SkippedConnection[];
  coverage: Coverage;
}

export interface SkippedConnection {
  vpnConnectionId: string;
  /** not-found: not in the accounts/regions read; no-down-tunnel: both UP; not-available: pending/deleting/deleted */
  reason: 'not-found' | 'no-down-tunnel' | 'not-available';
  detail: string;
}

export interface RenderOptions {
  color: boolean;
}

export function renderJson(report: DiagnoseReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function colors(enabled: boolean) {
  const c = pc.createColors(enabled);
  return { bold: c.bold, red: c.red, green: c.green, yellow: c.yellow, dim: c.dim };
}

function tunnelLine(t: TunnelSummary, c: ReturnType<typeof colors>): string {
  const status =
    t.status === 'UP' ? c.green('UP  ') : t.status === 'DOWN' ? c.red('DOWN') : c.yellow(t.status);
  const parts = [terminalSafe(t.outsideIpAddress).padEnd(15), status, `"${terminalSafe(t.statusMessage)}"`];
  if (t.status === 'DOWN') {
    parts.push(
      t.downForSeconds === undefined
        ? 'since ?'
        : `for ${formatDuration(t.downForSeconds)} (since ${t.lastStatusChange ?? '?'})`,
    );
  }
  const ike = t.ikeVersions === undefined ? 'ikev1+ikev2 (default)' : t.ikeVersions.join('+');
  parts.push(`IKE ${ike}`, `startup ${t.startupAction}`, `DPD ${t.dpdTimeoutAction}`);
  const logs =
    t.logs.read === 'read'
      ? `log: ${t.logs.events ?? 0} events${t.logs.truncated ? ' (truncated)' : ''}`
      : t.logs.read === 'disabled'
        ? 'log: off'
        : `log: ${t.logs.read}`;
  parts.push(logs);
  return parts.join('  ');
}

function causeLines(cause: RankedCause, index: number, c: ReturnType<typeof colors>): string[] {
  const confidence =
    cause.cause === 'unknown'
      ? c.yellow('unknown')
      : `${cause.confidenceLabel} ${cause.confidence.toFixed(2)}`;
  // Evidence quotes AWS log text and status messages: untrusted, so every line is made terminal-safe.
  const lines = [`   ${index + 1}) ${c.bold(terminalSafe(cause.title))}  [${cause.cause}, ${confidence}]`];
  lines.push('      evidence:');
  for (const e of cause.evidence) lines.push(`        - ${terminalSafe(e)}`);
  lines.push(`      next step: ${terminalSafe(cause.nextStep)}`);
  if (cause.command) lines.push(`      command:   ${terminalSafe(cause.command)}`);
  return lines;
}

export function renderText(report: DiagnoseReport, options: RenderOptions): string {
  const c = colors(options.color);
  const out: string[] = [];
  const n = report.diagnoses.length;
  if (n === 0) {
    out.push('No DOWN tunnel in scope: nothing to diagnose.');
  } else {
    out.push(
      c.bold(`${n} connection${n === 1 ? '' : 's'} with a DOWN tunnel`) +
        ' (ranked: redundancy lost silently first, then outages; longest DOWN first)',
    );
  }
  for (const d of report.diagnoses) {
    out.push('');
    out.push(
      c.bold(`${d.rank}. ${terminalSafe(d.vpnConnectionId)}`) +
        `  account ${d.accountId}  ${d.region}  ${d.routing} routing  ${terminalSafe(d.state)}`,
    );
    const reason = terminalSafe(d.priority.reason);
    out.push(`   ${d.priority.tier === 'outage' ? c.red(reason) : reason}`);
    out.push('   tunnels:');
    for (const t of d.tunnels) out.push(`     ${tunnelLine(t, c)}`);
    out.push('   causes (most likely first):');
    d.causes.forEach((cause, i) => out.push(...causeLines(cause, i, c)));
    if (d.logNotes.length > 0) {
      out.push('   logs:');
      for (const note of d.logNotes) out.push(`     - ${terminalSafe(note)}`);
    }
  }
  if (report.skipped.length > 0) {
    out.push('', 'Not diagnosed:');
    for (const s of report.skipped)
      out.push(`  - ${terminalSafe(s.vpnConnectionId)}: ${terminalSafe(s.detail)}`);
  }
  if (!report.coverage.complete) {
    out.push(
      '',
      c.yellow(`Incomplete: ${report.coverage.gaps.length} part(s) of the scope could not be read:`),
    );
    for (const gap of report.coverage.gaps) {
      const where = `${gap.accountId}${gap.region ? `/${gap.region}` : ''}`;
      out.push(`  - ${where} ${gap.operation ?? ''} ${gap.reason}: ${terminalSafe(gap.message)}`);
    }
  }
  return `${out.join('\n')}\n`;
}
