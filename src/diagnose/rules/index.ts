// The rule registry, in tie-break order: when two causes have the same confidence the one listed first ranks
// higher (log-backed, specific causes before inferences from telemetry and configuration).
import type { CauseId, Rule } from '../types.js';
import { bgpDown } from './bgp-down.js';
import { dpdClear } from './dpd-clear.js';
import { endpointReplacement } from './endpoint-replacement.js';
import { farSideFirewall } from './far-side-firewall.js';
import { gatewayOffline } from './gateway-offline.js';
import { ikeVersionMismatch } from './ike-version-mismatch.js';
import { noInitiator } from './no-initiator.js';
import { proposalMismatch } from './proposal-mismatch.js';
import { pskMismatch } from './psk-mismatch.js';
import { trafficSelectorMismatch } from './traffic-selector.js';

export const RULES: readonly { id: CauseId; rule: Rule }[] = [
  { id: 'psk-mismatch', rule: pskMismatch },
  { id: 'proposal-mismatch', rule: proposalMismatch },
  { id: 'traffic-selector-mismatch', rule: trafficSelectorMismatch },
  { id: 'bgp-down', rule: bgpDown },
  { id: 'endpoint-replacement', rule: endpointReplacement },
  { id: 'ike-version-mismatch', rule: ikeVersionMismatch },
  { id: 'far-side-firewall', rule: farSideFirewall },
  { id: 'no-initiator', rule: noInitiator },
  { id: 'dpd-clear', rule: dpdClear },
  { id: 'gateway-offline', rule: gatewayOffline },
];

export const TIE_BREAK: readonly CauseId[] = [...RULES.map((r) => r.id), 'unknown'];
