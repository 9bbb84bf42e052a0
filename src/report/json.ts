// The versioned JSON document (docs/scan-result.md, docs/scan-result.schema.json): the ScanResult itself, with
// every property that is present but undefined written as null (so "AWS returned no IKE list" stays visible as
// "ikeVersions": null instead of disappearing).
import type { ScanResult } from '../model/types.js';
import { jsonChunks } from './json-stream.js';
import type { Formatter, StreamFormatter } from './types.js';

export const SCHEMA_VERSION: ScanResult['schemaVersion'] = '1.0';

export function nullForUndefined(_key: string, value: unknown): unknown {
  return value === undefined ? null : value;
}

export const formatJson: Formatter = (result: ScanResult): string =>
  `${JSON.stringify(result, nullForUndefined, 2)}\n`;

/** The same bytes as formatJson, chunk by chunk: each finding and each resource is one chunk. */
export const streamJson: StreamFormatter = function* (source) {
  yield* jsonChunks(source, { replacer: nullForUndefined, indent: 2, objectDepth: 2 });
  yield '\n';
};
