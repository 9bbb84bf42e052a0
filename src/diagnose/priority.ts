// Ranking across connections (documented in docs/diagnose.md):
//   1. redundancy-lost: a tunnel DOWN while its twin is UP. Nothing is visibly broken, so nobody else will tell
//      you; the connection is one maintenance window away from an outage (the 91-day story).
//   2. outage: every tunnel DOWN. Urgent, but loud: traffic already fails and users notice.
//   3. degraded-unknown: a DOWN tunnel whose twin's state AWS did not report.
// Within a tier: longest DOWN first (unknown durations last), then account, region, connection id.
import type { Diagnosis, PriorityTier } from './types.js';

const TIER_ORDER: readonly PriorityTier[] = ['redundancy-lost', 'outage', 'degraded-unknown'];

export function compareDiagnoses(a: Diagnosis, b: Diagnosis): number {
  return (
    TIER_ORDER.indexOf(a.priority.tier) - TIER_ORDER.indexOf(b.priority.tier) ||
    (b.priority.downForSeconds ?? -1) - (a.priority.downForSeconds ?? -1) ||
    a.accountId.localeCompare(b.accountId) ||
    a.region.localeCompare(b.region) ||
    a.vpnConnectionId.localeCompare(b.vpnConnectionId)
  );
}

export function rankDiagnoses(diagnoses: readonly Diagnosis[]): Diagnosis[] {
  return [...diagnoses].sort(compareDiagnoses);
}
