// Fault injection: rules matched against each signed, routed request (service, operation, account, region),
// firing with a seeded probability and/or a fixed number of times, so failure paths are reproducible.
// Rules are added and cleared at runtime (in-process through LabHandle.faults, or POST /_lab/faults).
import { LabError, type ServiceName } from '../services/types.js';
import { throttlingError } from './throttle.js';

export const FAULT_KINDS = [
  'internal-error', // 500 InternalError
  'unavailable', // 503 ServiceUnavailable
  'reset', // the socket is destroyed with no response (the call is not executed)
  'slow', // the response is delayed by delayMs (the call is executed)
  'malformed', // 200 with a truncated body (the call is executed)
  'access-denied', // EC2 403 UnauthorizedOperation; AccessDenied / AccessDeniedException elsewhere
  'throttle', // the service's own throttling error
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  kind: FaultKind;
  service?: ServiceName;
  operation?: string;
  accountId?: string;
  region?: string;
  /** probability in [0, 1] that a matching request is hit; default 1 */
  rate?: number;
  /** hit at most this many requests, then the rule is spent (and removed); default unlimited */
  count?: number;
  /** for `slow`: delay in ms; default 2000 */
  delayMs?: number;
}

export interface ActiveFault extends FaultRule {
  id: string;
  hits: number;
}

export interface FaultContext {
  service: ServiceName;
  operation: string;
  accountId: string;
  region: string;
}

/** mulberry32: tiny, seedable, good enough to decide fault hits reproducibly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultRuleError';
  }
}

/** Checks a rule from an untrusted source (the HTTP world API); throws FaultRuleError with one line. */
export function validateFaultRule(input: unknown): FaultRule {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new FaultRuleError('a fault rule must be a JSON object');
  }
  const rule = input as Record<string, unknown>;
  if (!FAULT_KINDS.includes(rule.kind as FaultKind)) {
    throw new FaultRuleError(`fault kind must be one of ${FAULT_KINDS.join(', ')}`);
  }
  for (const field of ['service', 'operation', 'accountId', 'region'] as const) {
    if (rule[field] !== undefined && typeof rule[field] !== 'string')
      throw new FaultRuleError(`${field} must be a string`);
  }
  if (rule.rate !== undefined && !(typeof rule.rate === 'number' && rule.rate >= 0 && rule.rate <= 1)) {
    throw new FaultRuleError('rate must be a number between 0 and 1');
  }
  if (rule.count !== undefined && !(Number.isInteger(rule.count) && (rule.count as number) > 0)) {
    throw new FaultRuleError('count must be a positive integer');
  }
  if (
    rule.delayMs !== undefined &&
    !(Number.isInteger(rule.delayMs) && (rule.delayMs as number) >= 0 && (rule.delayMs as number) <= 600_000)
  ) {
    throw new FaultRuleError('delayMs must be an integer between 0 and 600000');
  }
  return rule as unknown as FaultRule;
}

export class Faults {
  private rules: ActiveFault[] = [];
  private nextId = 1;
  private readonly random: () => number;

  constructor(seed = 0x5eed) {
    this.random = seededRandom(seed);
  }

  /** Adds a rule; returns its id (for remove). */
  add(rule: FaultRule): string {
    const validated = validateFaultRule(rule);
    const id = `fault-${this.nextId++}`;
    this.rules.push({ ...validated, id, hits: 0 });
    return id;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((rule) => rule.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): readonly ActiveFault[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  /** The first matching rule that fires for this request (counting the hit), or undefined. */
  pick(context: FaultContext): ActiveFault | undefined {
    for (const rule of this.rules) {
      if (!matches(rule, context)) continue;
      if (rule.rate !== undefined && rule.rate < 1 && this.random() >= rule.rate) continue;
      rule.hits += 1;
      if (rule.count !== undefined && rule.hits >= rule.count) this.remove(rule.id);
      return { ...rule };
    }
    return undefined;
  }
}

function matches(rule: FaultRule, context: FaultContext): boolean {
  return (
    (rule.service === undefined || rule.service === context.service) &&
    (rule.operation === undefined || rule.operation === context.operation) &&
    (rule.accountId === undefined || rule.accountId === context.accountId) &&
    (rule.region === undefined || rule.region === context.region)
  );
}

/** The AWS error a fault of this kind produces for this service (undefined for non-error kinds). */
export function faultError(kind: FaultKind, service: ServiceName, operation: string): LabError | undefined {
  switch (kind) {
    case 'internal-error':
      return service === 'logs'
        ? new LabError('ServiceUnavailableException', 'The service cannot complete the request.', 500)
        : new LabError('InternalError', 'An internal error has occurred', 500);
    case 'unavailable':
      return new LabError('ServiceUnavailable', 'Service is unavailable. Please try again later.', 503);
    case 'access-denied':
      return accessDenied(service, operation);
    case 'throttle':
      return throttlingError(service);
    case 'reset':
    case 'slow':
    case 'malformed':
      return undefined;
  }
}

function accessDenied(service: ServiceName, operation: string): LabError {
  const action = `${service === 'monitoring' ? 'cloudwatch' : service}:${operation}`;
  switch (service) {
    case 'ec2':
      return new LabError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403);
    case 'logs':
    case 'organizations':
      return new LabError('AccessDeniedException', `You are not authorized to perform: ${action}`, 400);
    case 'securityhub':
      return new LabError('AccessDeniedException', `User is not authorized to perform: ${action}`, 403);
    case 'sts':
    case 'sns':
    case 'monitoring':
      return new LabError('AccessDenied', `User is not authorized to perform: ${action}`, 403);
  }
}
