// SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer). One rule per control, from its metadata; one
// result per FAIL or ERROR finding. GitHub requires a physical location on every result, and AWS resources
// are not files, so each result points at a stable pseudo-artifact aws/ACCOUNT/REGION/KIND/ID (line 1) and
// carries the real identity as a logical location (the ARN). Coverage gaps and ERRORs are tool execution
// notifications, and `executionSuccessful` is false for an incomplete scan. See docs/reports.md.
import { controls, type ControlMetadata } from '../controls/index.js';
import { frameworks } from '../controls/frameworks/index.js';
import type { Finding, ScanSource, Severity } from '../model/types.js';
import {
  findingFingerprint,
  gapSentence,
  needsAction,
  pseudoArtifactUri,
} from './finding-info.js';
import { requirementsFor } from './requirements.js';
import { jsonChunks } from './json-stream.js';
import type { Formatter, StreamFormatter } from './types.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const FINGERPRINT_KEY = 'vpnguardFinding/v1';

// GitHub: > 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low.
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  CRITICAL: '9.5',
  HIGH: '8.0',
  MEDIUM: '5.5',
  LOW: '3.0',
  INFORMATIONAL: '0.0',
};

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  CRITICAL: 'error',
  HIGH: 'error',
  MEDIUM: 'warning',
  LOW: 'note',
  INFORMATIONAL: 'note',
};

/** Lists of findings, as arrays (for JSON.stringify) or produced while they are written (for jsonChunks). */
type Lister = <T, U>(items: Iterable<T>, keep: (item: T) => boolean, map: (item: T) => U) => Iterable<U>;

const arrayOf: Lister = (items, keep, map) => Array.from(items).filter(keep).map(map);

const lazily: Lister = <T, U>(items: Iterable<T>, keep: (item: T) => boolean, map: (item: T) => U): Iterable<U> => ({
  *[Symbol.iterator]() {
    for (const item of items) if (keep(item)) yield map(item);
  },
});

function chain<T>(...parts: Iterable<T>[]): Iterable<T> {
  return {
    *[Symbol.iterator]() {
      for (const part of parts) yield* part;
    },
  };
}

export const formatSarif: Formatter = (result) => `${JSON.stringify(sarifLog(result, arrayOf), null, 2)}\n`;

/** The same bytes as formatSarif, chunk by chunk: results and notifications are made while they are written. */
export const streamSarif: StreamFormatter = function* (source) {
  yield* jsonChunks(sarifLog(source, lazily), { indent: 2, objectDepth: 5 });
  yield '\n';
};

function sarifLog(result: ScanSource, list: Lister) {
  const rules = controls.map((control) => rule(control, result));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const errors = list(
    result.findings,
    (f) => f.status === 'ERROR',
    (f) => ({
      level: 'warning',
      message: { text: `${f.control} could not be evaluated on ${f.resourceArn}: ${f.reason}` },
      descriptor: { id: 'evaluation-error' },
      ...(ruleIndex.has(f.control) ? { associatedRule: { id: f.control, index: ruleIndex.get(f.control) } } : {}),
    }),
  );
  const gaps = result.coverage.gaps.map((gap) => ({
    level: 'error',
    message: { text: gapSentence(gap) },
    descriptor: { id: `coverage-gap/${gap.reason}` },
    properties: {
      accountId: gap.accountId,
      ...(gap.region === undefined ? {} : { region: gap.region }),
      reason: gap.reason,
      ...(gap.operation === undefined ? {} : { operation: gap.operation }),
    },
  }));
  const notifications = list(chain<object>(gaps, errors), () => true, (note) => note);
  const taxonomyFrameworks = frameworks.filter((framework) =>
    result.framework === undefined ? framework.id !== 'fsbp' : framework.id === result.framework.id,
  );
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'vpnguard',
            version: result.tool.version,
            semanticVersion: result.tool.version,
            rules,
          },
        },
        automationDetails: { id: result.framework === undefined ? 'vpnguard/scan/' : `vpnguard/scan/${result.framework.id}/` },
        invocations: [
          {
            executionSuccessful: result.coverage.complete,
            startTimeUtc: result.startedAt,
            endTimeUtc: result.finishedAt,
            toolExecutionNotifications: notifications,
          },
        ],
        taxonomies: taxonomyFrameworks.map((framework) => ({
          name: framework.id,
          fullName: framework.name,
          informationUri: framework.url,
          isComprehensive: false,
          // One taxon per requirement, even when several controls map to it.
          taxa: [...new Map(framework.mappings.map((m) => [m.requirement, m])).values()].map((mapping) => ({
            id: mapping.requirement,
            name: mapping.title,
            properties: {
              sources: [...new Set(framework.mappings.filter((m) => m.requirement === mapping.requirement).map((m) => m.source))],
            },
          })),
        })),
        results: list(result.findings, (f) => needsAction(f.status), (f) => sarifResult(f, ruleIndex, result)),
        properties: {
          coverage: {
            complete: result.coverage.complete,
            scanned: result.coverage.scanned.length,
            gaps: result.coverage.gaps.length,
          },
          scope: result.scope,
          ...(result.framework === undefined ? {} : { framework: result.framework.id }),
        },
      },
    ],
  };
  return log;
}

