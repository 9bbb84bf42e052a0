// Parses one CloudWatch event of a Site-to-Site VPN tunnel log, in AWS's json or text output format.
// json: {"VpnLogCreationTimestamp": ..., "VpnConnectionId": ..., "TunnelOutsideIPAddress": ...,
//        "TunnelIKEPhase1State": ..., "TunnelIKEPhase2State": ..., "VpnLogDetail": ...}
// text: the same fields as `Name: value` / `Name=value` pairs, or positionally (see fromText); VpnLogDetail runs
//       to the end of the line.
import { classifyDetail } from './catalog.js';
import type { PhaseState, TunnelLogEvent } from './types.js';

const PHASE_STATES: readonly PhaseState[] = ['Established', 'Rekeying', 'Negotiating', 'Down'];

function phaseState(value: unknown): PhaseState | undefined {
  if (typeof value !== 'string') return undefined;
  return PHASE_STATES.find((s) => s.toLowerCase() === value.trim().toLowerCase());
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function fromJson(message: string): Record<string, unknown> | undefined {
  const trimmed = message.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const TEXT_FIELDS: readonly (readonly [string, RegExp])[] = [
  ['VpnConnectionId', /\bVpnConnectionId\s*[:=]\s*"?([^",;\s]+)/i],
  ['TunnelOutsideIPAddress', /\bTunnelOutsideIPAddress\s*[:=]\s*"?([^",;\s]+)/i],
  ['TunnelIKEPhase1State', /\b(?:TunnelIKEPhase1State|Phase1)\s*[:=]\s*"?(\w+)/i],
  ['TunnelIKEPhase2State', /\b(?:TunnelIKEPhase2State|Phase2)\s*[:=]\s*"?(\w+)/i],
];

/**
 * Text lines come as named fields (`VpnConnectionId: vpn-1, ..., VpnLogDetail: ...`) or positionally
 * (`<date> <time> vpn-1 203.0.113.20 Key=Value ... <detail>`): read named fields first, then fall back to the
 * first connection id and IPv4 address, and take as detail what follows the leading Key=Value tokens.
 */
function fromText(message: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [name, pattern] of TEXT_FIELDS) {
    const match = pattern.exec(message);
    if (match?.[1] !== undefined) fields[name] = match[1];
  }
  fields.VpnConnectionId ??= /\b(vpn-[0-9a-f]{8,17})\b/.exec(message)?.[1];
  fields.TunnelOutsideIPAddress ??= /\b(\d{1,3}(?:\.\d{1,3}){3})\b/.exec(message)?.[1];
  const named = /\bVpnLogDetail\s*[:=]\s*(.*)$/is.exec(message);
  if (named?.[1] !== undefined) {
    fields.VpnLogDetail = named[1].trim().replace(/^"(.*)"$/s, '$1');
  } else {
    const positional = /^\s*\S+ \S+ vpn-[0-9a-f]+ \S+((?: \w+=\S*)*) (.+)$/s.exec(message);
    if (positional?.[2] !== undefined) fields.VpnLogDetail = positional[2].trim();
  }
  return fields;
}

/** Never throws: an unparseable message becomes an event whose detail is the whole message. */
export function parseTunnelLogEvent(message: string, timestamp: number): TunnelLogEvent {
  const fields = fromJson(message) ?? fromText(message);
  const detail = str(fields.VpnLogDetail) ?? message.trim();
  const phase1State = phaseState(fields.TunnelIKEPhase1State);
  const phase2State = phaseState(fields.TunnelIKEPhase2State);
  const signals = classifyDetail(detail);
  // An event whose phase states say both SAs are up is evidence of an established tunnel, whatever its text.
  if (signals.length === 0 && phase1State === 'Established' && phase2State === 'Established')
    signals.push('established');
  return {
    timestamp,
    vpnConnectionId: str(fields.VpnConnectionId),
    tunnelOutsideIpAddress: str(fields.TunnelOutsideIPAddress) ?? str(fields.TunnelOutsideIpAddress),
    phase1State,
    phase2State,
    detail,
    signals,
  };
}
