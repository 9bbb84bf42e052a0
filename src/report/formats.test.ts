// The report formats over the fixture scan: validated against what their consumers accept (the official SARIF
// 2.1.0 schema, the botocore Security Hub model plus the ASFF limits, the OCSF Compliance Finding's required
// fields) and snapshot-tested.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { clientVpn, NOW, vpn } from '../../test/fixtures/builders.js';
import { buildScanResult, fixtureCoverage, fixtureInventory, fixtureScanResult } from '../../test/fixtures/scan-result.js';
import { loadServiceModel, validateShape } from '../../test/helpers/botocore-model.js';
import type { Coverage, Finding, ScanResult } from '../model/types.js';
import './annotations.js';
import { ASFF_LIMITS, formatAsff, toAsffFindings } from './asff.js';
import { csvField, formatCsv } from './csv.js';
import { formatHtml } from './html.js';
import { formatNames, getFormatter } from './index.js';
import { formatMarkdown, md } from './markdown.js';
import { formatOcsf, toOcsfFindings } from './ocsf.js';
import { FINGERPRINT_KEY, formatSarif } from './sarif.js';

const require = createRequire(import.meta.url);
const sarifSchema = JSON.parse(
  readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
) as object;
const complete: Coverage = { complete: true, scanned: fixtureCoverage.scanned, gaps: [] };

function withMuted(result: ScanResult): ScanResult {
  return {
    ...result,
    findings: result.findings.map((f, i) =>
      i === 0 ? { ...f, muted: { reason: 'CGW replacement ordered | CHG-1 `x` <b>', expires: '2026-06-30' } } : f,
    ),
  };
}

function sarifValidator() {
  // The schema's `language` pattern has a stray `]` that is only legal without the u flag (as in draft-04 days).
  const ajv = new ajvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  ajvFormats.default(ajv);
  return ajv.compile(sarifSchema);
}

interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string; properties: Record<string, unknown>; help: { markdown: string }; helpUri: string }[] } };
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[];
    results: {
      ruleId: string;
      kind: string;
      level: string;
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; logicalLocations: { fullyQualifiedName: string }[] }[];
      partialFingerprints: Record<string, string>;
      suppressions?: { kind: string; justification: string }[];
      properties: { status: string };
    }[];
  }[];
}

describe('registry', () => {
  it('registers every format, each deterministic on the fixture', () => {
    expect(formatNames).toEqual(['table', 'json', 'ndjson', 'sarif', 'asff', 'ocsf', 'markdown', 'html', 'csv']);
    for (const name of formatNames) {
      const format = getFormatter(name)!;
      expect(format(fixtureScanResult, { color: false })).toBe(format(fixtureScanResult, { color: false }));
    }
  });
});

