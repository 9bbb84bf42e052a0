// Traffic selector mismatch: TS_UNACCEPTABLE, or "Phase 2 was unable to establish while keeping Phase 1".
// Confidence 0.85 with TS_UNACCEPTABLE, 0.7 with the phase 2 message alone; 0.45 when established since.
import type { Rule } from '../types.js';
import { clampConfidence, count, establishedSince, signalEvidence } from './shared.js';

export const trafficSelectorMismatch: Rule = ({ connection, tunnel }) => {
  if (tunnel.status !== 'DOWN') return undefined;
  const ts = count(tunnel, 'ts-unacceptable');
  const phase2 = count(tunnel, 'phase2-failed');
  if (ts + phase2 === 0) return undefined;
  const evidence: string[] = [];
  if (ts > 0) evidence.push(signalEvidence(tunnel, 'ts-unacceptable'));
  if (phase2 > 0) evidence.push(signalEvidence(tunnel, 'phase2-failed'));
  let confidence = ts > 0 ? 0.85 : 0.7;
  if (establishedSince(tunnel, ts > 0 ? 'ts-unacceptable' : 'phase2-failed')) {
    confidence = 0.45;
    evidence.push('But the tunnel established after that message.');
  }
  return {
    cause: 'traffic-selector-mismatch',
    title: `Traffic selectors do not match on tunnel ${tunnel.outsideIpAddress} (phase 2 fails)`,
    confidence: clampConfidence(confidence),
    tunnels: [tunnel.outsideIpAddress],
    evidence,
    nextStep:
      `Make the customer gateway propose the connection's networks for tunnel ${tunnel.outsideIpAddress} (local/remote ` +
      `IPv4 network CIDRs, 0.0.0.0/0 by default), or use a route-based (VTI) configuration with a single SA.`,
    command:
      `aws ec2 describe-vpn-connections --region ${connection.region} --vpn-connection-ids ${connection.vpnConnectionId} ` +
      `--query "VpnConnections[0].Options.{local:LocalIpv4NetworkCidr,remote:RemoteIpv4NetworkCidr}"`,
  };
};
