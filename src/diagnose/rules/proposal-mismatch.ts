// No proposal chosen: phase 1/2 proposals do not overlap (log "No Proposal Match Found" / "No proposal chosen").
// Confidence 0.85; 0.55 when the IKE version lists of the tunnel and its UP twin differ (then the version, not the
// algorithms, is the likelier mismatch: see ike-version-mismatch); 0.45 when the tunnel established since.
import type { Rule } from '../types.js';
import { clampConfidence, count, describeTunnelCommand, establishedSince, signalEvidence } from './shared.js';

export const proposalMismatch: Rule = ({ connection, tunnel, twin }) => {
  if (tunnel.status !== 'DOWN' || count(tunnel, 'no-proposal') === 0) return undefined;
  const evidence = [signalEvidence(tunnel, 'no-proposal')];
  let confidence = 0.85;
  const versionsDiffer =
    twin?.status === 'UP' && twin.acceptedIkeVersions.some((v) => !tunnel.acceptedIkeVersions.includes(v));
  if (versionsDiffer) {
    confidence = 0.55;
    evidence.push(
      `The UP twin ${twin.outsideIpAddress} accepts ${twin.acceptedIkeVersions.join('+')} while this tunnel accepts only ` +
        `${tunnel.acceptedIkeVersions.join('+')}: the IKE version is the likelier proposal that does not match.`,
    );
  }
  if (establishedSince(tunnel, 'no-proposal')) {
    confidence = Math.min(confidence, 0.45);
    evidence.push('But the tunnel established after that message.');
  }
  return {
    cause: 'proposal-mismatch',
    title: `No proposal chosen on tunnel ${tunnel.outsideIpAddress}: IKE/IPsec proposals do not overlap`,
    confidence: clampConfidence(confidence),
    tunnels: [tunnel.outsideIpAddress],
    evidence,
    nextStep:
      `Compare the customer gateway's phase 1 and phase 2 proposals (IKE version, encryption, integrity, DH group) for ` +
      `tunnel ${tunnel.outsideIpAddress} with the ones the tunnel allows, and make them overlap on the gateway ` +
      `(prefer AES-GCM / SHA2 / DH 14+ over widening the AWS side).`,
    command: describeTunnelCommand(connection, tunnel.outsideIpAddress),
  };
};
