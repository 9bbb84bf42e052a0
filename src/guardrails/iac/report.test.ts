import { describe, expect, it } from 'vitest';
import type { IacFinding } from './evaluate.js';
import { UNKNOWN_RULE_ID, iacExitCode, renderJson, renderSarif, renderTable } from './report.js';

function finding(overrides: Partial<IacFinding>): IacFinding {
  return {
    file: 'infra/vpn/main.tf',
    line: 12,
    address: 'aws_vpn_connection.main',
    format: 'terraform',
    resourceType: 'AWS::EC2::VPNConnection',
    control: 'EC2.183',
    title: 'EC2 VPN connections should use IKEv2 protocol',
    severity: 'MEDIUM',
    status: 'FAIL',
    message: 'tunnel1: IKE versions include ikev1',
    fix: 'tunnel1_ike_versions = ["ikev2"]',
    ...overrides,
  };
}

const fail183 = finding({});
const unknown171 = finding({
  control: 'EC2.171',
  title: 'EC2 VPN connections should have logging enabled',
  status: 'UNKNOWN',
  line: 20,
  message: 'var.x has no default',
  fix: 'tunnel1_log_options {}',
});
const fail51 = finding({
  control: 'EC2.51',
  severity: 'LOW',
  address: 'aws_ec2_client_vpn_endpoint.staff',
  resourceType: 'AWS::EC2::ClientVpnEndpoint',
  title: 'EC2 Client VPN endpoints should have client connection logging enabled',
  line: 40,
});
const pass = finding({ status: 'PASS', fix: undefined, address: 'aws_vpn_connection.ok' });
const notEvaluable = finding({ control: 'EC2.20', status: 'NOT_EVALUABLE', fix: undefined });

describe('iac exit codes', () => {
  it('1 when a FAIL is at or above --fail-on, else 2 when something is unknown, else 0', () => {
    expect(iacExitCode([pass, notEvaluable], 'LOW', false)).toBe(0);
    expect(iacExitCode([pass, fail51], 'LOW', false)).toBe(1);
    expect(iacExitCode([pass, fail51], 'MEDIUM', false)).toBe(0);
    expect(iacExitCode([fail183], 'MEDIUM', false)).toBe(1);
    expect(iacExitCode([fail183], 'HIGH', false)).toBe(0);
    expect(iacExitCode([pass, unknown171], 'LOW', false)).toBe(2);
    expect(iacExitCode([pass, unknown171], 'LOW', true)).toBe(0);
    expect(iacExitCode([fail51, unknown171], 'MEDIUM', false)).toBe(2);
  });
});

describe('SARIF 2.1.0 for GitHub code scanning', () => {
  const sarif = JSON.parse(
    renderSarif(
      { files: ['infra/vpn/main.tf'], findings: [fail183, unknown171, fail51, pass, notEvaluable] },
      '0.1.0',
    ),
  );
  const run = sarif.runs[0];
  const rules = run.tool.driver.rules as {
    id: string;
    properties: Record<string, unknown>;
    shortDescription: { text: string };
  }[];

  it('declares the schema, version and rules with string security-severity', () => {
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    expect(run.tool.driver.name).toBe('vpnguard');
    expect(rules.map((r) => r.id)).toEqual(['EC2.183', 'EC2.171', 'EC2.51', UNKNOWN_RULE_ID]);
    const byId = Object.fromEntries(rules.map((r) => [r.id, r]));
    expect(byId['EC2.183']!.properties['security-severity']).toBe('5.5');
    expect(byId['EC2.51']!.properties['security-severity']).toBe('3.0');
    expect(byId['EC2.183']!.shortDescription.text).toBe('EC2 VPN connections should use IKEv2 protocol');
    expect(byId[UNKNOWN_RULE_ID]!.properties['security-severity']).toBeUndefined();
    for (const rule of rules) expect(typeof (rule.properties['security-severity'] ?? '')).toBe('string');
  });

  it('has one result per FAIL and UNKNOWN, with repo-relative location, line and fingerprint', () => {
    expect(run.results).toHaveLength(3);
    const [first, second, third] = run.results;
    expect(first).toMatchObject({
      ruleId: 'EC2.183',
      ruleIndex: 0,
      level: 'error',
      locations: [
        { physicalLocation: { artifactLocation: { uri: 'infra/vpn/main.tf' }, region: { startLine: 12 } } },
      ],
    });
    expect(first.message.text).toMatch(
      /aws_vpn_connection\.main: tunnel1: IKE versions include ikev1\nFix:\ntunnel1_ike_versions/,
    );
    expect(first.partialFingerprints['vpnguardFinding/v1']).toMatch(/^[0-9a-f]{32}$/);
    expect(second).toMatchObject({
      ruleId: UNKNOWN_RULE_ID,
      ruleIndex: 3,
      level: 'note',
      properties: { control: 'EC2.171', status: 'UNKNOWN' },
    });
    expect(third).toMatchObject({ ruleId: 'EC2.51', ruleIndex: 2, level: 'warning' });
    const results = run.results as { partialFingerprints: Record<string, string> }[];
    const prints = results.map((r) => r.partialFingerprints['vpnguardFinding/v1']);
    expect(new Set(prints).size).toBe(3);
  });

  it('keeps fingerprints stable when a finding moves to another line', () => {
    const moved = JSON.parse(renderSarif({ files: [], findings: [{ ...fail183, line: 99 }] }, '0.1.0'));
    expect(moved.runs[0].results[0].partialFingerprints).toEqual(run.results[0].partialFingerprints);
  });
});

describe('table and JSON', () => {
  const report = { files: ['infra/vpn/main.tf'], findings: [fail183, unknown171, pass, notEvaluable] };

  it('the table shows location, resource, control, status, message, the fixes and a summary', () => {
    const table = renderTable(report);
    expect(table).toMatch(/^LOCATION\s+RESOURCE\s+CONTROL\s+STATUS\s+MESSAGE/);
    expect(table).toMatch(
      /infra\/vpn\/main\.tf:12\s+aws_vpn_connection\.main\s+EC2\.183\s+FAIL\s+tunnel1: IKE versions include ikev1/,
    );
    expect(table).toMatch(
      /Fix for EC2\.183 \(EC2 VPN connections should use IKEv2 protocol\) in Terraform:\n {2}infra\/vpn\/main\.tf:12 aws_vpn_connection\.main \(FAIL\)\n {4}tunnel1_ike_versions/,
    );
    expect(table).toMatch(/1 FAIL, 1 UNKNOWN, 1 PASS, 1 not evaluable at plan time/);
    expect(renderTable({ files: ['a.tf'], findings: [] })).toBe('No VPN resources found in 1 IaC file(s).\n');
  });

  it('JSON carries every finding and a summary', () => {
    const json = JSON.parse(renderJson(report, '0.1.0'));
    expect(json.findings).toHaveLength(4);
    expect(json.summary).toEqual({
      files: 1,
      resources: 2,
      byStatus: { PASS: 1, FAIL: 1, UNKNOWN: 1, NOT_EVALUABLE: 1 },
    });
  });
});
