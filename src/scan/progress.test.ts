import { describe, expect, it } from 'vitest';
import { formatProgress, terminalProgress, type ProgressState } from './progress.js';

const state: ProgressState = { accountsDone: 1, accountsTotal: 4, regionsDone: 20, regionsTotal: 51, resources: 7, gaps: 1 };

function sink(isTTY: boolean | undefined) {
  const writes: string[] = [];
  return { stream: { isTTY, write: (s: string) => (writes.push(s), true) }, writes };
}

describe('progress', () => {
  it('reads as accounts, regions and resources done', () => {
    expect(formatProgress(state)).toBe('scanning: accounts 1/4, regions 20/51, 7 resources found, 1 gap');
  });

  it('draws on a terminal, throttled, and clears its line at the end', () => {
    let t = 0;
    const { stream, writes } = sink(true);
    const progress = terminalProgress(stream, { quiet: false, intervalMs: 100, now: () => t });
    progress.update(state);
    progress.update({ ...state, regionsDone: 21 }); // within 100 ms: not drawn
    t = 150;
    progress.update({ ...state, regionsDone: 22 });
    progress.done();
    expect(writes).toEqual([
      `\r\u001b[2K${formatProgress(state)}`,
      `\r\u001b[2K${formatProgress({ ...state, regionsDone: 22 })}`,
      '\r\u001b[2K',
    ]);
  });

  it('writes nothing when the stream is not a terminal, or with --quiet', () => {
    for (const [isTTY, quiet] of [
      [false, false],
      [undefined, false],
      [true, true],
    ] as const) {
      const { stream, writes } = sink(isTTY);
      const progress = terminalProgress(stream, { quiet });
      progress.update(state);
      progress.done();
      expect(writes).toEqual([]);
    }
  });
});
