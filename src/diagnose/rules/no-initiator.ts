// Nobody initiates IKE: the SA expired (idle link) and StartupAction is `add`, so AWS waits for the gateway.
// Confidence:
//   twin UP with StartupAction start (AWS re-initiates it, not this one)              0.75
//   log shows the SA expired / was deleted and no negotiation attempt since            0.8 (0.9 with the twin fact)
//   otherwise, StartupAction add and DOWN (a possible explanation, not a finding)       0.3 (0.35 when both DOWN)
import type { Rule } from '../types.js';
import {
  awsInitiatesOptions,
  clampConfidence,
  count,
  logsRead,
  modifyTunnelCommand,
  quote,
  windowText,
} from './shared.js';

export const noInitiator: Rule = ({ connection, tunnel, twin }) => {
  if (tunnel.status !== 'DOWN' || tunnel.startupAction !== 'add') return undefined;
  if (tunnel.statusKind.kind === 'ipsec' && tunnel.statusKind.up) return undefined;
  const evidence = [
    `Tunnel ${tunnel.outsideIpAddress} has StartupAction add: ` +
      'AWS never starts IKE on it; once its SA expires it stays DOWN until the customer gateway initiates.',
  ];
  let confidence = twin?.status === 'DOWN' ? 0.35 : 0.3;
  const twinAwsStarts = twin?.status === 'UP' && twin.startupAction === 'start';
  if (twinAwsStarts) {
    confidence = 0.75;
    evidence.push(
      `Its twin ${twin.outsideIpAddress} is UP with StartupAction start: AWS re-initiates that one itself, ` +
        'which explains why only this tunnel stayed down.',
    );
  }
  const ended = [tunnel.logs.latest['sa-expired'], tunnel.logs.latest['delete-received']]
    .filter((e) => e !== undefined)
    .sort((a, b) => b.timestamp - a.timestamp)[0];
  if (logsRead(tunnel) && ended) {
    const attemptsSince = (
      ['negotiating', 'phase1-timeout', 'established', 'psk-mismatch', 'no-proposal'] as const
    ).some((s) => (tunnel.logs.latest[s]?.timestamp ?? -Infinity) > ended.timestamp);
    if (!attemptsSince) {
      confidence = twinAwsStarts ? 0.9 : 0.8;
      evidence.push(
        `Its log ${windowText(tunnel)} ends with the SA going away, ${quote(ended)}, and shows no negotiation attempt since.`,
      );
    } else {
      evidence.push('Its log shows negotiation attempts after the SA ended, so someone does initiate.');
      confidence = Math.min(confidence, 0.2);
    }
  } else if (logsRead(tunnel) && tunnel.logs.total === 0) {
    evidence.push(`Its log has no events ${windowText(tunnel)}: nothing initiated IKE on this tunnel.`);
  } else if (logsRead(tunnel) && count(tunnel, 'phase1-timeout') > 0) {
    return undefined; // AWS-side attempts: with add these come from a gateway that does initiate
  }
  return {
    cause: 'no-initiator',
    title: `Nobody initiates IKE on tunnel ${tunnel.outsideIpAddress}: StartupAction add waits for the gateway`,
    confidence: clampConfidence(confidence),
    tunnels: [tunnel.outsideIpAddress],
    evidence,
    nextStep:
      `Let AWS initiate: set StartupAction start and DPDTimeoutAction restart on tunnel ${tunnel.outsideIpAddress} ` +
      `(StartupAction start needs the tunnel locked to IKEv2: confirm the gateway speaks it first), one tunnel at a time with ` +
      `\`vpnguard fix --connection ${connection.vpnConnectionId}\`; or make the gateway initiate and keep traffic flowing.`,
    command: modifyTunnelCommand(connection, tunnel.outsideIpAddress, awsInitiatesOptions(tunnel)),
  };
};
