// The scan orchestrator: accounts -> regions -> two read calls per account-region -> model -> findings.
// Every account-region ends either in coverage.scanned or in coverage.gaps (never silently dropped).
// Concurrency: one limiter bounds the account-level work (AssumeRole, DescribeRegions) and the region work
// together, so the number of requests in flight stays at `concurrency` from the first call to the last.
import {
  DescribeVpnConnectionsCommand,
  paginateDescribeClientVpnEndpoints,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import pLimit from 'p-limit';
import type { ClientFactory, Credentials } from '../aws/clients.js';
import { assumeRole } from '../aws/accounts.js';
import { describeAccountRegions, selectRegions, type AccountRegion } from '../aws/regions.js';
import { toSiteToSiteVpn } from '../collect/site-to-site.js';
import { toClientVpnEndpoint } from '../collect/client-vpn.js';
import { scanSummary } from '../controls/index.js';
import type { ClientVpnEndpoint, CoverageGap, ScanResult, ScanSource, Scope, SiteToSiteVpn } from '../model/types.js';
import { Compactor, type Batch } from './compact.js';
import { FindingTable, resultOf } from './findings.js';
import { gapFromError } from './gaps.js';
import { silentProgress, type ProgressSink, type ProgressState } from './progress.js';
import { isDenied, type AccountPlan, type ScopePlan } from './scope.js';

export const DEFAULT_CONCURRENCY = 32;
/** DescribeClientVpnEndpoints accepts 5..1000; the largest page means the fewest calls. */
export const CLIENT_VPN_PAGE_SIZE = 1000;

export interface ScanDeps {
  clients: ClientFactory;
  /** The evaluation and report clock. */
  now: () => Date;
  progress?: ProgressSink;
  concurrency?: number;
  toolVersion: string;
}

export interface RegionHarvest {
  connections: SiteToSiteVpn[];
  clientVpnEndpoints: ClientVpnEndpoint[];
  gaps: CoverageGap[];
}

/**
 * Reads one account-region with exactly 1 + ceil(endpoints / 1000) calls (at least 2): DescribeVpnConnections
 * is not paginated; DescribeClientVpnEndpoints is read in pages of 1000. Raw SDK objects are mapped to the
 * flat model page by page and dropped; the compactor copies the model so no response text stays reachable.
 */
export async function harvestRegion(ec2: EC2Client, scope: Scope, compactor: Batch = new Compactor().batch()): Promise<RegionHarvest> {
  const harvest: RegionHarvest = { connections: [], clientVpnEndpoints: [], gaps: [] };
  try {
    const out = await ec2.send(new DescribeVpnConnectionsCommand({}));
    for (const raw of out.VpnConnections ?? []) {
      try {
        harvest.connections.push(compactor.connection(toSiteToSiteVpn(raw, scope)));
      } catch (err) {
        harvest.gaps.push(gapFromError(err, scope.accountId, scope.region, 'ec2:DescribeVpnConnections'));
      }
    }
  } catch (err) {
    harvest.gaps.push(gapFromError(err, scope.accountId, scope.region, 'ec2:DescribeVpnConnections'));
  }
  try {
    for await (const page of paginateDescribeClientVpnEndpoints({ client: ec2, pageSize: CLIENT_VPN_PAGE_SIZE }, {})) {
      for (const raw of page.ClientVpnEndpoints ?? []) {
        try {
          harvest.clientVpnEndpoints.push(compactor.clientVpnEndpoint(toClientVpnEndpoint(raw, scope)));
        } catch (err) {
          harvest.gaps.push(gapFromError(err, scope.accountId, scope.region, 'ec2:DescribeClientVpnEndpoints'));
        }
      }
    }
  } catch (err) {
    harvest.gaps.push(gapFromError(err, scope.accountId, scope.region, 'ec2:DescribeClientVpnEndpoints'));
  }
  return harvest;
}

interface OpenedAccount {
  credentials: Credentials | AwsCredentialIdentityProvider;
  regions: AccountRegion[] | undefined;
}

/** Credentials (AssumeRole for members) and the account's regions; a failure is an account-level gap. */
async function openAccount(plan: AccountPlan, scope: ScopePlan, clients: ClientFactory): Promise<OpenedAccount | CoverageGap> {
  let credentials: Credentials | AwsCredentialIdentityProvider = scope.baseCredentials;
  if (plan.roleArn !== undefined) {
    try {
      credentials = await assumeRole(
        clients.sts({ accountId: plan.accountId, region: scope.homeRegion, credentials: scope.baseCredentials }),
        plan.roleArn,
      );
    } catch (err) {
      const gap = gapFromError(err, plan.accountId, undefined, 'sts:AssumeRole');
      if (gap.reason === 'RoleMissing') gap.message = `cannot assume ${plan.roleArn}: ${gap.message}`;
      return gap;
    }
  }
  let regions: AccountRegion[] | undefined;
  const known = plan.knownRegions;
  if (Array.isArray(known)) {
    regions = known;
  } else {
    try {
      if (known !== undefined) throw known.error;
      regions = await describeAccountRegions(clients.ec2({ accountId: plan.accountId, region: scope.homeRegion, credentials }));
    } catch (err) {
      // Asked-for regions can still be read without the list; "every enabled region" cannot be known.
      if (plan.regions === undefined || !isDenied(err)) return gapFromError(err, plan.accountId, undefined, 'ec2:DescribeRegions');
      regions = undefined;
    }
  }
  return { credentials, regions };
}

function isGap(value: OpenedAccount | CoverageGap): value is CoverageGap {
  return 'reason' in value;
}

/** The scan, with every finding in memory (the commands that work on findings: fix, diagnose, alarms, tests). */
export async function runScan(scope: ScopePlan, deps: ScanDeps): Promise<ScanResult> {
  return resultOf(await scanEstate(scope, deps));
}

/**
 * The scan, holding the inventory and one compact record per finding: the findings are made again, in order,
 * while a formatter reads them (src/scan/findings.ts). Memory grows with the inventory only.
 */
export async function scanEstate(scope: ScopePlan, deps: ScanDeps): Promise<ScanSource> {
  const startedAt = deps.now();
  const progress = deps.progress ?? silentProgress;
  const limit = pLimit(Math.max(1, deps.concurrency ?? DEFAULT_CONCURRENCY));
  const connections: SiteToSiteVpn[] = [];
  const clientVpnEndpoints: ClientVpnEndpoint[] = [];
  const findings = new FindingTable();
  const gaps: CoverageGap[] = [];
  const scanned: Scope[] = [];
  const compactor = new Compactor();
  const regionsInScope = new Set<string>();
  const state: ProgressState = {
    accountsDone: 0,
    accountsTotal: scope.accounts.length,
    regionsDone: 0,
    regionsTotal: 0,
    resources: 0,
    gaps: 0,
  };
  const report = () => {
    state.gaps = gaps.length;
    progress.update(state);
  };
  report();

  const scanRegion = async (accountId: string, region: string, credentials: OpenedAccount['credentials']) => {
    const where: Scope = { accountId, region };
    const batch = compactor.batch();
    const harvest = await harvestRegion(deps.clients.ec2({ accountId, region, credentials }), where, batch);
    for (const c of harvest.connections) connections.push(c);
    for (const e of harvest.clientVpnEndpoints) clientVpnEndpoints.push(e);
    // Evaluated as soon as read (DOWN durations as of the read); only the records are kept.
    const evaluatedAt = deps.now();
    for (const resource of [...harvest.connections, ...harvest.clientVpnEndpoints]) findings.add(resource, evaluatedAt);
    gaps.push(...harvest.gaps);
    if (harvest.gaps.length === 0) scanned.push(where);
    state.regionsDone++;
    state.resources += harvest.connections.length + harvest.clientVpnEndpoints.length;
    report();
  };

  const scanAccount = async (plan: AccountPlan) => {
    const opened = await limit(() => openAccount(plan, scope, deps.clients));
    if (isGap(opened)) {
      gaps.push(opened);
      for (const r of plan.regions ?? []) regionsInScope.add(r);
    } else {
      const selection = opened.regions
        ? selectRegions(opened.regions, plan.regions)
        : { scan: plan.regions ?? [], disabled: [], missing: [] };
      for (const region of selection.disabled) {
        gaps.push({
          accountId: plan.accountId,
          region,
          reason: 'RegionDisabled',
          operation: 'ec2:DescribeRegions',
          message: `region ${region} is not enabled in account ${plan.accountId} (opt-in region): enable it, or leave it out of --region`,
        });
      }
      for (const region of selection.missing) {
        gaps.push({
          accountId: plan.accountId,
          region,
          reason: 'RegionDisabled',
          operation: 'ec2:DescribeRegions',
          message: `region ${region} is not available to account ${plan.accountId}`,
        });
      }
      for (const r of [...selection.scan, ...selection.disabled, ...selection.missing]) regionsInScope.add(r);
      state.regionsTotal += selection.scan.length;
      report();
      await Promise.all(selection.scan.map((region) => limit(() => scanRegion(plan.accountId, region, opened.credentials))));
    }
    state.accountsDone++;
    report();
  };

  try {
    await Promise.all(scope.accounts.map(scanAccount));
  } finally {
    progress.done();
  }

  const byScope = (a: Scope, aId: string, b: Scope, bId: string) =>
    compareText(a.accountId, b.accountId) || compareText(a.region, b.region) || compareText(aId, bId);
  connections.sort((a, b) => byScope(a, a.vpnConnectionId, b, b.vpnConnectionId));
  clientVpnEndpoints.sort((a, b) => byScope(a, a.clientVpnEndpointId, b, b.clientVpnEndpointId));
  scanned.sort((a, b) => byScope(a, '', b, ''));
  gaps.sort(
    (a, b) =>
      compareText(a.accountId, b.accountId) ||
      compareText(a.region ?? '', b.region ?? '') ||
      compareText(a.operation ?? '', b.operation ?? ''),
  );

  const inventory = { connections, clientVpnEndpoints };
  return {
    schemaVersion: '1.0',
    tool: { name: 'vpnguard', version: deps.toolVersion },
    startedAt: startedAt.toISOString(),
    finishedAt: deps.now().toISOString(),
    scope: {
      accounts: scope.accounts.map((a) => a.accountId).sort(),
      regions: [...regionsInScope].sort(),
    },
    inventory,
    findings,
    coverage: { complete: gaps.length === 0, scanned, gaps },
    summary: scanSummary(inventory, findings.keys()),
  };
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
