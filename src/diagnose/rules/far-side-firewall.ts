// A far-side firewall blocks UDP 500/4500 to one AWS endpoint: one tunnel DOWN for long while its twin, through the
// same customer gateway and configured alike, is UP. The gateway, its key and its proposals therefore work; only the
// path to this endpoint does not.
// Confidence:
//   twin UP, tunnels configured alike                                                   0.55
//   + DOWN for a day or more (replacements and rekeys recover in minutes)              +0.15
//   + DOWN for a week or more                                                          +0.1
//   + log read: no events, or only un-answered phase 1 attempts (after DPD timeouts)    +0.15
//   + log read: only DPD timeouts (the path was cut after the tunnel was up)           +0.05
//   - the tunnels differ in IKE versions, StartupAction or DPD action (another cause)   -0.3
//   log shows negotiation errors (PSK, proposal, selectors): packets reach AWS         capped at 0.15
//   log shows other, unrecognised activity                                             capped at 0.35
//   without a log read the confidence is capped at 0.8
import type { Rule, TunnelEvidence } from '../types.js';
import { formatDuration } from '../evidence.js';
import {
  DAY,
  REACHES_AWS,
  clampConfidence,
  count,
  downText,
  ikeText,
  logsRead,
  reachesAwsCount,
  statusText,
  windowText,
} from './shared.js';

/** Option differences that would explain, on the AWS side, why only one tunnel is DOWN. */
export function explanatoryDifferences(tunnel: TunnelEvidence, twin: TunnelEvidence): string[] {
  const differences: string[] = [];
  if (twin.acceptedIkeVersions.some((v) => !tunnel.acceptedIkeVersions.includes(v))) {
    differences.push(`IKE versions (${ikeText(tunnel)} here, ${ikeText(twin)} on the twin)`);
  }
  if (tunnel.startupAction === 'add' && twin.startupAction === 'start') {
    differences.push('StartupAction (add here, start on the twin)');
  }
  if (tunnel.dpdTimeoutAction === 'clear' && twin.dpdTimeoutAction !== 'clear') {
    differences.push(`DPD timeout action (clear here, ${twin.dpdTimeoutAction} on the twin)`);
  }
  return differences;
}

function sameOptions(a: TunnelEvidence, b: TunnelEvidence): boolean {
  return (
    a.acceptedIkeVersions.join() === b.acceptedIkeVersions.join() &&
    a.startupAction === b.startupAction &&
    a.dpdTimeoutAction === b.dpdTimeoutAction
  );
}

export const farSideFirewall: Rule = ({ connection, tunnel, twin }) => {
  if (tunnel.status !== 'DOWN' || twin?.status !== 'UP' || connection.state !== 'available') return undefined;
  if (tunnel.statusKind.kind === 'ipsec' && tunnel.statusKind.up) return undefined; // IPsec up: BGP, not the path
  const ip = tunnel.outsideIpAddress;
  const evidence = [
    `Tunnel ${ip} is ${downText(tunnel)} while its twin ${twin.outsideIpAddress}, through the same customer gateway, is ` +
      `UP (${statusText(twin)}): the gateway is online and its key and proposals work; only the path to ${ip} fails.`,
  ];
  let confidence = 0.55;
  const down = tunnel.downForSeconds;
  if (down !== undefined && down >= DAY) {
    confidence += 0.15;
    evidence.push(
      `DOWN for ${formatDuration(down)} is not a transient: endpoint replacements and rekeys recover in minutes, ` +
        'a firewall rule stays until someone changes it.',
    );
  }
  if (down !== undefined && down >= 7 * DAY) confidence += 0.1;
  const differences = explanatoryDifferences(tunnel, twin);
  if (differences.length > 0) {
    confidence -= 0.3;
    evidence.push(
      `But the tunnels differ in ${differences.join(' and ')}, which could explain the difference on its own.`,
    );
  } else if (sameOptions(tunnel, twin)) {
    evidence.push(
      `Both tunnels are configured alike (IKE ${ikeText(tunnel)}, StartupAction ${tunnel.startupAction}, DPD action ` +
        `${tunnel.dpdTimeoutAction}): no AWS-side setting explains why only one is DOWN.`,
    );
  } else {
    evidence.push(
      `This tunnel's options (IKE ${ikeText(tunnel)}, StartupAction ${tunnel.startupAction}, DPD action ` +
        `${tunnel.dpdTimeoutAction}) are at least as permissive as the UP twin's: no AWS-side setting explains why only it is DOWN.`,
    );
  }
  if (logsRead(tunnel)) {
    const errors = reachesAwsCount(tunnel);
    const attempts = count(tunnel, 'phase1-timeout') + count(tunnel, 'negotiating');
    const dpd = count(tunnel, 'dpd-timeout') + count(tunnel, 'peer-dead');
    if (errors > 0) {
      confidence = Math.min(confidence, 0.15);
      const kinds = REACHES_AWS.filter((s) => count(tunnel, s) > 0).join(', ');
      evidence.push(
        `But its log ${windowText(tunnel)} shows negotiation errors (${kinds}): the gateway's packets do reach AWS.`,
      );
    } else if (tunnel.logs.total === 0) {
      confidence += 0.15;
      evidence.push(
        `Its log has no events ${windowText(tunnel)}: AWS hears nothing from the gateway on this endpoint.`,
      );
    } else if (attempts > 0 && attempts + dpd === tunnel.logs.total) {
      confidence += 0.15;
      evidence.push(
        `Its log ${windowText(tunnel)} shows only un-answered negotiation (${count(tunnel, 'phase1-timeout')} ` +
          '"Timeout: deleting un-established Phase 1 IKE_SA"' +
          (dpd > 0 ? ', after dead-peer detection timed out' : '') +
          "): AWS's IKE packets get no answer.",
      );
    } else if (dpd > 0 && dpd === tunnel.logs.total) {
      confidence += 0.05;
      evidence.push(
        `Its log ${windowText(tunnel)} shows dead-peer detection timing out and nothing after: the gateway stopped answering ` +
          'on this endpoint only.',
      );
    } else if (tunnel.logs.unrecognized.length > 0) {
      confidence = Math.min(confidence, 0.35);
      evidence.push(
        `But its log ${windowText(tunnel)} shows other activity (${tunnel.logs.total} events) that a blocked path would not produce.`,
      );
    }
  } else {
    confidence = Math.min(confidence, 0.8);
    evidence.push('No tunnel log was read for this tunnel, so it cannot confirm that no IKE packet arrives.');
  }
  return {
    cause: 'far-side-firewall',
    title: `Far-side firewall blocks UDP 500/4500 to AWS endpoint ${ip}`,
    confidence: clampConfidence(confidence),
    tunnels: [ip],
    evidence,
    nextStep:
      `Fix the far-side firewall rule for UDP 500/4500 to ${ip} before touching crypto: allow UDP 500 and 4500 (and ESP, ` +
      `IP protocol 50, if NAT-T is off) between the customer gateway and ${ip}, then confirm the tunnel comes UP. ` +
      'Changing IKE versions or keys on the AWS side will not help and interrupts the tunnel again.',
    command: `fix the far-side firewall rule for UDP 500/4500 to ${ip} before touching crypto, then run: vpnguard diagnose ${connection.vpnConnectionId}`,
  };
};
