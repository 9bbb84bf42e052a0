// Scan fault profiles and the judge that compares a scan under faults with the lab's ground truth and with a
// fault-free baseline scan of the same lab. Used by faults.test.ts and bench/reliability.ts.
//
// A profile adds the lab faults and returns the gaps it makes inevitable (faults that never stop: the
// scan must name exactly those); every other fault is transient and must leave no trace in the result.
import type { LabHandle } from '../../lab/index.js';
import { DEFAULT_REGION_NAMES } from '../../lab/testing.js';
import type { CoverageGap, GapReason, ScanResult } from '../../src/model/types.js';
import { isolatedEnv, runCli, type CliRun } from './harness.js';

export interface ExpectedGap {
  accountId: string;
  /** undefined: the whole account */
  region: string | undefined;
  operation: string;
  reason: GapReason;
}

export interface ScanProfile {
  name: string;
  /** one line for the README table */
  summary: string;
  /** the lab's EC2 throttling for this profile (startLab's `throttling`); default AWS's sizes */
  throttling?: { scale: number };
  /** a noisy neighbour drains every read bucket for this long from just before the scan starts */
  neighbourMs?: number;
  /** adds faults on the lab; returns the gaps that the persistent faults make inevitable */
  arm(lab: LabHandle, accounts: string[]): ExpectedGap[];
}

/** Empties every account-region's non-mutating EC2 bucket; returns the tokens taken. */
export function drainReadBuckets(lab: LabHandle, accounts: readonly string[], regions: readonly string[] = DEFAULT_REGION_NAMES): number {
  let taken = 0;
  for (const accountId of accounts) {
    for (const region of regions) {
      while (!lab.throttle.admit('ec2', 'DescribeVpnConnections', accountId, region)) taken++;
    }
  }
  return taken;
}

/**
 * A noisy neighbour: another tool in the same accounts takes every read token of every account-region as
 * soon as it refills, for `forMs` (then stops, as a batch job would). Returns a stop function.
 */
export function noisyNeighbour(lab: LabHandle, accounts: readonly string[], forMs: number): () => void {
  drainReadBuckets(lab, accounts);
  const until = Date.now() + forMs;
  const timer = setInterval(() => {
    if (Date.now() > until) return clearInterval(timer);
    drainReadBuckets(lab, accounts);
  }, 20);
  return () => clearInterval(timer);
}

const ec2 = 'ec2' as const;

