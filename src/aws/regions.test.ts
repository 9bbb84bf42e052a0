import { describe, expect, it } from 'vitest';
import { checkRegionShape, checkRegionsExist, selectRegions, suggestRegion } from './regions.js';

describe('region validation', () => {
  it('accepts region codes and deduplicates', () => {
    expect(checkRegionShape(['eu-west-1', 'us-gov-west-1', 'eu-west-1'])).toEqual(['eu-west-1', 'us-gov-west-1']);
  });
  it('rejects a malformed name with a suggestion and the fix', () => {
    expect(() => checkRegionShape(['us-east1'])).toThrow(/unknown region 'us-east1': did you mean 'us-east-1'\? use a region code/);
  });
  it('rejects a well-formed name the partition does not have', () => {
    expect(() => checkRegionsExist(['eu-west-9'], ['eu-west-1', 'eu-west-2'])).toThrow(/unknown region 'eu-west-9': did you mean 'eu-west-1'/);
    expect(suggestRegion('zz-nowhere-7')).toBeUndefined();
  });
});

describe('selectRegions', () => {
  const account = [
    { regionName: 'af-south-1', optInStatus: 'not-opted-in' as const },
    { regionName: 'eu-south-1', optInStatus: 'opted-in' as const },
    { regionName: 'us-east-1', optInStatus: 'opt-in-not-required' as const },
  ];
  it('scans every enabled region when none is asked for (disabled opt-in regions are out of scope)', () => {
    expect(selectRegions(account, undefined)).toEqual({ scan: ['eu-south-1', 'us-east-1'], disabled: [], missing: [] });
  });
  it('turns an asked-for disabled region into a gap', () => {
    expect(selectRegions(account, ['af-south-1', 'us-east-1', 'ca-west-1'])).toEqual({
      scan: ['us-east-1'],
      disabled: ['af-south-1'],
      missing: ['ca-west-1'],
    });
  });
});
