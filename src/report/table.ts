// The terminal view: connections grouped tunnel by tunnel, then Client VPN endpoints, a summary per control,
// and coverage. A scan with coverage gaps opens and closes with a loud INCOMPLETE line and never says "clean".
// Every value that came from AWS goes through terminalSafe.
import pc from 'picocolors';
import { humanDuration, secondsSince } from '../controls/finding.js';
import { sortTunnelsByDowntime } from '../controls/ec2-20.js';
import type {
  ClientVpnEndpoint,
  CoverageGap,
  Finding,
  ResultStatus,
  ScanResult,
  SiteToSiteVpn,
  TunnelDetail,
} from '../model/types.js';
import { terminalSafe } from './escape.js';
import type { FormatOptions, Formatter } from './types.js';
import type { FindingDiagnosis } from '../diagnose/attach.js';

type Colors = ReturnType<typeof pc.createColors>;
type Paint = (text: string) => string;
interface Cell {
  text: string;
  paint?: Paint;
}

const SITE_TO_SITE_CONTROLS = ['EC2.20', 'EC2.183', 'EC2.171'];

export const formatTable: Formatter = (result: ScanResult, options: FormatOptions): string => {
  const c = pc.createColors(options.color);
  const byResource = groupFindings(result.findings);
  const order = resourceOrder(result.findings);
  const incomplete = !result.coverage.complete;
  const lines: string[] = [];

  lines.push(
    c.bold(`vpnguard ${safe(result.tool.version)}`) +
      ` - scan finished ${safe(result.finishedAt)} - ${plural(result.scope.accounts.length, 'account')}, ` +
      plural(result.scope.regions.length, 'region'),
  );
  if (incomplete) lines.push(incompleteBanner(result, c));
  lines.push('');

  const connections = [...result.inventory.connections].sort(byOrder(order, keyOfConnection));
  lines.push(c.bold(`Site-to-Site VPN connections (${connections.length})`));
  if (connections.length === 0)
    lines.push(`  none found${incomplete ? ' in the account-regions that were scanned' : ''}`);
  for (const connection of connections) {
    lines.push(
      ...connectionBlock(connection, byResource.get(keyOfConnection(connection)) ?? [], result, c),
      '',
    );
  }
  if (connections.length === 0) lines.push('');

  const endpoints = [...result.inventory.clientVpnEndpoints].sort(byOrder(order, keyOfEndpoint));
  lines.push(c.bold(`Client VPN endpoints (${endpoints.length})`));
  if (endpoints.length === 0) {
    lines.push(`  none found${incomplete ? ' in the account-regions that were scanned' : ''}`);
  } else {
    lines.push(...endpointTable(endpoints, byResource, c));
  }
  lines.push('');

  lines.push(c.bold('Controls'));
  lines.push(...controlSummary(result, c), '');
  if (result.framework) lines.push(...frameworkBlock(result, c), '');

  lines.push(...coverageBlock(result, c), '');
  lines.push(verdict(result, c));
  if (incomplete) lines.push(incompleteBanner(result, c));
  return `${lines.join('\n')}\n`;
};

