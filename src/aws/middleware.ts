// Cross-cutting concerns for every AWS client, added in one place (clients.ts calls `instrument`):
// a read-only guard for scans, a request counter per account-region, and a debug trace that names
// operations only (never parameters, responses or credentials).
import type { HandlerExecutionContext, MiddlewareStack } from '@smithy/types';
import { CliError, EXIT } from '../cli/exit-codes.js';

/** Operations a read-only client may call, besides Describe*, List* and Get*. */
const READ_ONLY_EXCEPTIONS: ReadonlySet<string> = new Set([
  // Issues temporary credentials for a member account; changes no resource.
  'sts:AssumeRole',
]);

export function isReadOnlyOperation(service: string, operation: string): boolean {
  return /^(Describe|List|Get)[A-Z]/.test(operation) || READ_ONLY_EXCEPTIONS.has(`${service}:${operation}`);
}

/** Raised before any HTTP request when a read-only client is asked to change something. */
export class MutatingCallBlockedError extends CliError {
  constructor(readonly service: string, readonly operation: string) {
    super(`refused ${service}:${operation}: this client is read-only (scans never change AWS)`, EXIT.internal);
    this.name = 'MutatingCallBlockedError';
  }
}

export function operationName(context: HandlerExecutionContext): string {
  const command = typeof context.commandName === 'string' ? context.commandName : 'Unknown';
  return command.endsWith('Command') ? command.slice(0, -'Command'.length) : command;
}

export interface CallRecord {
  accountId: string;
  region: string;
  service: string;
  operation: string;
}

/** Counts logical calls and HTTP attempts (retries included) per account-region and operation. */
export class RequestCounter {
  private readonly calls = new Map<string, number>();
  private readonly attempts = new Map<string, number>();

  private static key(r: CallRecord): string {
    return `${r.accountId}\t${r.region}\t${r.service}:${r.operation}`;
  }

  recordCall(r: CallRecord): void {
    const key = RequestCounter.key(r);
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
  }

  recordAttempt(r: CallRecord): void {
    const key = RequestCounter.key(r);
    this.attempts.set(key, (this.attempts.get(key) ?? 0) + 1);
  }

  get totalCalls(): number {
    let n = 0;
    for (const v of this.calls.values()) n += v;
    return n;
  }

  get totalAttempts(): number {
    let n = 0;
    for (const v of this.attempts.values()) n += v;
    return n;
  }

  /** Rows sorted by account, region, operation. */
  rows(): (CallRecord & { calls: number; attempts: number })[] {
    const keys = new Set([...this.calls.keys(), ...this.attempts.keys()]);
    return [...keys].sort().map((key) => {
      const [accountId = '', region = '', op = ''] = key.split('\t');
      const [service = '', operation = ''] = op.split(':');
      return { accountId, region, service, operation, calls: this.calls.get(key) ?? 0, attempts: this.attempts.get(key) ?? 0 };
    });
  }
}

export interface InstrumentOptions {
  service: string;
  accountId: string;
  region: string;
  readOnly: boolean;
  counter?: RequestCounter | undefined;
  /** Receives one line per attempt: service, operation, account, region, outcome. Nothing else. */
  trace?: ((line: string) => void) | undefined;
}

interface Instrumentable {
  // The client stacks are generic over each client's input/output unions; the middleware below only
  // reads the context, so the widest stack type is enough.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  middlewareStack: MiddlewareStack<any, any>;
}

export function instrument<C extends Instrumentable>(client: C, options: InstrumentOptions): C {
  const { service, accountId, region } = options;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = operationName(context);
      if (options.readOnly && !isReadOnlyOperation(service, operation)) {
        throw new MutatingCallBlockedError(service, operation);
      }
      options.counter?.recordCall({ accountId, region, service, operation });
      return await next(args);
    },
    { step: 'initialize', priority: 'high', name: 'vpnguardCallGuard' },
  );
  // The deserialize step runs once per HTTP attempt (the retry middleware wraps it).
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = operationName(context);
      options.counter?.recordAttempt({ accountId, region, service, operation });
      const started = Date.now();
      try {
        const out = await next(args);
        options.trace?.(`${service}:${operation} ${accountId}/${region} ok ${Date.now() - started}ms`);
        return out;
      } catch (err) {
        const code = err instanceof Error ? err.name : 'Error';
        options.trace?.(`${service}:${operation} ${accountId}/${region} ${code} ${Date.now() - started}ms`);
        // A read whose 2xx body could not be parsed (cut off in transit) is worth another attempt: the SDK
        // retries only by status and code, and would turn one truncated response into a coverage gap.
        if (isReadOnlyOperation(service, operation) && isUnparsedSuccess(err)) markRetryable(err);
        throw err;
      }
    },
    { step: 'deserialize', priority: 'high', name: 'vpnguardAttemptCounter' },
  );
  return client;
}

/** The SDK could not deserialize a 2xx response (it attaches the raw response and a 2xx status). */
export function isUnparsedSuccess(err: unknown): boolean {
  if (typeof err !== 'object' || err === null || !('$response' in err)) return false;
  const status = (err as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 200 && status < 300;
}

function markRetryable(err: unknown): void {
  try {
    Object.assign(err as object, { $retryable: { throttling: false } });
  } catch {
    // a frozen error stays as it is
  }
}
