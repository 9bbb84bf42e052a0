// AWS Security Finding Format for Security Hub CSPM's BatchImportFindings: one finding per control and
// resource (every status, so a fixed resource flips to PASSED), plus one per coverage gap so an incomplete
// scan is visible there too. Limits from the ASFF docs (the botocore model has no lengths): Title 256,
// Description 1024, Recommendation.Text 512, Resources 1..32. Values from AWS go through terminalSafe:
// Security Hub shows them in consoles and tickets. `--export securityhub` sends exactly these objects.
import type { ControlMetadata } from '../controls/index.js';
import type {
  ClientVpnEndpoint,
  CoverageGap,
  Finding,
  ResultStatus,
  ScanResult,
  Severity,
  SiteToSiteVpn,
} from '../model/types.js';
import { terminalSafe } from './escape.js';
import { findingFingerprint, gapSentence, longestDown } from './finding-info.js';
import { controlMeta, requirementsFor } from './requirements.js';
import type { Formatter } from './types.js';

export type AsffFinding = Record<string, unknown> & {
  Id: string;
  AwsAccountId: string;
  Region: string;
  ProductArn: string;
};

export const ASFF_SCHEMA_VERSION = '2018-10-08';
export const ASFF_LIMITS = { title: 256, description: 1024, recommendation: 512, resources: 32, productFields: 50 } as const;
const BEST_PRACTICES = 'Software and Configuration Checks/AWS Security Best Practices';
const STANDARDS = 'Software and Configuration Checks/Industry and Regulatory Standards';

const COMPLIANCE: Readonly<Record<ResultStatus, string>> = {
  PASS: 'PASSED',
  FAIL: 'FAILED',
  // Could not evaluate: some information is missing (Security Hub's WARNING).
  ERROR: 'WARNING',
  // Deleted or pending resources: Security Hub's own mapping of a NOT_APPLICABLE Config result.
  NOT_APPLICABLE: 'NOT_AVAILABLE',
};

export function partitionOf(region: string): 'aws' | 'aws-cn' | 'aws-us-gov' {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The product ARN Security Hub assigns to findings an account imports about itself. */
export function defaultProductArn(accountId: string, region: string): string {
  return `arn:${partitionOf(region)}:securityhub:${region}:${accountId}:product/${accountId}/default`;
}

export function toAsffFindings(result: ScanResult): AsffFinding[] {
  return [
    ...result.findings.map((finding) => findingToAsff(finding, result)),
    ...result.coverage.gaps.map((gap) => gapToAsff(gap, result)),
  ];
}

export const formatAsff: Formatter = (result: ScanResult): string =>
  `${JSON.stringify(toAsffFindings(result), null, 2)}\n`;

function findingToAsff(finding: Finding, result: ScanResult): AsffFinding {
  const control = controlMeta(finding.control);
  const requirements = requirementsFor(finding.control, result);
  const awsRequirements = requirements.filter((r) => r.source === 'aws').map((r) => r.label);
  const ownRequirements = requirements.filter((r) => r.source === 'vpnguard').map((r) => r.label);
  const frameworks = [...new Set(requirements.filter((r) => r.source === 'aws').map((r) => r.frameworkName))];
  const time = result.finishedAt;
  const down = longestDown(finding);
  const firstObserved =
    down === undefined ? undefined : new Date(Date.parse(time) - down * 1000).toISOString();
  const productFields: Record<string, string> = {
    'vpnguard/control': finding.control,
    'vpnguard/checkId': finding.checkId,
    'vpnguard/status': finding.status,
    'vpnguard/version': result.tool.version,
    'vpnguard/fingerprint': findingFingerprint(finding),
  };
  const tunnels = (finding.tunnels ?? [])
    .map((t) => `${t.outsideIpAddress} ${t.status}${t.downForSeconds === undefined ? '' : ` ${Math.floor(t.downForSeconds / 86_400)}d`}`)
    .join('; ');
  if (tunnels !== '') productFields['vpnguard/tunnels'] = safe(tunnels);
  if (ownRequirements.length > 0) productFields['vpnguard/requirements'] = ownRequirements.join(', ');
  if (finding.muted) {
    productFields['vpnguard/muted/reason'] = truncate(safe(finding.muted.reason), 2048);
    productFields['vpnguard/muted/expires'] = finding.muted.expires;
  }
  if (finding.baselineState) productFields['vpnguard/baseline'] = finding.baselineState;
  const passedOrNa = finding.status === 'PASS' || finding.status === 'NOT_APPLICABLE';
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: `vpnguard/${finding.accountId}/${finding.region}/${finding.resourceId}/${finding.control}`,
    ProductArn: defaultProductArn(finding.accountId, finding.region),
    ProductName: 'vpnguard',
    CompanyName: 'vpnguard',
    Region: finding.region,
    GeneratorId: `vpnguard/${finding.control}`,
    AwsAccountId: finding.accountId,
    Types: [BEST_PRACTICES, ...frameworks.map((name) => `${STANDARDS}/${name}`)],
    ...(firstObserved === undefined ? {} : { FirstObservedAt: firstObserved }),
    LastObservedAt: time,
    CreatedAt: time,
    UpdatedAt: time,
    // Security Hub reports passed control checks as INFORMATIONAL; Original keeps AWS's severity.
    Severity: { Label: passedOrNa ? 'INFORMATIONAL' : finding.severity, Original: finding.severity },
    Title: truncate(control?.title ?? finding.control, ASFF_LIMITS.title),
    Description: truncate(nonEmpty(safe(finding.reason), `${finding.control} ${finding.status}`), ASFF_LIMITS.description),
    ...(control === undefined ? {} : { Remediation: remediation(control) }),
    ProductFields: productFields,
    Resources: [resource(finding, result)],
    Compliance: {
      Status: COMPLIANCE[finding.status],
      SecurityControlId: finding.control,
      ...(awsRequirements.length === 0 ? {} : { RelatedRequirements: awsRequirements.slice(0, 32) }),
    },
    Workflow: { Status: finding.muted ? 'SUPPRESSED' : finding.status === 'PASS' ? 'RESOLVED' : 'NEW' },
    RecordState: finding.status === 'NOT_APPLICABLE' ? 'ARCHIVED' : 'ACTIVE',
  };
}

