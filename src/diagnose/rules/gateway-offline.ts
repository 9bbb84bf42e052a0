// Both tunnels DOWN: the customer gateway or its internet link is down (or a far-side change blocks both endpoints).
// Confidence:
//   every tunnel DOWN                                                                  0.5
//   + they went DOWN within 15 minutes of each other                                   +0.15
//   + logs read show only DPD timeouts / un-answered phase 1 / nothing                 +0.15
//   logs show the gateway deleting SAs (so it was online), no DPD timeouts             capped at 0.3
//   logs show negotiation errors (PSK, proposal, selectors): the gateway reaches AWS   none
//   IPsec is up on every tunnel (a BGP problem)                                        none
import type { Rule } from '../types.js';
import { formatDuration } from '../evidence.js';
import { clampConfidence, count, logsRead, reachesAwsCount } from './shared.js';

const TOGETHER_MS = 15 * 60 * 1000;

export const gatewayOffline: Rule = ({ connection }) => {
  const tunnels = connection.tunnels.filter((t) => t.hasTelemetry);
  if (tunnels.length < 2 || tunnels.some((t) => t.status !== 'DOWN')) return undefined;
  if (tunnels.every((t) => t.statusKind.kind === 'ipsec' && t.statusKind.up)) return undefined;
  if (tunnels.some((t) => reachesAwsCount(t) > 0)) return undefined;
  const ips = tunnels.map((t) => t.outsideIpAddress);
  const evidence = [
    `Every tunnel of the connection is DOWN (${ips.join(', ')}): this is an outage, not lost redundancy.`,
  ];
  let confidence = 0.5;
  const changes = tunnels.map((t) => (t.lastStatusChange ? Date.parse(t.lastStatusChange) : Number.NaN));
  if (changes.every(Number.isFinite)) {
    const spread = Math.max(...changes) - Math.min(...changes);
    if (spread <= TOGETHER_MS) {
      confidence += 0.15;
      evidence.push(
        `They went DOWN together (${formatDuration(Math.round(spread / 1000))} apart): one shared cause on the far side.`,
      );
    } else {
      evidence.push(`They went DOWN ${formatDuration(Math.round(spread / 1000))} apart.`);
    }
  }
  const read = tunnels.filter(logsRead);
  if (read.length > 0) {
    const silent = read.every(
      (t) =>
        t.logs.total === 0 ||
        count(t, 'dpd-timeout') +
          count(t, 'peer-dead') +
          count(t, 'phase1-timeout') +
          count(t, 'negotiating') ===
          t.logs.total,
    );
    const deletes = read.some((t) => count(t, 'delete-received') + count(t, 'sa-expired') > 0);
    const dpd = read.some((t) => count(t, 'dpd-timeout') + count(t, 'peer-dead') > 0);
    if (deletes && !dpd) {
      confidence = Math.min(confidence, 0.3);
      evidence.push(
        'But the log shows the gateway deleting or expiring SAs, so it was online when the tunnels ended.',
      );
    } else if (silent) {
      confidence += 0.15;
      evidence.push(
        'The tunnel logs show only dead-peer detection timeouts, un-answered phase 1 attempts or nothing: ' +
          'AWS hears nothing from the gateway.',
      );
    }
  }
  return {
    cause: 'gateway-offline',
    title: 'Customer gateway or its internet link is down (both tunnels DOWN)',
    confidence: clampConfidence(confidence),
    tunnels: ips,
    evidence,
    nextStep:
      `Check the customer gateway${connection.customerGatewayId ? ` (${connection.customerGatewayId})` : ''}: power, its ` +
      `WAN link and public IP, and that UDP 500/4500 to ${ips.join(' and ')} is allowed; a far-side firewall change ` +
      'blocking both AWS endpoints looks the same from AWS. Do not change tunnel options while both are DOWN for this reason.',
    command: `on the customer gateway: check the WAN link, then test UDP 500/4500 reachability to ${ips.join(' and ')}`,
  };
};
