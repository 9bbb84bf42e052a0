// AWS Security Hub CSPM (REST-JSON, signing name `securityhub`): BatchImportFindings (POST /findings/import)
// and GetFindings (POST /findings), enough for `vpnguard scan --export securityhub` to be tested end to end.
// BatchImportFindings validates each finding as Security Hub does and answers per finding: a finding that
// breaks the format or the limits is listed in FailedFindings with ErrorCode InvalidInput and an ajv-style
// message ("Finding does not adhere to Amazon Finding Format. data.Title should NOT be longer than 256
// characters."), the others are stored. A finding for another account is AccessDeniedException (lab's
// reading; AWS's exact code for that case is not documented). Only whole-request problems (no list, more
// than 100 findings) fail the call with InvalidInputException.
import type { World } from '../world/world.js';
import { LabError, type LabCall, type ServiceDefinition } from './types.js';

export const MAX_FINDINGS_PER_CALL = 100;
const MAX_FINDING_BYTES = 240 * 1024;
const REQUIRED = ['SchemaVersion', 'Id', 'ProductArn', 'GeneratorId', 'AwsAccountId', 'Types', 'CreatedAt', 'UpdatedAt', 'Severity', 'Title', 'Description', 'Resources'] as const;
const STRING_LIMITS: Readonly<Record<string, number>> = { Title: 256, Description: 1024, Id: 512, GeneratorId: 512, SourceUrl: 2048 };
const SEVERITY_LABELS = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
const COMPLIANCE = ['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE'];
const RECORD_STATES = ['ACTIVE', 'ARCHIVED'];
const WORKFLOW = ['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED'];
const TYPE_NAMESPACES = ['Software and Configuration Checks', 'TTPs', 'Effects', 'Unusual Behaviors', 'Sensitive Data Identifications'];

type Finding = Record<string, unknown>;

/** Per account-region store: ProductArn + Id -> the stored finding (insertion order kept). */
const stores = new WeakMap<World, Map<string, Map<string, Finding>>>();

export function securityHubFindings(world: World, accountId: string, region: string): Finding[] {
  return [...(stores.get(world)?.get(`${accountId}/${region}`)?.values() ?? [])];
}

function store(world: World, accountId: string, region: string): Map<string, Finding> {
  let byScope = stores.get(world);
  if (!byScope) {
    byScope = new Map();
    stores.set(world, byScope);
  }
  const key = `${accountId}/${region}`;
  let findings = byScope.get(key);
  if (!findings) {
    findings = new Map();
    byScope.set(key, findings);
  }
  return findings;
}

