// Progress of a scan: counters kept by the orchestrator, drawn on stderr only when it is a terminal.

export interface ProgressState {
  accountsDone: number;
  accountsTotal: number;
  regionsDone: number;
  /** Grows as accounts are opened (each account's region list is known only then). */
  regionsTotal: number;
  resources: number;
  gaps: number;
}

export interface ProgressSink {
  update(state: Readonly<ProgressState>): void;
  /** Called once, when the scan is over (clears the line). */
  done(): void;
}

export const silentProgress: ProgressSink = { update() {}, done() {} };

export function formatProgress(s: Readonly<ProgressState>): string {
  const gaps = s.gaps === 0 ? '' : `, ${s.gaps} gap${s.gaps === 1 ? '' : 's'}`;
  return (
    `scanning: accounts ${s.accountsDone}/${s.accountsTotal}, regions ${s.regionsDone}/${s.regionsTotal}, ` +
    `${s.resources} resource${s.resources === 1 ? '' : 's'} found${gaps}`
  );
}

interface TerminalStream {
  isTTY?: boolean;
  write(chunk: string): boolean;
}

/**
 * One line on a terminal, redrawn at most every `intervalMs`. Nothing at all when the stream is not a TTY
 * (piped, redirected, CI) or when quiet: progress never mixes with data.
 */
export function terminalProgress(stream: TerminalStream, options: { quiet: boolean; intervalMs?: number; now?: () => number }): ProgressSink {
  if (options.quiet || stream.isTTY !== true) return silentProgress;
  const interval = options.intervalMs ?? 100;
  const now = options.now ?? Date.now;
  let last = -Infinity;
  let drawn = false;
  let latest: ProgressState | undefined;
  const draw = () => {
    if (!latest) return;
    stream.write(`\r\x1b[2K${formatProgress(latest)}`);
    drawn = true;
  };
  return {
    update(state) {
      latest = { ...state };
      const t = now();
      if (t - last >= interval) {
        last = t;
        draw();
      }
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}
