// AWS REST-JSON (Security Hub): the operation is the HTTP method plus the URI path (no X-Amz-Target), the
// input is a JSON body, and errors name their shape in the `x-amzn-errortype` header and carry `Code` and
// `Message` in the body, which @aws-sdk's rest-json deserializer reads (reference: the botocore model's
// `http.requestUri`, e.g. POST /findings/import for BatchImportFindings).
import { LabError, type Params, type ServiceName } from '../services/types.js';
import type { HttpReply } from './reply.js';
import { toAwsJson } from './json.js';

interface RestRoute {
  service: ServiceName;
  method: string;
  path: string;
  operation: string;
}

/** Services that speak REST-JSON, by SigV4 signing name. */
export const REST_JSON_SERVICES: ReadonlySet<ServiceName> = new Set(['securityhub']);

const ROUTES: readonly RestRoute[] = [
  { service: 'securityhub', method: 'POST', path: '/findings/import', operation: 'BatchImportFindings' },
  { service: 'securityhub', method: 'POST', path: '/findings', operation: 'GetFindings' },
];

export function routeRest(
  service: ServiceName,
  method: string,
  path: string,
  body: string,
): { operation: string; params: Params } | LabError {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const route = ROUTES.find((r) => r.service === service && r.method === method && r.path === clean);
  if (!route) return new LabError('UnknownOperationException', `No operation for ${method} ${clean.slice(0, 80)}`, 404);
  let params: unknown;
  try {
    params = body.trim() === '' ? {} : JSON.parse(body);
  } catch {
    return new LabError('SerializationException', 'The request body is not valid JSON.');
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    return new LabError('SerializationException', 'The request body must be a JSON object.');
  }
  return { operation: route.operation, params: params as Params };
}

export function restJsonSuccess(output: unknown, requestId: string): HttpReply {
  return { status: 200, headers: { 'content-type': 'application/json', 'x-amzn-RequestId': requestId }, body: toAwsJson(output) };
}

export function restJsonError(error: LabError, requestId: string): HttpReply {
  return {
    status: error.httpStatus,
    headers: { 'content-type': 'application/json', 'x-amzn-RequestId': requestId, 'x-amzn-errortype': error.code },
    body: JSON.stringify({ Code: error.code, Message: error.message }),
  };
}
