// The four controls as the guardrails and the IaC linter speak about them. Titles, severities,
// resource types and Config rule names come from the control registry (src/controls), so there is
// one source of truth; the guardrails add the Config rule SourceIdentifier the registry lacks.
import type { ResourceType, Severity } from '../model/types.js';
import { findControl } from '../controls/index.js';

export type ControlId = 'EC2.183' | 'EC2.20' | 'EC2.171' | 'EC2.51';

export interface GuardrailControl {
  id: ControlId;
  title: string;
  severity: Severity;
  resourceType: ResourceType;
  /** AWS Config managed rule name and its SourceIdentifier. */
  configRule: string;
  configRuleIdentifier: string;
}

/** Conformance packs name managed rules by SourceIdentifier (AWS Config developer guide). */
const CONFIG_RULE_IDENTIFIERS: Record<ControlId, string> = {
  'EC2.183': 'EC2_VPN_CONNECTION_IKE_VERSION_CHECK',
  'EC2.20': 'VPC_VPN_2_TUNNELS_UP',
  'EC2.171': 'EC2_VPN_CONNECTION_LOGGING_ENABLED',
  'EC2.51': 'EC2_CLIENT_VPN_CONNECTION_LOG_ENABLED',
};

export const CONTROL_IDS: ControlId[] = ['EC2.183', 'EC2.20', 'EC2.171', 'EC2.51'];

function fromRegistry(id: ControlId): GuardrailControl {
  const control = findControl(id);
  if (!control) throw new Error(`control ${id} is missing from the control registry`);
  return {
    id,
    title: control.title,
    severity: control.severity,
    resourceType: control.resourceType,
    configRule: control.configRule,
    configRuleIdentifier: CONFIG_RULE_IDENTIFIERS[id],
  };
}

export const CONTROLS: Record<ControlId, GuardrailControl> = {
  'EC2.183': fromRegistry('EC2.183'),
  'EC2.20': fromRegistry('EC2.20'),
  'EC2.171': fromRegistry('EC2.171'),
  'EC2.51': fromRegistry('EC2.51'),
};

const SEVERITY_RANK: Record<Severity, number> = { INFORMATIONAL: 0, LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

export function severityAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

export function parseSeverity(text: string): Severity | undefined {
  const upper = text.toUpperCase();
  return upper in SEVERITY_RANK ? (upper as Severity) : undefined;
}