function remediation(control: ControlMetadata) {
  return {
    Recommendation: { Text: truncate(control.remediation.text, ASFF_LIMITS.recommendation), Url: control.docsUrl },
  };
}

function resource(finding: Finding, result: ScanResult): Record<string, unknown> {
  const tags = awsTags(finding.tags);
  const base = {
    Type: finding.resourceType === 'AWS::EC2::ClientVpnEndpoint' ? 'AwsEc2ClientVpnEndpoint' : 'AwsEc2VpnConnection',
    Id: finding.resourceArn,
    Partition: partitionOf(finding.region),
    Region: finding.region,
    ...(Object.keys(tags).length === 0 ? {} : { Tags: tags }),
  };
  if (finding.resourceType === 'AWS::EC2::ClientVpnEndpoint') {
    const endpoint = result.inventory.clientVpnEndpoints.find(
      (e) => e.accountId === finding.accountId && e.region === finding.region && e.clientVpnEndpointId === finding.resourceId,
    );
    return endpoint ? { ...base, Details: { AwsEc2ClientVpnEndpoint: clientVpnDetails(endpoint) } } : base;
  }
  const connection = result.inventory.connections.find(
    (c) => c.accountId === finding.accountId && c.region === finding.region && c.vpnConnectionId === finding.resourceId,
  );
  return connection ? { ...base, Details: { AwsEc2VpnConnection: vpnDetails(connection) } } : base;
}

