// startLab: the whole lab in-process (tests, `vpnguard lab`, `vpnguard demo`). It builds a World, loads a
// scenario into it, and serves every AWS protocol plus the /_lab/ world API on 127.0.0.1.
import type { HttpReply } from './protocols/reply.js';
import { startServer, DEFAULT_MAX_BODY_BYTES, type RawRequest } from './server.js';
import { addSingleAccount } from './testing.js';
import { Faults } from './world/faults.js';
import { Throttle, type ThrottleOptions } from './world/throttle.js';
import { OffsetClock, World, type Clock } from './world/world.js';
import { handleWorldApi } from './world-api.js';

export interface StartLabOptions {
  /** a bundled scenario name or a scenario file path; default `empty` */
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
  /** applies a world event (block an endpoint, fix a firewall, …); rejects when events are not available */
  applyEvent(event: unknown): Promise<unknown>;
  /** moves the lab clock forward (only with the default clock or another clock with advance()) */
  advanceClock(ms: number): void;
  stop(): Promise<void>;
}

interface ScenarioSummary {
  name: string;
  defaultRegion: string;
}

type LoadScenario = (world: World, source: string, params: Record<string, string>) => { name?: string; defaultRegion?: string };
type ApplyEvent = (world: World, event: unknown) => unknown;

// The scenario loader and world events are separate modules (another part of the lab). They are imported by
// a computed specifier so the lab still starts (with the built-in `empty` estate) when they are absent.
const SCENARIO_LOADER = './scenarios/load.js';
const WORLD_EVENTS = './world/events.js';

async function optionalExport<T>(specifier: string, name: string): Promise<T | undefined> {
  try {
    const module = (await import(specifier)) as Record<string, unknown>;
    return typeof module[name] === 'function' ? (module[name] as T) : undefined;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module|Failed to load url|does not exist/i.test(String(error))) {
      return undefined;
    }
    throw error;
  }
}

export class ScenarioUnavailableError extends Error {
  constructor(scenario: string) {
    super(`scenario '${scenario}' cannot be loaded: this build has no scenario loader (only 'empty' is built in)`);
    this.name = 'ScenarioUnavailableError';
  }
}

async function loadInto(world: World, scenario: string, params: Record<string, string>): Promise<ScenarioSummary> {
  const loadScenario = await optionalExport<LoadScenario>(SCENARIO_LOADER, 'loadScenario');
  if (loadScenario) {
    const loaded = loadScenario(world, scenario, params);
    return { name: loaded.name ?? scenario, defaultRegion: loaded.defaultRegion ?? 'us-east-1' };
  }
  if (scenario !== 'empty') throw new ScenarioUnavailableError(scenario);
  addSingleAccount(world);
  return { name: 'empty', defaultRegion: 'us-east-1' };
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
    : await loadInto(world, options.scenario ?? 'empty', options.scenarioParams ?? {});
  const faults = new Faults(options.faultSeed);
  const throttle = throttleFrom(options.throttling);
  const applyWorldEvent = await optionalExport<ApplyEvent>(WORLD_EVENTS, 'applyEvent');
  const advanceClock = hasAdvance(clock)
    ? (ms: number) => {
        clock.advance(ms);
        world.settle();
      }
    : undefined;

  const worldApi = (request: RawRequest): Promise<HttpReply> =>
    Promise.resolve(
      handleWorldApi(
        { world, faults, applyEvent: applyWorldEvent && ((event) => applyWorldEvent(world, event)), advanceClock },
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
      if (!applyWorldEvent) return Promise.reject(new Error('world events are not available in this build'));
      world.settle();
      return Promise.resolve(applyWorldEvent(world, event));
    },
    advanceClock(ms) {
      if (!advanceClock) throw new Error('this lab runs on a clock that cannot be advanced');
      advanceClock(ms);
    },
    stop: () => server.close(),
  };
}
