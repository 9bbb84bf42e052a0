// Identifiers that look like AWS's: deterministic ones derived from a name (so a scenario reloads the same),
// random ones for secrets and request ids.
import { createHash, randomBytes } from 'node:crypto';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `AROA` + 17 chars derived from `seed`: stable ids for IAM users and roles. */
export function derivedId(prefix: string, seed: string, length = 17): string {
  const digest = createHash('sha256').update(seed).digest();
  let id = prefix;
  for (let i = 0; i < length; i++) id += UPPER_ALNUM[digest[i]! % UPPER_ALNUM.length];
  return id;
}

export function randomId(prefix: string, length: number, alphabet = UPPER_ALNUM): string {
  const bytes = randomBytes(length);
  let id = prefix;
  for (const byte of bytes) id += alphabet[byte % alphabet.length];
  return id;
}

export function randomSecret(length = 40): string {
  return randomBytes(length)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, length)
    .padEnd(length, 'x');
}
