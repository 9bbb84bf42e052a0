// The formatter registry: name -> pure function over one ScanResult. Add a format by adding one entry.
import { formatAsff } from './asff.js';
import { formatCsv } from './csv.js';
import { formatHtml } from './html.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import { formatNdjson } from './ndjson.js';
import { formatOcsf } from './ocsf.js';
import { formatSarif } from './sarif.js';
import { formatTable } from './table.js';
import type { Formatter } from './types.js';

export type { FormatOptions, Formatter } from './types.js';
export { shouldUseColor, terminalSafe } from './escape.js';

export const formatters: Readonly<Record<string, Formatter>> = {
  table: formatTable,
  json: formatJson,
  ndjson: formatNdjson,
  sarif: formatSarif,
  asff: formatAsff,
  ocsf: formatOcsf,
  markdown: formatMarkdown,
  html: formatHtml,
  csv: formatCsv,
};

export const formatNames: readonly string[] = Object.keys(formatters);

export function getFormatter(name: string): Formatter | undefined {
  return Object.hasOwn(formatters, name) ? formatters[name] : undefined;
}
