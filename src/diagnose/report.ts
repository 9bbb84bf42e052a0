// The output of `vpnguard diagnose`: one report (documented in docs/diagnose.md) and two pure renderers.
import pc from 'picocolors';
import type { Coverage } from '../model/types.js';
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
  /** Connections named on the command line that have no DOWN tunnel. */
  healthy: string[];
  /** Connections named on the command line that were not found in scope. */
  notFound: string[];
  coverage: Coverage;
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
  const status = t.status === 'UP' ? c.green('UP  ') : t.status === 'DOWN' ? c.red('DOWN') : c.yellow(t.status);
  const parts = [t.outsideIpAddress.padEnd(15), status, t.statusMessage === '' ? '""' : `"${t.statusMessage}"`];
  if (t.status === 'DOWN') {
    parts.push(t.downForSeconds === undefined ? 'since ?' : `for ${formatDuration(t.downForSeconds)} (since ${t.lastStatusChange ?? '?'})`);
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
    cause.cause === 'unknown' ? c.yellow('unknown') : `${cause.confidenceLabel} ${cause.confidence.toFixed(2)}`;
  const lines = [`   ${index + 1}) ${c.bold(cause.title)}  [${cause.cause}, ${confidence}]`];
  lines.push('      evidence:');
  for (const e of cause.evidence) lines.push(`        - ${e}`);
  lines.push(`      next step: ${cause.nextStep}`);
  if (cause.command) lines.push(`      command:   ${cause.command}`);
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
    out.push(c.bold(`${d.rank}. ${d.vpnConnectionId}`) + `  account ${d.accountId}  ${d.region}  ${d.routing} routing  ${d.state}`);
    out.push(`   ${d.priority.tier === 'outage' ? c.red(d.priority.reason) : d.priority.reason}`);
    out.push('   tunnels:');
    for (const t of d.tunnels) out.push(`     ${tunnelLine(t, c)}`);
    out.push('   causes (most likely first):');
    d.causes.forEach((cause, i) => out.push(...causeLines(cause, i, c)));
    if (d.logNotes.length > 0) {
      out.push('   logs:');
      for (const note of d.logNotes) out.push(`     - ${note}`);
    }
  }
  if (report.healthy.length > 0) {
    out.push('', `No DOWN tunnel: ${report.healthy.join(', ')}`);
  }
  if (report.notFound.length > 0) {
    out.push('', c.yellow(`Not found in scope: ${report.notFound.join(', ')}`));
  }
  if (!report.coverage.complete) {
    out.push('', c.yellow(`Incomplete: ${report.coverage.gaps.length} part(s) of the scope could not be read:`));
    for (const gap of report.coverage.gaps) {
      out.push(`  - ${gap.accountId}${gap.region ? `/${gap.region}` : ''} ${gap.operation ?? ''} ${gap.reason}: ${gap.message}`);
    }
  }
  return `${out.join('\n')}\n`;
}
