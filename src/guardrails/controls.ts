// The four controls the guardrails and the IaC linter speak about. Titles are AWS's, verbatim
// (Security Hub CSPM EC2 controls page); severities are AWS's own (EC2.51 is Low, not Medium).
import type { ResourceType, Severity } from '../model/types.js';

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

export const CONTROLS: Record<ControlId, GuardrailControl> = {
  'EC2.183': {
    id: 'EC2.183',
    title: 'EC2 VPN connections should use IKEv2 protocol',
    severity: 'MEDIUM',
    resourceType: 'AWS::EC2::VPNConnection',
    configRule: 'ec2-vpn-connection-ike-version-check',
    configRuleIdentifier: 'EC2_VPN_CONNECTION_IKE_VERSION_CHECK',
  },
  'EC2.20': {
    id: 'EC2.20',
    title: 'Both VPN tunnels for an AWS Site-to-Site VPN connection should be up',
    severity: 'MEDIUM',
    resourceType: 'AWS::EC2::VPNConnection',
    configRule: 'vpc-vpn-2-tunnels-up',
    configRuleIdentifier: 'VPC_VPN_2_TUNNELS_UP',
  },
  'EC2.171': {
    id: 'EC2.171',
    title: 'EC2 VPN connections should have logging enabled',
    severity: 'MEDIUM',
    resourceType: 'AWS::EC2::VPNConnection',
    configRule: 'ec2-vpn-connection-logging-enabled',
    configRuleIdentifier: 'EC2_VPN_CONNECTION_LOGGING_ENABLED',
  },
  'EC2.51': {
    id: 'EC2.51',
    title: 'EC2 Client VPN endpoints should have client connection logging enabled',
    severity: 'LOW',
    resourceType: 'AWS::EC2::ClientVpnEndpoint',
    configRule: 'ec2-client-vpn-connection-log-enabled',
    configRuleIdentifier: 'EC2_CLIENT_VPN_CONNECTION_LOG_ENABLED',
  },
};

export const CONTROL_IDS = Object.keys(CONTROLS) as ControlId[];

const SEVERITY_RANK: Record<Severity, number> = { INFORMATIONAL: 0, LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

export function severityAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

export function parseSeverity(text: string): Severity | undefined {
  const upper = text.toUpperCase();
  return upper in SEVERITY_RANK ? (upper as Severity) : undefined;
}