describe('sarif', () => {
  const log = JSON.parse(formatSarif(fixtureScanResult, { color: false })) as SarifLog;
  const run = log.runs[0]!;

  it('is valid against the official SARIF 2.1.0 schema, also with muted and baselined findings', () => {
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const annotated = withMuted({
      ...fixtureScanResult,
      findings: fixtureScanResult.findings.map((f) => ({ ...f, baselineState: 'new' as const })),
    });
    expect(validate(JSON.parse(formatSarif(annotated, { color: false })))).toBe(true);
  });

  it('rejects a broken log (the validator can fail)', () => {
    const validate = sarifValidator();
    const broken = structuredClone(log) as unknown as { runs: { results: { level: string }[] }[] };
    broken.runs[0]!.results[0]!.level = 'catastrophic';
    expect(validate(broken)).toBe(false);
  });

  it('has one rule per control from its metadata, security-severity as a string', () => {
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['EC2.20', 'EC2.183', 'EC2.171', 'EC2.51']);
    for (const rule of run.tool.driver.rules) {
      expect(typeof rule.properties['security-severity']).toBe('string');
      expect(rule.properties.tags).toContain('security');
      expect(rule.helpUri).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      expect(rule.help.markdown).toContain('**Remediation.**');
    }
    expect(run.tool.driver.rules.find((r) => r.id === 'EC2.51')!.properties['security-severity']).toBe('3.0');
    expect(run.tool.driver.rules.find((r) => r.id === 'EC2.20')!.properties['security-severity']).toBe('5.5');
  });

  it('reports only FAIL and ERROR, each with a physical pseudo-artifact and the ARN as a logical location', () => {
    const expected = fixtureScanResult.findings.filter((f) => f.status === 'FAIL' || f.status === 'ERROR');
    expect(run.results).toHaveLength(expected.length);
    for (const [i, result] of run.results.entries()) {
      const finding = expected[i]!;
      const location = result.locations[0]!;
      expect(location.physicalLocation.artifactLocation.uri).toBe(
        `aws/${finding.accountId}/${finding.region}/${finding.resourceType === 'AWS::EC2::ClientVpnEndpoint' ? 'client-vpn-endpoint' : 'vpn-connection'}/${finding.resourceId}`,
      );
      expect(location.physicalLocation.region.startLine).toBe(1);
      expect(location.logicalLocations[0]!.fullyQualifiedName).toBe(finding.resourceArn);
      expect(result.kind).toBe(finding.status === 'FAIL' ? 'fail' : 'review');
    }
  });

  it('fingerprints are stable across runs (control + ARN), different per finding', () => {
    const later = buildScanResult(fixtureInventory, fixtureCoverage, new Date(NOW.getTime() + 86_400_000));
    const again = JSON.parse(formatSarif(later, { color: false })) as SarifLog;
    const prints = (l: SarifLog) => new Map(l.runs[0]!.results.map((r) => [`${r.ruleId} ${r.locations[0]!.logicalLocations[0]!.fullyQualifiedName}`, r.partialFingerprints[FINGERPRINT_KEY]]));
    expect(prints(again)).toEqual(prints(log));
    expect(new Set(prints(log).values()).size).toBe(run.results.length);
  });

  it('shows coverage gaps as tool execution notifications and marks the run unsuccessful', () => {
    const invocation = run.invocations[0]!;
    expect(invocation.executionSuccessful).toBe(false);
    const errors = invocation.toolExecutionNotifications.filter((n) => n.level === 'error');
    expect(errors).toHaveLength(2);
    expect(errors[0]!.message.text).toContain('444455556666/ap-southeast-2 was not scanned: AccessDenied');
    const clean = JSON.parse(formatSarif(buildScanResult(fixtureInventory, complete), { color: false })) as SarifLog;
    expect(clean.runs[0]!.invocations[0]!.executionSuccessful).toBe(true);
  });

  it('marks a muted finding as an accepted external suppression', () => {
    const muted = JSON.parse(formatSarif(withMuted(fixtureScanResult), { color: false })) as SarifLog;
    expect(muted.runs[0]!.results[0]!.suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'CGW replacement ordered | CHG-1 `x` <b> (until 2026-06-30)' },
    ]);
  });

  it('matches the snapshot', async () => {
    await expect(formatSarif(fixtureScanResult, { color: false })).toMatchFileSnapshot('__snapshots__/scan-result.sarif');
  });
});

