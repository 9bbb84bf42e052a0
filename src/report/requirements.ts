// Framework requirements as the reports show them: AWS's spelling of a related requirement
// ("NIST.800-53.r5 CP-10", "PCI DSS v4.0.1/10.2.1") and whether AWS publishes the mapping or vpnguard does.
import { controls, type ControlMetadata } from '../controls/index.js';
import { frameworks, type Framework, type MappingSource } from '../controls/frameworks/index.js';
import type { ScanResult } from '../model/types.js';

export interface RequirementRef {
  framework: string;
  frameworkName: string;
  requirement: string;
  title: string;
  source: MappingSource;
  /** "NIST.800-53.r5 CP-10": the form Security Hub uses in Compliance.RelatedRequirements */
  label: string;
}

// Security Hub's own prefixes where it has one; the tool's own spelling otherwise.
const LABEL_PREFIX: Readonly<Record<string, string>> = {
  fsbp: 'AWS Foundational Security Best Practices v1.0.0/',
  'nist-800-53-r5': 'NIST.800-53.r5 ',
  'nist-800-171-r2': 'NIST.800-171.r2 ',
  'pci-dss-v4.0.1': 'PCI DSS v4.0.1/',
  'cis-aws-v3.0.0': 'CIS AWS Foundations Benchmark v3.0.0/',
  'nist-sp-800-77-r1': 'NIST.SP.800-77.r1 ',
};

export function requirementLabel(framework: Pick<Framework, 'id' | 'name'>, requirement: string): string {
  return `${LABEL_PREFIX[framework.id] ?? `${framework.name} `}${requirement}`;
}

/**
 * Every requirement a control maps to. With a framework view (--framework), only that framework's; else
 * every framework in the catalogue except FSBP (whose "requirements" are the control ids themselves).
 */
export function requirementsFor(control: string, result?: Pick<ScanResult, 'framework'>): RequirementRef[] {
  const selected = result?.framework?.id;
  return frameworks
    .filter((framework) => (selected === undefined ? framework.id !== 'fsbp' : framework.id === selected))
    .flatMap((framework) =>
      framework.mappings
        .filter((mapping) => mapping.control === control)
        .map((mapping) => ({
          framework: framework.id,
          frameworkName: framework.name,
          requirement: mapping.requirement,
          title: mapping.title,
          source: mapping.source,
          label: requirementLabel(framework, mapping.requirement),
        })),
    );
}

/** Names of the frameworks a control belongs to (all, or the selected one). */
export function standardsFor(control: string, result?: Pick<ScanResult, 'framework'>): string[] {
  const selected = result?.framework?.id;
  return frameworks
    .filter((framework) => selected === undefined || framework.id === selected)
    .filter((framework) => framework.mappings.some((mapping) => mapping.control === control))
    .map((framework) => framework.name);
}

export function controlMeta(id: string): ControlMetadata | undefined {
  return controls.find((control) => control.id === id);
}
