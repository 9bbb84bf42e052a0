// The formatter registry: name -> pure function over one ScanResult. Add a format by adding one entry.
// Formats that can be written chunk by chunk (the machine formats a large estate is exported in) also have a
// StreamFormatter: the same bytes, from a ScanSource whose findings are produced while they are written.
import { formatAsff } from './asff.js';
import { formatCsv, streamCsv } from './csv.js';
import { formatHtml } from './html.js';
import { formatJson, streamJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import { formatNdjson, streamNdjson } from './ndjson.js';
import { formatOcsf } from './ocsf.js';
import { formatSarif, streamSarif } from './sarif.js';
import { formatTable } from './table.js';
import type { Formatter, StreamFormatter } from './types.js';

export type { FormatOptions, Formatter, StreamFormatter } from './types.js';
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

export const streamFormatters: Readonly<Record<string, StreamFormatter>> = {
  json: streamJson,
  ndjson: streamNdjson,
  sarif: streamSarif,
  csv: streamCsv,
};

export function getStreamFormatter(name: string): StreamFormatter | undefined {
  return Object.hasOwn(streamFormatters, name) ? streamFormatters[name] : undefined;
}
