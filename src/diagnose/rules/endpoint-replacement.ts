// The tunnel endpoint is being replaced (a ModifyVpnTunnelOptions or AWS maintenance): DOWN is expected for minutes.
// Confidence 0.8 while the connection is `modifying`; 0.6 for an empty status message on a tunnel DOWN < 30 minutes.
import type { Rule } from '../types.js';
import { formatDuration } from '../evidence.js';
import { clampConfidence } from './shared.js';

const RECENT_SECONDS = 30 * 60;

export const endpointReplacement: Rule = ({ connection, tunnel }) => {
  if (tunnel.status !== 'DOWN') return undefined;
  const modifying = connection.state === 'modifying';
  const recentEmpty =
    tunnel.statusKind.kind === 'empty' &&
    tunnel.downForSeconds !== undefined &&
    tunnel.downForSeconds < RECENT_SECONDS;
  if (!modifying && !recentEmpty) return undefined;
  const evidence: string[] = [];
  if (modifying) evidence.push(`The connection state is modifying: a tunnel endpoint is being replaced.`);
  if (recentEmpty) {
    evidence.push(
      `Tunnel ${tunnel.outsideIpAddress} went DOWN ${formatDuration(tunnel.downForSeconds ?? 0)} ago with an empty status ` +
        'message, as AWS reports during an endpoint replacement.',
    );
  }
  return {
    cause: 'endpoint-replacement',
    title: `Tunnel endpoint ${tunnel.outsideIpAddress} is being replaced`,
    confidence: clampConfidence(modifying ? 0.8 : 0.6),
    tunnels: [tunnel.outsideIpAddress],
    evidence,
    nextStep:
      'Wait for the connection to be available again, then check the tunnel: with StartupAction add and IKEv1 it stays ' +
      'DOWN after the replacement until the customer gateway initiates. Do not modify the other tunnel meanwhile.',
    command: `aws ec2 wait vpn-connection-available --region ${connection.region} --vpn-connection-ids ${connection.vpnConnectionId}`,
  };
};
