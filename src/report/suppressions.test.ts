// Suppressions, baselines and --framework: the transforms applied to a scan result before any format.
import { describe, expect, it } from 'vitest';
import { NOW } from '../../test/fixtures/builders.js';
import { fixtureScanResult } from '../../test/fixtures/scan-result.js';
import { scanExitCode } from '../scan/outcome.js';
import { applyBaseline, formatBaseline, parseBaseline } from './baseline.js';
import { isActionable } from './finding-info.js';
import { applyFramework, resolveFramework } from './framework-view.js';
import { formatCsv } from './csv.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { toAsffFindings } from './asff.js';
import { applySuppressions, globMatch, parseSuppressions, SuppressionFileError } from './suppressions.js';

const FILE = 'vpnguard-suppressions.yaml';
const actionable = (findings: typeof fixtureScanResult.findings) => findings.filter(isActionable);

describe('suppression file', () => {
  it('parses rules with globs, a reason and an expiry', () => {
    const rules = parseSuppressions(
      `suppressions:\n  - control: EC2.183\n    resource: "vpn-0a1b2c3d4e5f6000*"\n    reason: CGW replacement ordered (CHG-1234)\n    expires: 2026-06-30\n  - account: 444455556666\n    region: us-*\n    reason: contractor endpoint, decommissioned in Q3\n    expires: "2026-09-30"\n`,
      FILE,
    );
    expect(rules).toEqual([
      { control: 'EC2.183', resource: 'vpn-0a1b2c3d4e5f6000*', reason: 'CGW replacement ordered (CHG-1234)', expires: '2026-06-30' },
      { account: '444455556666', region: 'us-*', reason: 'contractor endpoint, decommissioned in Q3', expires: '2026-09-30' },
    ]);
  });

  it.each([
    ['suppressions:\n  - control: EC2.20\n    expires: 2026-01-01\n', /entry 1 \(suppressions\[0\]\)\.reason is required.*fix: add reason:/],
    ['suppressions:\n  - control: EC2.20\n    reason: x\n    expires: next week\n', /entry 1 \(suppressions\[0\]\)\.expires must be a date written YYYY-MM-DD, got "next week"; fix: write the expiry as YYYY-MM-DD/],
    ['suppressions:\n  - control: EC2.20\n    reason: x\n    expires: 2026-02-30\n', /expires must be a date written YYYY-MM-DD, got "2026-02-30"/],
    ['suppressions:\n  - reason: x\n    expires: 2026-01-01\n', /entry 1 \(suppressions\[0\]\) needs at least one of control, resource, account, region/],
    ['suppressions:\n  - control: EC2.20\n    reason: x\n    expires: 2026-01-01\n    until: 2027-01-01\n', /entry 1 \(suppressions\[0\]\) unknown field\(s\) until; fix: use only control, resource, account, region, reason, expires/],
    ['- control: EC2.20\n', /must be a mapping with a `suppressions:` list/],
    ['suppressions: [\n', /not valid YAML/],
  ])('a bad file is one line naming the file, the entry and the fix: %#', (text, message) => {
    let error: unknown;
    try {
      parseSuppressions(text, FILE);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SuppressionFileError);
    const line = (error as Error).message;
    expect(line).toMatch(new RegExp(`^${FILE}: `));
    expect(line).toMatch(message);
    expect(line).not.toContain('\n');
  });

  it('globs: * matches any run, the rest is literal', () => {
    expect(globMatch('vpn-0a*', 'vpn-0a1b')).toBe(true);
    expect(globMatch('vpn-0a*', 'xvpn-0a1b')).toBe(false);
    expect(globMatch('EC2.1*', 'EC2.183')).toBe(true);
    expect(globMatch('EC2.1', 'EC2x1')).toBe(false);
    expect(globMatch('*', '')).toBe(true);
  });
});

describe('applying suppressions', () => {
  const now = new Date(fixtureScanResult.finishedAt);
  const rules = parseSuppressions(
    'suppressions:\n  - control: EC2.183\n    resource: vpn-0a1b2c3d4e5f60002\n    reason: IKEv1-only CGW, replacement CHG-1\n    expires: 2026-04-01\n  - control: vpn-tunnels-up\n    account: "111122223333"\n    reason: old\n    expires: 2026-03-31\n',
    FILE,
  );

  it('mutes matches (keeping status), leaves the rest, and warns about expired rules', () => {
    const { result, warnings } = applySuppressions(fixtureScanResult, rules, FILE, now);
    const muted = result.findings.filter((f) => f.muted);
    expect(muted).toHaveLength(1);
    expect(muted[0]).toMatchObject({ control: 'EC2.183', resourceId: 'vpn-0a1b2c3d4e5f60002', status: 'FAIL', muted: { reason: 'IKEv1-only CGW, replacement CHG-1', expires: '2026-04-01' } });
    expect(result.findings.filter((f) => f.control === 'EC2.20' && f.muted)).toEqual([]);
    expect(warnings).toEqual([
      `warning: suppression ${FILE} entry 2 (vpn-tunnels-up 111122223333) expired on 2026-03-31; it mutes nothing and 3 findings count again`,
    ]);
    expect(actionable(result.findings)).toHaveLength(actionable(fixtureScanResult.findings).length - 1);
  });

  it('a rule stays active through its expiry day and stops the next day', () => {
    const endOfDay = new Date('2026-04-01T23:59:59Z');
    expect(applySuppressions(fixtureScanResult, rules, FILE, endOfDay).result.findings.some((f) => f.muted)).toBe(true);
    const nextDay = new Date('2026-04-02T00:00:00Z');
    const { result, warnings } = applySuppressions(fixtureScanResult, rules, FILE, nextDay);
    expect(result.findings.some((f) => f.muted)).toBe(false);
    expect(warnings).toHaveLength(2);
  });

  it('muted findings do not fail the run; the formats show them as muted', () => {
    const all = parseSuppressions('suppressions:\n  - account: "*"\n    reason: accepted for the demo\n    expires: 2030-01-01\n', FILE);
    const { result } = applySuppressions({ ...fixtureScanResult, coverage: { ...fixtureScanResult.coverage, complete: true, gaps: [] } }, all, FILE, now);
    expect(scanExitCode({ coverage: result.coverage, findings: actionable(result.findings) }, 'low')).toBe(0);
    expect(result.findings.every((f) => f.muted !== undefined)).toBe(true);
    expect(formatCsv(result, { color: false })).toContain(',FAIL,yes,accepted for the demo,2030-01-01,');
    expect(formatMarkdown(result, { color: false })).toContain('muted until 2030-01-01: accepted for the demo');
    expect(formatSarif(result, { color: false })).toContain('"justification": "accepted for the demo (until 2030-01-01)"');
    expect(toAsffFindings(result).find((f) => f.Id.endsWith('/EC2.20'))!.Workflow).toEqual({ Status: 'SUPPRESSED' });
  });
});

