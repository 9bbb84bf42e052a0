// Every streamed format writes the same bytes as its string formatter, from an in-memory result and from a
// source whose findings are produced one at a time (as the scan hands them over).
import { describe, expect, it } from 'vitest';
import type { ScanSource } from '../model/types.js';
import { fixtureScanResult } from '../../test/fixtures/scan-result.js';
import { applyFramework, resolveFramework } from './framework-view.js';
import { getFormatter, streamFormatters } from './index.js';

function lazyFindings(source: ScanSource): ScanSource {
  const findings = [...source.findings];
  return { ...source, findings: { *[Symbol.iterator]() { for (const f of findings) yield structuredClone(f); } } };
}

describe('streaming formatters', () => {
  const results = { plain: fixtureScanResult, framework: applyFramework(fixtureScanResult, resolveFramework('pci-dss-v4.0.1')!) };
  for (const name of Object.keys(streamFormatters)) {
    for (const [label, result] of Object.entries(results)) {
      it(`${name} (${label}): the stream's bytes are the formatter's`, () => {
        const expected = getFormatter(name)!(result, { color: false });
        expect([...streamFormatters[name]!(result, { color: false })].join('')).toBe(expected);
        expect([...streamFormatters[name]!(lazyFindings(result), { color: false })].join('')).toBe(expected);
      });
    }
  }
});