const invalid = (message: string): LabError => new LabError('InvalidInputException', message, 400);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneOf(value: unknown, allowed: readonly string[]): boolean {
  return typeof value === 'string' && allowed.includes(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && /\S/.test(value);
}

/** The first format problem of a finding, as an ajv-style path message, or undefined. */
export function asffProblem(finding: unknown): string | undefined {
  if (!isRecord(finding)) return 'data should be object';
  for (const name of REQUIRED) if (finding[name] === undefined) return `data should have required property '${name}'`;
  for (const name of ['SchemaVersion', 'Id', 'ProductArn', 'GeneratorId', 'AwsAccountId', 'CreatedAt', 'UpdatedAt', 'Title', 'Description']) {
    if (!nonEmptyString(finding[name])) return `data.${name} should be a non-empty string`;
  }
  for (const [name, max] of Object.entries(STRING_LIMITS)) {
    const value = finding[name];
    if (typeof value === 'string' && [...value].length > max) return `data.${name} should NOT be longer than ${max} characters`;
  }
  if (finding.SchemaVersion !== '2018-10-08') return "data.SchemaVersion should be equal to '2018-10-08'";
  if (!/^\d{12}$/.test(String(finding.AwsAccountId))) return 'data.AwsAccountId should match pattern "^[0-9]{12}$"';
  for (const name of ['CreatedAt', 'UpdatedAt', 'FirstObservedAt', 'LastObservedAt']) {
    const value = finding[name];
    if (value !== undefined && (typeof value !== 'string' || Number.isNaN(Date.parse(value)))) return `data.${name} should match format "date-time"`;
  }
  const types = finding.Types;
  if (!Array.isArray(types) || types.length < 1 || types.length > 50) return 'data.Types should be an array of 1 to 50 items';
  for (const [i, type] of types.entries()) {
    if (!nonEmptyString(type) || !TYPE_NAMESPACES.includes(type.split('/')[0] ?? '')) return `data.Types[${i}] should be namespace/category/classifier with a known namespace`;
  }
  const severity = finding.Severity;
  if (!isRecord(severity)) return 'data.Severity should be object';
  if (severity.Label === undefined && severity.Normalized === undefined) return "data.Severity should have required property 'Label'";
  if (severity.Label !== undefined && !oneOf(severity.Label, SEVERITY_LABELS)) return 'data.Severity.Label should be equal to one of the allowed values';
  const resources = finding.Resources;
  if (!Array.isArray(resources) || resources.length < 1) return 'data.Resources should NOT have fewer than 1 items';
  if (resources.length > 32) return 'data.Resources should NOT have more than 32 items';
  for (const [i, resource] of resources.entries()) {
    if (!isRecord(resource)) return `data.Resources[${i}] should be object`;
    if (!nonEmptyString(resource.Type)) return `data.Resources[${i}] should have required property 'Type'`;
    if (!nonEmptyString(resource.Id)) return `data.Resources[${i}] should have required property 'Id'`;
    if (resource.Type.length > 256) return `data.Resources[${i}].Type should NOT be longer than 256 characters`;
    if (typeof resource.Region === 'string' && resource.Region.length > 16) return `data.Resources[${i}].Region should NOT be longer than 16 characters`;
    const details = resource.Details;
    if (isRecord(details)) {
      const tunnels = (details.AwsEc2VpnConnection as { Options?: { TunnelOptions?: unknown[] } } | undefined)?.Options?.TunnelOptions;
      // The lab refuses what a careful tool never sends: secrets in a finding.
      if (Array.isArray(tunnels) && tunnels.some((t) => isRecord(t) && t.PreSharedKey !== undefined)) {
        return `data.Resources[${i}].Details.AwsEc2VpnConnection.Options.TunnelOptions should NOT contain PreSharedKey (lab policy)`;
      }
    }
  }
  const compliance = finding.Compliance;
  if (compliance !== undefined) {
    if (!isRecord(compliance)) return 'data.Compliance should be object';
    if (compliance.Status !== undefined && !oneOf(compliance.Status, COMPLIANCE)) return 'data.Compliance.Status should be equal to one of the allowed values';
    const related = compliance.RelatedRequirements;
    if (related !== undefined && (!Array.isArray(related) || related.length > 32)) return 'data.Compliance.RelatedRequirements should NOT have more than 32 items';
  }
  if (finding.RecordState !== undefined && !oneOf(finding.RecordState, RECORD_STATES)) return 'data.RecordState should be equal to one of the allowed values';
  const workflow = finding.Workflow;
  if (workflow !== undefined && (!isRecord(workflow) || (workflow.Status !== undefined && !oneOf(workflow.Status, WORKFLOW)))) {
    return 'data.Workflow.Status should be equal to one of the allowed values';
  }
  const text = (finding.Remediation as { Recommendation?: { Text?: unknown } } | undefined)?.Recommendation?.Text;
  if (typeof text === 'string' && [...text].length > 512) return 'data.Remediation.Recommendation.Text should NOT be longer than 512 characters';
  const fields = finding.ProductFields;
  if (fields !== undefined && (!isRecord(fields) || Object.keys(fields).length > 50)) return 'data.ProductFields should NOT have more than 50 properties';
  return undefined;
}

function batchImportFindings(world: World, call: LabCall): unknown {
  const findings = call.params.Findings;
  if (!Array.isArray(findings)) throw invalid('Findings is required and must be a list.');
  if (findings.length === 0) throw invalid('Findings must contain at least 1 finding.');
  if (findings.length > MAX_FINDINGS_PER_CALL) throw invalid(`Findings must contain at most ${MAX_FINDINGS_PER_CALL} findings; got ${findings.length}.`);
  const ownProduct = `arn:aws:securityhub:${call.region}:${call.accountId}:product/${call.accountId}/default`;
  const target = store(world, call.accountId, call.region);
  const failed: { Id: string; ErrorCode: string; ErrorMessage: string }[] = [];
  let success = 0;
  const processedAt = new Date(call.now).toISOString();
  for (const finding of findings as unknown[]) {
    const id = isRecord(finding) && typeof finding.Id === 'string' && finding.Id !== '' ? finding.Id : 'unknown';
    const fail = (code: string, message: string) => failed.push({ Id: id, ErrorCode: code, ErrorMessage: message });
    if (Buffer.byteLength(JSON.stringify(finding)) > MAX_FINDING_BYTES) {
      fail('InvalidInput', `Finding does not adhere to Amazon Finding Format. data should NOT be larger than ${MAX_FINDING_BYTES} bytes.`);
      continue;
    }
    const problem = asffProblem(finding);
    if (problem !== undefined) {
      fail('InvalidInput', `Finding does not adhere to Amazon Finding Format. ${problem}.`);
      continue;
    }
    const record = finding as Finding;
    if (record.AwsAccountId !== call.accountId) {
      fail('AccessDeniedException', `Account ${call.accountId} cannot import findings for account ${String(record.AwsAccountId)}.`);
      continue;
    }
    if (record.ProductArn !== ownProduct) {
      fail('InvalidInput', `Finding does not adhere to Amazon Finding Format. data.ProductArn should be ${ownProduct} for findings this account imports about itself.`);
      continue;
    }
    const key = `${String(record.ProductArn)}\n${String(record.Id)}`;
    const previous = target.get(key);
    target.set(key, {
      RecordState: 'ACTIVE',
      Workflow: { Status: 'NEW' },
      ProductName: 'Default',
      CompanyName: 'Personal',
      Region: call.region,
      ...record,
      // Once a finding exists, BatchImportFindings cannot change its Workflow (BatchUpdateFindings does).
      ...(previous ? { Workflow: previous.Workflow, CreatedAt: previous.CreatedAt } : {}),
      ProcessedAt: processedAt,
    });
    success += 1;
  }
  call.target = `${success} imported, ${failed.length} failed`;
  return { FailedCount: failed.length, SuccessCount: success, FailedFindings: failed };
}

const FILTER_FIELDS: Readonly<Record<string, (f: Finding) => unknown[]>> = {
  Id: (f) => [f.Id],
  ProductArn: (f) => [f.ProductArn],
  AwsAccountId: (f) => [f.AwsAccountId],
  GeneratorId: (f) => [f.GeneratorId],
  Region: (f) => [f.Region],
  Title: (f) => [f.Title],
  Type: (f) => (Array.isArray(f.Types) ? (f.Types as unknown[]) : []),
  SeverityLabel: (f) => [(f.Severity as { Label?: unknown } | undefined)?.Label],
  ComplianceStatus: (f) => [(f.Compliance as { Status?: unknown } | undefined)?.Status],
  ComplianceSecurityControlId: (f) => [(f.Compliance as { SecurityControlId?: unknown } | undefined)?.SecurityControlId],
  RecordState: (f) => [f.RecordState],
  WorkflowStatus: (f) => [(f.Workflow as { Status?: unknown } | undefined)?.Status],
  ResourceId: (f) => (Array.isArray(f.Resources) ? f.Resources.map((r: { Id?: unknown }) => r.Id) : []),
  ResourceType: (f) => (Array.isArray(f.Resources) ? f.Resources.map((r: { Type?: unknown }) => r.Type) : []),
};
const POSITIVE = ['EQUALS', 'PREFIX', 'CONTAINS'];
const NEGATIVE = ['NOT_EQUALS', 'PREFIX_NOT_EQUALS', 'NOT_CONTAINS'];

function compare(comparison: string, actual: string, wanted: string): boolean {
  switch (comparison) {
    case 'EQUALS':
      return actual === wanted;
    case 'PREFIX':
      return actual.startsWith(wanted);
    case 'CONTAINS':
      return actual.includes(wanted);
    case 'NOT_EQUALS':
      return actual !== wanted;
    case 'PREFIX_NOT_EQUALS':
      return !actual.startsWith(wanted);
    case 'NOT_CONTAINS':
      return !actual.includes(wanted);
    default:
      return false;
  }
}

function matchesFilters(finding: Finding, filters: Record<string, unknown>): boolean {
  for (const [field, list] of Object.entries(filters)) {
    const read = FILTER_FIELDS[field];
    if (!read || !Array.isArray(list)) continue;
    const values = read(finding).filter((v): v is string => typeof v === 'string');
    const conditions = list.filter(isRecord).map((c) => ({ value: text(c.Value), comparison: text(c.Comparison) || 'EQUALS' }));
    const positive = conditions.filter((c) => POSITIVE.includes(c.comparison));
    const negative = conditions.filter((c) => NEGATIVE.includes(c.comparison));
    // Positive conditions on one field are ORed, negative ones ANDed (Security Hub's documented semantics).
    if (positive.length > 0 && !positive.some((c) => values.some((v) => compare(c.comparison, v, c.value)))) return false;
    if (!negative.every((c) => values.every((v) => compare(c.comparison, v, c.value)))) return false;
  }
  return true;
}

function getFindings(world: World, call: LabCall): unknown {
  const { Filters: filters = {}, MaxResults: maxResults = 100, NextToken: nextToken } = call.params as { Filters?: unknown; MaxResults?: unknown; NextToken?: unknown };
  if (!isRecord(filters)) throw invalid('Filters must be an object.');
  for (const [field, list] of Object.entries(filters)) {
    if (!Object.hasOwn(FILTER_FIELDS, field)) throw invalid(`The lab does not support the filter ${field} (supported: ${Object.keys(FILTER_FIELDS).join(', ')}).`);
    if (!Array.isArray(list) || list.length > 20) throw invalid(`Filters.${field} must be a list of at most 20 conditions.`);
    for (const condition of list) {
      const comparison = isRecord(condition) ? text(condition.Comparison) : '';
      if (![...POSITIVE, ...NEGATIVE].includes(comparison)) throw invalid(`Filters.${field}: Comparison must be one of ${[...POSITIVE, ...NEGATIVE].join(', ')}.`);
    }
  }
  if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) throw invalid('MaxResults must be between 1 and 100.');
  let start = 0;
  if (nextToken !== undefined) {
    const decoded = typeof nextToken === 'string' ? Number(Buffer.from(nextToken, 'base64url').toString('utf8')) : Number.NaN;
    if (!Number.isInteger(decoded) || decoded < 0) throw invalid('The NextToken is not valid.');
    start = decoded;
  }
  const matching = securityHubFindings(world, call.accountId, call.region).filter((f) => matchesFilters(f, filters));
  const page = matching.slice(start, start + maxResults);
  const end = start + page.length;
  return { Findings: page, ...(end < matching.length ? { NextToken: Buffer.from(String(end)).toString('base64url') } : {}) };
}

export const securityhubService: ServiceDefinition = {
  name: 'securityhub',
  operations: { BatchImportFindings: batchImportFindings, GetFindings: getFindings },
  mutating: new Set(['BatchImportFindings']),
};
