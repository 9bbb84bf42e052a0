// DPD timeout action `clear` with no traffic: DPD declared the peer dead, AWS ended the IKE session, and nothing
// brings it back (no traffic; StartupAction add).
// Confidence:
//   DPD lines in the log ("DPD timed out after N retransmits" / "Declaring peer dead") and the twin is UP
//   with DPD action restart/none (only this tunnel clears)                                            0.85
//   DPD lines, twin DOWN too (an offline gateway writes the same lines)                               0.55
//   DPD lines, twin UP with the same DPD action clear: an idle link would have cleared the twin too,
//   and a path blocked after establishment writes the same lines                                      0.45
//   + no re-initiation attempt after the DPD lines while the log was read                            +0.05
//   no DPD lines in the log: twin UP with a different DPD action                                      0.6
//   no log evidence at all: DPD action clear (possible, not shown)                                    0.25
//   DPD lines followed by an established SA: the clear is not what keeps it down                      none
import type { Rule } from '../types.js';
import {
  awsInitiatesOptions,
  clampConfidence,
  count,
  establishedSince,
  modifyTunnelCommand,
  signalEvidence,
} from './shared.js';

export const dpdClear: Rule = ({ connection, tunnel, twin }) => {
  if (tunnel.status !== 'DOWN' || tunnel.dpdTimeoutAction !== 'clear') return undefined;
  if (tunnel.statusKind.kind === 'ipsec' && tunnel.statusKind.up) return undefined;
  const dpd = count(tunnel, 'dpd-timeout') + count(tunnel, 'peer-dead');
  const signal = count(tunnel, 'dpd-timeout') > 0 ? 'dpd-timeout' : 'peer-dead';
  if (dpd > 0 && establishedSince(tunnel, signal)) return undefined;
  const evidence = [
    `Tunnel ${tunnel.outsideIpAddress} has DPDTimeoutAction clear: when DPD declares the peer dead AWS ends the IKE ` +
      'session and does not restart it.',
  ];
  const twinDiffers = twin?.status === 'UP' && twin.dpdTimeoutAction !== 'clear';
  let confidence: number;
  if (dpd > 0) {
    evidence.push(signalEvidence(tunnel, signal));
    if (twinDiffers) confidence = 0.85;
    else if (twin?.status === 'UP') {
      confidence = 0.45;
      evidence.push(
        `But its twin ${twin.outsideIpAddress} has the same DPD action and stayed UP: an idle link would have cleared it too, ` +
          'and a path blocked after the tunnel was established writes the same DPD lines.',
      );
    } else {
      confidence = 0.55;
      evidence.push(
        'Both tunnels are DOWN: an offline gateway produces the same DPD lines, so check it too.',
      );
    }
    const dpdAt = tunnel.logs.latest[signal]!.timestamp;
    const retried = (['phase1-timeout', 'negotiating'] as const).some(
      (s) => (tunnel.logs.latest[s]?.timestamp ?? -Infinity) > dpdAt,
    );
    if (!retried) {
      confidence += 0.05;
      evidence.push(
        'No IKE attempt follows the DPD timeout in the log: after the clear nobody re-initiated.',
      );
    } else {
      confidence -= 0.2;
      evidence.push(
        'IKE attempts follow the DPD timeout in the log, and they go unanswered: something else keeps it DOWN.',
      );
    }
  } else {
    confidence = twinDiffers ? 0.6 : 0.25;
  }
  if (twinDiffers) {
    evidence.push(
      `Its twin ${twin.outsideIpAddress} is UP with DPDTimeoutAction ${twin.dpdTimeoutAction}: only this tunnel clears on a DPD timeout.`,
    );
  }
  if (tunnel.startupAction === 'add') {
    evidence.push('StartupAction is add: after the clear only the gateway (with traffic) can bring it back.');
  }
  return {
    cause: 'dpd-clear',
    title: `DPD timeout with action clear left tunnel ${tunnel.outsideIpAddress} down (idle link)`,
    confidence: clampConfidence(confidence),
    tunnels: [tunnel.outsideIpAddress],
    evidence,
    nextStep:
      `Set DPDTimeoutAction restart (and StartupAction start, IKEv2 only) on tunnel ${tunnel.outsideIpAddress} so AWS ` +
      `re-initiates after a DPD timeout, one tunnel at a time (\`vpnguard fix --connection ${connection.vpnConnectionId}\`), ` +
      'and keep low-rate traffic (a health check) crossing the link.',
    command: modifyTunnelCommand(connection, tunnel.outsideIpAddress, awsInitiatesOptions(tunnel)),
  };
};
