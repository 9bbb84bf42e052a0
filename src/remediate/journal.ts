// The fix journal: one JSON record per line, appended and fsynced BEFORE and AFTER every AWS call, so an
// interrupted run (Ctrl-C, crash, kill -9) can be resumed without repeating or skipping a change.
// Records carry step ids, phases and the options being set; never pre-shared keys or gateway configuration.
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Plan } from './types.js';

export const JOURNAL_VERSION = 1;
export const DEFAULT_JOURNAL_DIR = '.vpnguard';

/**
 * Step phases, in order:
 * - started           about to send the modify call (written and fsynced before the request)
 * - called            the call returned OK (the tunnel is being replaced)
 * - retry             the call was refused without effect (IncorrectState, throttling); it will be sent again
 * - done              terminal: the change is in place (and the tunnel is back UP)
 * - rollback-started  about to send the rollback call
 * - rollback-called   the rollback call returned OK
 * - rolled-back       terminal: the tunnel did not come back and was rolled back
 * - failed            terminal: the step did not complete (reason says why; the connection stopped)
 * - blocked           terminal: the step was not run (a safety rule or the plan said so)
 * - not-run           terminal: an earlier step of the same connection stopped it
 */
export type StepPhase =
  | 'started'
  | 'called'
  | 'retry'
  | 'done'
  | 'rollback-started'
  | 'rollback-called'
  | 'rolled-back'
  | 'failed'
  | 'blocked'
  | 'not-run';

export const TERMINAL_PHASES: ReadonlySet<StepPhase> = new Set(['done', 'rolled-back', 'failed', 'blocked', 'not-run']);

export interface RunRecord {
  type: 'run';
  v: typeof JOURNAL_VERSION;
  runId: string;
  at: string;
  plan: Plan;
  settings: Record<string, unknown>;
}

export interface StepRecord {
  type: 'step';
  at: string;
  stepId: string;
  phase: StepPhase;
  /** The request sent (started / rollback-started): options only, never secrets. */
  request?: Record<string, unknown>;
  /** done: 'applied' | 'already-applied'; failure reasons; reconciliation notes */
  detail?: string;
}

export interface ResumeRecord {
  type: 'resume';
  at: string;
  pid: number;
}

export interface EndRecord {
  type: 'end';
  at: string;
  outcome: 'completed' | 'stopped' | 'interrupted';
}

export type JournalRecord = RunRecord | StepRecord | ResumeRecord | EndRecord;

/** Where the executor writes. append() must be durable when it returns. */
export interface JournalStore {
  readonly path: string;
  append(record: JournalRecord): void;
  close(): void;
}

export class FileJournal implements JournalStore {
  private fd: number | undefined;

  constructor(readonly path: string) {
    const dir = dirname(resolve(path));
    const existed = existsSync(dir);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.fd = openSync(path, 'a', 0o600);
    if (!existed) fsyncDir(dir);
  }

  append(record: JournalRecord): void {
    if (this.fd === undefined) throw new Error(`journal ${this.path} is closed`);
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // some filesystems refuse fsync on directories; the file itself is fsynced on every record
  }
}

/** In-memory journal for tests and dry runs. */
export class MemoryJournal implements JournalStore {
  readonly records: JournalRecord[] = [];
  constructor(readonly path = ':memory:') {}
  append(record: JournalRecord): void {
    this.records.push(JSON.parse(JSON.stringify(record)) as JournalRecord);
  }
  close(): void {}
}

