// SigV4 verification with the SDK's own signer (@smithy/signature-v4): rebuild the request from exactly the
// headers the client signed, sign it again with the secret of its access key at the client's x-amz-date,
// and compare. Works for the JS SDK and for botocore (which sends no x-amz-content-sha256 and signs
// `; charset=utf-8` content types), because nothing is assumed beyond what the client listed as signed.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { TemporaryCredentials, World } from '../world/world.js';

export interface SignedRequest {
  method: string;
  /** raw request target as received: path plus optional `?query` */
  url: string;
  /** lower-cased header names; multi-valued headers joined with `,` */
  headers: Record<string, string>;
  body: Buffer;
}

export interface AuthorizationHeader {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

export interface VerifiedCaller {
  accessKeyId: string;
  accountId: string;
  region: string;
  service: string;
  temporary: TemporaryCredentials | undefined;
}

/**
 * Why a request was refused. The protocol layer turns each kind into the service's own error code:
 * missing -> MissingAuthenticationToken, unknown-key/bad-token -> InvalidClientTokenId, bad-signature ->
 * SignatureDoesNotMatch, expired -> ExpiredToken (with per-protocol spellings).
 */
export type AuthFailureKind =
  'missing' | 'malformed' | 'unknown-key' | 'bad-token' | 'bad-signature' | 'expired';

export class AuthProblem extends Error {
  constructor(
    readonly kind: AuthFailureKind,
    message: string,
    /** the scope service, when the Authorization header got that far (chooses the error format) */
    readonly scopeService?: string,
  ) {
    super(message);
    this.name = 'AuthProblem';
  }
}

const AUTHORIZATION_PATTERN =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request\s*,\s*SignedHeaders=([a-z0-9\-;_.]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/i;

/** Parses the Authorization header, or returns undefined when it is not a SigV4 header. */
export function parseAuthorization(header: string): AuthorizationHeader | undefined {
  const match = AUTHORIZATION_PATTERN.exec(header);
  if (!match) return undefined;
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match;
  return {
    accessKeyId: accessKeyId!,
    date: date!,
    region: region!,
    service: service!,
    signedHeaders: signedHeaders!.toLowerCase().split(';'),
    signature: signature!.toLowerCase(),
  };
}

/** `20261204T193741Z` -> Date, or undefined when malformed. */
export function parseAmzDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Only the scope service, for routing an error when verification fails early. */
export function scopeServiceOf(headers: Record<string, string>): string | undefined {
  const authorization = headers.authorization;
  return authorization === undefined ? undefined : parseAuthorization(authorization)?.service;
}

/** Verifies the request's signature against the world's keys; throws AuthProblem on any failure. */
export async function verifySignature(
  request: SignedRequest,
  world: World,
  now: number,
): Promise<VerifiedCaller> {
  const authorizationHeader = request.headers.authorization;
  if (authorizationHeader === undefined || authorizationHeader === '') {
    throw new AuthProblem('missing', 'Request is missing Authentication Token');
  }
  const auth = parseAuthorization(authorizationHeader);
  if (!auth)
    throw new AuthProblem('malformed', 'Authorization header requires a valid AWS4-HMAC-SHA256 value.');
  const fail = (kind: AuthFailureKind, message: string): never => {
    throw new AuthProblem(kind, message, auth.service);
  };

  const key = world.lookupKey(auth.accessKeyId);
  if (!key) return fail('unknown-key', 'The security token included in the request is invalid.');
  const sentToken = request.headers['x-amz-security-token'];
  if (key.temporary) {
    if (sentToken !== key.sessionToken)
      return fail('bad-token', 'The security token included in the request is invalid.');
    if (now >= key.temporary.expiresAt)
      return fail('expired', 'The security token included in the request is expired');
  } else if (sentToken !== undefined) {
    return fail('bad-token', 'The security token included in the request is invalid.');
  }

  const amzDate = request.headers['x-amz-date'];
  const signingDate = amzDate === undefined ? undefined : parseAmzDate(amzDate);
  if (!signingDate || !amzDate!.startsWith(auth.date) || !auth.signedHeaders.includes('x-amz-date')) {
    return fail(
      'malformed',
      'Authorization requires a signed X-Amz-Date header matching the credential scope date.',
    );
  }
  if (!auth.signedHeaders.includes('host')) return fail('malformed', "'Host' must be a signed header.");
  if (!payloadHashMatches(request)) {
    return fail(
      'bad-signature',
      'The request signature we calculated does not match the signature you provided.',
    );
  }

  const expected = await expectedSignature(request, auth, signingDate, {
    accessKeyId: auth.accessKeyId,
    secretAccessKey: key.secretAccessKey,
    sessionToken: auth.signedHeaders.includes('x-amz-security-token') ? key.sessionToken : undefined,
  });
  if (expected === undefined || !sameHex(expected, auth.signature)) {
    return fail(
      'bad-signature',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    );
  }
  return {
    accessKeyId: auth.accessKeyId,
    accountId: key.accountId,
    region: auth.region,
    service: auth.service,
    temporary: key.temporary,
  };
}

/** A signed x-amz-content-sha256 is trusted by the signer, so it must really be the body's hash. */
function payloadHashMatches(request: SignedRequest): boolean {
  const declared = request.headers['x-amz-content-sha256'];
  if (declared === undefined || declared === 'UNSIGNED-PAYLOAD') return true;
  return declared.toLowerCase() === createHash('sha256').update(request.body).digest('hex');
}

async function expectedSignature(
  request: SignedRequest,
  auth: AuthorizationHeader,
  signingDate: Date,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string | undefined },
): Promise<string | undefined> {
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) return undefined; // signed a header it did not send
    headers[name] = value;
  }
  const questionMark = request.url.indexOf('?');
  const rawPath = questionMark === -1 ? request.url : request.url.slice(0, questionMark);
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(
    questionMark === -1 ? '' : request.url.slice(questionMark + 1),
  )) {
    const existing = query[name];
    query[name] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken === undefined ? {} : { sessionToken: credentials.sessionToken }),
    },
    region: auth.region,
    service: auth.service,
    sha256: Sha256,
    applyChecksum: false,
  });
  const toSign = new HttpRequest({
    method: request.method,
    protocol: 'http:',
    hostname: headers.host ?? '',
    path,
    query,
    headers,
    body: request.body,
  });
  try {
    const signed = await signer.sign(toSign, { signingDate, signableHeaders: new Set(auth.signedHeaders) });
    const authorization = signed.headers.authorization ?? '';
    return /Signature=([0-9a-f]{64})/.exec(authorization)?.[1];
  } catch {
    return undefined;
  }
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
