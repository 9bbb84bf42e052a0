// OCSF 1.6 Compliance Finding (class 2003, category Findings): what the newer Security Hub stores and what a
// SIEM / security lake ingests. One event per control and resource, plus one per coverage gap. The structure
// follows the class as documented for OCSF 1.6.0 and is only lightly verified (required fields checked in
// tests; no official validator runs here). Timestamps are epoch milliseconds.
import type { CoverageGap, Finding, ResultStatus, ScanResult, Severity } from '../model/types.js';
import { partitionOf } from './asff.js';
import { findingFingerprint, gapSentence } from './finding-info.js';
import { controlMeta, requirementsFor, standardsFor } from './requirements.js';
import type { Formatter } from './types.js';

export const OCSF_VERSION = '1.6.0';
const CLASS_UID = 2003;
const CATEGORY_UID = 2;

const SEVERITY_ID: Readonly<Record<Severity, [number, string]>> = {
  INFORMATIONAL: [1, 'Informational'],
  LOW: [2, 'Low'],
  MEDIUM: [3, 'Medium'],
  HIGH: [4, 'High'],
  CRITICAL: [5, 'Critical'],
};

// compliance.status_id: 1 Pass, 2 Warning, 3 Fail, 99 Other.
const COMPLIANCE_STATUS: Readonly<Record<ResultStatus, [number, string]>> = {
  PASS: [1, 'Pass'],
  ERROR: [2, 'Warning'],
  FAIL: [3, 'Fail'],
  NOT_APPLICABLE: [99, 'Not Applicable'],
};

// Finding status_id: 1 New, 3 Suppressed, 4 Resolved, 5 Archived.
function findingStatus(finding: Finding): [number, string] {
  if (finding.muted) return [3, 'Suppressed'];
  if (finding.status === 'PASS') return [4, 'Resolved'];
  if (finding.status === 'NOT_APPLICABLE') return [5, 'Archived'];
  return [1, 'New'];
}

export function toOcsfFindings(result: ScanResult): Record<string, unknown>[] {
  return [...result.findings.map((f) => findingEvent(f, result)), ...result.coverage.gaps.map((g) => gapEvent(g, result))];
}

export const formatOcsf: Formatter = (result: ScanResult): string =>
  `${JSON.stringify(toOcsfFindings(result), null, 2)}\n`;

function base(result: ScanResult, severity: Severity, accountId: string, region: string) {
  const [severityId, severityName] = SEVERITY_ID[severity];
  return {
    category_uid: CATEGORY_UID,
    category_name: 'Findings',
    class_uid: CLASS_UID,
    class_name: 'Compliance Finding',
    activity_id: 1,
    activity_name: 'Create',
    type_uid: CLASS_UID * 100 + 1,
    type_name: 'Compliance Finding: Create',
    time: Date.parse(result.finishedAt),
    severity_id: severityId,
    severity: severityName,
    metadata: {
      version: OCSF_VERSION,
      product: { name: 'vpnguard', vendor_name: 'vpnguard', version: result.tool.version },
    },
    cloud: { provider: 'AWS', account: { uid: accountId, type: 'AWS Account', type_id: 10 }, region },
  };
}

function findingEvent(finding: Finding, result: ScanResult): Record<string, unknown> {
  const control = controlMeta(finding.control);
  const requirements = requirementsFor(finding.control, result);
  const standards = standardsFor(finding.control, result);
  const [statusId, status] = findingStatus(finding);
  const [complianceId, complianceName] = COMPLIANCE_STATUS[finding.status];
  const created = Date.parse(result.finishedAt);
  return {
    ...base(result, finding.severity, finding.accountId, finding.region),
    status_id: statusId,
    status,
    message: finding.reason,
    finding_info: {
      uid: findingFingerprint(finding),
      title: control?.title ?? finding.control,
      desc: finding.reason,
      created_time: created,
      types: [control?.category ?? 'Software and Configuration Checks'],
      product_uid: finding.checkId,
    },
    compliance: {
      control: finding.control,
      standards: standards.length > 0 ? standards : ['AWS Security Hub CSPM controls'],
      requirements: requirements.map((r) => r.label),
      status_id: complianceId,
      status: complianceName,
      status_detail: finding.reason,
    },
    resources: [
      {
        uid: finding.resourceArn,
        name: finding.resourceId,
        type: finding.resourceType,
        region: finding.region,
        cloud_partition: partitionOf(finding.region),
        tags: Object.entries(finding.tags).map(([name, value]) => ({ name, value })),
      },
    ],
    ...(control === undefined
      ? {}
      : { remediation: { desc: control.remediation.text, references: [control.docsUrl] } }),
    unmapped: {
      vpnguard_status: finding.status,
      ...(finding.tunnels === undefined ? {} : { tunnels: finding.tunnels }),
      ...(finding.muted === undefined ? {} : { muted: finding.muted }),
      ...(finding.baselineState === undefined ? {} : { baseline_state: finding.baselineState }),
      own_mappings: requirements.filter((r) => r.source === 'vpnguard').map((r) => r.label),
    },
  };
}

function gapEvent(gap: CoverageGap, result: ScanResult): Record<string, unknown> {
  const region = gap.region ?? result.scope.regions[0] ?? 'us-east-1';
  const text = gapSentence(gap);
  return {
    ...base(result, 'MEDIUM', gap.accountId, region),
    status_id: 1,
    status: 'New',
    message: text,
    finding_info: {
      uid: `vpnguard/${gap.accountId}/${gap.region ?? 'all-regions'}/coverage-gap`,
      title: gap.region === undefined ? `vpnguard could not scan account ${gap.accountId}` : `vpnguard could not scan ${gap.accountId} in ${gap.region}`,
      desc: text,
      created_time: Date.parse(result.finishedAt),
      types: ['Coverage gap'],
    },
    compliance: {
      control: 'vpnguard.coverage',
      standards: ['vpnguard'],
      status_id: 2,
      status: 'Warning',
      status_detail: text,
    },
    resources: [{ uid: gap.accountId, type: 'AWS::::Account', region, cloud_partition: partitionOf(region) }],
    unmapped: { reason: gap.reason, ...(gap.operation === undefined ? {} : { operation: gap.operation }) },
  };
}
