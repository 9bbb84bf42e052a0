// Formatters for `vpnguard iac`: table (people), json (scripts), SARIF 2.1.0 (GitHub code scanning).
import { createHash } from 'node:crypto';
import type { Severity } from '../../model/types.js';
import { CONTROLS, CONTROL_IDS, severityAtLeast } from '../controls.js';
import type { IacFinding, IacStatus } from './evaluate.js';
import { EXIT } from '../../cli/exit-codes.js';
import type { ExitCode } from '../../cli/exit-codes.js';

export interface IacReport {
  files: string[];
  findings: IacFinding[];
}

export interface IacSummary {
  files: number;
  resources: number;
  byStatus: Record<IacStatus, number>;
}

export function summarize(report: IacReport): IacSummary {
  const byStatus: Record<IacStatus, number> = { PASS: 0, FAIL: 0, UNKNOWN: 0, NOT_EVALUABLE: 0 };
  for (const finding of report.findings) byStatus[finding.status]++;
  const resources = new Set(report.findings.map((f) => `${f.file}\u0000${f.address}`)).size;
  return { files: report.files.length, resources, byStatus };
}

/**
 * 1 when a FAIL is at or above --fail-on; 2 when something could not be decided at plan time
 * (like an incomplete scan: never "clean" without having seen everything); 0 otherwise.
 */
export function iacExitCode(findings: IacFinding[], failOn: Severity, allowUnknown: boolean): ExitCode {
  if (findings.some((f) => f.status === 'FAIL' && severityAtLeast(f.severity, failOn))) return EXIT.findings;
  if (!allowUnknown && findings.some((f) => f.status === 'UNKNOWN')) return EXIT.incomplete;
  return EXIT.ok;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export function renderTable(report: IacReport): string {
  const summary = summarize(report);
  if (report.findings.length === 0) {
    return `No VPN resources found in ${summary.files} IaC file(s).\n`;
  }
  const rows = report.findings.map((f) => [`${f.file}:${f.line}`, f.address, f.control, f.status, f.message]);
  const header = ['LOCATION', 'RESOURCE', 'CONTROL', 'STATUS', 'MESSAGE'];
  const widths = header.slice(0, 4).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i < 4 ? pad(c, widths[i]!) : c))
      .join('  ')
      .trimEnd();
  const out = [line(header), ...rows.map(line)];

  // One snippet per control and format, followed by every place it applies to.
  const fixes = new Map<string, IacFinding[]>();
  for (const f of report.findings) {
    if (f.fix !== undefined) fixes.set(f.fix, [...(fixes.get(f.fix) ?? []), f]);
  }
  for (const [snippet, findings] of fixes) {
    const first = findings[0]!;
    out.push(
      '',
      `Fix for ${first.control} (${first.title}) in ${first.format === 'cloudformation' ? 'CloudFormation' : 'Terraform'}:`,
    );
    for (const f of findings) out.push(`  ${f.file}:${f.line} ${f.address} (${f.status})`);
    out.push(...snippet.split('\n').map((l) => `    ${l}`));
  }
  const s = summary.byStatus;
  out.push(
    '',
    `${summary.resources} resource(s) in ${summary.files} file(s): ${s.FAIL} FAIL, ${s.UNKNOWN} UNKNOWN, ${s.PASS} PASS, ` +
      `${s.NOT_EVALUABLE} not evaluable at plan time (EC2.20 is runtime state: vpnguard scan and TunnelState alarms cover it).`,
  );
  return `${out.join('\n')}\n`;
}

export function renderJson(report: IacReport, toolVersion: string): string {
  const body = {
    schemaVersion: '1.0',
    tool: { name: 'vpnguard', version: toolVersion, command: 'iac' },
    files: report.files,
    summary: summarize(report),
    findings: report.findings,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

// GitHub maps security-severity to its levels: >= 9 critical, 7-8.9 high, 4-6.9 medium, < 4 low.
const SECURITY_SEVERITY: Record<Severity, string> = {
  INFORMATIONAL: '0.0',
  LOW: '3.0',
  MEDIUM: '5.5',
  HIGH: '8.0',
  CRITICAL: '9.5',
};

/** UNKNOWN results get their own rule so they do not show up as security alerts of the control. */
export const UNKNOWN_RULE_ID = 'vpnguard/plan-time-unknown';

function sarifRules(): Record<string, unknown>[] {
  const controlRules = CONTROL_IDS.filter((id) => id !== 'EC2.20').map((id) => {
    const control = CONTROLS[id];
    return {
      id,
      name: control.configRule,
      shortDescription: { text: control.title },
      fullDescription: { text: `${control.id}: ${control.title} (AWS Config rule ${control.configRule}).` },
      help: {
        text: `${control.title}. Run vpnguard guardrails terraform or cloudformation for a compliant template.`,
      },
      helpUri: `https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-${id.split('.')[1]}`,
      defaultConfiguration: { level: control.severity === 'LOW' ? 'warning' : 'error' },
      properties: {
        tags: ['security', 'aws', 'vpn'],
        precision: 'very-high',
        'security-severity': SECURITY_SEVERITY[control.severity],
      },
    };
  });
  return [
    ...controlRules,
    {
      id: UNKNOWN_RULE_ID,
      name: 'plan-time-unknown',
      shortDescription: { text: 'A VPN security setting cannot be decided from the IaC alone' },
      fullDescription: {
        text: 'The value comes from a variable without a default, a module output or an attribute known only after apply. Lint the plan JSON (terraform show -json) or set the value explicitly.',
      },
      defaultConfiguration: { level: 'note' },
      properties: { tags: ['aws', 'vpn'], precision: 'high' },
    },
  ];
}

function fingerprint(f: IacFinding): string {
  return createHash('sha256')
    .update(`${f.control}\u0000${f.file}\u0000${f.address}`)
    .digest('hex')
    .slice(0, 32);
}

/** SARIF 2.1.0 for GitHub code scanning: FAIL and UNKNOWN results; PASS and EC2.20 are not alerts. */
export function renderSarif(report: IacReport, toolVersion: string): string {
  const rules = sarifRules();
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id as string, index]));
  const results = report.findings
    .filter((f) => f.status === 'FAIL' || f.status === 'UNKNOWN')
    .map((f) => {
      const ruleId = f.status === 'FAIL' ? f.control : UNKNOWN_RULE_ID;
      const control = CONTROLS[f.control];
      const text =
        f.status === 'FAIL'
          ? `${f.address}: ${f.message}`
          : `${f.address}: ${f.control} (${control.title}) cannot be decided at plan time: ${f.message}`;
      return {
        ruleId,
        ruleIndex: ruleIndex.get(ruleId),
        level: f.status === 'UNKNOWN' ? 'note' : f.severity === 'LOW' ? 'warning' : 'error',
        message: { text: f.fix ? `${text}\nFix:\n${f.fix}` : text },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: f.file },
              region: { startLine: Math.max(1, f.line) },
            },
            logicalLocations: [{ fullyQualifiedName: f.address, kind: 'resource' }],
          },
        ],
        partialFingerprints: { 'vpnguardFinding/v1': fingerprint(f) },
        properties: { control: f.control, status: f.status, severity: f.severity },
      };
    });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'vpnguard', version: toolVersion, semanticVersion: toolVersion, rules } },
        automationDetails: { id: 'vpnguard/iac/' },
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