describe('asff', () => {
  const findings = toAsffFindings(fixtureScanResult);
  const loaded = loadServiceModel('securityhub');

  it.runIf(loaded !== undefined || process.env.CI === 'true')('every finding is a valid AwsSecurityFinding in the botocore model', () => {
    expect(loaded, 'the botocore securityhub model is not installed (python3-botocore or awscli)').toBeDefined();
    const { model } = loaded!;
    for (const finding of findings) expect(validateShape(model, 'AwsSecurityFinding', finding)).toEqual([]);
    // The validator does fail: a missing required member, a bad enum, an unknown member.
    const broken = { ...findings[0]!, Title: undefined, Compliance: { Status: 'OK' }, Colour: 'red' };
    expect(validateShape(model, 'AwsSecurityFinding', broken).sort()).toEqual([
      "$.Compliance.Status: 'OK' is not one of PASSED, WARNING, FAILED, NOT_AVAILABLE",
      '$: missing required member Title',
      '$: unknown member Colour in AwsSecurityFinding',
    ]);
  });

  it('keeps the ASFF limits the model does not spell out', () => {
    const long = buildScanResult(fixtureInventory, fixtureCoverage);
    long.findings = long.findings.map((f) => ({ ...f, reason: 'x'.repeat(5000) }));
    for (const finding of [...findings, ...toAsffFindings(long)]) {
      expect([...(finding.Title as string)].length).toBeLessThanOrEqual(ASFF_LIMITS.title);
      expect([...(finding.Description as string)].length).toBeLessThanOrEqual(ASFF_LIMITS.description);
      const resources = finding.Resources as unknown[];
      expect(resources.length).toBeGreaterThanOrEqual(1);
      expect(resources.length).toBeLessThanOrEqual(32);
      expect(Object.keys(finding.ProductFields as object).length).toBeLessThanOrEqual(50);
      const text = (finding.Remediation as { Recommendation: { Text: string } } | undefined)?.Recommendation.Text ?? '';
      expect([...text].length).toBeLessThanOrEqual(512);
    }
  });

  it('maps statuses, product ARN, ids, resources and requirements', () => {
    const byId = new Map(findings.map((f) => [f.Id, f]));
    const down = byId.get('vpnguard/111122223333/us-east-1/vpn-0a1b2c3d4e5f60001/EC2.20')!;
    expect(down.ProductArn).toBe('arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default');
    expect(down.Compliance).toEqual({
      Status: 'FAILED',
      SecurityControlId: 'EC2.20',
      RelatedRequirements: expect.arrayContaining(['NIST.800-53.r5 CP-10', 'NIST.800-171.r2 3.1.13']),
    });
    expect(down.Severity).toEqual({ Label: 'MEDIUM', Original: 'MEDIUM' });
    expect(down.FirstObservedAt).toBe('2025-12-31T00:00:00.000Z');
    const resource = (down.Resources as { Type: string; Details: { AwsEc2VpnConnection: { VgwTelemetry: unknown[] } } }[])[0]!;
    expect(resource.Type).toBe('AwsEc2VpnConnection');
    expect(resource.Details.AwsEc2VpnConnection.VgwTelemetry).toHaveLength(2);
    const ike = byId.get('vpnguard/111122223333/us-east-1/vpn-0a1b2c3d4e5f60002/EC2.183')!;
    expect(ike.Compliance).toEqual({ Status: 'FAILED', SecurityControlId: 'EC2.183' });
    expect((ike.ProductFields as Record<string, string>)['vpnguard/requirements']).toContain('NIST.SP.800-77.r1 IKEv2');
    const endpoint = byId.get('vpnguard/444455556666/us-east-1/cvpn-endpoint-0a1b2c3d4e5f60002/EC2.51')!;
    expect((endpoint.Resources as { Type: string }[])[0]!.Type).toBe('AwsEc2ClientVpnEndpoint');
    const statuses = new Set(findings.map((f) => (f.Compliance as { Status: string } | undefined)?.Status));
    expect(statuses).toEqual(new Set(['FAILED', 'WARNING', 'PASSED', 'NOT_AVAILABLE', undefined]));
    const gaps = findings.filter((f) => f.GeneratorId === 'vpnguard/coverage');
    expect(gaps.map((g) => g.Id)).toEqual(['vpnguard/444455556666/ap-southeast-2/coverage-gap', 'vpnguard/777788889999/all-regions/coverage-gap']);
  });

  it('matches the snapshot', async () => {
    await expect(formatAsff(fixtureScanResult, { color: false })).toMatchFileSnapshot('__snapshots__/scan-result.asff.json');
  });
});