/** Never the customer gateway configuration or a pre-shared key: the model does not hold them. */
function vpnDetails(vpn: SiteToSiteVpn): Record<string, unknown> {
  return compact({
    VpnConnectionId: vpn.vpnConnectionId,
    State: nonEmptyOrUndefined(safe(vpn.state)),
    CustomerGatewayId: vpn.customerGatewayId,
    Type: 'ipsec.1',
    VpnGatewayId: vpn.gatewayType === 'VGW' ? vpn.gatewayId : undefined,
    TransitGatewayId: vpn.gatewayType === 'TGW' ? vpn.gatewayId : undefined,
    Category: vpn.category,
    VgwTelemetry: vpn.tunnels
      .filter((t) => t.telemetry !== undefined)
      .map((t) =>
        compact({
          OutsideIpAddress: t.outsideIpAddress,
          Status: t.telemetry?.status,
          StatusMessage: nonEmptyOrUndefined(safe(t.telemetry?.statusMessage ?? '')),
          LastStatusChange: t.telemetry?.lastStatusChange,
          AcceptedRouteCount: t.telemetry?.acceptedRouteCount,
        }),
      ),
    Options: {
      StaticRoutesOnly: vpn.routing === 'static',
      TunnelOptions: vpn.tunnels.map((t) =>
        compact({
          OutsideIpAddress: t.outsideIpAddress,
          IkeVersions: t.ikeVersions !== undefined && t.ikeVersions.length > 0 ? t.ikeVersions : undefined,
          DpdTimeoutSeconds: t.dpdTimeoutSeconds,
        }),
      ),
    },
  });
}

function clientVpnDetails(endpoint: ClientVpnEndpoint): Record<string, unknown> {
  const log = endpoint.connectionLogging;
  return compact({
    ClientVpnEndpointId: endpoint.clientVpnEndpointId,
    Description: nonEmptyOrUndefined(safe(endpoint.description ?? '')),
    ConnectionLogOptions: compact({
      Enabled: log.enabled,
      CloudwatchLogGroup: nonEmptyOrUndefined(log.cloudwatchLogGroup ?? ''),
      CloudwatchLogStream: nonEmptyOrUndefined(log.cloudwatchLogStream ?? ''),
    }),
  });
}

function gapToAsff(gap: CoverageGap, result: ScanResult): AsffFinding {
  // An account-level gap has no region; it is filed in the scan's first region.
  const region = gap.region ?? result.scope.regions[0] ?? 'us-east-1';
  const severity: Severity = 'MEDIUM';
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: `vpnguard/${gap.accountId}/${gap.region ?? 'all-regions'}/coverage-gap`,
    ProductArn: defaultProductArn(gap.accountId, region),
    ProductName: 'vpnguard',
    CompanyName: 'vpnguard',
    Region: region,
    GeneratorId: 'vpnguard/coverage',
    AwsAccountId: gap.accountId,
    Types: ['Software and Configuration Checks/vpnguard/Coverage gap'],
    LastObservedAt: result.finishedAt,
    CreatedAt: result.finishedAt,
    UpdatedAt: result.finishedAt,
    Severity: { Label: severity },
    Title: truncate(
      gap.region === undefined
        ? `vpnguard could not scan account ${gap.accountId}`
        : `vpnguard could not scan ${gap.accountId} in ${gap.region}`,
      ASFF_LIMITS.title,
    ),
    Description: truncate(safe(gapSentence(gap)), ASFF_LIMITS.description),
    ProductFields: compact({
      'vpnguard/gap/reason': gap.reason,
      'vpnguard/gap/operation': gap.operation,
      'vpnguard/version': result.tool.version,
    }),
    Resources: [
      { Type: 'AwsAccount', Id: `AWS::::Account:${gap.accountId}`, Partition: partitionOf(region), Region: region },
    ],
    Workflow: { Status: 'NEW' },
    RecordState: 'ACTIVE',
  };
}

/** Tags as a FieldMap: values must be non-empty, so an empty AWS tag value is dropped (the key stays visible in ProductFields-free Details). */
function awsTags(tags: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags).slice(0, 50)) {
    const k = truncate(safe(key), 128);
    const v = truncate(safe(value), 256);
    if (k.trim() !== '' && v.trim() !== '') out[k] = v;
  }
  return out;
}

function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function nonEmpty(value: string, fallback: string): string {
  return value.trim() === '' ? fallback : value;
}

function nonEmptyOrUndefined(value: string): string | undefined {
  return value.trim() === '' ? undefined : value;
}

function safe(value: string): string {
  return terminalSafe(value);
}

/** Cuts to `max` characters (code points never split), ending with an ellipsis when cut. */
export function truncate(value: string, max: number): string {
  const chars = [...value];
  return chars.length <= max ? value : `${chars.slice(0, max - 1).join('')}…`;
}
