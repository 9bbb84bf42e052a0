// The scan's output: one of the report registry's formats (src/report), chosen by --output or by a file's
// extension. Formats with a StreamFormatter are written chunk by chunk (findings made as they are written, so
// a large estate is never one string nor every finding at once); the others from the whole ScanResult.
import { formatNames, getFormatter, getStreamFormatter, type FormatOptions } from '../report/index.js';
import type { ScanSource } from '../model/types.js';
import { resultOf } from './findings.js';

export const OUTPUT_FORMATS = ['table', 'json', 'ndjson', 'sarif', 'asff', 'ocsf', 'markdown', 'html', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Where the text goes; a returned promise is awaited before the next write (backpressure). */
export type WriteText = (text: string) => unknown;

/** Chunks are gathered up to this many characters per write. */
const WRITE_SIZE = 1 << 16;

export async function writeReport(source: ScanSource, format: string, write: WriteText, options: FormatOptions): Promise<void> {
  const stream = getStreamFormatter(format);
  if (stream === undefined) {
    const formatter = getFormatter(format);
    if (!formatter) throw new Error(`output format '${format}' is not registered (registered: ${formatNames.join(', ')})`);
    await write(formatter(resultOf(source), options));
    return;
  }
  let pending = '';
  for (const chunk of stream(source, options)) {
    pending += chunk;
    if (pending.length >= WRITE_SIZE) {
      await write(pending);
      pending = '';
    }
  }
  if (pending !== '') await write(pending);
}

interface Writable {
  write(chunk: string): boolean;
  once?(event: 'drain', listener: () => void): unknown;
}

/** Writes to a stream (stdout), waiting for 'drain' when the stream asks to. */
export function streamWriter(out: Writable): WriteText {
  return (text) => {
    if (out.write(text) || out.once === undefined) return undefined;
    return new Promise<void>((resolve) => out.once!('drain', resolve));
  };
}
