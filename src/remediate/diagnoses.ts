// Diagnoses of DOWN tunnels (src/diagnose) reduced to what the planner needs: is the far side to blame?
// Only a high-confidence far-side cause blocks a tunnel; otherwise the executor tries (a DOWN tunnel cannot be
// made worse for traffic) and stops the connection if it does not come back.
import { diagnoseConnection, hasDownTunnel } from '../diagnose/diagnose.js';
import type { CauseId } from '../diagnose/types.js';
import type { Inventory } from '../model/types.js';
import type { TunnelDiagnosisInput } from './types.js';

/** Causes an AWS-side option change (IKEv2, StartupAction start, logging) cannot repair. */
const FAR_SIDE: ReadonlySet<CauseId> = new Set([
  'far-side-firewall',
  'gateway-offline',
  'psk-mismatch',
  'proposal-mismatch',
  'traffic-selector-mismatch',
  'bgp-down',
]);

const BLOCKING_CONFIDENCE = 0.75;

export function diagnoseForPlan(inventory: Inventory, now: Date): TunnelDiagnosisInput[] {
  const out: TunnelDiagnosisInput[] = [];
  for (const vpn of inventory.connections) {
    if (vpn.state !== 'available' || !hasDownTunnel(vpn)) continue;
    const diagnosis = diagnoseConnection(vpn, { now });
    for (const tunnel of vpn.tunnels.filter((t) => t.telemetry?.status === 'DOWN')) {
      const top = diagnosis.causes.find((c) => c.tunnels.includes(tunnel.outsideIpAddress));
      if (!top) continue;
      const farSide = FAR_SIDE.has(top.cause) && top.confidence >= BLOCKING_CONFIDENCE;
      out.push({
        vpnConnectionId: vpn.vpnConnectionId,
        outsideIpAddress: tunnel.outsideIpAddress,
        cause: top.cause,
        farSide,
        summary: farSide
          ? `${top.title} (${top.confidenceLabel} confidence); ${top.nextStep}`
          : `${top.title} (${top.confidenceLabel} confidence)`,
      });
    }
  }
  return out;
}
