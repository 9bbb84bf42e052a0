// DescribeRegions: the account's enabled regions; AllRegions=true adds the opt-in regions it has not enabled.
import type { RegionInfo } from '../../world/types.js';
import type { Handler } from '../types.js';
import { checkDryRun, ec2Params, filterPredicate, invalidParameterValue, readFilters, stringList, type FilterFields } from './common.js';

const endpointOf = (region: RegionInfo): string => `ec2.${region.regionName}.amazonaws.com`;

const REGION_FILTERS: FilterFields<RegionInfo> = {
  'region-name': (region) => region.regionName,
  endpoint: endpointOf,
  'opt-in-status': (region) => region.optInStatus,
};

const NO_TAGS = (): Record<string, string> => ({});

export const describeRegions: Handler = (world, call) => {
  const reader = ec2Params(call);
  const names = stringList(reader, 'RegionName', call.params);
  const allRegions = reader.bool('AllRegions') ?? false;
  const matches = filterPredicate(readFilters(call), REGION_FILTERS, NO_TAGS);
  checkDryRun(call);
  const regions = world.account(call.accountId)?.regions ?? [];
  const unknown = names.filter((name) => !regions.some((region) => region.regionName === name));
  if (unknown.length > 0) throw invalidParameterValue(`Invalid region(s): ${unknown.join(', ')}`);
  const listed = regions.filter((region) =>
    names.length > 0 ? names.includes(region.regionName) : allRegions || region.optInStatus !== 'not-opted-in',
  );
  return {
    regionInfo: listed.filter(matches).map((region) => ({
      regionName: region.regionName,
      regionEndpoint: endpointOf(region),
      optInStatus: region.optInStatus,
    })),
  };
};
