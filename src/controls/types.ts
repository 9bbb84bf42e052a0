// A control is data (Prowler-like metadata next to the check) plus one pure evaluate function (cdk-nag-like).
import type {
  ClientVpnEndpoint,
  Finding,
  ResourceType,
  ResultStatus,
  Severity,
  SiteToSiteVpn,
  TunnelDetail,
} from '../model/types.js';

export interface EvaluationContext {
  /** The evaluation clock: DOWN durations are measured against it (never Date.now() inside a control). */
  now: Date;
}

export interface Remediation {
  /** What to do, in one or two sentences. */
  text: string;
  /** AWS CLI commands; placeholders in <ANGLE_BRACKETS>. */
  cli: string;
  terraform: string;
  cloudformation: string;
}

export interface ControlMetadata {
  /** Security Hub control id, e.g. EC2.20 */
  id: string;
  /** vpnguard's stable check id, e.g. vpn-tunnels-up (used in fingerprints and suppressions) */
  checkId: string;
  /** AWS's title, verbatim */
  title: string;
  /** AWS's severity */
  severity: Severity;
  resourceType: ResourceType;
  /** The AWS Config managed rule that backs the control */
  configRule: string;
  /** Security Hub category */
  category: string;
  /** What the check reads and when it fails */
  description: string;
  /** Why it matters */
  risk: string;
  /** A story that makes the risk concrete (shown by `vpnguard controls ID`). */
  scenario?: string;
  remediation: Remediation;
  docsUrl: string;
  /** Related requirements exactly as AWS lists them on the control page ([] when AWS lists none). */
  relatedRequirements: string[];
}

export interface SiteToSiteControl extends ControlMetadata {
  appliesTo: 'site-to-site';
  evaluate(resource: SiteToSiteVpn, context: EvaluationContext): Finding[];
}

export interface ClientVpnControl extends ControlMetadata {
  appliesTo: 'client-vpn';
  evaluate(resource: ClientVpnEndpoint, context: EvaluationContext): Finding[];
}

export type Control = SiteToSiteControl | ClientVpnControl;

export type { Finding, ResultStatus, TunnelDetail };