/** The profiles the fault suite runs; `accounts` are the lab's accounts, management first. */
export const SCAN_PROFILES: ScanProfile[] = [
  {
    name: 'throttling',
    summary: "AWS's real EC2 buckets (100 burst, 20/s) per account-region, kept empty by another tool for the scan's first 3 s, + RequestLimitExceeded on 15% of EC2 calls",
    neighbourMs: 3000,
    arm(lab) {
      lab.faults.add({ kind: 'throttle', service: ec2, rate: 0.15, count: 60 });
      return [];
    },
  },
  {
    name: 'throttling-scaled',
    summary: 'buckets scaled to 5% (5 burst, 1/s: the same proportion), kept empty for the first 3 s',
    throttling: { scale: 0.05 },
    neighbourMs: 3000,
    arm() {
      return [];
    },
  },
  {
    name: '5xx-bursts',
    summary: '500 InternalError and 503 ServiceUnavailable on 30% of calls (bursts), one account-region failing every call',
    arm(lab, accounts) {
      const [, second] = accounts;
      lab.faults.add({ kind: 'internal-error', service: ec2, operation: 'DescribeVpnConnections', accountId: second!, region: 'eu-west-1' });
      lab.faults.add({ kind: 'internal-error', rate: 0.3, count: 60 });
      lab.faults.add({ kind: 'unavailable', rate: 0.3, count: 60 });
      return [{ accountId: second!, region: 'eu-west-1', operation: 'ec2:DescribeVpnConnections', reason: 'CallFailed' }];
    },
  },
  {
    name: 'resets',
    summary: 'connections reset with no response on 25% of calls, one account-region resetting every call',
    arm(lab, accounts) {
      const third = accounts[2]!;
      lab.faults.add({ kind: 'reset', service: ec2, operation: 'DescribeClientVpnEndpoints', accountId: third, region: 'ap-south-1' });
      lab.faults.add({ kind: 'reset', rate: 0.25, count: 80 });
      return [{ accountId: third, region: 'ap-south-1', operation: 'ec2:DescribeClientVpnEndpoints', reason: 'CallFailed' }];
    },
  },
  {
    name: 'slow',
    summary: '30% of calls answered after 0.8 s',
    arm(lab) {
      lab.faults.add({ kind: 'slow', rate: 0.3, count: 80, delayMs: 800 });
      return [];
    },
  },
  {
    name: 'malformed',
    summary: '20% of EC2 responses cut in half (truncated XML), one account-region always truncated',
    arm(lab, accounts) {
      const fourth = accounts[3]!;
      lab.faults.add({ kind: 'malformed', service: ec2, operation: 'DescribeVpnConnections', accountId: fourth, region: 'sa-east-1' });
      lab.faults.add({ kind: 'malformed', service: ec2, rate: 0.2, count: 40 });
      return [{ accountId: fourth, region: 'sa-east-1', operation: 'ec2:DescribeVpnConnections', reason: 'CallFailed' }];
    },
  },
  {
    name: 'access-denied',
    summary: 'UnauthorizedOperation in one region for everyone, on one operation in two account-regions, on DescribeRegions for one account',
    arm(lab, accounts) {
      const [, second, third, , fifth, sixth] = accounts;
      lab.faults.add({ kind: 'access-denied', service: ec2, region: 'ca-central-1', operation: 'DescribeVpnConnections' });
      lab.faults.add({ kind: 'access-denied', service: ec2, region: 'ca-central-1', operation: 'DescribeClientVpnEndpoints' });
      lab.faults.add({ kind: 'access-denied', service: ec2, operation: 'DescribeVpnConnections', accountId: second!, region: 'eu-west-2' });
      lab.faults.add({ kind: 'access-denied', service: ec2, operation: 'DescribeClientVpnEndpoints', accountId: third!, region: 'ap-northeast-1' });
      lab.faults.add({ kind: 'access-denied', service: ec2, operation: 'DescribeRegions', accountId: sixth ?? fifth! });
      const gaps: ExpectedGap[] = [];
      for (const accountId of accounts) {
        if (accountId === (sixth ?? fifth)) continue;
        gaps.push({ accountId, region: 'ca-central-1', operation: 'ec2:DescribeVpnConnections', reason: 'AccessDenied' });
        gaps.push({ accountId, region: 'ca-central-1', operation: 'ec2:DescribeClientVpnEndpoints', reason: 'AccessDenied' });
      }
      gaps.push({ accountId: second!, region: 'eu-west-2', operation: 'ec2:DescribeVpnConnections', reason: 'AccessDenied' });
      gaps.push({ accountId: third!, region: 'ap-northeast-1', operation: 'ec2:DescribeClientVpnEndpoints', reason: 'AccessDenied' });
      gaps.push({ accountId: (sixth ?? fifth)!, region: undefined, operation: 'ec2:DescribeRegions', reason: 'AccessDenied' });
      return gaps;
    },
  },
];

/** Bench only (each persistently throttled call costs the SDK's whole throttling backoff, ~30 s). */
export const SLOW_SCAN_PROFILES: ScanProfile[] = [
  {
    name: 'throttling-persistent',
    summary: 'real buckets kept empty for 3 s + one account-region throttled on every call (RequestLimitExceeded until the SDK gives up)',
    neighbourMs: 3000,
    arm(lab, accounts) {
      const second = accounts[1]!;
      lab.faults.add({ kind: 'throttle', service: ec2, operation: 'DescribeClientVpnEndpoints', accountId: second, region: 'us-west-1' });
      return [{ accountId: second, region: 'us-west-1', operation: 'ec2:DescribeClientVpnEndpoints', reason: 'Throttled' }];
    },
  },
  {
    name: 'mixed',
    summary: 'every transient fault at once (throttle, 500, 503, reset, slow, malformed) + buckets kept empty for 2 s + one region denied',
    neighbourMs: 2000,
    arm(lab, accounts) {
      lab.faults.add({ kind: 'access-denied', service: ec2, region: 'eu-north-1', operation: 'DescribeVpnConnections' });
      for (const kind of ['throttle', 'internal-error', 'unavailable', 'reset', 'malformed'] as const) lab.faults.add({ kind, service: ec2, rate: 0.06, count: 40 });
      lab.faults.add({ kind: 'slow', rate: 0.1, count: 40, delayMs: 500 });
      return accounts.map((accountId) => ({ accountId, region: 'eu-north-1', operation: 'ec2:DescribeVpnConnections', reason: 'AccessDenied' as const }));
    },
  },
];

export interface ScanRun extends CliRun {
  result: ScanResult | undefined;
}

