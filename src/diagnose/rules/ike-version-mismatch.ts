// IKE version mismatch: the tunnel accepts only a version the customer gateway does not speak.
// Confidence:
//   twin UP (same gateway) and it accepts a version this tunnel refuses   0.75 (0.85 if the lists are disjoint)
//   + "No proposal chosen" in this tunnel's log                           +0.1
//   twin not UP, tunnel restricted to one version, "No proposal" in log   0.5
//   twin not UP, tunnel restricted to one version, no log evidence         0.25 (a hypothesis to check)
import type { Rule } from '../types.js';
import {
  clampConfidence,
  count,
  describeTunnelCommand,
  ikeText,
  signalEvidence,
  statusText,
} from './shared.js';

export const ikeVersionMismatch: Rule = ({ connection, tunnel, twin }) => {
  if (tunnel.status !== 'DOWN' || tunnel.ikeVersions === undefined) return undefined;
  if (tunnel.statusKind.kind === 'ipsec' && tunnel.statusKind.up) return undefined; // IPsec negotiated fine
  const accepted = tunnel.acceptedIkeVersions;
  if (accepted.length !== 1) return undefined; // accepts both versions: no version can fail to match
  const only = accepted[0]!;
  const other = only === 'ikev2' ? 'ikev1' : 'ikev2';
  const noProposal = count(tunnel, 'no-proposal');
  const evidence = [`Tunnel ${tunnel.outsideIpAddress} accepts only ${only} and is DOWN.`];
  let confidence: number;
  if (twin?.status === 'UP' && twin.acceptedIkeVersions.includes(other)) {
    const disjoint = !twin.acceptedIkeVersions.includes(only);
    confidence = disjoint ? 0.85 : 0.75;
    evidence.push(
      `Its twin ${twin.outsideIpAddress}, through the same customer gateway, accepts ${ikeText(twin)} and is UP ` +
        `(${statusText(twin)}): the gateway negotiates with AWS, ` +
        (disjoint ? `and the twin allows only ${other}.` : `possibly only with ${other}.`),
    );
  } else {
    if (noProposal === 0) {
      confidence = 0.25;
      evidence.push(
        `No tunnel of this connection is UP to show which IKE version the gateway speaks: a gateway without ${only} ` +
          'would keep this tunnel DOWN.',
      );
    } else {
      confidence = 0.5;
    }
  }
  if (noProposal > 0) {
    confidence += twin?.status === 'UP' ? 0.1 : 0;
    evidence.push(signalEvidence(tunnel, 'no-proposal'));
  }
  return {
    cause: 'ike-version-mismatch',
    title: `IKE version mismatch on tunnel ${tunnel.outsideIpAddress}: it accepts only ${only}`,
    confidence: clampConfidence(confidence),
    tunnels: [tunnel.outsideIpAddress],
    evidence,
    nextStep:
      `Configure ${only} on the customer gateway for tunnel ${tunnel.outsideIpAddress} (IKEv2 is what EC2.183 requires). ` +
      `If the device cannot speak ${only}, replace it; re-allowing ${other} on the tunnel is only a stopgap.`,
    command: describeTunnelCommand(connection, tunnel.outsideIpAddress),
  };
};
