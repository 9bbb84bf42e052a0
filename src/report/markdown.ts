// Markdown for a GitHub job summary ($GITHUB_STEP_SUMMARY) or a pull-request comment: the verdict first
// (an incomplete scan as a CAUTION alert), controls, tunnels DOWN longest first, findings needing action,
// coverage gaps. Every value from AWS is escaped: `|` cannot split a table cell, backticks cannot open code,
// and HTML cannot render (GitHub renders a subset of HTML in Markdown).
import { humanDuration } from '../controls/finding.js';
import type { Finding, ScanResult } from '../model/types.js';
import { terminalSafe } from './escape.js';
import { gapSentence, isActionable, longestDown, needsAction, plural, STATUS_WORD } from './finding-info.js';
import { requirementsFor } from './requirements.js';
import { downTunnels, verdictLine } from './views.js';
import type { Formatter } from './types.js';

/** Rows per findings table: a job summary is capped at 1 MiB by GitHub. */
export const MAX_ROWS = 500;

/** Escapes one value for a GFM table cell or inline text. */
export function md(value: string): string {
  return terminalSafe(value)
    .replace(/[\\`*_[\]~|#]/g, (ch) => `\\${ch}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

export const formatMarkdown: Formatter = (result: ScanResult): string => {
  const lines: string[] = [];
  const incomplete = !result.coverage.complete;
  lines.push(`## vpnguard: ${verdictLine(result)}`, '');
  if (incomplete) {
    lines.push(
      '> [!CAUTION]',
      `> **INCOMPLETE SCAN: ${plural(result.coverage.gaps.length, 'coverage gap')}.** Resources there were not evaluated, so this is not a clean result (see Coverage).`,
      '',
    );
  }
  const muted = result.findings.filter((f) => f.muted !== undefined && needsAction(f.status)).length;
  const baselined = result.findings.filter((f) => f.baselineState === 'unchanged' && needsAction(f.status)).length;
  lines.push(
    [
      `Scan finished ${md(result.finishedAt)}`,
      plural(result.scope.accounts.length, 'account'),
      plural(result.scope.regions.length, 'region'),
      plural(result.inventory.connections.length, 'Site-to-Site connection'),
      plural(result.inventory.clientVpnEndpoints.length, 'Client VPN endpoint'),
      ...(muted > 0 ? [`${muted} muted`] : []),
      ...(baselined > 0 ? [`${baselined} in baseline`] : []),
      ...(result.framework ? [`framework: ${md(result.framework.name)}`] : []),
    ].join(' · '),
    '',
  );

  lines.push('### Controls', '', '| Control | Severity | Fail | Error | Pass | N/A | Title |', '| --- | --- | ---: | ---: | ---: | ---: | --- |');
  for (const s of result.summary.controls) {
    lines.push(`| ${md(s.control)} | ${s.severity} | ${s.FAIL > 0 ? `**${s.FAIL}**` : '0'} | ${s.ERROR} | ${s.PASS} | ${s.NOT_APPLICABLE} | ${md(s.title)} |`);
  }
  lines.push('');

  const down = downTunnels(result);
  lines.push(`### Tunnels DOWN (${down.length})`, '');
  if (down.length === 0) lines.push('No tunnel is DOWN in what was scanned.', '');
  else {
    lines.push('| Connection | Name | Account | Region | Tunnel | Down for | Status message |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const t of down) {
      lines.push(
        `| ${md(t.vpnConnectionId)} | ${md(t.name ?? '')} | ${md(t.accountId)} | ${md(t.region)} | ${md(t.outsideIpAddress)} | ${t.downForSeconds === undefined ? 'unknown' : humanDuration(t.downForSeconds)} | ${md(t.statusMessage)} |`,
      );
    }
    lines.push('');
  }

  const actionable = result.findings.filter((f) => needsAction(f.status));
  if (result.framework) {
    lines.push(`### ${md(result.framework.name)}`, '');
    if (result.framework.note) lines.push(`> ${md(result.framework.note)}`, '');
    for (const group of result.framework.requirements) {
      const findings = actionable.filter((f) => group.controls.includes(f.control));
      const verdict = findings.some(isActionable) ? '❌' : findings.length > 0 ? '🔇' : '✅';
      lines.push(
        `#### ${verdict} ${md(group.requirement)} ${md(group.title)}`,
        '',
        `Controls: ${group.controls.map(md).join(', ')}${group.source === 'vpnguard' ? " · mapping is vpnguard's own (AWS publishes none)" : ''}`,
        '',
      );
      if (findings.length > 0) lines.push(...findingsTable(findings, result), '');
    }
  } else {
    lines.push(`### Findings needing action (${actionable.length})`, '');
    if (actionable.length === 0) lines.push(incomplete ? 'None in what was scanned.' : 'None: every applicable check passed.', '');
    else lines.push(...findingsTable(actionable, result), '');
  }

  lines.push('### Coverage', '');
  if (!incomplete && result.coverage.gaps.length === 0) {
    lines.push(`Complete: ${plural(result.coverage.scanned.length, 'account-region')} scanned.`);
  } else {
    lines.push(`**Incomplete**: ${plural(result.coverage.scanned.length, 'account-region')} scanned, ${plural(result.coverage.gaps.length, 'gap')}:`, '');
    for (const gap of result.coverage.gaps) lines.push(`- ${md(gapSentence(gap))}`);
  }
  lines.push('');
  return `${lines.join('\n')}`;
};

function findingsTable(findings: Finding[], result: ScanResult): string[] {
  const rows = ['| Status | Control | Resource | Name | Account | Region | Reason | Requirements |', '| --- | --- | --- | --- | --- | --- | --- | --- |'];
  for (const f of findings.slice(0, MAX_ROWS)) {
    const down = longestDown(f);
    const status = [
      `**${STATUS_WORD[f.status]}**`,
      ...(f.muted ? [`muted until ${md(f.muted.expires)}: ${md(f.muted.reason)}`] : []),
      ...(f.baselineState === 'unchanged' ? ['in baseline'] : []),
      ...(f.baselineState === 'new' ? ['new'] : []),
    ].join(' · ');
    rows.push(
      `| ${status} | ${md(f.control)} | ${md(f.resourceId)} | ${md(f.tags.Name ?? '')} | ${md(f.accountId)} | ${md(f.region)} | ${md(f.reason)}${down === undefined ? '' : ` (DOWN ${humanDuration(down)})`} | ${requirementsFor(f.control, result).map((r) => `${md(r.label)}${r.source === 'vpnguard' ? ' (vpnguard)' : ''}`).join(', ')} |`,
    );
  }
  if (findings.length > MAX_ROWS) rows.push('', `…and ${findings.length - MAX_ROWS} more (see the JSON or SARIF output).`);
  return rows;
}