/** `vpnguard scan --org --output json` from the lab's management account. */
export async function scanLab(lab: LabHandle, extra: string[] = [], timeoutMs = 120_000): Promise<ScanRun> {
  const management = lab.accounts[0]!;
  const run = await runCli(['scan', '--org', '--endpoint-url', lab.endpoint, '--output', 'json', '--quiet', '--concurrency', '64', ...extra], {
    env: isolatedEnv(management, lab.defaultRegion),
    timeoutMs,
  });
  let result: ScanResult | undefined;
  try {
    result = JSON.parse(run.stdout) as ScanResult;
  } catch {
    result = undefined;
  }
  return { ...run, result };
}

export interface ScanJudgement {
  fullCoverage: boolean;
  gapsNamedCorrectly: boolean;
  /** baseline findings (in account-regions the faulted scan covered) missing or with another status */
  lostFindings: number;
  /** findings FAIL in the baseline and PASS under faults (anywhere) */
  passFromFail: number;
  /** resources the lab holds in covered account-regions that are not in the output */
  missingResources: number;
  exitCodeRight: boolean;
  problems: string[];
}

const gapKey = (g: { accountId: string; region: string | undefined; operation: string | undefined; reason: string }): string =>
  `${g.accountId}/${g.region ?? '*'}/${g.operation ?? '?'}/${g.reason}`;

/** Which operation's gap hides a resource of this kind. */
const OPERATION_OF = { 'site-to-site': 'ec2:DescribeVpnConnections', 'client-vpn': 'ec2:DescribeClientVpnEndpoints' } as const;

function hidden(gaps: readonly CoverageGap[], accountId: string, region: string, kind: keyof typeof OPERATION_OF): boolean {
  return gaps.some(
    (g) =>
      g.accountId === accountId &&
      (g.region === undefined || g.region === null || (g.region === region && (g.operation === OPERATION_OF[kind] || g.operation === undefined || g.operation === 'ec2:DescribeRegions'))),
  );
}

export function judgeScan(lab: LabHandle, baseline: ScanResult, run: ScanRun, expected: readonly ExpectedGap[]): ScanJudgement {
  const problems: string[] = [];
  const result = run.result;
  if (!result) {
    return {
      fullCoverage: false,
      gapsNamedCorrectly: false,
      lostFindings: baseline.findings.length,
      passFromFail: 0,
      missingResources: -1,
      exitCodeRight: false,
      problems: [`no JSON on stdout (exit ${run.code}, timedOut ${run.timedOut}): ${run.stderr.slice(0, 500)}`],
    };
  }
  const gaps = result.coverage.gaps;
  const named = gaps.map(gapKey).sort();
  const wanted = expected.map(gapKey).sort();
  const gapsNamedCorrectly = JSON.stringify(named) === JSON.stringify(wanted) && gaps.every((g) => g.message.length > 0);
  if (!gapsNamedCorrectly) problems.push(`gaps ${JSON.stringify(named)} != expected ${JSON.stringify(wanted)}`);
  if (result.coverage.complete !== (gaps.length === 0)) problems.push('coverage.complete disagrees with gaps[]');

  const exitCodeRight = gaps.length > 0 ? run.code === 2 : run.code === expectedCleanExit(baseline);
  if (!exitCodeRight) problems.push(`exit code ${run.code} with ${gaps.length} gaps`);

  // Ground truth: every connection and endpoint the lab holds in an account-region the scan did not name as a gap.
  const seenConnections = new Set(result.inventory.connections.map((c) => c.vpnConnectionId));
  const seenEndpoints = new Set(result.inventory.clientVpnEndpoints.map((e) => e.clientVpnEndpointId));
  let missingResources = 0;
  let extra = 0;
  const inScope = new Set(result.scope.accounts);
  const labConnections = new Set<string>();
  const labEndpoints = new Set<string>();
  for (const store of lab.world.allRegions()) {
    if (!inScope.has(store.accountId) || !DEFAULT_REGION_NAMES.includes(store.region as (typeof DEFAULT_REGION_NAMES)[number])) continue;
    for (const id of store.vpnConnections.keys()) {
      labConnections.add(id);
      if (!hidden(gaps, store.accountId, store.region, 'site-to-site') && !seenConnections.has(id)) {
        missingResources++;
        if (missingResources <= 5) problems.push(`connection ${id} (${store.accountId}/${store.region}) missing from the output`);
      }
    }
    for (const id of store.clientVpnEndpoints.keys()) {
      labEndpoints.add(id);
      if (!hidden(gaps, store.accountId, store.region, 'client-vpn') && !seenEndpoints.has(id)) {
        missingResources++;
        if (missingResources <= 5) problems.push(`endpoint ${id} (${store.accountId}/${store.region}) missing from the output`);
      }
    }
  }
  for (const id of seenConnections) if (!labConnections.has(id)) extra++;
  for (const id of seenEndpoints) if (!labEndpoints.has(id)) extra++;
  if (extra > 0) problems.push(`${extra} resources in the output that the lab does not hold`);

  // Findings against the fault-free baseline of the same lab.
  const now = new Map(result.findings.map((f) => [`${f.control}|${f.resourceId}`, f]));
  let lostFindings = 0;
  let passFromFail = 0;
  for (const before of baseline.findings) {
    const after = now.get(`${before.control}|${before.resourceId}`);
    if (after?.status === 'PASS' && before.status === 'FAIL') passFromFail++;
    const kind = before.resourceType === 'AWS::EC2::ClientVpnEndpoint' ? 'client-vpn' : 'site-to-site';
    if (hidden(gaps, before.accountId, before.region, kind)) continue;
    if (!after || after.status !== before.status) {
      lostFindings++;
      if (lostFindings <= 5) problems.push(`finding ${before.control} ${before.resourceId} (${before.accountId}/${before.region}) ${before.status} -> ${after?.status ?? 'missing'}`);
    }
  }
  if (passFromFail > 0) problems.push(`${passFromFail} FAIL findings turned PASS`);
  if (missingResources > 5) problems.push(`... ${missingResources} resources missing in all`);
  if (lostFindings > 5) problems.push(`... ${lostFindings} findings lost in all`);
  return { fullCoverage: gaps.length === 0, gapsNamedCorrectly, lostFindings, passFromFail, missingResources, exitCodeRight, problems };
}

