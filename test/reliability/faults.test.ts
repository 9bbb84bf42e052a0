// The scan under every fault profile (test/reliability/scan-faults.ts), through the built CLI against the
// `large` scenario (6 accounts x 17 regions, --org): full coverage or exactly the persistently faulted
// account-regions named as gaps, every resource the lab holds elsewhere in the output, no finding lost or
// turned from FAIL to PASS against a fault-free scan of the same lab, exit code 2 whenever gaps exist.
// Then `fix --apply` under the same faults on ModifyVpnTunnelOptions and DescribeVpnConnections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type LabHandle } from '../../lab/index.js';
import { assertBuilt } from './harness.js';
import { FIX_PROFILES, fixUnderFaults } from './fix-faults.js';
import { baselineScan, runProfile, SCAN_PROFILES, type ScanProfile } from './scan-faults.js';

const ESTATE = { accounts: '6', regions: '17', connectionsPerRegion: '3', endpointsPerRegion: '1' };

async function estateLab(profile?: ScanProfile): Promise<LabHandle> {
  return startLab({ scenario: 'large', scenarioParams: ESTATE, throttling: profile?.throttling ?? true, faultSeed: 7 });
}

describe('scan under faults (large scenario, 6 accounts x 17 regions, AWS throttling on)', () => {
  let lab: LabHandle;
  let baseline: Awaited<ReturnType<typeof baselineScan>>;
  beforeAll(async () => {
    assertBuilt();
    lab = await estateLab();
    baseline = await baselineScan(lab);
    expect(baseline.result.inventory.connections.length).toBe(6 * 17 * 3);
  }, 60_000);
  afterAll(async () => {
    await lab?.stop();
  });

  for (const profile of SCAN_PROFILES) {
    it(`${profile.name}: ${profile.summary}`, async () => {
      let target = lab;
      let base = baseline;
      if (profile.throttling) {
        // Other bucket sizes need their own lab (and so their own baseline).
        target = await estateLab(profile);
        base = await baselineScan(target);
      }
      try {
        const outcome = await runProfile(target, profile, base);
        expect(outcome.problems).toEqual([]);
        expect(outcome).toMatchObject({ gapsNamedCorrectly: true, lostFindings: 0, passFromFail: 0, missingResources: 0, exitCodeRight: true });
        if (profile.name.startsWith('throttling')) expect(outcome.callsThrottled).toBeGreaterThan(0);
        if (profile.name !== 'slow' && profile.name !== 'access-denied') expect(outcome.callsRetried).toBeGreaterThan(0);
      } finally {
        if (target !== lab) await target.stop();
      }
    }, 90_000);
  }
});

describe('fix --apply under faults (6 connections, both tunnels to change, lab ground truth)', () => {
  for (const profile of FIX_PROFILES) {
    it(`${profile.name}: ${profile.summary}: two-tunnel rule kept, finishes or stops cleanly and resumes`, async () => {
      const outcome = await fixUnderFaults(profile);
      expect(outcome.problems).toEqual([]);
      expect(outcome.faultsHit).toBeGreaterThan(0);
      expect(outcome).toMatchObject({ unsafeMoments: 0, tunnelsModifiedTwice: 0, endStateRight: true });
      expect(outcome.completed || outcome.resumed).toBe(true);
    }, 90_000);
  }
});
