// The scan's stdout: one of the report registry's formats (src/report), chosen by --output.
import { formatNames, getFormatter, shouldUseColor } from '../report/index.js';
import type { ScanResult } from '../model/types.js';

export const OUTPUT_FORMATS = ['table', 'json', 'ndjson', 'sarif', 'asff', 'ocsf', 'markdown', 'html', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function renderScanResult(result: ScanResult, format: OutputFormat, stream: { isTTY?: boolean }): string {
  const formatter = getFormatter(format);
  if (!formatter) throw new Error(`output format '${format}' is not registered (registered: ${formatNames.join(', ')})`);
  return formatter(result, { color: format === 'table' && shouldUseColor(process.env, stream.isTTY) });
}
