// The control registry and the evaluation of a whole inventory.
//
// Finding order (stable, used by every formatter; see docs/scan-result.md):
//   1. status: FAIL, ERROR, PASS, NOT_APPLICABLE (what needs action first; an ERROR is an unknown that
//      needs a look; deleted and pending resources last)
//   2. severity: CRITICAL .. INFORMATIONAL
//   3. control in registry order: EC2.20, EC2.183, EC2.171, EC2.51 (a downed tunnel is a live outage risk)
//   4. longest DOWN tunnel first (downForSeconds of the finding's worst tunnel; unknown durations after known)
//   5. accountId, region, resourceId
import type { ControlSummary, Finding, Inventory, Resource, ResultStatus, Severity } from '../model/types.js';
import { ec2_171 } from './ec2-171.js';
import { ec2_183 } from './ec2-183.js';
import { ec2_20 } from './ec2-20.js';
import { ec2_51 } from './ec2-51.js';
import { makeFinding } from './finding.js';
import type { Control, ControlMetadata, EvaluationContext } from './types.js';

export type { Control, ControlMetadata, EvaluationContext } from './types.js';

export const controls: readonly Control[] = [ec2_20, ec2_183, ec2_171, ec2_51];

export const controlIds: readonly string[] = controls.map((control) => control.id);

/** Case-insensitive lookup by control id (EC2.20) or check id (vpn-tunnels-up). */
export function findControl(id: string): Control | undefined {
  const wanted = id.trim().toLowerCase();
  return controls.find((c) => c.id.toLowerCase() === wanted || c.checkId === wanted);
}

/** Runs one control on one resource; a control that throws yields an ERROR finding, never a silent pass. */
export function evaluateControl(control: Control, resource: Resource, context: EvaluationContext): Finding[] {
  try {
    if (control.appliesTo === 'site-to-site' && resource.kind === 'site-to-site') {
      return control.evaluate(resource, context);
    }
    if (control.appliesTo === 'client-vpn' && resource.kind === 'client-vpn') {
      return control.evaluate(resource, context);
    }
    return [];
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return [
      makeFinding(control, resource, 'ERROR', `The check failed while evaluating this resource: ${message}`),
    ];
  }
}

/** Every control on every resource of the inventory, in the documented order. */
export function evaluateInventory(inventory: Inventory, now: Date): Finding[] {
  const context: EvaluationContext = { now };
  const resources: Resource[] = [...inventory.connections, ...inventory.clientVpnEndpoints];
  const findings = controls.flatMap((control) =>
    resources.flatMap((resource) => evaluateControl(control, resource, context)),
  );
  return sortFindings(findings);
}

export const STATUS_ORDER: Readonly<Record<ResultStatus, number>> = { FAIL: 0, ERROR: 1, PASS: 2, NOT_APPLICABLE: 3 };
export const SEVERITY_ORDER: Readonly<Record<Severity, number>> = {
  CRITICAL: 0,
  HIGH: 1,
  MEDIUM: 2,
  LOW: 3,
  INFORMATIONAL: 4,
};

export function controlRank(id: string): number {
  const index = controlIds.indexOf(id);
  return index === -1 ? controlIds.length : index;
}

/** Seconds the finding's longest-DOWN tunnel has been DOWN; -1 when none is DOWN with a known time. */
export function longestDownSeconds(finding: Finding): number {
  let longest = -1;
  for (const tunnel of finding.tunnels ?? []) {
    if (tunnel.status === 'DOWN' && tunnel.downForSeconds !== undefined)
      longest = Math.max(longest, tunnel.downForSeconds);
  }
  return longest;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    controlRank(a.control) - controlRank(b.control) ||
    longestDownSeconds(b) - longestDownSeconds(a) ||
    compareText(a.accountId, b.accountId) ||
    compareText(a.region, b.region) ||
    compareText(a.resourceId, b.resourceId)
  );
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/** One row per registered control (zero counts included), in registry order; unknown control ids appended. */
export function summarize(findings: Iterable<Pick<Finding, 'control' | 'status' | 'severity'>>): ControlSummary[] {
  const rows = new Map<string, ControlSummary>();
  const row = (meta: Pick<ControlMetadata, 'id' | 'title' | 'severity'>): ControlSummary => ({
    control: meta.id,
    title: meta.title,
    severity: meta.severity,
    PASS: 0,
    FAIL: 0,
    NOT_APPLICABLE: 0,
    ERROR: 0,
  });
  for (const control of controls) rows.set(control.id, row(control));
  for (const finding of findings) {
    let summary = rows.get(finding.control);
    if (summary === undefined) {
      summary = row({ id: finding.control, title: finding.control, severity: finding.severity });
      rows.set(finding.control, summary);
    }
    summary[finding.status] += 1;
  }
  return [...rows.values()];
}

/** The `summary` block of a ScanResult. `failed` and `errors` count findings; `resources` counts the inventory. */
export function scanSummary(
  inventory: Inventory,
  findings: Iterable<Pick<Finding, 'control' | 'status' | 'severity'>>,
): { controls: ControlSummary[]; failed: number; errors: number; resources: number } {
  const controls = summarize(findings);
  const total = (status: ResultStatus) => controls.reduce((sum, row) => sum + row[status], 0);
  return {
    controls,
    failed: total('FAIL'),
    errors: total('ERROR'),
    resources: inventory.connections.length + inventory.clientVpnEndpoints.length,
  };
}