interface OcsfEvent {
  severity_id: number;
  time: unknown;
  cloud: unknown;
  finding_info: { types: string[] };
  compliance: { standards: string[]; status_id: number; status: string; control: string; requirements: string[] };
  resources: { uid: string }[];
}

describe('ocsf', () => {
  const events = toOcsfFindings(fixtureScanResult) as unknown as OcsfEvent[];

  it('is an OCSF 1.6 Compliance Finding with the required fields', () => {
    expect(events).toHaveLength(fixtureScanResult.findings.length + fixtureScanResult.coverage.gaps.length);
    for (const event of events) {
      expect(event).toMatchObject({ class_uid: 2003, category_uid: 2, type_uid: 200301, activity_id: 1, metadata: { version: '1.6.0', product: { name: 'vpnguard' } } });
      expect(event.severity_id).toBeGreaterThanOrEqual(1);
      expect(event.severity_id).toBeLessThanOrEqual(5);
      expect(typeof event.time).toBe('number');
      expect(event.cloud).toMatchObject({ provider: 'AWS', account: { uid: expect.stringMatching(/^\d{12}$/) }, region: expect.any(String) });
      expect(event.finding_info).toMatchObject({ uid: expect.any(String), title: expect.any(String), desc: expect.any(String), created_time: expect.any(Number) });
      expect(event.finding_info.types.length).toBeGreaterThan(0);
      expect(event.compliance.standards.length).toBeGreaterThan(0);
      expect([1, 2, 3, 99]).toContain(event.compliance.status_id);
      expect(event.compliance.control).toEqual(expect.any(String));
      expect(event.resources.length).toBeGreaterThan(0);
    }
    const fail = events.find((e) => e.compliance.control === 'EC2.20' && e.compliance.status_id === 3)!;
    expect(fail.compliance.status).toBe('Fail');
    expect(fail.compliance.requirements).toContain('NIST.800-53.r5 CP-10');
    expect(fail.resources[0]!.uid).toMatch(/^arn:aws:ec2:/);
  });

  it('matches the snapshot', async () => {
    await expect(formatOcsf(fixtureScanResult, { color: false })).toMatchFileSnapshot('__snapshots__/scan-result.ocsf.json');
  });
});

