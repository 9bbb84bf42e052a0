// The terminal table shows what --suppressions, --baseline and --framework add: muted findings keep their
// status but say so, and the framework's requirements get one row each with the counts of their controls.
import { describe, expect, it } from 'vitest';
import { NOW } from '../../test/fixtures/builders.js';
import { fixtureScanResult } from '../../test/fixtures/scan-result.js';
import { applyBaseline } from './baseline.js';
import { applyFramework, resolveFramework } from './framework-view.js';
import { applySuppressions, parseSuppressions } from './suppressions.js';
import { formatTable } from './table.js';

const failing = fixtureScanResult.findings.find((f) => f.control === 'EC2.183' && f.status === 'FAIL')!;

describe('table annotations', () => {
  it('a muted finding keeps FAIL and is marked muted with its expiry and reason', () => {
    const rules = parseSuppressions(
      `suppressions:\n  - control: EC2.183\n    resource: ${failing.resourceId}\n    reason: legacy gateway replaced in Q1\n    expires: 2099-01-31\n`,
      'suppressions.yaml',
    );
    const { result } = applySuppressions(fixtureScanResult, rules, 'suppressions.yaml', NOW);
    const text = formatTable(result, { color: false });
    expect(text).toMatch(/FAIL EC2\.183: .*\[muted until 2099-01-31: legacy gateway replaced in Q1\]/);
    expect(formatTable(fixtureScanResult, { color: false })).not.toContain('muted until');
  });

  it('with a baseline, findings say whether they are new', () => {
    const result = applyBaseline(fixtureScanResult, [
      { control: failing.control, resourceArn: failing.resourceArn, status: failing.status },
    ]);
    const text = formatTable(result, { color: false });
    expect(text).toContain('[in baseline]');
    expect(text).toContain('[new since baseline]');
  });

  it('--framework adds one row per requirement with the counts of its controls', () => {
    const framework = resolveFramework('nist-800-53-r5')!;
    const result = applyFramework(fixtureScanResult, framework);
    const text = formatTable(result, { color: false });
    expect(text).toContain(`Framework: ${framework.name}`);
    const cp10 = text.split('\n').find((line) => /^\s+CP-10\s/.test(line));
    const ec220Fails = result.findings.filter((f) => f.control === 'EC2.20' && f.status === 'FAIL').length;
    expect(cp10).toBeDefined();
    expect(cp10).toMatch(new RegExp(`^\\s+CP-10\\s+EC2\\.20\\s+${ec220Fails}\\s`));
    expect(cp10).toContain('AWS');
  });
});
