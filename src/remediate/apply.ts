// The rolling executor. It receives its AWS access, clock, sleep and journal, and enforces the safety rules
// itself (not by convention):
//  1. a tunnel is modified only while its connection is `available` and its twin is UP, read live just
//     before the call (and again after waiting for a rate token);
//  2. one ModifyVpnTunnelOptions per tunnel carries every change; tunnels of one connection strictly in sequence;
//  3. after each modify it waits (bounded) until the connection is `available` and the changed tunnel UP;
//  4. if the tunnel does not come back, the connection stops there (its other tunnel is never touched) and the
//     IKE versions / startup action are rolled back when the change included them;
//  5. mutating calls go through a per account-region token bucket at EC2's rate; IncorrectState and throttling
//     are waited out and retried; every call is journaled (fsynced) before and after.
import pLimit from 'p-limit';
import { errorCode, errorMessage, isThrottling, isTransient, type LiveConnection, type LiveTunnel, type RemediationApi } from './api.js';
import type { JournalStore, StepPhase, StepProgress } from './journal.js';
import { TERMINAL_PHASES } from './journal.js';
import { rollbackSatisfied, settingsSatisfy } from './plan.js';
import { EC2_MUTATING, EC2_NON_MUTATING, TokenBucket, type BucketSettings } from './token-bucket.js';
import type { ClientVpnStep, ConnectionPlan, EndpointPlan, LogGroupStep, Plan, TunnelChange, TunnelStep } from './types.js';

export interface ExecutorSettings {
  /** Bound of every wait (gate, come-back, rollback). */
  waitTimeoutMs: number;
  pollIntervalMs: number;
  /** Connections and endpoints worked on at once. */
  concurrency: number;
  mutatingBucket: BucketSettings;
  readBucket: BucketSettings;
}

export const DEFAULT_EXECUTOR_SETTINGS: ExecutorSettings = {
  waitTimeoutMs: 15 * 60_000,
  pollIntervalMs: 15_000,
  concurrency: 100,
  mutatingBucket: EC2_MUTATING,
  readBucket: EC2_NON_MUTATING,
};

export interface ExecutorDeps {
  apiFor(accountId: string, region: string): RemediationApi;
  clock: { now(): number };
  sleep(ms: number): Promise<void>;
  journal: JournalStore;
  /** Progress lines (stderr in the CLI). */
  progress?: (line: string) => void;
  /** Aborted = stop starting calls (Ctrl-C); the journal stays resumable. */
  signal?: AbortSignal;
}

export type StepOutcome = 'done' | 'already-applied' | 'rolled-back' | 'failed' | 'blocked' | 'not-run' | 'interrupted';

export interface StepResult {
  stepId: string;
  kind: 'log-group' | 'tunnel' | 'client-vpn-logging';
  resourceId: string;
  outsideIpAddress?: string;
  outcome: StepOutcome;
  message: string;
}

export interface TargetResult {
  kind: 'site-to-site' | 'client-vpn';
  accountId: string;
  region: string;
  resourceId: string;
  outcome: 'completed' | 'stopped' | 'blocked' | 'interrupted';
  message: string;
}

export interface ApplyResult {
  steps: StepResult[];
  targets: TargetResult[];
  /** Every step done (or already in place). */
  completed: boolean;
  interrupted: boolean;
}

class Interrupted extends Error {
  constructor() {
    super('interrupted');
  }
}

/**
 * Coalesces live reads of one account-region: every read waits for the next flush, and flushes are at least
 * `minIntervalMs` apart, so hundreds of waiting connections cost one DescribeVpnConnections per window (per 200
 * ids) instead of one each. A read always starts after it was asked for: never a cached answer.
 */
class LiveReader {
  private pending = new Map<string, { resolve: (c: LiveConnection | undefined) => void; reject: (e: unknown) => void }[]>();
  private scheduled = false;
  private lastFlush = Number.NEGATIVE_INFINITY;
  static readonly CHUNK = 200;

  constructor(
    private readonly api: RemediationApi,
    private readonly bucket: TokenBucket,
    private readonly clock: { now(): number },
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly minIntervalMs: number,
  ) {}

