// diagnoseConnection: evidence -> every rule -> merged, ranked causes, with an explicit "unknown" for any DOWN
// tunnel no rule explains with confidence. Pure.
import type { SiteToSiteVpn } from '../model/types.js';
import { buildEvidence, formatDuration, type EvidenceInput } from './evidence.js';
import { RULES, TIE_BREAK } from './rules/index.js';
import { fixCommand, ikeText, statusText } from './rules/shared.js';
import type {
  ConfidenceLabel,
  ConnectionEvidence,
  Diagnosis,
  PriorityTier,
  RankedCause,
  RuleFinding,
  TunnelEvidence,
  TunnelSummary,
} from './types.js';

/** A cause at or above this confidence explains its tunnel; below it, the tunnel also gets an "unknown". */
export const EXPLAINS_THRESHOLD = 0.4;
/** Lower confidence when the tunnel had logs we could not read (denied, failed). */
export const UNREADABLE_LOG_PENALTY = 0.1;

export function confidenceLabel(confidence: number): ConfidenceLabel {
  if (confidence >= 0.75) return 'high';
  if (confidence >= 0.5) return 'medium';
  return 'low';
}

function twinOf(evidence: ConnectionEvidence, tunnel: TunnelEvidence): TunnelEvidence | undefined {
  return evidence.tunnels.find((t) => t.outsideIpAddress !== tunnel.outsideIpAddress);
}

/** Runs every rule on every DOWN tunnel. A rule that throws is reported as evidence of an unknown, never dropped. */
export function runRules(evidence: ConnectionEvidence): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const tunnel of evidence.tunnels.filter((t) => t.status === 'DOWN')) {
    const context = { connection: evidence, tunnel, twin: twinOf(evidence, tunnel) };
    for (const { id, rule } of RULES) {
      try {
        const finding = rule(context);
        if (finding && finding.evidence.length > 0) findings.push(finding);
      } catch (err) {
        findings.push({
          cause: 'unknown',
          title: `Rule ${id} failed on tunnel ${tunnel.outsideIpAddress}`,
          confidence: 0,
          tunnels: [tunnel.outsideIpAddress],
          evidence: [`The ${id} rule raised an error: ${err instanceof Error ? err.message : String(err)}.`],
          nextStep: 'Report this as a vpnguard bug with the connection JSON (secrets are never included).',
        });
      }
    }
  }
  return findings;
}

/** Same cause with the same advice from several tunnels (e.g. both DOWN) becomes one entry. */
function merge(findings: RuleFinding[]): RuleFinding[] {
  const merged = new Map<string, RuleFinding>();
  for (const f of findings) {
    const key = `${f.cause}\u0000${f.nextStep}`;
    const existing = merged.get(key);
    if (!existing) {
      merged.set(key, { ...f, tunnels: [...f.tunnels], evidence: [...f.evidence] });
      continue;
    }
    existing.confidence = Math.max(existing.confidence, f.confidence);
    for (const t of f.tunnels) if (!existing.tunnels.includes(t)) existing.tunnels.push(t);
    for (const e of f.evidence) if (!existing.evidence.includes(e)) existing.evidence.push(e);
  }
  return [...merged.values()];
}

function logSeen(tunnel: TunnelEvidence): string {
  const read = tunnel.logs.read;
  switch (read.state) {
    case 'disabled':
      return 'tunnel logging off';
    case 'not-read':
      return `logging on, not read (${read.reason})`;
    case 'denied':
      return `logging on, reading denied (${read.message})`;
    case 'error':
      return `logging on, reading failed (${read.message})`;
    case 'read': {
      const counts = Object.entries(tunnel.logs.counts).map(([s, n]) => `${n}x ${s}`);
      const samples = tunnel.logs.unrecognized.map((e) => `"${e.detail}"`);
      return (
        `${tunnel.logs.total} log events in the window` +
        (counts.length > 0 ? `, recognised: ${counts.join(', ')}` : '') +
        (samples.length > 0 ? `, unrecognised: ${samples.join('; ')}` : '')
      );
    }
  }
}

