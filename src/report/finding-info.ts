// Small facts about a finding that several formats need, computed one way only.
import { createHash } from 'node:crypto';
import type { CoverageGap, Finding, ResultStatus } from '../model/types.js';

/** Stable across runs: the control and the resource ARN (not the status, not the time). */
export function findingFingerprint(finding: Pick<Finding, 'control' | 'resourceArn'>): string {
  return createHash('sha256').update(`${finding.control}\n${finding.resourceArn}`).digest('hex');
}

/** The resource segment of the finding's ARN: vpn-connection or client-vpn-endpoint. */
export function resourceKind(finding: Pick<Finding, 'resourceType'>): 'vpn-connection' | 'client-vpn-endpoint' {
  return finding.resourceType === 'AWS::EC2::ClientVpnEndpoint' ? 'client-vpn-endpoint' : 'vpn-connection';
}

/** A path-like name for the AWS resource, used where a format insists on a file: aws/ACCOUNT/REGION/KIND/ID. */
export function pseudoArtifactUri(finding: Pick<Finding, 'accountId' | 'region' | 'resourceType' | 'resourceId'>): string {
  return ['aws', finding.accountId, finding.region, resourceKind(finding), finding.resourceId]
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** FAIL and ERROR need someone; PASS and NOT_APPLICABLE do not. */
export function needsAction(status: ResultStatus): boolean {
  return status === 'FAIL' || status === 'ERROR';
}

/** Counts toward the exit code: needs action, not muted, and not already accepted in a baseline. */
export function isActionable(finding: Finding): boolean {
  return needsAction(finding.status) && finding.muted === undefined && finding.baselineState !== 'unchanged';
}

/** For a tunnel-state (EC2.20) finding: seconds its longest-DOWN tunnel has been DOWN, or undefined. */
export function longestDown(finding: Finding): number | undefined {
  if (finding.control !== TUNNEL_STATE_CONTROL) return undefined;
  let longest: number | undefined;
  for (const tunnel of finding.tunnels ?? []) {
    if (tunnel.status === 'DOWN' && tunnel.downForSeconds !== undefined) {
      longest = Math.max(longest ?? 0, tunnel.downForSeconds);
    }
  }
  return longest;
}

export const TUNNEL_STATE_CONTROL = 'EC2.20';

export function wholeDays(seconds: number): number {
  return Math.floor(seconds / 86_400);
}

export function gapScope(gap: CoverageGap): string {
  return gap.region === undefined ? `account ${gap.accountId} (all regions)` : `${gap.accountId}/${gap.region}`;
}

export function gapSentence(gap: CoverageGap): string {
  const operation = gap.operation === undefined ? '' : ` on ${gap.operation}`;
  return `${gapScope(gap)} was not scanned: ${gap.reason}${operation}: ${gap.message}`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export const STATUS_WORD: Readonly<Record<ResultStatus, string>> = {
  FAIL: 'FAIL',
  ERROR: 'ERROR',
  PASS: 'PASS',
  NOT_APPLICABLE: 'N/A',
};
