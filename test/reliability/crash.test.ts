// Crash safety: `fix --apply --yes` killed with SIGKILL at seeded random points (after a random number of
// journal records, or after a random delay), then `fix --resume`. Every run must end in the same state as
// an uninterrupted run (tunnel options and statuses of every connection), with no tunnel modified twice
// (rollbacks excepted, which the journal marks) and never both tunnels of a connection DOWN because of it.
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from './harness.js';
import { crashRun, referenceState } from './fix-faults.js';

const SEEDS = [11, 23, 37, 41, 53, 67, 79, 83, 97, 101];

describe('kill -9 at random points of fix --apply, then fix --resume', () => {
  let reference: Record<string, string[]>;
  beforeAll(async () => {
    assertBuilt();
    reference = await referenceState();
    expect(Object.keys(reference)).toHaveLength(6);
  }, 60_000);

  it('the reference (uninterrupted) run fixes every tunnel', () => {
    expect(Object.values(reference).flat().every((t) => t.startsWith('ikev2|start|log:') && t.endsWith('|UP'))).toBe(true);
  });

  it(`${SEEDS.length} seeded kills: every resume ends like the uninterrupted run, no tunnel modified twice`, async () => {
    const outcomes = [];
    // Two at a time: each run is mostly waiting on the lab's replacement timers.
    for (let i = 0; i < SEEDS.length; i += 2) {
      outcomes.push(...(await Promise.all(SEEDS.slice(i, i + 2).map((seed) => crashRun(seed, reference)))));
    }
    for (const outcome of outcomes) expect(outcome.problems, outcome.trigger).toEqual([]);
    expect(outcomes.filter((o) => o.killed).length).toBeGreaterThanOrEqual(SEEDS.length - 2);
    expect(outcomes.filter((o) => o.finishedBy === 'resume').length).toBeGreaterThanOrEqual(SEEDS.length / 2);
    expect(outcomes.every((o) => o.matchesReference && o.tunnelsModifiedTwice === 0 && o.unsafeMoments === 0)).toBe(true);
  }, 150_000);
});
