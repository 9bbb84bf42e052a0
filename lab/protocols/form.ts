// Query-protocol input (EC2, STS, SNS, CloudWatch's query dialect): a urlencoded form whose dotted keys
// describe nesting. `Filter.1.Name=a&Filter.1.Value.1=b` -> `{ Filter: [{ Name: 'a', Value: ['b'] }] }`.
// Numeric segments are 1-based list positions; `member` segments (awsQuery list wrappers) carry no meaning.
import type { Params } from '../services/types.js';

/** Decodes `a=1&b=%2F` into ordered pairs; `+` means space as in every form encoder. */
export function decodeForm(body: string): [string, string][] {
  return [...new URLSearchParams(body)];
}

type Node = Record<string, unknown>;

// Keys that would reach Object.prototype through bracket assignment; a form may carry anything.
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Builds the nested Params object from decoded form pairs (see the file comment). */
export function nestParams(pairs: Iterable<[string, string]>): Params {
  const root: Node = Object.create(null) as Node;
  for (const [key, value] of pairs) {
    const segments = key.split('.').filter((segment) => segment !== 'member' && segment !== '');
    if (segments.length === 0 || segments.some((segment) => UNSAFE_KEYS.has(segment))) continue;
    let node = root;
    for (let i = 0; i < segments.length - 1; i++) {
      const segment = segments[i]!;
      const existing = node[segment];
      if (typeof existing === 'object' && existing !== null) {
        node = existing as Node;
      } else {
        const child: Node = Object.create(null) as Node;
        node[segment] = child;
        node = child;
      }
    }
    node[segments.at(-1)!] = value;
  }
  return toArrays(root) as Params;
}

/** An object whose keys are all positive integers becomes an array ordered by those positions. */
function toArrays(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const node = value as Node;
  const keys = Object.keys(node);
  const converted: Node = {};
  for (const key of keys) converted[key] = toArrays(node[key]);
  if (keys.length > 0 && keys.every((key) => /^[1-9]\d{0,5}$/.test(key))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((position) => converted[String(position)]);
  }
  return converted;
}

export function parseForm(body: string): Params {
  return nestParams(decodeForm(body));
}
