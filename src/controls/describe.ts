// Text views of the control registry: the `vpnguard controls` list and explanation, its JSON, and
// docs/controls.md. Pure functions of the registry and the framework data.
import { mappingsForControl, type ControlMapping } from './frameworks/index.js';
import type { Control, ControlMetadata } from './types.js';

export interface ControlDocument extends ControlMetadata {
  appliesTo: Control['appliesTo'];
  mappings: ControlMapping[];
}

/** Metadata and mappings of a control as plain data (no functions): `controls --output json`. */
export function controlDocument(control: Control): ControlDocument {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- the function is dropped, never called
  const { evaluate: _evaluate, ...metadata } = control;
  return { ...metadata, mappings: mappingsForControl(control.id) };
}

/** "NIST SP 800-53 Rev. 5: CP-10, SC-5(2) (aws); ..." grouped by framework and source. */
export function mappingSummary(controlId: string): string[] {
  const groups = new Map<string, string[]>();
  for (const m of mappingsForControl(controlId)) {
    const key = `${m.frameworkName}|${m.source}`;
    groups.set(key, [...(groups.get(key) ?? []), m.requirement]);
  }
  return [...groups.entries()].map(([key, requirements]) => {
    const [framework, source] = key.split('|');
    return `${framework}: ${requirements.join(', ')} (${source === 'aws' ? 'AWS mapping' : "vpnguard's own mapping"})`;
  });
}

export function renderControlList(controls: readonly Control[]): string {
  const header = ['CONTROL', 'SEVERITY', 'CHECK ID', 'RESOURCE', 'CONFIG RULE', 'TITLE'];
  const rows = controls.map((c) => [c.id, c.severity, c.checkId, c.resourceType, c.configRule, c.title]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [line(header), ...rows.map(line), '', 'Framework mappings'];
  for (const control of controls) {
    out.push(`  ${control.id}`);
    const mappings = mappingSummary(control.id);
    out.push(...(mappings.length === 0 ? ['    (none)'] : mappings.map((m) => `    ${m}`)));
  }
  out.push(
    '',
    'Run `vpnguard controls <ID>` to see what a control checks, why it matters and how to fix it.',
  );
  return `${out.join('\n')}\n`;
}

export function renderControlExplanation(control: Control): string {
  const indent = (text: string) =>
    text
      .split('\n')
      .map((l) => (l === '' ? '' : `    ${l}`))
      .join('\n');
  const out = [
    `${control.id}  ${control.title}`,
    '',
    `  Check id      ${control.checkId}`,
    `  Severity      ${control.severity} (AWS Security Hub)`,
    `  Resource      ${control.resourceType}`,
    `  Config rule   ${control.configRule}`,
    `  Category      ${control.category}`,
    `  AWS docs      ${control.docsUrl}`,
    '',
    'What it checks',
    wrap(control.description, '  '),
    '',
    'Why it matters',
    wrap(control.risk, '  '),
  ];
  if (control.scenario !== undefined) out.push('', wrap(control.scenario, '  '));
  out.push(
    '',
    'How to fix it',
    wrap(control.remediation.text, '  '),
    '',
    '  AWS CLI',
    indent(control.remediation.cli),
    '',
    '  Terraform',
    indent(control.remediation.terraform),
    '',
    '  CloudFormation',
    indent(control.remediation.cloudformation),
    '',
    'Framework mappings',
  );
  const mappings = mappingsForControl(control.id);
  if (mappings.length === 0) out.push('  (none)');
  for (const m of mappings) {
    out.push(
      `  ${m.frameworkName} ${m.requirement}: ${m.title} [${m.source === 'aws' ? 'AWS' : 'vpnguard'}]`,
    );
  }
  const notes = [...new Set(mappings.flatMap((m) => (m.note === undefined ? [] : [m.note])))];
  for (const note of notes) out.push(`  note: ${note}`);
  return `${out.join('\n')}\n`;
}

/** docs/controls.md: generated, checked by a test that fails when the file is stale. */
export function renderControlsMarkdown(controls: readonly Control[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const out = [
    '# Controls',
    '',
    '<!-- Generated from src/controls by `npx vitest run src/controls/describe.test.ts -u`. Do not edit. -->',
    '',
    'vpnguard evaluates these AWS Security Hub controls natively, from `DescribeVpnConnections` and',
    '`DescribeClientVpnEndpoints`. Results are PASS, FAIL, NOT_APPLICABLE (pending, deleting or deleted',
    'resources, with the reason) or ERROR (could not evaluate: never a PASS on missing data).',
    '',
    '| Control | Check id | Severity | Resource | Config rule | Title |',
    '| --- | --- | --- | --- | --- | --- |',
    ...controls.map(
      (c) =>
        `| [${c.id}](#${anchor(c)}) | \`${c.checkId}\` | ${c.severity} | \`${c.resourceType}\` | \`${c.configRule}\` | ${cell(c.title)} |`,
    ),
  ];
  for (const c of controls) {
    out.push(
      '',
      `## ${c.id}: ${c.title}`,
      '',
      `Check id \`${c.checkId}\` · severity ${c.severity} · ${c.category} · Config rule \`${c.configRule}\` · [AWS documentation](${c.docsUrl})`,
      '',
      '**What it checks.** ' + c.description,
      '',
      '**Why it matters.** ' + c.risk,
    );
    if (c.scenario !== undefined) out.push('', `> ${c.scenario}`);
    out.push(
      '',
      '**How to fix it.** ' + c.remediation.text,
      '',
      'AWS CLI:',
      '',
      '```sh',
      c.remediation.cli,
      '```',
      '',
      'Terraform:',
      '',
      '```hcl',
      c.remediation.terraform,
      '```',
      '',
      'CloudFormation:',
      '',
      '```yaml',
      c.remediation.cloudformation,
      '```',
      '',
      '**Framework mappings.**',
      '',
    );
    const mappings = mappingsForControl(c.id);
    if (mappings.length === 0) {
      out.push('None.');
    } else {
      out.push('| Framework | Requirement | Title | Source |', '| --- | --- | --- | --- |');
      for (const m of mappings) {
        out.push(
          `| ${cell(m.frameworkName)} | ${cell(m.requirement)} | ${cell(m.title)} | ${m.source === 'aws' ? 'AWS' : "vpnguard's own"} |`,
        );
      }
      const notes = [...new Set(mappings.flatMap((m) => (m.note === undefined ? [] : [m.note])))];
      if (notes.length > 0) out.push('', ...notes.map((n) => `Note: ${n}`));
    }
  }
  return `${out.join('\n')}\n`;
}

function anchor(control: ControlMetadata): string {
  return `${control.id}-${control.title}`
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
}

function wrap(text: string, indent: string, width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(indent + line);
  return lines.join('\n');
}
