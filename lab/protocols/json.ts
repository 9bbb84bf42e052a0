// AWS JSON 1.0 / 1.1 (Logs, Organizations, CloudWatch): JSON in, JSON out. Dates leave as epoch seconds
// (the SDK rejects ISO strings in timestamp members), errors carry `__type`. CloudWatch is
// awsQueryCompatible: its errors name the modeled shape in `__type` and the query code in
// `x-amzn-query-error: Code;Type`, which the SDK prefers (reference/aws-wire.md §1.3, §1.6).
import type { LabError } from '../services/types.js';
import type { HttpReply } from './reply.js';

export type JsonVersion = '1.0' | '1.1';

export interface QueryCompatibility {
  /** e.g. `com.amazonaws.cloudwatch` */
  namespace: string;
  /** query error code -> modeled error shape name; unlisted codes keep their name */
  shapes: Readonly<Record<string, string>>;
}

export function jsonContentType(version: JsonVersion): string {
  return `application/x-amz-json-${version}`;
}

/** JSON.stringify with Dates as epoch seconds (fractional, like AWS). */
export function toAwsJson(value: unknown): string {
  return JSON.stringify(
    value ?? {},
    function replacer(this: Record<string, unknown>, key: string, current: unknown) {
      const raw = this[key];
      return raw instanceof Date ? raw.getTime() / 1000 : current;
    },
  );
}

export function jsonSuccess(version: JsonVersion, output: unknown, requestId: string): HttpReply {
  return {
    status: 200,
    headers: { 'content-type': jsonContentType(version), 'x-amzn-RequestId': requestId },
    body: toAwsJson(output),
  };
}

export function jsonError(
  version: JsonVersion,
  error: LabError,
  requestId: string,
  compatibility?: QueryCompatibility,
): HttpReply {
  const headers: Record<string, string> = {
    'content-type': jsonContentType(version),
    'x-amzn-RequestId': requestId,
  };
  let type = error.code;
  if (compatibility) {
    type = `${compatibility.namespace}#${compatibility.shapes[error.code] ?? error.code}`;
    headers['x-amzn-query-error'] = `${error.code};${error.type}`;
  }
  headers['x-amzn-errortype'] = type;
  return {
    status: error.httpStatus,
    headers,
    body: JSON.stringify({ __type: type, message: error.message }),
  };
}