export function newRunId(now: Date, random: () => number = Math.random): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${Math.floor(random() * 0xffffff)
    .toString(16)
    .padStart(6, '0')}`;
}

export function defaultJournalPath(runId: string, dir = DEFAULT_JOURNAL_DIR): string {
  return join(dir, `journal-${runId}.jsonl`);
}

/** Parse a journal. A torn last line (the process died mid-write) is ignored; a torn line elsewhere is an error. */
export function parseJournal(text: string): JournalRecord[] {
  const lines = text.split('\n');
  const records: JournalRecord[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      records.push(JSON.parse(line) as JournalRecord);
    } catch {
      const isLast = lines.slice(index + 1).every((l) => l.trim() === '');
      if (!isLast) throw new Error(`journal line ${index + 1} is not valid JSON`);
    }
  });
  const first = records[0];
  if (!first || first.type !== 'run' || first.v !== JOURNAL_VERSION) {
    throw new Error('not a vpnguard fix journal (missing run record)');
  }
  // --resume acts on what the journal says: a record of the wrong shape is refused here, not met mid-run.
  if (!isRunRecord(first)) throw new Error('the run record is damaged (runId, plan or settings missing): run fix again to plan from live state');
  records.forEach((record, index) => {
    if (index > 0 && !isKnownRecord(record)) throw new Error(`journal record ${index + 1} is damaged: run fix again to plan from live state`);
  });
  return records;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRunRecord(record: JournalRecord): boolean {
  const plan = (record as Partial<RunRecord>).plan as unknown;
  return (
    typeof (record as Partial<RunRecord>).runId === 'string' &&
    isObject(plan) &&
    Array.isArray(plan.logGroups) &&
    Array.isArray(plan.connections) &&
    Array.isArray(plan.endpoints) &&
    isObject((record as Partial<RunRecord>).settings)
  );
}

const PHASES: ReadonlySet<string> = new Set<StepPhase>(['started', 'called', 'retry', 'done', 'rollback-started', 'rollback-called', 'rolled-back', 'failed', 'blocked', 'not-run']);

function isKnownRecord(record: unknown): boolean {
  if (!isObject(record)) return false;
  if (record.type === 'step') return typeof record.stepId === 'string' && typeof record.phase === 'string' && PHASES.has(record.phase);
  return record.type === 'resume' || (record.type === 'end' && ['completed', 'stopped', 'interrupted'].includes(record.outcome as string));
}

export function readJournal(path: string): JournalRecord[] {
  return parseJournal(readFileSync(path, 'utf8'));
}

export interface StepProgress {
  phase: StepPhase;
  detail: string | undefined;
  /** epoch ms of the record */
  at?: number;
}

export interface JournalState {
  run: RunRecord;
  /** Latest phase per step. */
  steps: Map<string, StepProgress>;
  ended: EndRecord | undefined;
}

export function journalState(records: JournalRecord[]): JournalState {
  const run = records[0] as RunRecord;
  const steps = new Map<string, StepProgress>();
  let ended: EndRecord | undefined;
  for (const record of records) {
    if (record.type === 'step') steps.set(record.stepId, { phase: record.phase, detail: record.detail, at: Date.parse(record.at) });
    else if (record.type === 'end') ended = record;
    else if (record.type === 'resume') ended = undefined;
  }
  return { run, steps, ended };
}

/** The newest journal in `dir` whose run did not complete, for `fix --resume` without a file. */
export function findResumableJournal(dir = DEFAULT_JOURNAL_DIR): string | undefined {
  if (!existsSync(dir)) return undefined;
  const candidates = readdirSync(dir)
    .filter((name) => /^journal-.*\.jsonl$/.test(name))
    .map((name) => join(dir, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  for (const path of candidates) {
    try {
      const state = journalState(readJournal(path));
      if (!state.ended || state.ended.outcome === 'interrupted') return path;
    } catch {
      // not a journal we can resume; look further
    }
  }
  return undefined;
}

/** A lock next to the journal so two processes never drive the same run. Stale locks (dead pid) are taken over. */
export function lockJournal(path: string): () => void {
  const lockPath = `${path}.lock`;
  mkdirSync(dirname(resolve(path)), { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      fsyncSync(fd);
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(lockPath, 'utf8') === String(process.pid)) unlinkQuiet(lockPath);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(lockPath, 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new Error(`journal ${path} is in use by process ${pid}`);
      }
      unlinkQuiet(lockPath);
    }
  }
  throw new Error(`could not lock journal ${path}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function unlinkQuiet(path: string): void {
  try {
    rmSync(path);
  } catch {
    // ignore
  }
}

