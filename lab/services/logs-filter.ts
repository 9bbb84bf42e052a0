// CloudWatch Logs filter patterns, the subset the lab needs: plain terms (all must occur), "quoted phrases",
// `?term` alternatives (any may occur), `-term` exclusions, and JSON patterns of the form
// `{ $.Field = "value" && $.Other != value* }`. Matching is case-sensitive, as in AWS.

export type LogMatcher = (message: string) => boolean;

export class FilterPatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterPatternError';
  }
}

export function compileFilterPattern(pattern: string | undefined): LogMatcher {
  const text = (pattern ?? '').trim();
  if (text === '') return () => true;
  if (text.startsWith('{')) return compileJsonPattern(text);
  return compileTermPattern(text);
}

function compileTermPattern(text: string): LogMatcher {
  const tokens = text.match(/[?-]?"[^"]*"|\S+/g) ?? [];
  const required: string[] = [];
  const anyOf: string[] = [];
  const excluded: string[] = [];
  for (const token of tokens) {
    const prefix = token[0] === '?' || token[0] === '-' ? token[0] : '';
    let term = token.slice(prefix.length);
    if (term.startsWith('"') && term.endsWith('"') && term.length >= 2) term = term.slice(1, -1);
    if (term === '') continue;
    if (prefix === '?') anyOf.push(term);
    else if (prefix === '-') excluded.push(term);
    else required.push(term);
  }
  return (message) =>
    required.every((term) => message.includes(term)) &&
    (anyOf.length === 0 || anyOf.some((term) => message.includes(term))) &&
    !excluded.some((term) => message.includes(term));
}

interface JsonCondition {
  path: string[];
  negate: boolean;
  value: string;
}

function compileJsonPattern(text: string): LogMatcher {
  if (!text.endsWith('}')) throw new FilterPatternError('Invalid character(s) in term');
  const body = text.slice(1, -1).trim();
  if (body.includes('||')) throw new FilterPatternError('The lab supports only && in JSON filter patterns');
  const conditions = body.split('&&').map(parseCondition);
  return (message) => {
    let document: unknown;
    try {
      document = JSON.parse(message);
    } catch {
      return false;
    }
    return conditions.every((condition) => {
      const actual = lookup(document, condition.path);
      const scalar = typeof actual === 'string' || typeof actual === 'number' || typeof actual === 'boolean';
      const equal = scalar && wildcardEquals(String(actual), condition.value);
      return condition.negate ? !equal : equal;
    });
  };
}

function parseCondition(source: string): JsonCondition {
  const match = /^\s*\$\.([\w.]+)\s*(=|!=)\s*(?:"([^"]*)"|([^\s"]+))\s*$/.exec(source);
  if (!match) throw new FilterPatternError('Invalid character(s) in term');
  return { path: match[1]!.split('.'), negate: match[2] === '!=', value: match[3] ?? match[4]! };
}

function lookup(document: unknown, path: string[]): unknown {
  let node = document;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function wildcardEquals(actual: string, expected: string): boolean {
  if (!expected.includes('*')) return actual === expected;
  const regex = new RegExp(`^${expected.split('*').map(escapeRegex).join('.*')}$`);
  return regex.test(actual);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
