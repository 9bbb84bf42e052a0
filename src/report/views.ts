// Views over a scan result that the human formats (Markdown, HTML) share.
import { secondsSince, SITE_TO_SITE_NOT_APPLICABLE_STATES } from '../controls/finding.js';
import type { Finding, ScanResult, TunnelStatus } from '../model/types.js';
import { isActionable, needsAction, plural } from './finding-info.js';

export interface DownTunnel {
  accountId: string;
  region: string;
  vpnConnectionId: string;
  name: string | undefined;
  outsideIpAddress: string;
  statusMessage: string;
  lastStatusChange: string | undefined;
  downForSeconds: number | undefined;
}

/** Every DOWN tunnel of an evaluated connection, longest DOWN first (unknown durations last). */
export function downTunnels(result: ScanResult): DownTunnel[] {
  const end = new Date(result.finishedAt);
  const rows: DownTunnel[] = [];
  for (const vpn of result.inventory.connections) {
    if (SITE_TO_SITE_NOT_APPLICABLE_STATES.includes(vpn.state)) continue;
    for (const tunnel of vpn.tunnels) {
      if (tunnel.telemetry?.status !== 'DOWN') continue;
      rows.push({
        accountId: vpn.accountId,
        region: vpn.region,
        vpnConnectionId: vpn.vpnConnectionId,
        name: vpn.tags.Name,
        outsideIpAddress: tunnel.outsideIpAddress,
        statusMessage: tunnel.telemetry.statusMessage,
        lastStatusChange: tunnel.telemetry.lastStatusChange,
        downForSeconds: secondsSince(tunnel.telemetry.lastStatusChange, end),
      });
    }
  }
  return rows.sort(
    (a, b) =>
      (b.downForSeconds ?? -1) - (a.downForSeconds ?? -1) ||
      a.vpnConnectionId.localeCompare(b.vpnConnectionId) ||
      a.outsideIpAddress.localeCompare(b.outsideIpAddress),
  );
}

export function tunnelStatusCounts(result: ScanResult): Record<TunnelStatus | 'NO DATA', number> {
  const counts = { UP: 0, DOWN: 0, UNKNOWN: 0, 'NO DATA': 0 };
  for (const vpn of result.inventory.connections) {
    for (const tunnel of vpn.tunnels) {
      if (tunnel.telemetry === undefined) counts['NO DATA'] += 1;
      else counts[tunnel.telemetry.status] += 1;
    }
  }
  return counts;
}

/** "INCOMPLETE: 4 failed, 1 error in what was scanned; 2 coverage gaps" / "3 failed" / "clean". */
export function verdictLine(result: ScanResult): string {
  const open = result.findings.filter(isActionable);
  const failed = open.filter((f) => f.status === 'FAIL').length;
  const errors = open.filter((f) => f.status === 'ERROR').length;
  const counts = `${failed} failed, ${plural(errors, 'error')}`;
  if (!result.coverage.complete) {
    return `INCOMPLETE: ${counts} in what was scanned; ${plural(result.coverage.gaps.length, 'coverage gap')}`;
  }
  if (failed + errors > 0) return counts;
  const muted = result.findings.filter((f) => needsAction(f.status)).length;
  return muted > 0 ? `clean apart from ${muted} muted or baselined` : 'clean: every applicable check passed';
}

export interface ScopeGroup {
  accountId: string;
  region: string;
  findings: Finding[];
}

/** Findings needing action grouped by account, then region (sorted), each keeping the documented order. */
export function byAccountRegion(findings: readonly Finding[]): ScopeGroup[] {
  const groups = new Map<string, ScopeGroup>();
  for (const finding of findings) {
    if (!needsAction(finding.status)) continue;
    const key = `${finding.accountId}/${finding.region}`;
    let group = groups.get(key);
    if (!group) {
      group = { accountId: finding.accountId, region: finding.region, findings: [] };
      groups.set(key, group);
    }
    group.findings.push(finding);
  }
  return [...groups.values()].sort((a, b) => a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region));
}