  read(id: string): Promise<LiveConnection | undefined> {
    return new Promise((resolve, reject) => {
      const list = this.pending.get(id) ?? [];
      list.push({ resolve, reject });
      this.pending.set(id, list);
      if (!this.scheduled) {
        this.scheduled = true;
        const wait = this.lastFlush + this.minIntervalMs - this.clock.now();
        if (wait > 0) void this.sleep(wait).then(() => this.flush());
        else setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    this.lastFlush = this.clock.now();
    const batch = this.pending;
    this.pending = new Map();
    const ids = [...batch.keys()];
    for (let i = 0; i < ids.length; i += LiveReader.CHUNK) {
      const chunk = ids.slice(i, i + LiveReader.CHUNK);
      try {
        await this.bucket.take();
        const found = new Map((await this.api.describeVpnConnections(chunk)).map((c) => [c.vpnConnectionId, c]));
        for (const id of chunk) for (const w of batch.get(id) ?? []) w.resolve(found.get(id));
      } catch (err) {
        for (const id of chunk) for (const w of batch.get(id) ?? []) w.reject(err);
      }
    }
  }
}

interface RegionContext {
  api: RemediationApi;
  mutating: TokenBucket;
  reader: LiveReader;
}

const PRIORITY = { rollback: 3, secondTunnel: 2, firstTunnel: 1, clientVpn: 0 } as const;

export async function applyPlan(
  plan: Plan,
  deps: ExecutorDeps,
  settings: ExecutorSettings = DEFAULT_EXECUTOR_SETTINGS,
  prior: ReadonlyMap<string, StepProgress> = new Map(),
): Promise<ApplyResult> {
  const executor = new Executor(plan, deps, settings, prior);
  return executor.run();
}

class Executor {
  private readonly regions = new Map<string, RegionContext>();
  private readonly results: StepResult[] = [];
  private readonly targets: TargetResult[] = [];
  private readonly logGroupOutcome = new Map<string, Promise<boolean>>();
  private interrupted = false;

  constructor(
    private readonly plan: Plan,
    private readonly deps: ExecutorDeps,
    private readonly settings: ExecutorSettings,
    private readonly prior: ReadonlyMap<string, StepProgress>,
  ) {}

  async run(): Promise<ApplyResult> {
    const limit = pLimit(Math.max(1, this.settings.concurrency));
    for (const step of this.plan.logGroups) this.logGroupOutcome.set(step.id, this.runLogGroup(step));
    await Promise.all([
      ...this.plan.connections.filter((c) => c.steps.length > 0).map((c) => limit(() => this.runConnection(c))),
      ...this.plan.endpoints.filter((e) => e.steps.length > 0).map((e) => limit(() => this.runEndpoint(e))),
      ...this.logGroupOutcome.values(),
    ]);
    const completed = this.results.every((r) => r.outcome === 'done' || r.outcome === 'already-applied');
    return { steps: this.results, targets: this.targets, completed, interrupted: this.interrupted };
  }

  // ---- plumbing ------------------------------------------------------------------------------------------

  private region(accountId: string, region: string): RegionContext {
    const key = `${accountId}/${region}`;
    let ctx = this.regions.get(key);
    if (!ctx) {
      const api = this.deps.apiFor(accountId, region);
      // After an interrupt the injected sleep rejects; buckets then finish on unref'd timers (they never
      // hold the process open), and nobody waits for them any more (see abortable()).
      const bucketSleep = (ms: number): Promise<void> =>
        this.deps.sleep(ms).catch(() => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()));
      const reads = new TokenBucket(this.settings.readBucket, this.deps.clock, bucketSleep);
      ctx = {
        api,
        mutating: new TokenBucket(this.settings.mutatingBucket, this.deps.clock, bucketSleep),
        // Reads are coalesced over a window of a fifth of the poll interval (at most 100 ms): a gate read waits that
        // long at most, and the estate's reads stay far inside EC2's non-mutating budget.
        reader: new LiveReader(api, reads, this.deps.clock, bucketSleep, Math.min(100, this.settings.pollIntervalMs / 5)),
      };
      this.regions.set(key, ctx);
    }
    return ctx;
  }

  private now(): number {
    return this.deps.clock.now();
  }

  /** A promise that also settles (rejects) when the run is interrupted. */
  private abortable<T>(promise: Promise<T>): Promise<T> {
    const signal = this.deps.signal;
    if (!signal) return promise;
    if (signal.aborted) return Promise.reject(new Interrupted());
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(new Interrupted());
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  }

  private checkAbort(): void {
    if (this.deps.signal?.aborted) throw new Interrupted();
  }

  private async pause(ms: number): Promise<void> {
    this.checkAbort();
    try {
      await this.deps.sleep(ms);
    } catch (err) {
      if (this.deps.signal?.aborted) throw new Interrupted();
      throw err;
    }
    this.checkAbort();
  }

  private record(stepId: string, phase: StepPhase, extra: { request?: Record<string, unknown>; detail?: string } = {}): void {
    this.deps.journal.append({ type: 'step', at: new Date(this.now()).toISOString(), stepId, phase, ...extra });
  }

  private say(line: string): void {
    this.deps.progress?.(line);
  }

  private result(r: StepResult): void {
    this.results.push(r);
  }

  private seconds(ms: number): string {
    return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000}m` : `${Math.round(ms / 100) / 10}s`;
  }

  // ---- log groups ----------------------------------------------------------------------------------------

  private async runLogGroup(step: LogGroupStep): Promise<boolean> {
    const base = { stepId: step.id, kind: step.kind, resourceId: step.logGroupName };
    const prior = this.prior.get(step.id);
    if (prior?.phase === 'done') {
      this.result({ ...base, outcome: 'done', message: 'done in an earlier run' });
      return true;
    }
    const { api } = this.region(step.accountId, step.region);
    try {
      this.checkAbort();
      const before = await api.describeLogGroup(step.logGroupName);
      const request = { logGroupName: step.logGroupName, retentionInDays: step.retentionInDays };
      this.record(step.id, 'started', { request });
      if (!before.exists) await api.createLogGroup(step.logGroupName);
      // The step owns the group it creates (or created before an interruption): retention is set on it.
      if (step.retentionInDays !== undefined && before.retentionInDays !== step.retentionInDays) {
        await api.putRetentionPolicy(step.logGroupName, step.retentionInDays);
      }
      const detail = before.exists ? 'already existed (created by the interrupted run or by someone else)' : 'created';
      this.record(step.id, 'done', { detail });
      this.say(`log group ${step.logGroupName} (${step.accountId}/${step.region}): ${detail}, retention ${step.retentionInDays} days`);
      this.result({ ...base, outcome: before.exists ? 'already-applied' : 'done', message: detail });
      return true;
    } catch (err) {
      if (err instanceof Interrupted || this.deps.signal?.aborted) {
        this.interrupted = true;
        this.result({ ...base, outcome: 'interrupted', message: 'interrupted' });
        return false;
      }
      const message = errorMessage(err);
      this.record(step.id, 'failed', { detail: message });
      this.say(`log group ${step.logGroupName}: FAILED ${message}`);
      this.result({ ...base, outcome: 'failed', message });
      return false;
    }
  }

  private async requirementMet(requires: string | undefined): Promise<boolean> {
    if (!requires) return true;
    const outcome = this.logGroupOutcome.get(requires);
    return outcome ? outcome : true;
  }

  // ---- site-to-site --------------------------------------------------------------------------------------

  private async runConnection(cp: ConnectionPlan): Promise<void> {
    const target = (outcome: TargetResult['outcome'], message: string): void => {
      this.targets.push({ kind: 'site-to-site', accountId: cp.accountId, region: cp.region, resourceId: cp.vpnConnectionId, outcome, message });
    };
    const tunnelResult = (step: TunnelStep, outcome: StepOutcome, message: string): void =>
      this.result({ stepId: step.id, kind: 'tunnel', resourceId: cp.vpnConnectionId, outsideIpAddress: step.outsideIpAddress, outcome, message });
    const stopRest = (rest: TunnelStep[], why: string): void => {
      for (const step of rest) {
        this.record(step.id, 'not-run', { detail: why });
        tunnelResult(step, 'not-run', why);
      }
    };

    // What an earlier (interrupted) run finished stays finished; a connection it stopped stays stopped.
    let todo: TunnelStep[] = [];
    for (const step of cp.steps) {
      const prior = this.prior.get(step.id);
      if (prior?.phase === 'done') tunnelResult(step, 'done', 'done in an earlier run');
      else if (prior && TERMINAL_PHASES.has(prior.phase)) {
        tunnelResult(step, prior.phase as StepOutcome, prior.detail ?? prior.phase);
      } else todo.push(step);
    }
    const stoppedBefore = cp.steps.find((s) => {
      const p = this.prior.get(s.id);
      return p && TERMINAL_PHASES.has(p.phase) && p.phase !== 'done';
    });
    if (stoppedBefore) {
      stopRest(todo, `connection stopped in the earlier run at tunnel ${stoppedBefore.outsideIpAddress}`);
      target('stopped', `stopped in the earlier run: ${this.prior.get(stoppedBefore.id)?.detail ?? ''}`);
      return;
    }

    try {
      while (todo.length > 0) {
        const step = await this.nextTunnel(cp, todo);
        todo = todo.filter((s) => s !== step);
        if (step.blocked) {
          this.record(step.id, 'blocked', { detail: step.blocked });
          tunnelResult(step, 'blocked', step.blocked);
          this.say(`${cp.vpnConnectionId} tunnel ${step.outsideIpAddress}: BLOCKED ${step.blocked}`);
          stopRest(todo, `not touched: tunnel ${step.outsideIpAddress} is blocked`);
          target('blocked', `tunnel ${step.outsideIpAddress}: ${step.blocked}`);
          return;
        }
        if (!(await this.requirementMet(step.requires))) {
          const why = `log group step ${step.requires} did not complete`;
          this.record(step.id, 'blocked', { detail: why });
          tunnelResult(step, 'blocked', why);
          stopRest(todo, why);
          target('blocked', why);
          return;
        }
        const isSecond = cp.steps.some((s) => s !== step && this.prior.get(s.id)?.phase === 'done') || cp.steps.indexOf(step) > 0;
        const outcome = await this.runTunnel(cp, step, isSecond ? PRIORITY.secondTunnel : PRIORITY.firstTunnel);
        tunnelResult(step, outcome.outcome, outcome.message);
        if (outcome.outcome !== 'done' && outcome.outcome !== 'already-applied') {
          stopRest(todo, `not touched: tunnel ${step.outsideIpAddress} did not complete (${outcome.outcome})`);
          target(outcome.outcome === 'blocked' ? 'blocked' : 'stopped', `tunnel ${step.outsideIpAddress}: ${outcome.message}`);
          return;
        }
      }
      target('completed', 'every planned change is in place and both tunnels are UP');
    } catch (err) {
      if (err instanceof Interrupted || this.deps.signal?.aborted) {
        this.interrupted = true;
        target('interrupted', 'interrupted; resume with vpnguard fix --resume');
        return;
      }
      throw err;
    }
  }

  /** Next tunnel: an in-flight one (resume), else one whose twin is UP right now, DOWN tunnels first. */
  private async nextTunnel(cp: ConnectionPlan, todo: TunnelStep[]): Promise<TunnelStep> {
    const inflight = todo.find((s) => this.prior.has(s.id));
    if (inflight) return inflight;
    if (todo.length === 1 || todo.some((s) => s.blocked)) return todo.find((s) => s.blocked) ?? todo[0]!;
    const { reader } = this.region(cp.accountId, cp.region);
    let live: LiveConnection | undefined;
    try {
      live = await this.abortable(reader.read(cp.vpnConnectionId));
    } catch {
      return todo[0]!;
    }
    const status = (ip: string): string => live?.tunnels.find((t) => t.outsideIpAddress === ip)?.status ?? 'UNKNOWN';
    const eligible = todo.filter((s) => status(s.twinOutsideIpAddress) === 'UP');
    const down = eligible.find((s) => status(s.outsideIpAddress) !== 'UP');
    return down ?? eligible[0] ?? todo[0]!;
  }

  private async runTunnel(cp: ConnectionPlan, step: TunnelStep, priority: number): Promise<{ outcome: StepOutcome; message: string }> {
    const ctx = this.region(cp.accountId, cp.region);
    const prior = this.prior.get(step.id);
    const label = `${cp.vpnConnectionId} tunnel ${step.outsideIpAddress}`;

    if (prior?.phase === 'rollback-started' || prior?.phase === 'rollback-called') {
      this.say(`${label}: resuming an interrupted rollback`);
      return this.rollback(ctx, step, prior.detail ?? 'did not come back UP in the interrupted run', prior.phase === 'rollback-called');
    }

    let calledAt: number;
    let sawReplacement = false;
    let alreadyInPlace = false;
    if (prior?.phase === 'called') {
      this.say(`${label}: change was sent by the interrupted run; waiting for the tunnel to come back`);
      calledAt = prior.at ?? this.now();
    } else {
      const sent = await this.send(ctx, step, step.change, priority, false);
      if (sent.kind === 'refused') {
        this.record(step.id, sent.phase, { detail: sent.message });
        this.say(`${label}: ${sent.phase.toUpperCase()} ${sent.message}`);
        return { outcome: sent.phase === 'blocked' ? 'blocked' : 'failed', message: sent.message };
      }
      calledAt = sent.at;
      sawReplacement = sent.kind === 'called' && sent.state !== undefined && sent.state !== 'available';
      alreadyInPlace = sent.kind === 'already';
      this.say(
        alreadyInPlace
          ? `${label}: already has the target options (reconciled from live state); waiting for it to be UP`
          : `${label}: modify sent; waiting for the connection to be available and the tunnel UP`,
      );
    }

    const back = await this.waitBack(ctx, step, calledAt, sawReplacement || alreadyInPlace, true);
    if (back.ok) {
      const detail = alreadyInPlace ? 'already-applied' : 'applied';
      this.record(step.id, 'done', { detail });
      this.say(`${label}: done, tunnel UP`);
      return { outcome: alreadyInPlace ? 'already-applied' : 'done', message: alreadyInPlace ? 'already in place; tunnel UP' : 'applied; tunnel back UP' };
    }
    return this.rollback(ctx, step, back.reason, false);
  }

  /** The tunnel did not come back: roll back IKE versions / startup action when the change had them, then stop. */
  private async rollback(ctx: RegionContext, step: TunnelStep, reason: string, alreadyCalled: boolean): Promise<{ outcome: StepOutcome; message: string }> {
    const label = `${step.vpnConnectionId} tunnel ${step.outsideIpAddress}`;
    const wasDown = step.statusAtPlan !== 'UP';
    const farSide = wasDown
      ? `; it was DOWN before the change: needs the far-side firewall fixed (the customer gateway must accept UDP 500/4500 and ESP from ${step.outsideIpAddress}), then run fix again`
      : '';
    if (!step.rollback) {
      const message = `did not come back UP (${reason})${farSide}; its twin ${step.twinOutsideIpAddress} was not touched`;
      this.record(step.id, 'failed', { detail: message });
      this.say(`${label}: FAILED ${message}`);
      return { outcome: 'failed', message };
    }
    this.say(`${label}: did not come back UP (${reason}); rolling back ${describeChange(step.rollback)}`);
    let calledAt = this.now();
    let sawReplacement = false;
    if (!alreadyCalled) {
      const sent = await this.send(ctx, step, step.rollback, PRIORITY.rollback, true, reason);
      if (sent.kind === 'refused') {
        const message = `did not come back UP (${reason}) and the rollback could not be sent: ${sent.message}${farSide}`;
        this.record(step.id, 'failed', { detail: message });
        this.say(`${label}: FAILED ${message}`);
        return { outcome: 'failed', message };
      }
      calledAt = sent.at;
      sawReplacement = sent.kind === 'already' || (sent.state !== undefined && sent.state !== 'available');
    }
    // A tunnel that was UP before must be UP again; one that was DOWN before only needs the connection available.
    const back = await this.waitBack(ctx, step, calledAt, sawReplacement, !wasDown);
    const message =
      `did not come back UP (${reason}); rolled back to ${describeChange(step.rollback)}` +
      (back.ok ? (wasDown ? '' : ' and it is UP again') : `, but after the rollback: ${back.reason}`) +
      `${farSide}; its twin ${step.twinOutsideIpAddress} was not touched`;
    this.record(step.id, back.ok ? 'rolled-back' : 'failed', { detail: message });
    this.say(`${label}: ${back.ok ? 'ROLLED BACK' : 'FAILED'} ${message}`);
    return { outcome: back.ok ? 'rolled-back' : 'failed', message };
  }

  /**
   * Gate + rate token + journal + call. Returns 'already' when live state already carries the target
   * (a call journaled as started may have reached AWS before the process died).
   */
  private async send(
    ctx: RegionContext,
    step: TunnelStep,
    change: TunnelChange,
    priority: number,
    isRollback: boolean,
    rollbackReason?: string,
  ): Promise<
    | { kind: 'called'; at: number; state: string | undefined }
    | { kind: 'already'; at: number; state?: undefined }
    | { kind: 'refused'; phase: 'blocked' | 'failed'; message: string }
  > {
    const deadline = this.now() + this.settings.waitTimeoutMs;
    const startedPhase: StepPhase = isRollback ? 'rollback-started' : 'started';
    const calledPhase: StepPhase = isRollback ? 'rollback-called' : 'called';
    const satisfied = (t: LiveTunnel): boolean => (isRollback ? rollbackSatisfied(t, change) : settingsSatisfy(t, step.after));
    let lastWhy = '';
    for (let attempt = 0; ; attempt++) {
      this.checkAbort();
      if (attempt > 0) {
        if (this.now() >= deadline) {
          return { kind: 'refused', phase: 'blocked', message: `${lastWhy} for ${this.seconds(this.settings.waitTimeoutMs)} (--wait-timeout)` };
        }
        await this.pause(this.settings.pollIntervalMs);
      }
      const gate = await this.gate(ctx, step, satisfied);
      if (gate.kind === 'fatal') return { kind: 'refused', phase: 'failed', message: gate.why };
      if (gate.kind === 'already') {
        this.record(step.id, calledPhase, { detail: 'already in place (reconciled from live state)' });
        return { kind: 'already', at: this.now() };
      }
      if (gate.kind === 'wait') {
        lastWhy = gate.why;
        continue;
      }
      await this.abortable(ctx.mutating.take(priority));
      // The token may have taken a while: the rule is "UP right now", so read again.
      const fresh = await this.gate(ctx, step, satisfied);
      if (fresh.kind !== 'go') {
        ctx.mutating.refund();
        if (fresh.kind === 'fatal') return { kind: 'refused', phase: 'failed', message: fresh.why };
        if (fresh.kind === 'already') {
          this.record(step.id, calledPhase, { detail: 'already in place (reconciled from live state)' });
          return { kind: 'already', at: this.now() };
        }
        lastWhy = fresh.why;
        continue;
      }
      this.checkAbort();
      const request = { vpnConnectionId: step.vpnConnectionId, outsideIpAddress: step.outsideIpAddress, tunnelOptions: change };
      this.record(step.id, startedPhase, { request, ...(rollbackReason ? { detail: rollbackReason } : {}) });
      try {
        const response = await ctx.api.modifyVpnTunnelOptions(step.vpnConnectionId, step.outsideIpAddress, change);
        const at = this.now();
        this.record(step.id, calledPhase, { detail: rollbackReason ?? `connection ${response.state ?? 'unknown'}` });
        return { kind: 'called', at, state: response.state };
      } catch (err) {
        const code = errorCode(err);
        if (code === 'IncorrectState') {
          lastWhy = 'AWS answered IncorrectState (connection busy)';
          this.record(step.id, 'retry', { detail: lastWhy });
          continue;
        }
        if (isThrottling(err)) {
          ctx.mutating.drain();
          lastWhy = `throttled (${code})`;
          this.record(step.id, 'retry', { detail: lastWhy });
          continue;
        }
        if (isTransient(err)) {
          // The request may have reached AWS: the next gate reconciles from live state before sending again.
          lastWhy = `transient error (${errorMessage(err)})`;
          this.record(step.id, 'retry', { detail: lastWhy });
          continue;
        }
        return { kind: 'refused', phase: 'failed', message: `ModifyVpnTunnelOptions failed: ${errorMessage(err)}` };
      }
    }
  }

  /** Reads live state right now and applies the safety rule. */
  private async gate(
    ctx: RegionContext,
    step: TunnelStep,
    satisfied: (t: LiveTunnel) => boolean,
  ): Promise<{ kind: 'go' } | { kind: 'already' } | { kind: 'wait'; why: string } | { kind: 'fatal'; why: string }> {
    let live: LiveConnection | undefined;
    try {
      live = await this.abortable(ctx.reader.read(step.vpnConnectionId));
    } catch (err) {
      return { kind: 'wait', why: `could not read the connection (${errorMessage(err)})` };
    }
    if (!live || live.state === 'deleting' || live.state === 'deleted') {
      return { kind: 'fatal', why: `connection ${live ? live.state : 'not found'}` };
    }
    const tunnel = live.tunnels.find((t) => t.outsideIpAddress === step.outsideIpAddress);
    const twin = live.tunnels.find((t) => t.outsideIpAddress === step.twinOutsideIpAddress);
    if (!tunnel || !twin) return { kind: 'fatal', why: 'tunnel outside IP addresses no longer match the plan' };
    if (satisfied(tunnel)) return { kind: 'already' };
    if (live.state !== 'available') return { kind: 'wait', why: `connection is ${live.state}` };
    if (twin.status !== 'UP') {
      return { kind: 'wait', why: `twin tunnel ${twin.outsideIpAddress} is ${twin.status}: a tunnel is changed only while its twin is UP` };
    }
    return { kind: 'go' };
  }

  /** Waits until the connection is available and (when wantUp) the tunnel UP, after the replacement began. */
  private async waitBack(
    ctx: RegionContext,
    step: TunnelStep,
    calledAt: number,
    sawReplacementInitially: boolean,
    wantUp: boolean,
  ): Promise<{ ok: true } | { ok: false; reason: string }> {
    const deadline = this.now() + this.settings.waitTimeoutMs;
    // AWS may report the old state for a moment after the call; "back" only counts once the replacement was
    // seen (modifying / DOWN / a status change after the call) or a grace of two polls has passed.
    const grace = calledAt + 2 * this.settings.pollIntervalMs;
    let sawReplacement = sawReplacementInitially;
    let last = 'no answer yet';
    for (let first = true; ; first = false) {
      if (!first) {
        if (this.now() >= deadline) return { ok: false, reason: `${last} after ${this.seconds(this.settings.waitTimeoutMs)} (--wait-timeout)` };
        await this.pause(this.settings.pollIntervalMs);
      }
      let live: LiveConnection | undefined;
      try {
        live = await this.abortable(ctx.reader.read(step.vpnConnectionId));
      } catch (err) {
        last = `read failed: ${errorMessage(err)}`;
        continue;
      }
      if (!live || live.state === 'deleting' || live.state === 'deleted') return { ok: false, reason: `connection ${live?.state ?? 'not found'}` };
      const tunnel = live.tunnels.find((t) => t.outsideIpAddress === step.outsideIpAddress);
      const status = tunnel?.status ?? 'UNKNOWN';
      if (live.state !== 'available' || status !== 'UP' || (tunnel?.lastStatusChange ?? 0) > calledAt) sawReplacement = true;
      last = `connection ${live.state}, tunnel ${status}`;
      const settled = sawReplacement || this.now() >= grace;
      if (live.state === 'available' && (!wantUp || status === 'UP') && settled) return { ok: true };
    }
  }

  // ---- client vpn ----------------------------------------------------------------------------------------

  private async runEndpoint(ep: EndpointPlan): Promise<void> {
    const ctx = this.region(ep.accountId, ep.region);
    const target = (outcome: TargetResult['outcome'], message: string): void => {
      this.targets.push({ kind: 'client-vpn', accountId: ep.accountId, region: ep.region, resourceId: ep.clientVpnEndpointId, outcome, message });
    };
    for (const step of ep.steps) {
      const res = await this.runClientVpnStep(ctx, step);
      this.result({ stepId: step.id, kind: step.kind, resourceId: step.clientVpnEndpointId, ...res });
      if (res.outcome === 'interrupted') {
        this.interrupted = true;
        return target('interrupted', res.message);
      }
      if (res.outcome !== 'done' && res.outcome !== 'already-applied') return target(res.outcome === 'blocked' ? 'blocked' : 'stopped', res.message);
    }
    target('completed', 'connection logging is on');
  }

  private async runClientVpnStep(ctx: RegionContext, step: ClientVpnStep): Promise<{ outcome: StepOutcome; message: string }> {
    const prior = this.prior.get(step.id);
    if (prior?.phase === 'done') return { outcome: 'done', message: 'done in an earlier run' };
    if (prior && TERMINAL_PHASES.has(prior.phase)) return { outcome: prior.phase as StepOutcome, message: prior.detail ?? prior.phase };
    const label = `${step.clientVpnEndpointId}`;
    if (!(await this.requirementMet(step.requires))) {
      const why = `log group step ${step.requires} did not complete`;
      this.record(step.id, 'blocked', { detail: why });
      return { outcome: 'blocked', message: why };
    }
    const group = step.after.cloudwatchLogGroup;
    const deadline = this.now() + this.settings.waitTimeoutMs;
    let sent = prior !== undefined;
    try {
      for (let attempt = 0; ; attempt++) {
        this.checkAbort();
        if (attempt > 0) {
          if (this.now() >= deadline) {
            const why = 'endpoint did not become modifiable within --wait-timeout';
            this.record(step.id, 'failed', { detail: why });
            return { outcome: 'failed', message: why };
          }
          await this.pause(this.settings.pollIntervalMs);
        }
        const live = await ctx.api.describeClientVpnEndpoint(step.clientVpnEndpointId);
        if (!live || live.status === 'deleting' || live.status === 'deleted') {
          const why = `endpoint ${live?.status ?? 'not found'}`;
          this.record(step.id, 'failed', { detail: why });
          return { outcome: 'failed', message: why };
        }
        if (live.logging.enabled === true) {
          const already = !sent;
          this.record(step.id, 'done', { detail: already ? 'already-applied' : 'applied' });
          this.say(`${label}: connection logging on (${live.logging.cloudwatchLogGroup ?? group})`);
          return already && live.logging.cloudwatchLogGroup !== group
            ? { outcome: 'already-applied', message: `logging already on (${live.logging.cloudwatchLogGroup ?? '?'})` }
            : { outcome: 'done', message: `connection logging on, log group ${group}` };
        }
        await this.abortable(ctx.mutating.take(PRIORITY.clientVpn));
        this.record(step.id, 'started', { request: { clientVpnEndpointId: step.clientVpnEndpointId, connectionLogOptions: { enabled: true, cloudwatchLogGroup: group } } });
        try {
          await ctx.api.enableClientVpnLogging(step.clientVpnEndpointId, group);
          sent = true;
          this.record(step.id, 'called');
        } catch (err) {
          if (isThrottling(err) || isTransient(err) || errorCode(err) === 'IncorrectState') {
            if (isThrottling(err)) ctx.mutating.drain();
            this.record(step.id, 'retry', { detail: errorMessage(err) });
            continue;
          }
          const why = `ModifyClientVpnEndpoint failed: ${errorMessage(err)}`;
          this.record(step.id, 'failed', { detail: why });
          return { outcome: 'failed', message: why };
        }
      }
    } catch (err) {
      if (err instanceof Interrupted || this.deps.signal?.aborted) return { outcome: 'interrupted', message: 'interrupted' };
      const why = errorMessage(err);
      this.record(step.id, 'failed', { detail: why });
      return { outcome: 'failed', message: why };
    }
  }
}

export function describeChange(change: TunnelChange): string {
  const parts: string[] = [];
  if (change.ikeVersions) parts.push(`IKE ${change.ikeVersions.join('+')}`);
  if (change.startupAction) parts.push(`startup ${change.startupAction}`);
  if (change.logging) parts.push(`logging -> ${change.logging.logGroupArn} (${change.logging.outputFormat})`);
  return parts.join(', ');
}
