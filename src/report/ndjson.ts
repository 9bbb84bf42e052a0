// One JSON object per line, each with a `type`: a header, one line per finding, one per coverage gap, and a
// summary last (so a consumer reading a stream knows it got everything when the summary arrives).
import type { ScanSource } from '../model/types.js';
import { nullForUndefined } from './json.js';
import type { Formatter, StreamFormatter } from './types.js';

export const streamNdjson: StreamFormatter = function* (source: ScanSource) {
  const line = (record: object) => `${JSON.stringify(record, nullForUndefined)}\n`;
  yield line({
    type: 'header',
    schemaVersion: source.schemaVersion,
    tool: source.tool,
    startedAt: source.startedAt,
    finishedAt: source.finishedAt,
    scope: source.scope,
  });
  for (const finding of source.findings) yield line({ type: 'finding', ...finding });
  for (const gap of source.coverage.gaps) yield line({ type: 'coverage-gap', ...gap });
  yield line({
    type: 'summary',
    ...source.summary,
    coverage: {
      complete: source.coverage.complete,
      scanned: source.coverage.scanned.length,
      gaps: source.coverage.gaps.length,
    },
  });
};

export const formatNdjson: Formatter = (result) => [...streamNdjson(result, { color: false })].join('');
