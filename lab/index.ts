// startLab: the whole lab in-process (tests, `vpnguard lab`, `vpnguard demo`). It builds a World, loads a
// scenario into it, and serves every AWS protocol plus the /_lab/ world API on 127.0.0.1.
import type { HttpReply } from './protocols/reply.js';
import { startServer, DEFAULT_MAX_BODY_BYTES, type RawRequest } from './server.js';
import { loadScenario } from './scenarios/load.js';
import { applyEvent, type EventResult } from './world/events.js';
import { Faults } from './world/faults.js';
import { Throttle, type ThrottleOptions } from './world/throttle.js';
import { OffsetClock, World, type Clock } from './world/world.js';
import { handleWorldApi } from './world-api.js';

export interface StartLabOptions {
  /** a bundled scenario name (seed-story, org, empty, large) or a scenario file path; default `empty` */
  scenario?: string;
  /** parameters for generated scenarios (e.g. `large`), as given on the command line */
  scenarioParams?: Record<string, string>;
  /**
   * Builds the estate in code instead of loading a scenario (tests): called with the empty world; may
   * return the default region. When given, `scenario` is only the name reported.
   */
  setup?: (world: World) => unknown;
  /** 0 (default) picks any free port */
  port?: number;
  /** seconds a tunnel endpoint replacement takes */
  replacementSeconds?: number;
  /** delay added to every AWS response */
  latencyMs?: number;
  /** EC2 token buckets: true/undefined = AWS's sizes, false = off, or options (scale, per-bucket sizes) */
  throttling?: boolean | ThrottleOptions;
  /** lab clock; default an OffsetClock over real time (the world API can advance it) */
  clock?: Clock;
  /** seed for fault-injection probabilities */
  faultSeed?: number;
  maxBodyBytes?: number;
}

export interface LabAccount {
  accountId: string;
  name: string;
  accessKeyId: string;
  secretAccessKey: string;
  management: boolean;
}

export interface LabCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface LabHandle {
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  port: number;
  world: World;
  scenario: string;
  accounts: LabAccount[];
  defaultRegion: string;
  credentialsFor(accountId: string): LabCredentials;
  faults: Faults;
  throttle: Throttle;
  /** applies a world event (block an endpoint, fix a firewall, …); throws EventError on a bad event */
  applyEvent(event: unknown): EventResult;
  /** moves the lab clock forward (only with the default clock or another clock with advance()) */
  advanceClock(ms: number): void;
  stop(): Promise<void>;
}

function defaultRegionOf(setupResult: unknown): string {
  const region = (setupResult as { defaultRegion?: unknown } | undefined)?.defaultRegion;
  return typeof region === 'string' ? region : 'us-east-1';
}

function throttleFrom(option: StartLabOptions['throttling']): Throttle {
  if (option === false) return new Throttle({ enabled: false });
  return new Throttle(option === true || option === undefined ? {} : option);
}

function hasAdvance(clock: Clock): clock is Clock & { advance(ms: number): void } {
  return typeof (clock as { advance?: unknown }).advance === 'function';
}

export async function startLab(options: StartLabOptions = {}): Promise<LabHandle> {
  const clock = options.clock ?? new OffsetClock();
  const world = new World({
    clock,
    ...(options.replacementSeconds === undefined ? {} : { replacementSeconds: options.replacementSeconds }),
  });
  const scenario = options.setup
    ? { name: options.scenario ?? 'custom', defaultRegion: defaultRegionOf(options.setup(world)) }
    : loadScenario(world, options.scenario ?? 'empty', options.scenarioParams ?? {});
  const faults = new Faults(options.faultSeed);
  const throttle = throttleFrom(options.throttling);
  const advanceClock = hasAdvance(clock)
    ? (ms: number) => {
        clock.advance(ms);
        world.settle();
      }
    : undefined;

  const worldApi = (request: RawRequest): Promise<HttpReply> =>
    Promise.resolve(
      handleWorldApi(
        { world, faults, applyEvent: (event) => applyEvent(world, event), advanceClock },
        request,
      ),
    );
  const server = await startServer(
    {
      world,
      faults,
      throttle,
      latencyMs: options.latencyMs ?? 0,
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      worldApi,
    },
    options.port ?? 0,
  );

  const accounts: LabAccount[] = [...world.accounts.values()].map((account) => ({
    accountId: account.accountId,
    name: account.name,
    accessKeyId: account.accessKeyId,
    secretAccessKey: account.secretAccessKey,
    management: account.management,
  }));
  // The management account first: it is the one a user starts from.
  accounts.sort((a, b) => Number(b.management) - Number(a.management));

  return {
    endpoint: `http://127.0.0.1:${server.port}`,
    port: server.port,
    world,
    scenario: scenario.name,
    accounts,
    defaultRegion: scenario.defaultRegion,
    credentialsFor(accountId) {
      const account = world.account(accountId);
      if (!account) throw new Error(`no account ${accountId} in this lab`);
      return { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey };
    },
    faults,
    throttle,
    applyEvent(event) {
      world.settle();
      return applyEvent(world, event);
    },
    advanceClock(ms) {
      if (!advanceClock) throw new Error('this lab runs on a clock that cannot be advanced');
      advanceClock(ms);
    },
    stop: () => server.close(),
  };
}
