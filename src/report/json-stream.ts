// JSON.stringify(value, replacer, indent) as a sequence of chunks, so a document with half a million findings is
// never one string (V8 caps a string at about 0.5 GB, and the scan's JSON at 170,000 connections is larger).
// The bytes are exactly JSON.stringify's: containers near the root, and every list, are written member by
// member; anything below `objectDepth` that is not a list is written whole by JSON.stringify and re-indented.
// A list may be any iterable (an Array, or a lazy source that produces its elements one at a time).
//
// The replacer is applied once per member, like JSON.stringify does, and once more (with key '') when a
// member is written whole: it must give the same value when applied twice (nullForUndefined does).

export type JsonReplacer = (key: string, value: unknown) => unknown;

export interface JsonChunkOptions {
  replacer?: JsonReplacer | undefined;
  /** Spaces per level (as JSON.stringify's third argument); at least 1. */
  indent: number;
  /** Plain objects at a depth below this are written member by member (the root is depth 0). */
  objectDepth: number;
}

/** Boxed primitives (new String('x')) are written as their primitive, like JSON.stringify does. */
function isBoxed(value: object): boolean {
  return value instanceof String || value instanceof Number || value instanceof Boolean;
}

/** A list to write element by element: an Array or any other iterable object (a Map or Set too). */
function isList(value: unknown): value is Iterable<unknown> {
  return typeof value === 'object' && value !== null && !isBoxed(value) && (Array.isArray(value) || Symbol.iterator in value);
}

function isStreamed(value: unknown, depth: number, options: JsonChunkOptions): value is object {
  if (isList(value)) return true;
  return typeof value === 'object' && value !== null && depth < options.objectDepth && !isBoxed(value);
}

/** toJSON, then the replacer: the value JSON.stringify would write for holder[key]. */
function resolve(holder: unknown, key: string, value: unknown, replacer: JsonReplacer | undefined): unknown {
  let v = value;
  if ((typeof v === 'object' && v !== null) || typeof v === 'bigint') {
    const toJSON = (v as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') v = (toJSON as (key: string) => unknown).call(v, key);
  }
  return replacer ? replacer.call(holder, key, v) : v;
}

/** A resolved value written whole; undefined when JSON.stringify leaves it out (undefined, function, symbol). */
function whole(value: unknown, depth: number, options: JsonChunkOptions): string | undefined {
  const text = JSON.stringify(value, options.replacer, options.indent) as string | undefined;
  // JSON text has no raw line breaks inside strings, so every newline is an indentation point.
  return text === undefined || depth === 0 ? text : text.replace(/\n/g, `\n${' '.repeat(options.indent * depth)}`);
}

export function* jsonChunks(value: unknown, options: JsonChunkOptions): Generator<string> {
  const resolved = resolve({ '': value }, '', value, options.replacer);
  if (isStreamed(resolved, 0, options)) {
    yield* container(resolved, 0, options);
    return;
  }
  const text = whole(resolved, 0, options);
  if (text !== undefined) yield text;
}

/** A resolved object or list, written member by member. */
function* container(value: object, depth: number, options: JsonChunkOptions): Generator<string> {
  const pad = `\n${' '.repeat(options.indent * (depth + 1))}`;
  let first = true;
  if (isList(value)) {
    let index = 0;
    for (const element of value) {
      const resolved = resolve(value, String(index++), element, options.replacer);
      yield first ? `[${pad}` : `,${pad}`;
      first = false;
      if (isStreamed(resolved, depth + 1, options)) yield* container(resolved, depth + 1, options);
      else yield whole(resolved, depth + 1, options) ?? 'null';
    }
    yield first ? '[]' : `\n${' '.repeat(options.indent * depth)}]`;
    return;
  }
  for (const key of Object.keys(value)) {
    const resolved = resolve(value, key, (value as Record<string, unknown>)[key], options.replacer);
    const label = `${first ? '{' : ','}${pad}${JSON.stringify(key)}: `;
    if (isStreamed(resolved, depth + 1, options)) {
      yield label;
      first = false;
      yield* container(resolved, depth + 1, options);
      continue;
    }
    const text = whole(resolved, depth + 1, options);
    if (text === undefined) continue;
    yield label + text;
    first = false;
  }
  yield first ? '{}' : `\n${' '.repeat(options.indent * depth)}}`;
}
