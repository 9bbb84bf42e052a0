// The lab's HTTP front: one port on 127.0.0.1 for every service. Per request: read a bounded body, route it
// (protocol, service, operation), verify SigV4, take the account from the key and the region from the
// scope, throttle, inject faults, settle the world's clock, run the handler, render, log, reply.
// It never crashes on input and never answers 5xx except for injected faults and throttling.
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authError } from './protocols/auth-errors.js';
import {
  DEFAULT_PROTOCOL,
  isRoute,
  routeRequest,
  scopeServiceName,
  unknownOperation,
  type Route,
  type RouteFailure,
} from './protocols/dispatch.js';
import { renderError, renderSuccess, type RenderTarget } from './protocols/render.js';
import type { HttpReply } from './protocols/reply.js';
import { AuthProblem, scopeServiceOf, verifySignature, type VerifiedCaller } from './protocols/sigv4.js';
import { CLOUDWATCH_ERROR_SHAPES } from './services/cloudwatch.js';
import { services } from './services/index.js';
import { LabError, type LabCall, type ServiceName } from './services/types.js';
import { faultError, type Faults } from './world/faults.js';
import type { Throttle } from './world/throttle.js';
import type { World } from './world/world.js';

export const DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;
/** Bodies beyond this are not even drained: the connection is dropped. */
const HARD_BODY_LIMIT_BYTES = 64 * 1024 * 1024;
const DEFAULT_SLOW_MS = 2000;

export interface RawRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
  /** the body exceeded maxBodyBytes (it was discarded) */
  tooLarge: boolean;
}

/** What to do with the connection: send a reply (after a delay), or drop it with no reply. */
export type Outcome = { kind: 'reply'; reply: HttpReply; delayMs: number } | { kind: 'reset' };

export interface LabServerContext {
  world: World;
  faults: Faults;
  throttle: Throttle;
  /** added to every AWS response */
  latencyMs: number;
  maxBodyBytes: number;
  /** handles `/_lab/…` requests (no signature) */
  worldApi?: (request: RawRequest) => Promise<HttpReply>;
}

const CLOUDWATCH_COMPAT = { namespace: 'com.amazonaws.cloudwatch', shapes: CLOUDWATCH_ERROR_SHAPES };

function renderTarget(
  protocol: RenderTarget['protocol'],
  service: ServiceName | undefined,
  operation: string,
): RenderTarget {
  return {
    protocol,
    service,
    operation,
    ...(service === 'monitoring' && protocol === 'json1.0' ? { queryCompatibility: CLOUDWATCH_COMPAT } : {}),
  };
}

function callerArn(caller: VerifiedCaller): string {
  const temporary = caller.temporary;
  return temporary
    ? `arn:aws:sts::${caller.accountId}:assumed-role/${temporary.roleName}/${temporary.sessionName}`
    : `arn:aws:iam::${caller.accountId}:user/lab`;
}

