// Reading call parameters the same way for every protocol: query protocols deliver strings (and nested
// arrays/objects from the form), JSON delivers typed values. Each service names its own validation error
// (AWS spells it differently per service), so readers take an `invalid` factory.
import { LabError, type Params } from './types.js';

export type InvalidFactory = (message: string) => LabError;

export interface ParamReader {
  string(name: string): string | undefined;
  requiredString(name: string): string;
  int(name: string, range?: { min?: number; max?: number }): number | undefined;
  requiredInt(name: string, range?: { min?: number; max?: number }): number;
  number(name: string): number | undefined;
  requiredNumber(name: string): number;
  bool(name: string): boolean | undefined;
  stringList(name: string): string[] | undefined;
  objectList(name: string): Record<string, unknown>[] | undefined;
  object(name: string): Record<string, unknown> | undefined;
}

export function readParams(
  params: Params,
  invalid: InvalidFactory,
  missing: InvalidFactory = invalid,
): ParamReader {
  const raw = (name: string): unknown => (Object.hasOwn(params, name) ? params[name] : undefined);

  const reader: ParamReader = {
    string(name) {
      const value = raw(name);
      if (value === undefined || value === null) return undefined;
      if (typeof value !== 'string') throw invalid(`Value at '${name}' must be a string.`);
      return value;
    },
    requiredString(name) {
      const value = reader.string(name);
      if (value === undefined || value === '') throw missing(`The parameter ${name} must be specified.`);
      return value;
    },
    int(name, range = {}) {
      const value = reader.number(name);
      if (value === undefined) return undefined;
      if (!Number.isInteger(value)) throw invalid(`Value '${value}' at '${name}' must be an integer.`);
      if (range.min !== undefined && value < range.min) {
        throw invalid(
          `Value '${value}' at '${name}' failed to satisfy constraint: Member must have value greater than or equal to ${range.min}`,
        );
      }
      if (range.max !== undefined && value > range.max) {
        throw invalid(
          `Value '${value}' at '${name}' failed to satisfy constraint: Member must have value less than or equal to ${range.max}`,
        );
      }
      return value;
    },
    requiredInt(name, range) {
      const value = reader.int(name, range);
      if (value === undefined) throw missing(`The parameter ${name} must be specified.`);
      return value;
    },
    number(name) {
      const value = raw(name);
      if (value === undefined || value === null) return undefined;
      const parsed =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && value.trim() !== ''
            ? Number(value)
            : NaN;
      if (!Number.isFinite(parsed)) throw invalid(`Value at '${name}' must be a number.`);
      return parsed;
    },
    requiredNumber(name) {
      const value = reader.number(name);
      if (value === undefined) throw missing(`The parameter ${name} must be specified.`);
      return value;
    },
    bool(name) {
      const value = raw(name);
      if (value === undefined || value === null) return undefined;
      if (value === true || value === 'true') return true;
      if (value === false || value === 'false') return false;
      throw invalid(`Value at '${name}' must be a boolean.`);
    },
    stringList(name) {
      const value = raw(name);
      if (value === undefined || value === null) return undefined;
      if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string')) {
        throw invalid(`Value at '${name}' must be a list of strings.`);
      }
      return value as string[];
    },
    objectList(name) {
      const value = raw(name);
      if (value === undefined || value === null) return undefined;
      if (
        !Array.isArray(value) ||
        value.some((entry) => typeof entry !== 'object' || entry === null || Array.isArray(entry))
      ) {
        throw invalid(`Value at '${name}' must be a list of structures.`);
      }
      return value as Record<string, unknown>[];
    },
    object(name) {
      const value = raw(name);
      if (value === undefined || value === null) return undefined;
      if (typeof value !== 'object' || Array.isArray(value))
        throw invalid(`Value at '${name}' must be a structure.`);
      return value as Record<string, unknown>;
    },
  };
  return reader;
}

/** Opaque pagination tokens that encode where the next page starts (never the same token twice in a walk). */
export function encodeToken(position: string): string {
  return Buffer.from(JSON.stringify({ after: position }), 'utf8').toString('base64url');
}

/** The position a token encodes, or undefined when the token is not one of ours. */
export function decodeToken(token: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      typeof (parsed as { after?: unknown }).after === 'string'
    ) {
      return (parsed as { after: string }).after;
    }
  } catch {
    // fall through: not a token we issued
  }
  return undefined;
}

/**
 * One page of `items` (sorted by `keyOf`) starting after the token's position. Returns the page and the
 * token for the next page, or no token when this page is the last.
 */
export function paginate<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  pageSize: number,
  token: string | undefined,
  invalidToken: () => LabError,
): { page: T[]; nextToken: string | undefined } {
  let start = 0;
  if (token !== undefined) {
    const after = decodeToken(token);
    if (after === undefined) throw invalidToken();
    start = items.findIndex((item) => keyOf(item) > after);
    if (start === -1) start = items.length;
  }
  const page = items.slice(start, start + pageSize);
  const more = start + pageSize < items.length;
  return { page, nextToken: more && page.length > 0 ? encodeToken(keyOf(page.at(-1)!)) : undefined };
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
