// --framework ID: keep only the findings of controls the framework maps, and attach the framework's
// requirements (grouped, in the framework's order) so every format can group by requirement.
import { controlIds, scanSummary } from '../controls/index.js';
import { findFramework, frameworks, type Framework } from '../controls/frameworks/index.js';
import type { ScanResult } from '../model/types.js';
import type { FrameworkView, RequirementGroup } from './annotations.js';

// Short spellings people type, mapped to the catalogue's ids.
const ALIASES: Readonly<Record<string, string>> = {
  'pci-dss-4.0.1': 'pci-dss-v4.0.1',
  'pci-dss': 'pci-dss-v4.0.1',
  'nist-sp-800-77': 'nist-sp-800-77-r1',
  'nist-800-77': 'nist-sp-800-77-r1',
  'nist-800-53': 'nist-800-53-r5',
  'nist-800-171': 'nist-800-171-r2',
  cis: 'cis-aws-v3.0.0',
};

export function resolveFramework(id: string): Framework | undefined {
  const wanted = id.trim().toLowerCase();
  return findFramework(ALIASES[wanted] ?? wanted);
}

export const frameworkIds: readonly string[] = frameworks.map((f) => f.id);

export function frameworkView(framework: Framework): FrameworkView {
  const groups = new Map<string, RequirementGroup>();
  for (const mapping of framework.mappings) {
    let group = groups.get(mapping.requirement);
    if (!group) {
      group = { requirement: mapping.requirement, title: mapping.title, source: mapping.source, controls: [], ...(mapping.note ? { note: mapping.note } : {}) };
      groups.set(mapping.requirement, group);
    }
    if (!group.controls.includes(mapping.control)) group.controls.push(mapping.control);
    // A requirement AWS maps for one control and vpnguard for another is shown as AWS's.
    if (mapping.source === 'aws') group.source = 'aws';
  }
  for (const group of groups.values()) group.controls.sort((a, b) => controlIds.indexOf(a) - controlIds.indexOf(b));
  return {
    id: framework.id,
    name: framework.name,
    url: framework.url,
    ...(framework.note ? { note: framework.note } : {}),
    requirements: [...groups.values()],
  };
}

export function applyFramework(result: ScanResult, framework: Framework): ScanResult {
  const mapped = new Set(framework.mappings.map((m) => m.control));
  const findings = result.findings.filter((f) => mapped.has(f.control));
  const summary = scanSummary(result.inventory, findings);
  return {
    ...result,
    findings,
    summary: { ...summary, controls: summary.controls.filter((row) => mapped.has(row.control)) },
    framework: frameworkView(framework),
  };
}
