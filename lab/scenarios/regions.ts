// The commercial regions an account sees: the 17 enabled by default and the opt-in ones that stay
// `not-opted-in` until the account enables them (DescribeRegions AllRegions=true lists those too).
import type { RegionInfo } from '../world/types.js';

export const DEFAULT_REGIONS: readonly string[] = Object.freeze([
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
]);

export const OPT_IN_REGIONS: readonly string[] = Object.freeze([
  'af-south-1',
  'ap-east-1',
  'ap-southeast-3',
  'eu-south-1',
  'me-south-1',
  'il-central-1',
]);

export const ALL_REGIONS: readonly string[] = Object.freeze([...DEFAULT_REGIONS, ...OPT_IN_REGIONS]);

/** An account's region list: default regions enabled, opt-in regions enabled only when listed in `optedIn`. */
export function accountRegions(optedIn: readonly string[] = []): RegionInfo[] {
  return [
    ...DEFAULT_REGIONS.map((regionName): RegionInfo => ({ regionName, optInStatus: 'opt-in-not-required' })),
    ...OPT_IN_REGIONS.map(
      (regionName): RegionInfo => ({ regionName, optInStatus: optedIn.includes(regionName) ? 'opted-in' : 'not-opted-in' }),
    ),
  ];
}

export const isEnabled = (region: RegionInfo): boolean => region.optInStatus !== 'not-opted-in';
