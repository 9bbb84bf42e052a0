// Regions: static validation of what the user typed, and the per-account list from DescribeRegions.
import { DescribeRegionsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { UsageError } from '../cli/exit-codes.js';

/** IAM actions region discovery needs. */
export const permissions = ['ec2:DescribeRegions'] as const;

/**
 * Regions known when this release was cut: the fallback list when DescribeRegions cannot be read, and
 * the source of "did you mean" hints. The account's own DescribeRegions (AllRegions) is the authority.
 */
export const KNOWN_REGIONS: readonly string[] = [
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1',
  'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5',
  'ap-southeast-6', 'ap-southeast-7', 'ca-central-1', 'ca-west-1', 'eu-central-1', 'eu-central-2', 'eu-north-1',
  'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'il-central-1', 'me-central-1', 'me-south-1',
  'mx-central-1', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'us-gov-east-1', 'us-gov-west-1', 'cn-north-1', 'cn-northwest-1',
]; // prettier-ignore

const REGION_SHAPE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export type OptInStatus = 'opt-in-not-required' | 'opted-in' | 'not-opted-in';

export interface AccountRegion {
  regionName: string;
  optInStatus: OptInStatus;
}

export function isEnabled(region: AccountRegion): boolean {
  return region.optInStatus !== 'not-opted-in';
}

/** The closest known region name, for a hint (edit distance ≤ 3). */
export function suggestRegion(name: string, candidates: readonly string[] = KNOWN_REGIONS): string | undefined {
  let best: string | undefined;
  let bestDistance = 4;
  for (const candidate of candidates) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

function unknownRegion(name: string, where: string, known: readonly string[]): UsageError {
  const hint = suggestRegion(name, known);
  return new UsageError(
    `unknown region '${name}'${where}: ${hint ? `did you mean '${hint}'? ` : ''}` +
      `use a region code such as us-east-1 (list them with: aws ec2 describe-regions --all-regions --query 'Regions[].RegionName')`,
  );
}

/** Rejects names that cannot be a region code, before any network call. Returns the names deduplicated. */
export function checkRegionShape(names: readonly string[], where = ''): string[] {
  for (const name of names) {
    if (!REGION_SHAPE.test(name)) throw unknownRegion(name, where, KNOWN_REGIONS);
  }
  return [...new Set(names)];
}

/** Rejects names that the partition does not have (the list from DescribeRegions AllRegions, else KNOWN_REGIONS). */
export function checkRegionsExist(names: readonly string[], partitionRegions: readonly string[], where = ''): void {
  const known = new Set(partitionRegions);
  for (const name of names) {
    if (!known.has(name)) throw unknownRegion(name, where, partitionRegions);
  }
}

/** Every region of the account's partition with its opt-in status (one call). */
export async function describeAccountRegions(ec2: EC2Client): Promise<AccountRegion[]> {
  const out = await ec2.send(new DescribeRegionsCommand({ AllRegions: true }));
  const regions: AccountRegion[] = [];
  for (const region of out.Regions ?? []) {
    if (!region.RegionName) continue;
    const status = region.OptInStatus;
    regions.push({
      regionName: region.RegionName,
      optInStatus: status === 'not-opted-in' || status === 'opted-in' ? status : 'opt-in-not-required',
    });
  }
  return regions.sort((a, b) => a.regionName.localeCompare(b.regionName));
}

export interface RegionSelection {
  /** Regions to scan. */
  scan: string[];
  /** Explicitly requested regions the account has not enabled (coverage gaps RegionDisabled). */
  disabled: string[];
  /** Explicitly requested regions the account's partition does not list (coverage gaps RegionDisabled). */
  missing: string[];
}

/**
 * Which regions of one account to scan. Without a request: every enabled region (opt-in regions the account
 * has not opted into hold no resources the account can reach, so they are out of scope, not gaps). With a
 * request: exactly those; a requested region that is not enabled becomes a gap, because the user asked to
 * see it and the scan could not.
 */
export function selectRegions(accountRegions: readonly AccountRegion[], requested: readonly string[] | undefined): RegionSelection {
  if (requested === undefined) {
    return { scan: accountRegions.filter(isEnabled).map((r) => r.regionName), disabled: [], missing: [] };
  }
  const byName = new Map(accountRegions.map((r) => [r.regionName, r]));
  const selection: RegionSelection = { scan: [], disabled: [], missing: [] };
  for (const name of requested) {
    const region = byName.get(name);
    if (region === undefined) selection.missing.push(name);
    else if (isEnabled(region)) selection.scan.push(name);
    else selection.disabled.push(name);
  }
  return selection;
}