function unknownFor(evidence: ConnectionEvidence, tunnel: TunnelEvidence): RuleFinding {
  const twin = twinOf(evidence, tunnel);
  const seen = [
    tunnel.hasTelemetry
      ? `Tunnel ${tunnel.outsideIpAddress}: ${statusText(tunnel)}` +
        (tunnel.downForSeconds !== undefined ? `, DOWN for ${formatDuration(tunnel.downForSeconds)}` : '') +
        `, last change ${tunnel.lastStatusChange ?? 'unknown'}, ${tunnel.acceptedRouteCount} accepted routes.`
      : `Tunnel ${tunnel.outsideIpAddress}: AWS returned no telemetry for it.`,
    twin
      ? `Twin ${twin.outsideIpAddress}: ${statusText(twin)}.`
      : 'No twin tunnel was returned for this connection.',
    `Connection ${evidence.state}, ${evidence.routing} routing; tunnel options: IKE ${ikeText(tunnel)}, StartupAction ` +
      `${tunnel.startupAction}, DPD action ${tunnel.dpdTimeoutAction}.`,
    `Logs: ${logSeen(tunnel)}.`,
  ];
  return {
    cause: 'unknown',
    title: `Unknown cause for tunnel ${tunnel.outsideIpAddress}`,
    confidence: 0,
    tunnels: [tunnel.outsideIpAddress],
    evidence: seen,
    nextStep:
      `No known pattern matches what AWS shows for tunnel ${tunnel.outsideIpAddress}. Read the customer gateway's IKE log ` +
      'for this peer' +
      (tunnel.loggingEnabled
        ? ' and the tunnel log over a longer --log-window.'
        : ', and turn tunnel logging on now (logs are not retroactive).'),
    command: tunnel.loggingEnabled
      ? `vpnguard diagnose ${evidence.vpnConnectionId} --log-window 7d`
      : fixCommand(evidence),
  };
}

function rank(findings: RuleFinding[]): RankedCause[] {
  // Confident causes first (by confidence), then "unknown" entries, then low-confidence possibilities:
  // when nothing explains a tunnel the top answer is "unknown", not a guess.
  const band = (f: RuleFinding): number =>
    f.cause === 'unknown' ? 1 : f.confidence >= EXPLAINS_THRESHOLD ? 0 : 2;
  return [...findings]
    .sort(
      (a, b) =>
        band(a) - band(b) ||
        b.confidence - a.confidence ||
        TIE_BREAK.indexOf(a.cause) - TIE_BREAK.indexOf(b.cause) ||
        a.tunnels.join().localeCompare(b.tunnels.join()),
    )
    .map((f) => ({ ...f, confidenceLabel: confidenceLabel(f.confidence) }));
}

function logNotes(evidence: ConnectionEvidence): string[] {
  const notes: string[] = [];
  const down = evidence.tunnels.filter((t) => t.status === 'DOWN');
  const off = down.filter((t) => t.logs.read.state === 'disabled').map((t) => t.outsideIpAddress);
  if (off.length > 0) {
    notes.push(
      `Tunnel logging is off on ${off.join(' and ')}: its IKE log would have answered whether the gateway's packets reach ` +
        'AWS and why negotiation fails. Logs are not retroactive; turn them on now with ' +
        `\`${fixCommand(evidence)}\` (enabling logs on a DOWN tunnel interrupts only that tunnel).`,
    );
  }
  for (const t of down) {
    const read = t.logs.read;
    if (read.state === 'denied') {
      notes.push(
        `Tunnel ${t.outsideIpAddress} logs to ${t.logGroupArn ?? 'a log group'} but reading it was denied (${read.message}); ` +
          'grant logs:FilterLogEvents on that log group. Confidence is lower without it.',
      );
    } else if (read.state === 'error') {
      notes.push(
        `Tunnel ${t.outsideIpAddress}'s log could not be read (${read.message}); confidence is lower without it.`,
      );
    } else if (read.state === 'not-read') {
      notes.push(
        `Tunnel ${t.outsideIpAddress} logs to ${t.logGroupArn ?? 'a log group'} but it was not read (${read.reason}); ` +
          `run \`vpnguard diagnose ${evidence.vpnConnectionId}\` to use it.`,
      );
    } else if (read.state === 'read' && read.truncated) {
      notes.push(
        `Only the newest part of tunnel ${t.outsideIpAddress}'s log window was read (page limit): older events were not seen.`,
      );
    }
  }
  return notes;
}

function applyUnreadableLogPenalty(evidence: ConnectionEvidence, findings: RuleFinding[]): void {
  for (const t of evidence.tunnels) {
    const read = t.logs.read;
    if (read.state !== 'denied' && read.state !== 'error') continue;
    for (const f of findings) {
      if (f.cause === 'unknown' || !f.tunnels.includes(t.outsideIpAddress)) continue;
      f.confidence = Math.max(0.05, Math.round((f.confidence - UNREADABLE_LOG_PENALTY) * 100) / 100);
      f.evidence.push(
        `Tunnel ${t.outsideIpAddress} has logging on but its log could not be read (${read.state}): confidence lowered.`,
      );
    }
  }
}

