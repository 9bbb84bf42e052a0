// Pre-shared key mismatch: only the tunnel log can say so ("payload decryption was unsuccessful due to
// invalid Pre-shared Key", AUTHENTICATION_FAILED). Confidence 0.95; 0.5 when the tunnel established after it.
import type { Rule } from '../types.js';
import { clampConfidence, count, establishedSince, signalEvidence } from './shared.js';

export const pskMismatch: Rule = ({ tunnel }) => {
  if (tunnel.status !== 'DOWN' || count(tunnel, 'psk-mismatch') === 0) return undefined;
  const evidence = [signalEvidence(tunnel, 'psk-mismatch')];
  let confidence = 0.95;
  if (establishedSince(tunnel, 'psk-mismatch')) {
    confidence = 0.5;
    evidence.push('But the tunnel established after that message, so the key may since have been corrected.');
  }
  return {
    cause: 'psk-mismatch',
    title: `Pre-shared key mismatch on tunnel ${tunnel.outsideIpAddress}`,
    confidence: clampConfidence(confidence),
    tunnels: [tunnel.outsideIpAddress],
    evidence,
    nextStep:
      `Set the customer gateway's pre-shared key for tunnel ${tunnel.outsideIpAddress} to the key AWS holds for that tunnel ` +
      `(AWS console: Download configuration, or the Secrets Manager secret); vpnguard never prints keys.`,
    command: `on the customer gateway: re-enter the pre-shared key of the tunnel peering with ${tunnel.outsideIpAddress}`,
  };
};
