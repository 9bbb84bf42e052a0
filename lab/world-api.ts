// The lab's own HTTP API under /_lab/ (a path no AWS client uses; no signature): read the request log, the
// tunnel status history and SNS deliveries, inject and clear faults, move the clock, apply world events.
// Every answer is JSON; every bad input is a 4xx with a one-line message.
import type { HttpReply } from './protocols/reply.js';
import type { RawRequest } from './server.js';
import { labAlarms } from './world/alarms.js';
import { FaultRuleError, validateFaultRule, type Faults } from './world/faults.js';
import type { World } from './world/world.js';

export interface WorldApiContext {
  world: World;
  faults: Faults;
  /** undefined while the events module is not available (the route answers 501) */
  applyEvent: ((event: unknown) => unknown) | undefined;
  /** moves the lab clock; undefined when the lab runs on a clock that cannot be moved */
  advanceClock: ((ms: number) => void) | undefined;
}

/** A client mistake: answered with its status and one line. */
class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function json(status: number, value: unknown): HttpReply {
  return { status, headers: { 'content-type': 'application/json' }, body: `${JSON.stringify(value)}\n` };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

function parseJsonBody(request: RawRequest): unknown {
  const text = request.body.toString('utf8');
  if (text.trim() === '') throw new ApiError(400, 'expected a JSON body');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, `bad JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Keeps entries whose fields equal every given query parameter (numbers compared as text). */
function filterBy<T extends object>(
  entries: readonly T[],
  query: URLSearchParams,
  fields: readonly (keyof T & string)[],
): T[] {
  const wanted = fields
    .filter((field) => query.has(field))
    .map((field) => [field, query.get(field)!] as const);
  return entries.filter((entry) =>
    wanted.every(([field, value]) => String((entry as Record<string, unknown>)[field]) === value),
  );
}

function sinceAndLimit<T extends { time: number }>(entries: T[], query: URLSearchParams): T[] {
  const since = query.get('since');
  const limit = query.get('limit');
  let result = entries;
  if (since !== null) {
    const from = Number(since);
    if (!Number.isFinite(from)) throw new ApiError(400, 'since must be epoch milliseconds');
    result = result.filter((entry) => entry.time >= from);
  }
  if (limit !== null) {
    const count = Number(limit);
    if (!Number.isInteger(count) || count < 0)
      throw new ApiError(400, 'limit must be a non-negative integer');
    result = result.slice(Math.max(0, result.length - count));
  }
  return result;
}

function route(context: WorldApiContext, request: RawRequest): HttpReply {
  const url = new URL(request.url, 'http://lab.invalid');
  const path = url.pathname.replace(/\/+$/, '');
  const { world, faults } = context;
  const method = request.method.toUpperCase();

  if (path === '/_lab/health' && method === 'GET') {
    return json(200, { ok: true, now: world.now(), accounts: world.accounts.size });
  }
  if (path === '/_lab/requests' && method === 'GET') {
    world.settle();
    const entries = filterBy(world.requestLog, url.searchParams, [
      'accountId',
      'region',
      'service',
      'operation',
      'outcome',
      'httpStatus',
      'mutating',
      'target',
    ]);
    return json(200, sinceAndLimit(entries, url.searchParams));
  }
  if (path === '/_lab/history' && method === 'GET') {
    world.settle();
    const entries = filterBy(world.history, url.searchParams, [
      'accountId',
      'region',
      'vpnConnectionId',
      'outsideIpAddress',
      'status',
      'cause',
    ]);
    return json(200, sinceAndLimit(entries, url.searchParams));
  }
  if (path === '/_lab/deliveries' && method === 'GET') {
    // Settling runs alarm evaluation up to now, so alarm notifications due by now are listed.
    world.settle();
    const entries = filterBy(world.deliveries, url.searchParams, [
      'accountId',
      'region',
      'topicArn',
      'origin',
    ]);
    return json(200, sinceAndLimit(entries, url.searchParams));
  }
  if (path === '/_lab/alarms' && method === 'GET') {
    world.settle();
    const entries = filterBy(labAlarms(world), url.searchParams, [
      'accountId',
      'region',
      'alarmName',
      'stateValue',
    ]);
    return json(200, entries);
  }
  if (path === '/_lab/faults') {
    if (method === 'GET') return json(200, faults.list());
    if (method === 'DELETE') {
      faults.clear();
      return json(200, { cleared: true });
    }
    if (method === 'POST') {
      const body = parseJsonBody(request);
      const rules = (Array.isArray(body) ? body : [body]).map((rule) => validateFaultRule(rule));
      return json(200, { ids: rules.map((rule) => faults.add(rule)) });
    }
  }
  const faultId = /^\/_lab\/faults\/([\w-]+)$/.exec(path)?.[1];
  if (faultId !== undefined && method === 'DELETE') {
    if (!faults.remove(faultId)) throw new ApiError(404, `no fault ${faultId}`);
    return json(200, { removed: faultId });
  }
  if (path === '/_lab/clock/advance' && method === 'POST') {
    const body = parseJsonBody(request) as { seconds?: unknown; ms?: unknown } | null;
    const ms =
      typeof body?.ms === 'number' ? body.ms : typeof body?.seconds === 'number' ? body.seconds * 1000 : NaN;
    if (!Number.isFinite(ms) || ms < 0)
      throw new ApiError(400, 'expected {"seconds": N} or {"ms": N} with N >= 0');
    if (!context.advanceClock) throw new ApiError(409, 'this lab runs on a clock that cannot be advanced');
    context.advanceClock(ms);
    world.settle();
    return json(200, { now: world.now() });
  }
  if (path === '/_lab/events' && method === 'POST') {
    if (!context.applyEvent) throw new ApiError(501, 'world events are not available in this build');
    const body = parseJsonBody(request);
    world.settle();
    const result = context.applyEvent(body);
    return json(200, { ok: true, result: result ?? null });
  }
  throw new ApiError(404, `no route ${method} ${path}`);
}

export function handleWorldApi(context: WorldApiContext, request: RawRequest): HttpReply {
  try {
    return route(context, request);
  } catch (error) {
    if (error instanceof ApiError) return json(error.status, { error: oneLine(error.message) });
    if (error instanceof FaultRuleError) return json(400, { error: oneLine(error.message) });
    // Events and other world code throw plain Errors for bad input: a one-line 400, never a crash.
    return json(400, { error: oneLine(error instanceof Error ? error.message : String(error)) });
  }
}