function connectionBlock(vpn: SiteToSiteVpn, findings: Finding[], result: ScanResult, c: Colors): string[] {
  const name = vpn.tags.Name;
  const title = [
    c.bold(safe(vpn.vpnConnectionId)),
    name === undefined ? '' : `"${safe(name)}"`,
    `${safe(vpn.accountId)} ${safe(vpn.region)}`,
    safe(vpn.state),
    vpn.gatewayId === undefined ? vpn.gatewayType : `${vpn.gatewayType} ${safe(vpn.gatewayId)}`,
    vpn.routing === 'bgp' ? 'BGP' : 'static',
  ]
    .filter((part) => part !== '')
    .join('  ');
  const lines = [title];
  const applicable = findings.filter((f) => f.status !== 'NOT_APPLICABLE');
  if (findings.length > 0 && applicable.length === 0) {
    lines.push(`  ${c.dim(`not evaluated: ${safe(findings[0]?.reason ?? '')}`)}`);
    return lines;
  }
  lines.push(
    `  ${SITE_TO_SITE_CONTROLS.map((id) => {
      const status = findings.find((f) => f.control === id)?.status;
      return `${id} ${status === undefined ? '-' : paintStatus(status, c)}`;
    }).join('   ')}`,
  );
  const details = tunnelRows(vpn, findings, result);
  const rows: Cell[][] = [
    ['TUNNEL', 'STATUS', 'DOWN FOR', 'IKE VERSIONS', 'LOGGING', 'MESSAGE'].map((text) => ({
      text,
      paint: c.dim,
    })),
  ];
  for (const t of details) {
    rows.push([
      { text: safe(t.outsideIpAddress) },
      t.status === 'UP'
        ? { text: 'UP', paint: c.green }
        : t.status === 'DOWN'
          ? { text: 'DOWN', paint: c.red }
          : { text: t.telemetryMissing ? 'NO DATA' : 'UNKNOWN', paint: c.yellow },
      {
        text:
          t.status !== 'DOWN'
            ? '-'
            : t.downForSeconds === undefined
              ? 'unknown'
              : humanDuration(t.downForSeconds),
      },
      ikeCell(t.ikeVersions, c),
      t.loggingEnabled ? { text: 'on', paint: c.green } : { text: 'off', paint: c.red },
      { text: safe(t.statusMessage) },
    ]);
  }
  if (details.length === 0) lines.push(`  ${c.yellow('no tunnels returned by AWS')}`);
  else lines.push(...renderRows(rows, '  '));
  if (vpn.unmatchedTelemetry.length > 0) {
    lines.push(
      `  ${c.yellow(`telemetry matching no tunnel: ${vpn.unmatchedTelemetry.map(safe).join(', ')}`)}`,
    );
  }
  for (const finding of findings) {
    if (finding.status === 'FAIL' || finding.status === 'ERROR') {
      lines.push(
        `  ${paintStatus(finding.status, c)} ${finding.control}: ${safe(finding.reason)}${annotation(finding, c)}`,
      );
      if (finding.diagnosis) lines.push(...diagnosisLines(finding.diagnosis, c));
    }
  }
  return lines;
}

/** Suppression and baseline marks: a muted finding keeps its status but is shown as muted. */
function annotation(finding: Finding, c: Colors): string {
  const marks: string[] = [];
  if (finding.muted) marks.push(`muted until ${safe(finding.muted.expires)}: ${safe(finding.muted.reason)}`);
  if (finding.baselineState === 'unchanged') marks.push('in baseline');
  if (finding.baselineState === 'new') marks.push('new since baseline');
  return marks.length === 0 ? '' : ` ${c.dim(`[${marks.join('; ')}]`)}`;
}

/** With --framework: one row per requirement, with the result counts of the controls mapped to it. */
function frameworkBlock(result: ScanResult, c: Colors): string[] {
  const framework = result.framework!;
  const lines = [c.bold(`Framework: ${safe(framework.name)}`)];
  if (framework.note) lines.push(`  ${c.dim(safe(framework.note))}`);
  const rows: Cell[][] = [
    ['REQUIREMENT', 'CONTROLS', 'FAIL', 'ERROR', 'PASS', 'SOURCE', 'TITLE'].map((text) => ({
      text,
      paint: c.dim,
    })),
  ];
  for (const group of framework.requirements) {
    const findings = result.findings.filter(
      (f) => group.controls.includes(f.control) && f.muted === undefined,
    );
    const count = (status: ResultStatus) => findings.filter((f) => f.status === status).length;
    const failed = count('FAIL');
    const errors = count('ERROR');
    rows.push([
      { text: safe(group.requirement) },
      { text: group.controls.map(safe).join(',') },
      { text: String(failed), paint: failed > 0 ? c.red : undefined },
      { text: String(errors), paint: errors > 0 ? c.magenta : undefined },
      { text: String(count('PASS')) },
      { text: group.source === 'aws' ? 'AWS' : 'vpnguard' },
      { text: safe(group.title) },
    ]);
  }
  return [...lines, ...renderRows(rows, '  ')];
}

/** The likely cause per DOWN tunnel under an EC2.20 failure, and where the full diagnosis is. */
function diagnosisLines(diagnosis: FindingDiagnosis, c: Colors): string[] {
  const lines = diagnosis.causes.map(
    (cause) =>
      `    ${c.bold('likely cause')} (${cause.confidenceLabel}, ${cause.tunnels.map(safe).join(', ')}): ${safe(cause.title)}. ${c.dim(`next: ${safe(cause.nextStep)}`)}`,
  );
  lines.push(`    ${c.dim(`full diagnosis: ${diagnosis.more}`)}`);
  return lines;
}

interface TunnelRow extends TunnelDetail {
  telemetryMissing: boolean;
}

