// The formatter registry: name -> pure function over one ScanResult. Add a format by adding one entry.
import { formatJson } from './json.js';
import { formatNdjson } from './ndjson.js';
import { formatTable } from './table.js';
import type { Formatter } from './types.js';

export type { FormatOptions, Formatter } from './types.js';
export { shouldUseColor, terminalSafe } from './escape.js';

export const formatters: Readonly<Record<string, Formatter>> = {
  table: formatTable,
  json: formatJson,
  ndjson: formatNdjson,
};

export const formatNames: readonly string[] = Object.keys(formatters);

export function getFormatter(name: string): Formatter | undefined {
  return Object.hasOwn(formatters, name) ? formatters[name] : undefined;
}