export function priorityOf(evidence: ConnectionEvidence): Diagnosis['priority'] {
  const withTelemetry = evidence.tunnels.filter((t) => t.hasTelemetry);
  const down = withTelemetry.filter((t) => t.status === 'DOWN');
  const up = withTelemetry.filter((t) => t.status === 'UP');
  const durations = down.map((t) => t.downForSeconds).filter((d): d is number => d !== undefined);
  const downForSeconds = durations.length > 0 ? Math.max(...durations) : undefined;
  const longest =
    downForSeconds === undefined ? 'for an unknown time' : `for ${formatDuration(downForSeconds)}`;
  let tier: PriorityTier;
  let reason: string;
  if (down.length > 0 && up.length > 0) {
    tier = 'redundancy-lost';
    reason =
      `Redundancy lost silently: ${down.map((t) => t.outsideIpAddress).join(', ')} DOWN ${longest} while ` +
      `${up.map((t) => t.outsideIpAddress).join(', ')} carries all traffic; the next maintenance on it is an outage.`;
  } else if (down.length > 0 && down.length === withTelemetry.length && withTelemetry.length >= 2) {
    tier = 'outage';
    reason = `Outage: every tunnel DOWN, ${longest}.`;
  } else {
    tier = 'degraded-unknown';
    reason = `Tunnel DOWN ${longest}; the other tunnel's state is unknown.`;
  }
  return { tier, downForSeconds, reason };
}

function summarizeTunnel(t: TunnelEvidence): TunnelSummary {
  const read = t.logs.read;
  const logs: TunnelSummary['logs'] = { enabled: t.loggingEnabled, read: read.state };
  if (read.state === 'read') {
    logs.events = read.events.length;
    logs.window = {
      startTime: new Date(read.startTime).toISOString(),
      endTime: new Date(read.endTime).toISOString(),
    };
    logs.truncated = read.truncated;
  } else if (read.state === 'denied' || read.state === 'error') {
    logs.message = read.message;
  } else if (read.state === 'not-read') {
    logs.message = read.reason;
  }
  return {
    outsideIpAddress: t.outsideIpAddress,
    status: t.status,
    statusMessage: t.statusMessage,
    lastStatusChange: t.lastStatusChange,
    downForSeconds: t.downForSeconds,
    ikeVersions: t.ikeVersions,
    startupAction: t.startupAction,
    dpdTimeoutAction: t.dpdTimeoutAction,
    logs,
  };
}

/** Diagnoses one connection from evidence already built (see buildEvidence). */
export function diagnoseEvidence(evidence: ConnectionEvidence): Diagnosis {
  const findings = merge(runRules(evidence));
  applyUnreadableLogPenalty(evidence, findings);
  for (const tunnel of evidence.tunnels.filter((t) => t.status === 'DOWN')) {
    const explained = findings.some(
      (f) =>
        f.cause !== 'unknown' &&
        f.tunnels.includes(tunnel.outsideIpAddress) &&
        f.confidence >= EXPLAINS_THRESHOLD,
    );
    if (!explained) findings.push(unknownFor(evidence, tunnel));
  }
  return {
    vpnConnectionId: evidence.vpnConnectionId,
    accountId: evidence.accountId,
    region: evidence.region,
    state: evidence.state,
    routing: evidence.routing,
    priority: priorityOf(evidence),
    tunnels: evidence.tunnels.map(summarizeTunnel),
    causes: rank(findings),
    logNotes: logNotes(evidence),
  };
}

/**
 * The diagnosis of one connection: what the scan attaches to EC2.20 findings and what `vpnguard diagnose` prints.
 * `evidence.logs` holds tunnel log reads by outside IP (see readTunnelLogs); without it, logs count as not read.
 */
export function diagnoseConnection(vpn: SiteToSiteVpn, evidence: EvidenceInput): Diagnosis {
  return diagnoseEvidence(buildEvidence(vpn, evidence));
}

/** True when the connection has a DOWN tunnel worth diagnosing. */
export function hasDownTunnel(vpn: SiteToSiteVpn): boolean {
  return vpn.tunnels.some((t) => t.telemetry?.status === 'DOWN');
}
