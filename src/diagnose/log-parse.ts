// Parses one CloudWatch event of a Site-to-Site VPN tunnel log, in AWS's json or text output format.
// json: {"VpnLogCreationTimestamp": ..., "VpnConnectionId": ..., "TunnelOutsideIPAddress": ...,
//        "TunnelIKEPhase1State": ..., "TunnelIKEPhase2State": ..., "VpnLogDetail": ...}
// text: the same fields as `Name: value` or `Name=value` pairs; VpnLogDetail runs to the end of the line.
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
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const TEXT_FIELDS = [
  'VpnLogCreationTimestamp',
  'VpnConnectionId',
  'TunnelOutsideIPAddress',
  'TunnelDPDEnabled',
  'TunnelCGWNATTDetectionStatus',
  'TunnelIKEPhase1State',
  'TunnelIKEPhase2State',
] as const;

function fromText(message: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const name of TEXT_FIELDS) {
    const match = new RegExp(`\\b${name}\\s*[:=]\\s*(?:"([^"]*)"|([^,;\\s]+))`, 'i').exec(message);
    if (match) fields[name] = match[1] ?? match[2];
  }
  const detail = /\bVpnLogDetail\s*[:=]\s*(.*)$/is.exec(message);
  if (detail?.[1] !== undefined) fields.VpnLogDetail = detail[1].trim().replace(/^"(.*)"$/s, '$1');
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
  if (signals.length === 0 && phase1State === 'Established' && phase2State === 'Established') signals.push('established');
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