/** Per-tunnel rows, longest DOWN first; durations from the EC2.20 finding, else measured at finishedAt. */
function tunnelRows(vpn: SiteToSiteVpn, findings: Finding[], result: ScanResult): TunnelRow[] {
  const evaluated = new Map(
    (findings.find((f) => f.control === 'EC2.20')?.tunnels ?? []).map((t) => [t.outsideIpAddress, t]),
  );
  const end = new Date(result.finishedAt);
  const details: TunnelDetail[] = vpn.tunnels.map((tunnel) => {
    const fromFinding = evaluated.get(tunnel.outsideIpAddress);
    if (fromFinding) return fromFinding;
    const status = tunnel.telemetry?.status ?? 'UNKNOWN';
    return {
      outsideIpAddress: tunnel.outsideIpAddress,
      status,
      statusMessage: tunnel.telemetry?.statusMessage ?? '',
      lastStatusChange: tunnel.telemetry?.lastStatusChange,
      downForSeconds: status === 'DOWN' ? secondsSince(tunnel.telemetry?.lastStatusChange, end) : undefined,
      ikeVersions: tunnel.ikeVersions,
      loggingEnabled: tunnel.logging.enabled,
    };
  });
  const missing = new Set(
    vpn.tunnels.filter((t) => t.telemetry === undefined).map((t) => t.outsideIpAddress),
  );
  return sortTunnelsByDowntime(details).map((t) => ({
    ...t,
    telemetryMissing: missing.has(t.outsideIpAddress),
  }));
}

function ikeCell(versions: TunnelDetail['ikeVersions'], c: Colors): Cell {
  if (versions === undefined) return { text: 'absent (default ikev1+ikev2)', paint: c.red };
  if (versions.length === 0) return { text: 'empty (default ikev1+ikev2)', paint: c.red };
  const text = versions.join(',');
  return versions.includes('ikev1') ? { text, paint: c.red } : { text, paint: c.green };
}

function endpointTable(
  endpoints: ClientVpnEndpoint[],
  byResource: Map<string, Finding[]>,
  c: Colors,
): string[] {
  const rows: Cell[][] = [
    ['ENDPOINT', 'ACCOUNT', 'REGION', 'STATUS', 'LOGGING', 'EC2.51', 'DESCRIPTION'].map((text) => ({
      text,
      paint: c.dim,
    })),
  ];
  const notes: string[] = [];
  for (const endpoint of endpoints) {
    const finding = byResource.get(keyOfEndpoint(endpoint))?.find((f) => f.control === 'EC2.51');
    const log = endpoint.connectionLogging;
    const logging: Cell =
      log.enabled === undefined
        ? { text: 'unknown', paint: c.yellow }
        : log.enabled
          ? {
              text: log.cloudwatchLogGroup === undefined ? 'on' : `on ${safe(log.cloudwatchLogGroup)}`,
              paint: c.green,
            }
          : { text: 'off', paint: c.red };
    rows.push([
      { text: safe(endpoint.clientVpnEndpointId) },
      { text: safe(endpoint.accountId) },
      { text: safe(endpoint.region) },
      { text: safe(endpoint.status) },
      logging,
      finding === undefined ? { text: '-' } : statusCell(finding.status, c),
      { text: safe(endpoint.description ?? endpoint.tags.Name ?? '') },
    ]);
    if (finding && (finding.status === 'FAIL' || finding.status === 'ERROR')) {
      notes.push(
        `  ${paintStatus(finding.status, c)} EC2.51 ${safe(finding.resourceId)}: ${safe(finding.reason)}${annotation(finding, c)}`,
      );
    }
  }
  return [...renderRows(rows, '  '), ...notes];
}

function controlSummary(result: ScanResult, c: Colors): string[] {
  const rows: Cell[][] = [
    ['CONTROL', 'SEVERITY', 'FAIL', 'ERROR', 'PASS', 'N/A', 'TITLE'].map((text) => ({ text, paint: c.dim })),
  ];
  for (const s of result.summary.controls) {
    rows.push([
      { text: safe(s.control) },
      { text: s.severity },
      { text: String(s.FAIL), paint: s.FAIL > 0 ? c.red : undefined },
      { text: String(s.ERROR), paint: s.ERROR > 0 ? c.magenta : undefined },
      { text: String(s.PASS) },
      { text: String(s.NOT_APPLICABLE) },
      { text: safe(s.title) },
    ]);
  }
  return renderRows(rows, '  ');
}

