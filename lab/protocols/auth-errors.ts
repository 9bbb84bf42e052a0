// Each service family spells authentication failures its own way. EC2 answers AuthFailure (401) for
// anything wrong with the key or signature; query services use the classic codes; JSON (Coral) services
// append Exception and answer 400; CloudWatch's JSON is query-compatible and keeps the query codes.
import { LabError, type Protocol, type ServiceName } from '../services/types.js';
import type { AuthFailureKind } from './sigv4.js';

interface Spelling {
  code: string;
  status: number;
}

const QUERY: Record<AuthFailureKind, Spelling> = {
  missing: { code: 'MissingAuthenticationToken', status: 403 },
  malformed: { code: 'IncompleteSignature', status: 400 },
  'unknown-key': { code: 'InvalidClientTokenId', status: 403 },
  'bad-token': { code: 'InvalidClientTokenId', status: 403 },
  'bad-signature': { code: 'SignatureDoesNotMatch', status: 403 },
  expired: { code: 'ExpiredToken', status: 403 },
};

const JSON_SERVICES: Record<AuthFailureKind, Spelling> = {
  missing: { code: 'MissingAuthenticationTokenException', status: 403 },
  malformed: { code: 'IncompleteSignatureException', status: 400 },
  'unknown-key': { code: 'UnrecognizedClientException', status: 400 },
  'bad-token': { code: 'UnrecognizedClientException', status: 400 },
  'bad-signature': { code: 'InvalidSignatureException', status: 400 },
  expired: { code: 'ExpiredTokenException', status: 400 },
};

const EC2: Record<AuthFailureKind, Spelling> = {
  missing: { code: 'AuthFailure', status: 401 },
  malformed: { code: 'AuthFailure', status: 401 },
  'unknown-key': { code: 'AuthFailure', status: 401 },
  'bad-token': { code: 'AuthFailure', status: 401 },
  'bad-signature': { code: 'AuthFailure', status: 401 },
  expired: { code: 'RequestExpired', status: 400 },
};

const EC2_MESSAGES: Partial<Record<AuthFailureKind, string>> = {
  'unknown-key': 'AWS was not able to validate the provided access credentials',
  'bad-token': 'AWS was not able to validate the provided access credentials',
  expired: 'Request has expired.',
};

export function authError(
  kind: AuthFailureKind,
  message: string,
  protocol: Protocol,
  service: ServiceName | undefined,
): LabError {
  const table =
    protocol === 'ec2'
      ? EC2
      : protocol === 'json1.1' || protocol === 'rest-json' || (protocol === 'json1.0' && service !== 'monitoring')
        ? JSON_SERVICES
        : QUERY;
  const spelling = table[kind];
  const text = protocol === 'ec2' ? (EC2_MESSAGES[kind] ?? message) : message;
  return new LabError(spelling.code, text, spelling.status);
}
