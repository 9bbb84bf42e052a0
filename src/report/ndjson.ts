// One JSON object per line, each with a `type`: a header, one line per finding, one per coverage gap, and a
// summary last (so a consumer reading a stream knows it got everything when the summary arrives).
import type { ScanResult } from '../model/types.js';
import { nullForUndefined } from './json.js';
import type { Formatter } from './types.js';

export const formatNdjson: Formatter = (result: ScanResult): string => {
  const records: object[] = [
    {
      type: 'header',
      schemaVersion: result.schemaVersion,
      tool: result.tool,
      startedAt: result.startedAt,
      finishedAt: result.finishedAt,
      scope: result.scope,
    },
    ...result.findings.map((finding) => ({ type: 'finding', ...finding })),
    ...result.coverage.gaps.map((gap) => ({ type: 'coverage-gap', ...gap })),
    {
      type: 'summary',
      ...result.summary,
      coverage: {
        complete: result.coverage.complete,
        scanned: result.coverage.scanned.length,
        gaps: result.coverage.gaps.length,
      },
    },
  ];
  return records.map((record) => `${JSON.stringify(record, nullForUndefined)}\n`).join('');
};