/** The whole AWS request pipeline, without sockets: testable, and shared by the HTTP server. */
export async function processAwsRequest(context: LabServerContext, request: RawRequest): Promise<Outcome> {
  const { world } = context;
  const requestId = randomUUID();
  const questionMark = request.url.indexOf('?');
  const routed: Route | RouteFailure = request.tooLarge
    ? tooLarge(request, context.maxBodyBytes)
    : routeRequest({
        method: request.method,
        contentType: request.headers['content-type'] ?? '',
        target: request.headers['x-amz-target'] ?? '',
        body: request.body.toString('utf8'),
        query: questionMark === -1 ? '' : request.url.slice(questionMark + 1),
        path: questionMark === -1 ? request.url : request.url.slice(0, questionMark),
        scopeService: scopeServiceOf(request.headers),
      });
  const operationName = isRoute(routed) ? routed.operation : 'unknown';
  const target = renderTarget(routed.protocol, routed.service, operationName);
  const log = (
    outcome: string,
    httpStatus: number,
    caller?: VerifiedCaller,
    extra: { mutating?: boolean; target?: string } = {},
  ): void => {
    world.logRequest({
      time: world.now(),
      accountId: caller?.accountId,
      region: caller?.region,
      service: routed.service ?? 'unknown',
      operation: operationName,
      outcome,
      httpStatus,
      mutating: extra.mutating ?? false,
      ...(extra.target === undefined ? {} : { target: extra.target }),
    });
  };
  const replyWithError = (error: LabError, caller?: VerifiedCaller, delayMs = 0): Outcome => {
    const reply = renderError(target, error, requestId);
    log(error.code, reply.status, caller);
    return { kind: 'reply', reply, delayMs: context.latencyMs + delayMs };
  };

  // An oversized body was not kept, so its signature cannot be checked: refuse it before anything else.
  if (request.tooLarge && !isRoute(routed)) return replyWithError(routed.error);

  let caller: VerifiedCaller;
  try {
    caller = await verifySignature(
      { method: request.method, url: request.url, headers: request.headers, body: request.body },
      world,
      world.now(),
    );
  } catch (error) {
    if (!(error instanceof AuthProblem)) throw error;
    return replyWithError(authError(error.kind, error.message, routed.protocol, routed.service));
  }
  if (!isRoute(routed)) return replyWithError(routed.error, caller);

  const service = services[routed.service];
  const handler = Object.hasOwn(service.operations, routed.operation)
    ? service.operations[routed.operation]
    : undefined;
  if (!handler) {
    const message =
      routed.protocol === 'json1.0' || routed.protocol === 'json1.1' || routed.protocol === 'rest-json'
        ? `Unknown operation ${routed.operation}`
        : `The action ${routed.operation} is not valid for this web service.`;
    return replyWithError(unknownOperation(routed.protocol, message), caller);
  }
  const mutating = service.mutating.has(routed.operation);

  const throttled = context.throttle.admit(routed.service, routed.operation, caller.accountId, caller.region);
  if (throttled) return replyWithError(throttled, caller);

  const fault = context.faults.pick({
    service: routed.service,
    operation: routed.operation,
    accountId: caller.accountId,
    region: caller.region,
  });
  if (fault?.kind === 'reset') {
    log('reset', 0, caller, { mutating });
    return { kind: 'reset' };
  }
  const injected = fault && faultError(fault.kind, routed.service, routed.operation);
  if (injected) return replyWithError(injected, caller);
  const faultDelayMs = fault?.kind === 'slow' ? (fault.delayMs ?? DEFAULT_SLOW_MS) : 0;

  const now = world.now();
  world.settle(now);
  const call: LabCall = {
    service: routed.service,
    operation: routed.operation,
    protocol: routed.protocol,
    params: routed.params,
    accountId: caller.accountId,
    region: caller.region,
    accessKeyId: caller.accessKeyId,
    callerArn: callerArn(caller),
    requestId,
    now,
  };
  let reply: HttpReply;
  try {
    reply = renderSuccess(target, handler(world, call), requestId);
  } catch (error) {
    const labError =
      error instanceof LabError
        ? error
        : new LabError(
            'InternalError',
            `The lab failed to handle ${routed.operation}: ${String(error)}`,
            500,
          );
    const rendered = renderError(target, labError, requestId);
    log(labError.code, rendered.status, caller, {
      mutating,
      ...(call.target === undefined ? {} : { target: call.target }),
    });
    return { kind: 'reply', reply: rendered, delayMs: context.latencyMs + faultDelayMs };
  }
  if (fault?.kind === 'malformed') {
    // The call took effect; only its response is cut short, as when a connection dies mid-body.
    reply = { ...reply, body: reply.body.slice(0, Math.max(1, Math.floor(reply.body.length / 2))) };
  }
  log(fault?.kind === 'malformed' ? 'malformed' : 'ok', reply.status, caller, {
    mutating,
    ...(call.target === undefined ? {} : { target: call.target }),
  });
  return { kind: 'reply', reply, delayMs: context.latencyMs + faultDelayMs };
}

function tooLarge(request: RawRequest, maxBodyBytes: number): RouteFailure {
  const service = scopeServiceName(scopeServiceOf(request.headers));
  return {
    protocol: service ? DEFAULT_PROTOCOL[service] : 'query',
    service,
    error: new LabError('RequestEntityTooLarge', `Request body exceeds ${maxBodyBytes} bytes.`, 413),
  };
}

function flattenHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

/** Reads the body up to maxBytes, discarding (but draining) the rest; rejects when the hard limit is passed. */
function readBody(request: IncomingMessage, maxBytes: number): Promise<{ body: Buffer; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    request.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > HARD_BODY_LIMIT_BYTES) {
        request.destroy();
        reject(new Error('body beyond the hard limit'));
        return;
      }
      if (received <= maxBytes) chunks.push(chunk);
    });
    request.on('end', () => resolve({ body: Buffer.concat(chunks), tooLarge: received > maxBytes }));
    request.on('error', reject);
    request.on('aborted', () => reject(new Error('aborted')));
  });
}

function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

function send(response: ServerResponse, reply: HttpReply): void {
  if (response.destroyed || response.headersSent) return;
  response.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(reply.body) });
  response.end(reply.body);
}

async function handle(
  context: LabServerContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  let raw: RawRequest;
  try {
    const { body, tooLarge } = await readBody(request, context.maxBodyBytes);
    raw = {
      method: request.method ?? 'GET',
      url: request.url ?? '/',
      headers: flattenHeaders(request),
      body,
      tooLarge,
    };
  } catch {
    request.socket.destroy();
    return;
  }
  if (raw.url.startsWith('/_lab/') || raw.url === '/_lab') {
    send(
      response,
      context.worldApi ? await context.worldApi(raw) : { status: 404, headers: {}, body: 'no world API\n' },
    );
    return;
  }
  const outcome = await processAwsRequest(context, raw);
  if (outcome.kind === 'reset') {
    request.socket.destroy();
    return;
  }
  await delay(outcome.delayMs);
  send(response, outcome.reply);
}

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1:port (0 = any free port). */
export function startServer(context: LabServerContext, port = 0): Promise<RunningServer> {
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((request, response) => {
    handle(context, request, response).catch((error: unknown) => {
      // A bug in the lab, not the caller's fault: answer rather than hang, and keep serving.
      send(response, {
        status: 500,
        headers: { 'content-type': 'text/plain' },
        body: `lab internal error: ${error instanceof Error ? error.message : String(error)}\n`,
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      resolve({
        port: address.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            for (const socket of sockets) socket.destroy();
          }),
      });
    });
  });
}