function coverageBlock(result: ScanResult, c: Colors): string[] {
  const { coverage } = result;
  const scanned = plural(coverage.scanned.length, 'account-region');
  if (coverage.complete && coverage.gaps.length === 0) {
    return [`${c.bold('Coverage:')} ${c.green('complete')} (${scanned} scanned)`];
  }
  const lines = [
    `${c.bold('Coverage:')} ${c.bold(c.red(`INCOMPLETE - ${plural(coverage.gaps.length, 'gap')}`))} (${scanned} scanned)`,
  ];
  const rows: Cell[][] = [
    ['ACCOUNT', 'REGION', 'REASON', 'OPERATION', 'MESSAGE'].map((text) => ({ text, paint: c.dim })),
  ];
  for (const gap of coverage.gaps) rows.push(gapRow(gap, c));
  return [...lines, ...renderRows(rows, '  ')];
}

function gapRow(gap: CoverageGap, c: Colors): Cell[] {
  return [
    { text: safe(gap.accountId) },
    { text: gap.region === undefined ? '(all regions)' : safe(gap.region) },
    { text: gap.reason, paint: c.red },
    { text: gap.operation === undefined ? '-' : safe(gap.operation) },
    { text: safe(gap.message) },
  ];
}

function verdict(result: ScanResult, c: Colors): string {
  const { failed, errors, resources } = result.summary;
  const counts = `${failed} failed, ${plural(errors, 'error')} across ${plural(resources, 'resource')}`;
  if (!result.coverage.complete || result.coverage.gaps.length > 0) {
    return c.bold(
      c.red(
        `Result: INCOMPLETE - ${counts} in what was scanned; ${plural(result.coverage.gaps.length, 'coverage gap')}`,
      ),
    );
  }
  if (failed > 0) return c.bold(c.red(`Result: ${counts}`));
  if (errors > 0) return c.bold(c.magenta(`Result: ${counts}; some checks could not be evaluated`));
  return c.bold(
    c.green(`Result: clean - every applicable check passed across ${plural(resources, 'resource')}`),
  );
}

function incompleteBanner(result: ScanResult, c: Colors): string {
  const text =
    `!! INCOMPLETE SCAN: ${plural(result.coverage.gaps.length, 'coverage gap')}; ` +
    'resources there were not evaluated, so this is not a clean result (see Coverage) !!';
  return c.bold(c.red(text));
}

function paintStatus(status: ResultStatus, c: Colors): string {
  const cell = statusCell(status, c);
  return cell.paint ? cell.paint(cell.text) : cell.text;
}

function statusCell(status: ResultStatus, c: Colors): Cell {
  switch (status) {
    case 'PASS':
      return { text: 'PASS', paint: c.green };
    case 'FAIL':
      return { text: 'FAIL', paint: c.red };
    case 'ERROR':
      return { text: 'ERROR', paint: c.magenta };
    case 'NOT_APPLICABLE':
      return { text: 'N/A', paint: c.dim };
  }
}

function renderRows(rows: Cell[][], indent: string): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.text.length)));
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, i) => {
          const text = i === row.length - 1 ? cell.text : cell.text.padEnd(widths[i] ?? 0);
          return cell.paint ? cell.paint(text) : text;
        })
        .join('  ')
        .trimEnd(),
  );
}

function groupFindings(findings: readonly Finding[]): Map<string, Finding[]> {
  const map = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = `${finding.accountId}/${finding.region}/${finding.resourceId}`;
    const list = map.get(key) ?? [];
    list.push(finding);
    map.set(key, list);
  }
  return map;
}

/** Position of each resource's first finding in the (already ordered) findings: worst resources first. */
function resourceOrder(findings: readonly Finding[]): Map<string, number> {
  const order = new Map<string, number>();
  findings.forEach((f, i) => {
    const key = `${f.accountId}/${f.region}/${f.resourceId}`;
    if (!order.has(key)) order.set(key, i);
  });
  return order;
}

function byOrder<T>(order: Map<string, number>, keyOf: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    return (
      (order.get(ka) ?? Number.MAX_SAFE_INTEGER) - (order.get(kb) ?? Number.MAX_SAFE_INTEGER) ||
      (ka < kb ? -1 : ka > kb ? 1 : 0)
    );
  };
}

const keyOfConnection = (v: SiteToSiteVpn) => `${v.accountId}/${v.region}/${v.vpnConnectionId}`;
const keyOfEndpoint = (e: ClientVpnEndpoint) => `${e.accountId}/${e.region}/${e.clientVpnEndpointId}`;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const safe = terminalSafe;