function rule(control: ControlMetadata, result: ScanSource) {
  const requirements = requirementsFor(control.id, result);
  const markdown = [
    `**${control.title}** (${control.id}, AWS severity ${control.severity.toLowerCase()})`,
    '',
    control.description,
    '',
    `**Risk.** ${control.risk}`,
    '',
    `**Remediation.** ${control.remediation.text}`,
    '',
    '```sh',
    control.remediation.cli,
    '```',
    '',
    `AWS Config rule \`${control.configRule}\`. [Security Hub control reference](${control.docsUrl})`,
    ...(requirements.length === 0
      ? []
      : [
          '',
          `Related requirements: ${requirements
            .map((r) => `${r.label}${r.source === 'vpnguard' ? ' (vpnguard mapping)' : ''}`)
            .join(', ')}`,
        ]),
  ].join('\n');
  return {
    id: control.id,
    name: pascal(control.checkId),
    shortDescription: { text: control.title },
    fullDescription: { text: control.description },
    helpUri: control.docsUrl,
    help: {
      text: `${control.risk}\n\nRemediation: ${control.remediation.text}\n\n${control.remediation.cli}`,
      markdown,
    },
    defaultConfiguration: { level: LEVEL[control.severity] },
    relationships: requirements.map((r) => ({
      target: { id: r.requirement, toolComponent: { name: r.framework } },
      kinds: ['relevant'],
    })),
    properties: {
      'security-severity': SECURITY_SEVERITY[control.severity],
      precision: 'very-high',
      problem: { severity: LEVEL[control.severity] === 'note' ? 'recommendation' : LEVEL[control.severity] },
      tags: ['security', 'aws', 'vpn', control.id, control.checkId, ...control.category.split(' > ')],
      checkId: control.checkId,
      configRule: control.configRule,
      resourceType: control.resourceType,
    },
  };
}

function sarifResult(finding: Finding, ruleIndex: Map<string, number>, result: ScanSource) {
  const failed = finding.status === 'FAIL';
  const index = ruleIndex.get(finding.control);
  const requirements = requirementsFor(finding.control, result);
  return {
    ruleId: finding.control,
    ...(index === undefined ? {} : { ruleIndex: index }),
    // An ERROR is an unknown, not a violation: SARIF's `review` (a person must look), with level none.
    kind: failed ? 'fail' : 'review',
    level: failed ? LEVEL[finding.severity] : 'none',
    message: {
      text: `${finding.status === 'ERROR' ? 'Could not evaluate: ' : ''}${finding.reason} (${finding.resourceArn})`,
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: pseudoArtifactUri(finding) },
          region: { startLine: 1 },
        },
        logicalLocations: [
          {
            name: finding.resourceId,
            fullyQualifiedName: finding.resourceArn,
            kind: 'resource',
          },
        ],
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: findingFingerprint(finding) },
    ...(finding.baselineState === undefined ? {} : { baselineState: finding.baselineState }),
    ...(finding.muted === undefined
      ? {}
      : {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: `${finding.muted.reason} (until ${finding.muted.expires})`,
            },
          ],
        }),
    properties: {
      status: finding.status,
      severity: finding.severity,
      accountId: finding.accountId,
      region: finding.region,
      resourceType: finding.resourceType,
      resourceArn: finding.resourceArn,
      // `tags` is reserved in SARIF property bags (an array of strings); the AWS tags are a map.
      awsTags: finding.tags,
      ...(finding.tunnels === undefined ? {} : { tunnels: finding.tunnels }),
      ...(requirements.length === 0 ? {} : { requirements: requirements.map((r) => r.label) }),
      ...(finding.muted === undefined ? {} : { muted: finding.muted }),
    },
  };
}

function pascal(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}