describe('markdown', () => {
  it('escapes pipes, backticks and HTML from AWS values', () => {
    expect(md('a|b `c` <img src=x onerror=alert(1)> & d')).toBe('a\\|b \\`c\\` &lt;img src=x onerror=alert(1)&gt; &amp; d');
    const hostile = buildScanResult(
      { connections: [vpn('vpn-0bad', { tags: { Name: 'x|y`<script>alert(1)</script>\n# heading' } })], clientVpnEndpoints: [] },
      complete,
    );
    hostile.findings = hostile.findings.map((f) => ({ ...f, status: 'FAIL' as const }));
    const text = formatMarkdown(hostile, { color: false });
    expect(text).not.toContain('<script>');
    expect(text).toContain('x\\|y\\`&lt;script&gt;alert(1)&lt;/script&gt;\\\\n\\# heading');
    for (const line of text.split('\n').filter((l) => l.startsWith('| ') && l.includes('vpn-0bad'))) {
      expect(line.split(/(?<!\\)\|/).length).toBe(10);
    }
  });

  it('opens an incomplete scan with a CAUTION alert and never says clean', () => {
    const text = formatMarkdown(fixtureScanResult, { color: false });
    expect(text.split('\n').slice(0, 4).join('\n')).toMatch(/## vpnguard: INCOMPLETE[\s\S]*> \[!CAUTION\]/);
    expect(text).not.toMatch(/vpnguard: clean|every applicable check passed/);
    const clean = formatMarkdown(buildScanResult({ connections: [vpn('vpn-0ok')], clientVpnEndpoints: [] }, complete), { color: false });
    expect(clean).toContain('## vpnguard: clean');
    expect(clean).not.toContain('CAUTION');
  });

  it('shows muted findings as muted', () => {
    const text = formatMarkdown(withMuted(fixtureScanResult), { color: false });
    expect(text).toContain('muted until 2026-06-30: CGW replacement ordered \\| CHG-1 \\`x\\` &lt;b&gt;');
  });

  it('matches the snapshot', async () => {
    await expect(formatMarkdown(fixtureScanResult, { color: false })).toMatchFileSnapshot('__snapshots__/scan-result.md');
  });
});

/** A strict RFC 4180 reader, to prove the writer's quoting round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else if (ch === '\n' || ch === '\r' || ch === '"') throw new Error(`bare ${JSON.stringify(ch)} at ${i}`);
    else field += ch;
    i += 1;
  }
  if (field !== '' || row.length > 0) throw new Error('no CRLF after the last record');
  return rows;
}

describe('csv', () => {
  it('quotes per RFC 4180 and defuses formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvField(`${start}1+1`).replace(/^"/, '')).toMatch(/^'/);
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
  });

  it('has one row per finding plus one per coverage gap, and round-trips hostile values', () => {
    const hostile = buildScanResult(
      {
        connections: [vpn('vpn-0bad', { tags: { Name: '=cmd|"/c calc"!A1,\r\nnext' } })],
        clientVpnEndpoints: [clientVpn('cvpn-endpoint-0bad', { tags: { Name: '@SUM(1)' } })],
      },
      fixtureCoverage,
    );
    const rows = parseCsv(formatCsv(hostile, { color: false }));
    const [header, ...body] = rows;
    expect(header![0]).toBe('record');
    expect(body).toHaveLength(hostile.findings.length + hostile.coverage.gaps.length);
    expect(body.every((row) => row.length === header!.length)).toBe(true);
    const nameColumn = header!.indexOf('name');
    expect(body.filter((row) => row[0] === 'finding').map((row) => row[nameColumn])).toEqual(
      expect.arrayContaining(["'=cmd|\"/c calc\"!A1,\r\nnext", "'@SUM(1)"]),
    );
    expect(body.filter((row) => row[0] === 'coverage-gap')).toHaveLength(2);
  });

  it('matches the snapshot', async () => {
    await expect(formatCsv(fixtureScanResult, { color: false })).toMatchFileSnapshot('__snapshots__/scan-result.csv');
  });
});

describe('html', () => {
  const html = formatHtml(fixtureScanResult, { color: false });

  it('references nothing outside itself: no script, link, src, url() or @import', () => {
    expect(html).not.toMatch(/<script|<link|<iframe|<img|\ssrc=|url\(|@import/i);
    expect(html).toContain("default-src 'none'");
  });

  it('escapes AWS values in text and attributes', () => {
    const hostile = buildScanResult(
      { connections: [vpn('vpn-0bad', { tags: { Name: '<script>alert(1)</script>', note: '"><img src=x onerror=alert(1)>' } })], clientVpnEndpoints: [] },
      complete,
    );
    hostile.findings = hostile.findings.map((f): Finding => ({ ...f, status: 'FAIL' }));
    const page = formatHtml(hostile, { color: false });
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('puts an incomplete scan at the top, loudly', () => {
    const bodyStart = html.indexOf('<main>');
    expect(html.indexOf('INCOMPLETE SCAN')).toBeGreaterThan(bodyStart);
    expect(html.indexOf('INCOMPLETE SCAN')).toBeLessThan(html.indexOf('id="controls"'));
    expect(formatHtml(buildScanResult(fixtureInventory, complete), { color: false })).not.toContain('INCOMPLETE SCAN');
  });

  it('lists DOWN tunnels longest first', () => {
    const order = ['203.0.113.20', '192.0.2.20'].map((ip) => html.indexOf(`<td class="mono">${ip}</td>`));
    expect(order[0]).toBeGreaterThan(0);
    expect(order[0]).toBeLessThan(order[1]!);
    expect(html).toContain('<td class="num fail">91</td>');
  });

  it('matches the snapshot', async () => {
    await expect(html).toMatchFileSnapshot('__snapshots__/scan-result.html');
  });
});
