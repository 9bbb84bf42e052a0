// `vpnguard fix --apply` under faults and under kill -9, judged from the lab's ground truth: the status
// history (never both tunnels of a connection DOWN because of the tool), the request log (no tunnel changed
// twice, rollbacks excepted) and the end state of every tunnel. Used by the tests and bench/reliability.ts.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLab, type LabHandle } from '../../lab/index.js';
import { seededRandom } from '../../lab/world/faults.js';
import type { FaultRule } from '../../lab/world/faults.js';
import type { World } from '../../lab/world/world.js';
import { bothDownBecauseOfTool, buildEstate, tunnelStatuses } from '../e2e/fix.helpers.js';
import { isolatedEnv, runCli, sleep, spawnCli, type CliRun } from './harness.js';

export interface FixLab {
  lab: LabHandle;
  cwd: string;
  initial: Map<string, Map<string, 'UP' | 'DOWN'>>;
  since: number;
  dispose(): Promise<void>;
}

/** `connections` modern connections (every tunnel needs IKEv2 + start + logging) in one account, two regions. */
export async function fixLab(connections: number, replacementSeconds = 0.3): Promise<FixLab> {
  const lab = await startLab({ setup: (world) => buildEstate(world, Array.from({ length: connections }, () => 'modern')), replacementSeconds });
  const cwd = mkdtempSync(join(tmpdir(), 'vpnguard-reliability-fix-'));
  return {
    lab,
    cwd,
    initial: tunnelStatuses(lab.world),
    since: lab.world.now(),
    async dispose() {
      await lab.stop();
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

export function fixArgs(lab: LabHandle): string[] {
  return [
    'fix',
    '--endpoint-url',
    lab.endpoint,
    '--region',
    'us-east-1,eu-west-1',
    '--confirm-ikev2',
    'all',
    '--poll-interval',
    '0.1s',
    '--wait-timeout',
    '20s',
    '--quiet',
  ];
}

export function fixEnv(lab: LabHandle): NodeJS.ProcessEnv {
  return isolatedEnv(lab.accounts[0], lab.defaultRegion);
}

export function runFix(f: FixLab, args: string[], timeoutMs = 90_000): Promise<CliRun> {
  return runCli(args, { env: fixEnv(f.lab), cwd: f.cwd, timeoutMs });
}

/** Per connection (by Name tag): each tunnel's IKE versions, startup action, logging and status, sorted. */
export function estateState(world: World): Record<string, string[]> {
  world.settle();
  const out: Record<string, string[]> = {};
  for (const region of world.allRegions()) {
    for (const conn of region.vpnConnections.values()) {
      out[`${region.region}/${conn.tags.Name}`] = conn.tunnels
        .map((t) => {
          const o = t.options;
          const log = o.logOptions.logEnabled ? `log:${o.logOptions.logGroupArn?.split(':log-group:')[1]}:${o.logOptions.logOutputFormat}` : 'log:off';
          return `${(o.ikeVersions ?? ['default']).join('+')}|${o.startupAction}|${log}|${t.telemetry.status}`;
        })
        .sort();
    }
  }
  return out;
}

/** What an uninterrupted run leaves on a modern estate: IKEv2 only, start, JSON logs to the default group, UP. */
export function fixedState(world: World): boolean {
  return Object.entries(estateState(world)).every(([key, tunnels]) => {
    const region = key.split('/')[0]!;
    return tunnels.every((t) => t === `ikev2|start|log:/aws/vendedlogs/vpn/${region}:json|UP`);
  });
}

/** Rollback calls the journals mark, per `vpn-id/outside-ip`. */
function rollbacks(journalTexts: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const text of journalTexts) {
    for (const line of text.split('\n')) {
      const m = /"stepId":"tunnel:[^/"]+\/[^/"]+\/(vpn-[0-9a-f]+)\/([0-9.]+)","phase":"rollback-started"/.exec(line);
      if (m) out.set(`${m[1]}/${m[2]}`, (out.get(`${m[1]}/${m[2]}`) ?? 0) + 1);
    }
  }
  return out;
}

/**
 * Tunnels whose options AWS changed more than once, rollbacks excepted. A call took effect when the lab
 * ran it: answered ok, or ran and then had its answer cut short (malformed).
 */
export function tunnelsModifiedTwice(lab: LabHandle, journalTexts: string[]): string[] {
  const counts = new Map<string, number>();
  for (const e of lab.world.requestLog) {
    if (e.operation !== 'ModifyVpnTunnelOptions' || !e.target || (e.outcome !== 'ok' && e.outcome !== 'malformed')) continue;
    counts.set(e.target, (counts.get(e.target) ?? 0) + 1);
  }
  const undone = rollbacks(journalTexts);
  return [...counts].filter(([target, n]) => n - 2 * (undone.get(target) ?? 0) > 1).map(([target]) => target);
}

export function unsafeMoments(f: FixLab): string[] {
  return bothDownBecauseOfTool(f.initial, f.lab.world.history, f.since);
}

function journalText(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

function unfinished(text: string): boolean {
  if (!/"type":"run"/.test(text)) return false;
  const last = text
    .trim()
    .split('\n')
    .reverse()
    .find((l) => /"type":"(end|resume)"/.test(l));
  return !last || /"type":"resume"/.test(last) || /"outcome":"interrupted"/.test(last);
}

export interface FixFaultProfile {
  name: string;
  summary: string;
  faults: FaultRule[];
}

const onBoth = (rule: Omit<FaultRule, 'operation'>): FaultRule[] =>
  ['ModifyVpnTunnelOptions', 'DescribeVpnConnections'].map((operation) => ({ ...rule, service: 'ec2' as const, operation }));

export const FIX_PROFILES: FixFaultProfile[] = [
  { name: '5xx-bursts', summary: '500 and 503 on 30% of ModifyVpnTunnelOptions and DescribeVpnConnections', faults: [...onBoth({ kind: 'internal-error', rate: 0.3, count: 8 }), ...onBoth({ kind: 'unavailable', rate: 0.3, count: 8 })] },
  { name: 'resets', summary: 'connection resets on 30% of both operations', faults: onBoth({ kind: 'reset', rate: 0.3, count: 10 }) },
  { name: 'throttling', summary: "RequestLimitExceeded on 30% of both operations (on top of AWS's buckets)", faults: onBoth({ kind: 'throttle', rate: 0.3, count: 10 }) },
  { name: 'malformed', summary: 'answers cut in half on 30% of both operations (the modify took effect)', faults: onBoth({ kind: 'malformed', rate: 0.3, count: 8 }) },
];

export interface FixFaultOutcome {
  profile: string;
  exitCode: number | null;
  /** the first run finished everything */
  completed: boolean;
  /** the first run stopped and `--resume` (or a new run when the journal had ended) finished it */
  resumed: boolean;
  unsafeMoments: number;
  tunnelsModifiedTwice: number;
  endStateRight: boolean;
  faultsHit: number;
  wallMs: number;
  problems: string[];
}

export async function fixUnderFaults(profile: FixFaultProfile, connections = 6): Promise<FixFaultOutcome> {
  const f = await fixLab(connections);
  const problems: string[] = [];
  try {
    const rules = profile.faults.map((rule) => ({ rule, id: f.lab.faults.add(rule) }));
    const journal = join(f.cwd, 'journal.jsonl');
    const first = await runFix(f, [...fixArgs(f.lab), '--apply', '--yes', '--journal', journal]);
    const faultsHit = rules.reduce((n, { rule, id }) => n + (f.lab.faults.list().find((r) => r.id === id)?.hits ?? rule.count ?? 0), 0);
    f.lab.faults.clear();
    let resumed = false;
    if (first.code !== 0) {
      if (first.timedOut || first.signal) problems.push(`first run did not end by itself (${first.signal ?? 'timeout'})`);
      // Stopped cleanly: resume the journal when it is resumable, else plan again from live state.
      const again = unfinished(journalText(journal))
        ? await runFix(f, ['fix', '--resume', journal, '--endpoint-url', f.lab.endpoint, '--quiet'])
        : await runFix(f, [...fixArgs(f.lab), '--apply', '--yes', '--journal', join(f.cwd, 'journal-2.jsonl')]);
      resumed = again.code === 0;
      if (!resumed) problems.push(`second run exit ${again.code}: ${again.stderr.slice(0, 400)}`);
    }
    const unsafe = unsafeMoments(f);
    const twice = tunnelsModifiedTwice(f.lab, [journalText(journal), journalText(join(f.cwd, 'journal-2.jsonl'))]);
    const endStateRight = fixedState(f.lab.world);
    if (unsafe.length) problems.push(`both tunnels DOWN because of the tool: ${unsafe.join(', ')}`);
    if (twice.length) problems.push(`tunnels modified twice: ${twice.join(', ')}`);
    if (!endStateRight) problems.push(`end state: ${JSON.stringify(estateState(f.lab.world))}`);
    if (first.code !== 0 && first.code !== 1 && first.code !== 2) problems.push(`first run exit ${first.code}: ${first.stderr.slice(0, 400)}`);
    return {
      profile: profile.name,
      exitCode: first.code,
      completed: first.code === 0,
      resumed,
      unsafeMoments: unsafe.length,
      tunnelsModifiedTwice: twice.length,
      endStateRight,
      faultsHit,
      wallMs: first.ms,
      problems,
    };
  } finally {
    await f.dispose();
  }
}

export interface CrashOutcome {
  trigger: string;
  killed: boolean;
  /** how the run was finished after the kill */
  finishedBy: 'resume' | 'fresh-run' | 'none';
  finishCode: number | null;
  matchesReference: boolean;
  tunnelsModifiedTwice: number;
  unsafeMoments: number;
  problems: string[];
}

/**
 * One kill -9 at a random point (seeded): after a random number of journal records, or after a random
 * delay; then `fix --resume` (or, when the kill came before the journal's first record, a new run).
 */
export async function crashRun(seed: number, reference: Record<string, string[]>, connections = 6): Promise<CrashOutcome> {
  const random = seededRandom(seed);
  const f = await fixLab(connections);
  const problems: string[] = [];
  try {
    const journal = join(f.cwd, 'journal.jsonl');
    const byRecords = random() < 0.6;
    // A run of N connections writes about 1 + 6N records (started, called, done per tunnel, log groups).
    const records = 1 + Math.floor(random() * (connections * 6));
    const delayMs = 200 + Math.floor(random() * 2500);
    const trigger = byRecords ? `after ${records} journal records` : `after ${delayMs} ms`;
    const child = spawnCli([...fixArgs(f.lab), '--apply', '--yes', '--journal', journal], { env: fixEnv(f.lab), cwd: f.cwd });
    child.stdout!.resume();
    child.stderr!.resume();
    let exited = false;
    const closed = new Promise<void>((resolve) => child.on('close', () => ((exited = true), resolve())));
    const started = Date.now();
    for (;;) {
      if (exited) break;
      const due = byRecords ? journalText(journal).split('\n').filter((l) => l.trim() !== '').length >= records : Date.now() - started >= delayMs;
      if (due || Date.now() - started > 60_000) break;
      await sleep(byRecords ? 3 : 10);
    }
    const killed = !exited && child.kill('SIGKILL');
    await closed;
    const text = journalText(journal);
    let finishedBy: CrashOutcome['finishedBy'] = 'none';
    let finishCode: number | null = 0;
    if (unfinished(text)) {
      const resume = await runFix(f, ['fix', '--resume', journal, '--endpoint-url', f.lab.endpoint, '--quiet']);
      finishedBy = 'resume';
      finishCode = resume.code;
      if (resume.code !== 0) problems.push(`resume exit ${resume.code}: ${resume.stderr.slice(0, 400)}`);
    } else if (!/"type":"end"/.test(text)) {
      // Killed before the run record: nothing was sent yet; a new run starts over.
      const again = await runFix(f, [...fixArgs(f.lab), '--apply', '--yes', '--journal', join(f.cwd, 'journal-2.jsonl')]);
      finishedBy = 'fresh-run';
      finishCode = again.code;
      if (again.code !== 0) problems.push(`new run exit ${again.code}: ${again.stderr.slice(0, 400)}`);
    }
    const state = estateState(f.lab.world);
    const matchesReference = JSON.stringify(state) === JSON.stringify(reference);
    if (!matchesReference) problems.push(`end state differs from the uninterrupted run: ${JSON.stringify(state)}`);
    const twice = tunnelsModifiedTwice(f.lab, [text, journalText(join(f.cwd, 'journal-2.jsonl'))]);
    if (twice.length) problems.push(`tunnels modified twice: ${twice.join(', ')}`);
    const unsafe = unsafeMoments(f);
    if (unsafe.length) problems.push(`both tunnels DOWN because of the tool: ${unsafe.join(', ')}`);
    return { trigger, killed, finishedBy, finishCode, matchesReference, tunnelsModifiedTwice: twice.length, unsafeMoments: unsafe.length, problems };
  } finally {
    await f.dispose();
  }
}

/** The end state of an uninterrupted run on the same estate (connection names are the same in every lab). */
export async function referenceState(connections = 6): Promise<Record<string, string[]>> {
  const f = await fixLab(connections);
  try {
    const run = await runFix(f, [...fixArgs(f.lab), '--apply', '--yes']);
    if (run.code !== 0) throw new Error(`the uninterrupted reference run failed (exit ${run.code}): ${run.stderr.slice(0, 500)}`);
    return estateState(f.lab.world);
  } finally {
    await f.dispose();
  }
}
