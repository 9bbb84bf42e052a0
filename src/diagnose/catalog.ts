// The AWS Site-to-Site VPN tunnel log message catalog (IKEv1 and IKEv2), as written in VpnLogDetail.
// Source: AWS Site-to-Site VPN User Guide, "Contents of Site-to-Site VPN logs" (log-contents.md).
// Matching is by meaning-bearing fragments, case-insensitive, so small wording differences still match.
import type { LogSignal } from './types.js';

export interface CatalogEntry {
  signal: LogSignal;
  /** A pattern over VpnLogDetail. */
  pattern: RegExp;
  /** What the message means, in one phrase (used in evidence). */
  meaning: string;
}

export const LOG_CATALOG: readonly CatalogEntry[] = [
  {
    signal: 'psk-mismatch',
    pattern:
      /payload decryption was unsuccessful due to invalid pre-?shared key|pre-?shared key mismatch|AUTHENTICATION_FAILED/i,
    meaning: 'the gateway and AWS hold different pre-shared keys',
  },
  {
    signal: 'no-proposal',
    pattern: /no proposal match found|no[ _]proposal[ _]chosen/i,
    meaning:
      'no phase 1/2 proposal (IKE version, encryption, integrity, DH group) is acceptable to both sides',
  },
  {
    signal: 'ts-unacceptable',
    pattern: /TS_UNACCEPTABLE|traffic selectors? (?:are |is )?unacceptable/i,
    meaning: 'the traffic selectors (local/remote networks) do not match',
  },
  {
    signal: 'phase2-failed',
    pattern: /phase 2 was unable to establish while keeping phase 1/i,
    meaning: 'phase 1 is up but phase 2 cannot establish',
  },
  {
    signal: 'phase1-timeout',
    pattern:
      /timeout:? deleting un-?established phase 1 IKE_SA|un-?established (?:phase 1 )?IKE_SA.*(?:timeout|timed out)/i,
    meaning: 'phase 1 never completed: no answer from the gateway',
  },
  {
    signal: 'dpd-timeout',
    pattern: /DPD timed out after \d+ retransmits|DPD time-?out/i,
    meaning: 'dead peer detection got no answer from the gateway',
  },
  {
    signal: 'peer-dead',
    pattern: /declaring peer dead|peer is not responsive/i,
    meaning: 'AWS declared the gateway dead and applied the DPD timeout action',
  },
  {
    signal: 'rekey-collision',
    pattern: /CHILD_REKEY\)? collision|rekey collision/i,
    meaning: 'both sides rekeyed at once (lifetime / rekey settings differ)',
  },
  {
    signal: 'delete-received',
    pattern: /received DELETE for (?:Phase 2 SA|IKE_SA|phase 1)/i,
    meaning: 'the gateway deleted the SA',
  },
  {
    signal: 'sa-expired',
    pattern:
      /(?:IKE_SA|CHILD_SA|phase [12] SA|SA) (?:has )?expired|lifetime expired|deleting (?:expired|idle)/i,
    meaning: 'the SA reached its lifetime and was not renewed',
  },
  {
    signal: 'established',
    pattern: /(?:IKE_SA|CHILD_SA|phase [12]|tunnel)\b.*\bestablished|established (?:IKE_SA|CHILD_SA)/i,
    meaning: 'the SA was established',
  },
  {
    signal: 'negotiating',
    pattern:
      /initiating (?:IKE|Main Mode|Quick Mode)|IKE_SA negotiation|negotiation request|sending (?:IKE_SA_INIT|CREATE_CHILD_SA)|CREATE_CHILD_SA|IKE_SA_INIT/i,
    meaning: 'a negotiation attempt',
  },
];

/** Signals a VpnLogDetail text carries (the first failure signal wins over generic ones). */
export function classifyDetail(detail: string): LogSignal[] {
  const signals: LogSignal[] = [];
  for (const entry of LOG_CATALOG) {
    if (entry.pattern.test(detail)) signals.push(entry.signal);
  }
  // A failure message that mentions an SA also matches the generic "established/negotiating" patterns
  // ("Phase 2 was unable to establish while keeping Phase 1"): keep only the specific meaning.
  const specific = signals.filter((s) => s !== 'established' && s !== 'negotiating');
  return specific.length > 0 ? specific : signals;
}

export function meaningOf(signal: LogSignal): string {
  return LOG_CATALOG.find((entry) => entry.signal === signal)?.meaning ?? signal;
}
