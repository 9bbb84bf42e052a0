// The lab's single world: accounts (keyed by access key), regions, per account-region resources, the lab
// clock, a queue of scheduled transitions (processed lazily, in time order, before every request and
// every world read), the tunnel status history and the request log.
import { randomBytes } from 'node:crypto';
import type { Account, RegionState, RequestLogEntry, SnsDelivery, StatusChange } from './types.js';

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock the tests and the world API can move forward (offset on top of real time). */
export class OffsetClock implements Clock {
  private offsetMs = 0;
  constructor(private readonly base: Clock = systemClock) {}
  now(): number {
    return this.base.now() + this.offsetMs;
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

interface ScheduledTask {
  at: number;
  seq: number;
  run: (at: number) => void;
}

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  accountId: string;
  roleName: string;
  sessionName: string;
  expiresAt: number;
}

export interface WorldOptions {
  clock?: Clock;
  /** Seconds a tunnel endpoint replacement takes (ModifyVpnTunnelOptions). */
  replacementSeconds?: number;
  /** Seconds a new VPN connection stays `pending`. */
  pendingSeconds?: number;
  /** Max request-log entries kept (oldest dropped). */
  requestLogLimit?: number;
}

export class World {
  readonly clock: Clock;
  replacementSeconds: number;
  pendingSeconds: number;
  readonly accounts = new Map<string, Account>();
  /** access key id -> account id (long-term keys) */
  private readonly keys = new Map<string, string>();
  readonly temporaryCredentials = new Map<string, TemporaryCredentials>();
  private readonly regions = new Map<string, RegionState>();
  private queue: ScheduledTask[] = [];
  private seq = 0;
  readonly history: StatusChange[] = [];
  readonly requestLog: RequestLogEntry[] = [];
  /** Every message SNS accepted, in order (the lab's stand-in for email/SMS/HTTP subscribers). */
  readonly deliveries: SnsDelivery[] = [];
  private readonly requestLogLimit: number;
  /** Per-lab random secret used to derive pre-shared keys and other generated secrets. */
  readonly secretSeed = randomBytes(32);

  constructor(options: WorldOptions = {}) {
    this.clock = options.clock ?? new OffsetClock();
    this.replacementSeconds = options.replacementSeconds ?? 5;
    this.pendingSeconds = options.pendingSeconds ?? options.replacementSeconds ?? 5;
    this.requestLogLimit = options.requestLogLimit ?? 1_000_000;
  }

  now(): number {
    return this.clock.now();
  }

  addAccount(account: Account): void {
    this.accounts.set(account.accountId, account);
    this.keys.set(account.accessKeyId, account.accountId);
  }

  account(accountId: string): Account | undefined {
    return this.accounts.get(accountId);
  }

  /** Secret and account for a long-term or temporary access key, or undefined when unknown. */
  lookupKey(
    accessKeyId: string,
  ):
    | { accountId: string; secretAccessKey: string; sessionToken?: string; temporary?: TemporaryCredentials }
    | undefined {
    const temp = this.temporaryCredentials.get(accessKeyId);
    if (temp) {
      return {
        accountId: temp.accountId,
        secretAccessKey: temp.secretAccessKey,
        sessionToken: temp.sessionToken,
        temporary: temp,
      };
    }
    const accountId = this.keys.get(accessKeyId);
    if (accountId === undefined) return undefined;
    const account = this.accounts.get(accountId);
    return account && { accountId, secretAccessKey: account.secretAccessKey };
  }

  /** The resource store of one account-region, created empty on first use. */
  region(accountId: string, region: string): RegionState {
    const key = `${accountId}/${region}`;
    let state = this.regions.get(key);
    if (!state) {
      state = {
        accountId,
        region,
        customerGateways: new Map(),
        vpnGateways: new Map(),
        transitGatewayIds: new Set(),
        vpnConnections: new Map(),
        clientVpnEndpoints: new Map(),
        logGroups: new Map(),
        alarms: new Map(),
        topics: new Map(),
      };
      this.regions.set(key, state);
    }
    return state;
  }

  /** Every account-region store that exists. */
  allRegions(): Iterable<RegionState> {
    return this.regions.values();
  }

  /** Run `run(at)` when the lab clock reaches `at` (on the next settle()). */
  schedule(at: number, run: (at: number) => void): void {
    this.queue.push({ at, seq: this.seq++, run });
  }

  /** Process every scheduled task due by now, in time order (tasks may schedule more tasks). */
  settle(now = this.now()): void {
    for (;;) {
      let next: ScheduledTask | undefined;
      let index = -1;
      for (let i = 0; i < this.queue.length; i++) {
        const task = this.queue[i]!;
        if (task.at <= now && (!next || task.at < next.at || (task.at === next.at && task.seq < next.seq))) {
          next = task;
          index = i;
        }
      }
      if (!next) return;
      this.queue.splice(index, 1);
      next.run(next.at);
    }
  }

  /** Earliest pending task time, or undefined. */
  nextScheduledAt(): number | undefined {
    let at: number | undefined;
    for (const task of this.queue) if (at === undefined || task.at < at) at = task.at;
    return at;
  }

  recordStatusChange(change: StatusChange): void {
    this.history.push(change);
  }

  logRequest(entry: RequestLogEntry): void {
    this.requestLog.push(entry);
    if (this.requestLog.length > this.requestLogLimit)
      this.requestLog.splice(0, this.requestLog.length - this.requestLogLimit);
  }
}