describe('baseline', () => {
  it('round-trips, and fails only on findings not in the baseline', () => {
    const text = formatBaseline(fixtureScanResult);
    const entries = parseBaseline(text, 'baseline.json');
    expect(entries).toHaveLength(actionable(fixtureScanResult.findings).length);
    expect(formatBaseline(fixtureScanResult)).toBe(text);

    const same = applyBaseline(fixtureScanResult, entries);
    expect(actionable(same.findings)).toEqual([]);
    const withoutFirst = applyBaseline(fixtureScanResult, entries.slice(1));
    const open = actionable(withoutFirst.findings);
    expect(open).toHaveLength(1);
    expect(open[0]!.baselineState).toBe('new');
  });

  it('is independent of run time, but a status change is new', () => {
    const entries = parseBaseline(formatBaseline(fixtureScanResult), 'b.json');
    const later = { ...fixtureScanResult, finishedAt: new Date(NOW.getTime() + 86_400_000 * 30).toISOString() };
    expect(actionable(applyBaseline(later, entries).findings)).toEqual([]);
    const changed = { ...fixtureScanResult, findings: fixtureScanResult.findings.map((f, i) => (i === 0 ? { ...f, status: 'ERROR' as const } : f)) };
    expect(actionable(applyBaseline(changed, entries).findings)).toHaveLength(1);
  });

  it('a bad baseline file is one line with the fix', () => {
    expect(() => parseBaseline('{', 'b.json')).toThrow(/^b\.json: not valid JSON .*; fix: regenerate it with --write-baseline b\.json$/);
    expect(() => parseBaseline('{"findings": []}', 'b.json')).toThrow(/^b\.json: vpnguardBaseline .*fix: regenerate/);
  });
});

describe('--framework', () => {
  it('resolves catalogue ids and short spellings', () => {
    expect(resolveFramework('pci-dss-4.0.1')?.id).toBe('pci-dss-v4.0.1');
    expect(resolveFramework('nist-sp-800-77')?.id).toBe('nist-sp-800-77-r1');
    expect(resolveFramework('NIST-800-53-R5')?.id).toBe('nist-800-53-r5');
    expect(resolveFramework('iso-27001')).toBeUndefined();
  });

  it('filters to mapped controls and groups by requirement in every format', () => {
    const fsbp = applyFramework(fixtureScanResult, resolveFramework('fsbp')!);
    expect(new Set(fsbp.findings.map((f) => f.control))).toEqual(new Set(['EC2.20', 'EC2.171', 'EC2.51']));
    expect(fsbp.summary.controls.map((c) => c.control)).toEqual(['EC2.20', 'EC2.171', 'EC2.51']);

    const nist = applyFramework(fixtureScanResult, resolveFramework('nist-800-53-r5')!);
    const cp10 = nist.framework!.requirements.find((r) => r.requirement === 'CP-10')!;
    expect(cp10).toMatchObject({ source: 'aws', controls: ['EC2.20'] });
    const md = formatMarkdown(nist, { color: false });
    expect(md).toMatch(/#### ❌ CP-10 System Recovery and Reconstitution\n\nControls: EC2\.20\n/);
    const csv = formatCsv(nist, { color: false }).split('\r\n');
    expect(csv.filter((line) => line.includes('vpn-0a1b2c3d4e5f60001') && line.includes(',EC2.20,')).length).toBe(5);
    const sarif = JSON.parse(formatSarif(nist, { color: false })) as { runs: { taxonomies: { name: string }[] }[] };
    expect(sarif.runs[0]!.taxonomies.map((t) => t.name)).toEqual(['nist-800-53-r5']);
    const asff = toAsffFindings(nist).find((f) => f.Id.endsWith('vpn-0a1b2c3d4e5f60001/EC2.20'))!;
    expect((asff.Compliance as { RelatedRequirements: string[] }).RelatedRequirements.every((r) => r.startsWith('NIST.800-53.r5 '))).toBe(true);
  });

  it('labels vpnguard-own mappings: EC2.183 has none from AWS', () => {
    const sp80077 = applyFramework(fixtureScanResult, resolveFramework('nist-sp-800-77')!);
    expect(sp80077.framework!.requirements).toEqual([expect.objectContaining({ requirement: 'IKEv2', source: 'vpnguard', controls: ['EC2.183'] })]);
    expect(formatMarkdown(sp80077, { color: false })).toContain("mapping is vpnguard's own (AWS publishes none)");
  });
});