/** The baseline's own exit code: 1 when it has FAIL/ERROR findings (default --fail-on low), else 0. */
function expectedCleanExit(baseline: ScanResult): number {
  return baseline.findings.some((f) => f.status === 'FAIL' || f.status === 'ERROR') ? 1 : 0;
}

export interface CallFigures {
  /** lab requests answered with a throttling error */
  callsThrottled: number;
  /** attempts beyond the fault-free scan's, per account-region and operation (the SDK's retries) */
  callsRetried: number;
  requests: number;
}

const THROTTLED = new Set(['RequestLimitExceeded', 'Throttling', 'ThrottlingException', 'TooManyRequestsException']);

export function callFigures(baselineLog: LabHandle['world']['requestLog'], log: LabHandle['world']['requestLog']): CallFigures {
  const count = (entries: typeof log) => {
    const m = new Map<string, number>();
    for (const e of entries) {
      const k = `${e.accountId}/${e.region}/${e.service}:${e.operation}`;
      m.set(k, (m.get(k) ?? 0) + 1);
    }
    return m;
  };
  const before = count(baselineLog);
  const after = count(log);
  let callsRetried = 0;
  for (const [k, n] of after) callsRetried += Math.max(0, n - (before.get(k) ?? 0));
  return { callsThrottled: log.filter((e) => THROTTLED.has(e.outcome)).length, callsRetried, requests: log.length };
}

export interface ProfileOutcome extends ScanJudgement, CallFigures {
  profile: string;
  exitCode: number | null;
  wallMs: number;
}

/**
 * One profile on a lab whose baseline (fault-free) scan is given: arm the faults, start the neighbour,
 * scan, judge. Faults and buckets are reset afterwards so the next profile starts clean.
 */
export async function runProfile(
  lab: LabHandle,
  profile: ScanProfile,
  baseline: { result: ScanResult; log: LabHandle['world']['requestLog'] },
): Promise<ProfileOutcome> {
  const accounts = lab.accounts.map((a) => a.accountId);
  lab.faults.clear();
  lab.throttle.reset();
  const expected = profile.arm(lab, accounts);
  const stop = profile.neighbourMs ? noisyNeighbour(lab, accounts, profile.neighbourMs) : () => undefined;
  const from = lab.world.requestLog.length;
  try {
    const run = await scanLab(lab);
    const judged = judgeScan(lab, baseline.result, run, expected);
    return { profile: profile.name, exitCode: run.code, wallMs: run.ms, ...judged, ...callFigures(baseline.log, lab.world.requestLog.slice(from)) };
  } finally {
    stop();
    lab.faults.clear();
    lab.throttle.reset();
  }
}

/** The fault-free scan every profile is compared with. */
export async function baselineScan(lab: LabHandle): Promise<{ result: ScanResult; log: LabHandle['world']['requestLog'] }> {
  lab.faults.clear();
  lab.throttle.reset();
  const from = lab.world.requestLog.length;
  const run = await scanLab(lab);
  if (!run.result || run.result.coverage.gaps.length > 0) throw new Error(`the baseline scan is not complete (exit ${run.code}): ${run.stderr.slice(0, 500)}`);
  return { result: run.result, log: lab.world.requestLog.slice(from) };
}
