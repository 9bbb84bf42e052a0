// What the scan attaches to a failing EC2.20 finding: the diagnosis of its connection, reduced to the top cause
// per DOWN tunnel. Pure; no log read (a scan does not read logs: tunnels with logging on count as "not read",
// and the finding says to run `vpnguard diagnose ID` for the full answer).
import type { Finding, Inventory, Resource } from '../model/types.js';
import { diagnoseConnection, hasDownTunnel } from './diagnose.js';
import type { CauseId, ConfidenceLabel, Diagnosis, PriorityTier } from './types.js';

export interface FindingDiagnosis {
  priority: PriorityTier;
  /** The most likely cause for each DOWN tunnel (one entry per tunnel, or one for both). */
  causes: {
    cause: CauseId;
    title: string;
    confidence: number;
    confidenceLabel: ConfidenceLabel;
    tunnels: string[];
    nextStep: string;
    command?: string;
  }[];
  logNotes: string[];
  /** The command that prints the whole diagnosis (every cause, all evidence, the tunnel logs read). */
  more: string;
}

declare module '../model/types.js' {
  interface Finding {
    /** On failing EC2.20 findings: the likely cause per DOWN tunnel (see docs/diagnose.md). */
    diagnosis?: FindingDiagnosis;
  }
}

export function findingDiagnosis(diagnosis: Diagnosis): FindingDiagnosis {
  const covered = new Set<string>();
  const causes: FindingDiagnosis['causes'] = [];
  for (const c of diagnosis.causes) {
    if (c.tunnels.every((t) => covered.has(t))) continue;
    for (const t of c.tunnels) covered.add(t);
    causes.push({
      cause: c.cause,
      title: c.title,
      confidence: c.confidence,
      confidenceLabel: c.confidenceLabel,
      tunnels: c.tunnels,
      nextStep: c.nextStep,
      ...(c.command === undefined ? {} : { command: c.command }),
    });
  }
  return {
    priority: diagnosis.priority.tier,
    causes,
    logNotes: diagnosis.logNotes,
    more: `vpnguard diagnose ${diagnosis.vpnConnectionId}`,
  };
}

const key = (accountId: string, region: string, id: string) => `${accountId}/${region}/${id}`;

/** Diagnoses every available connection with a DOWN tunnel, keyed by account/region/connection id. */
export function diagnoseInventory(inventory: Inventory, now: Date): Map<string, Diagnosis> {
  const out = new Map<string, Diagnosis>();
  for (const vpn of inventory.connections) {
    if ((vpn.state !== 'available' && vpn.state !== 'modifying') || !hasDownTunnel(vpn)) continue;
    out.set(key(vpn.accountId, vpn.region, vpn.vpnConnectionId), diagnoseConnection(vpn, { now }));
  }
  return out;
}

/** The diagnosis for one finding, when it is a failing EC2.20 finding of a diagnosed connection. */
export function diagnosisForFinding(
  finding: Finding,
  diagnoses: ReadonlyMap<string, Diagnosis>,
): FindingDiagnosis | undefined {
  if (finding.control !== 'EC2.20' || finding.status !== 'FAIL') return undefined;
  const diagnosis = diagnoses.get(key(finding.accountId, finding.region, finding.resourceId));
  return diagnosis && findingDiagnosis(diagnosis);
}

/** diagnosisForFinding for one finding of one resource (the scan re-evaluates findings one at a time). */
export function diagnoseFinding(finding: Finding, resource: Resource, now: Date): FindingDiagnosis | undefined {
  if (finding.control !== 'EC2.20' || finding.status !== 'FAIL' || resource.kind !== 'site-to-site') return undefined;
  return diagnosisForFinding(finding, diagnoseInventory({ connections: [resource], clientVpnEndpoints: [] }, now));
}
