// BGP session down while IPsec is up: a BGP (dynamic) VPN reports DOWN until BGP is established, with
// StatusMessage "IPSEC IS UP" and no accepted routes.
// Confidence 0.9 ("IPSEC IS UP" on a DOWN BGP tunnel); evidence adds the route count and established SAs in the log.
import type { Rule } from '../types.js';
import { clampConfidence, count, windowText } from './shared.js';

export const bgpDown: Rule = ({ connection, tunnel }) => {
  if (tunnel.status !== 'DOWN' || connection.routing !== 'bgp') return undefined;
  if (!(tunnel.statusKind.kind === 'ipsec' && tunnel.statusKind.up)) return undefined;
  const evidence = [
    `Tunnel ${tunnel.outsideIpAddress} is DOWN with status message "${tunnel.statusMessage}" on a BGP (dynamic routing) ` +
      'connection: IPsec is established, the BGP session is not.',
    `AWS accepted ${tunnel.acceptedRouteCount} route${tunnel.acceptedRouteCount === 1 ? '' : 's'} from the gateway over it.`,
  ];
  if (count(tunnel, 'established') > 0) {
    evidence.push(
      `Its log ${windowText(tunnel)} shows the IKE/IPsec SAs established (${count(tunnel, 'established')} events).`,
    );
  }
  return {
    cause: 'bgp-down',
    title: `BGP session down on tunnel ${tunnel.outsideIpAddress} while IPsec is up`,
    confidence: clampConfidence(0.9),
    tunnels: [tunnel.outsideIpAddress],
    evidence,
    nextStep:
      `On the customer gateway, check the BGP neighbor for tunnel ${tunnel.outsideIpAddress}: the inside tunnel addresses ` +
      '(169.254.x.x/30), the AWS-side ASN, the hold timer, that the tunnel interface is up, and that it advertises routes.',
    command: `on the customer gateway: show the BGP neighbor on the inside address of the tunnel to ${tunnel.outsideIpAddress}`,
  };
};
