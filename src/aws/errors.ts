// Reading SDK errors without trusting their shape: a code and a one-line message, nothing else.

/** The AWS error code (SDK `name`), or a Node system error code, or 'Error'. */
export function errorCode(err: unknown): string {
  if (typeof err !== 'object' || err === null) return 'Error';
  const e = err as { name?: unknown; code?: unknown; Code?: unknown };
  if (typeof e.Code === 'string' && e.Code !== '') return e.Code;
  if (typeof e.name === 'string' && e.name !== '' && e.name !== 'Error') return e.name;
  if (typeof e.code === 'string' && e.code !== '') return e.code;
  return 'Error';
}

/** The error message on one line, bounded (AWS messages never carry credentials; bodies are not included). */
export function oneLine(err: unknown, max = 300): string {
  const raw = err instanceof Error ? err.message : String(err);
  const flat = raw.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
