// CSV for spreadsheets and ticket imports: one row per finding (every status), then one row per coverage gap
// (record = coverage-gap) so an incomplete scan cannot be read as clean. RFC 4180: CRLF line ends, fields
// quoted when they hold a quote, comma, CR or LF. Spreadsheet formula injection is defused: a value starting
// with = + - @ TAB or CR gets a leading apostrophe, so a tag like =HYPERLINK(...) stays text.
import type { Finding, ScanSource } from '../model/types.js';
import { findingFingerprint, longestDown, wholeDays } from './finding-info.js';
import { controlMeta, requirementLabel, requirementsFor } from './requirements.js';
import type { Formatter, StreamFormatter } from './types.js';

export const CSV_COLUMNS = [
  'record',
  'status',
  'muted',
  'muted_reason',
  'muted_expires',
  'baseline',
  'control',
  'check_id',
  'severity',
  'title',
  'account_id',
  'region',
  'resource_type',
  'resource_id',
  'resource_arn',
  'name',
  'reason',
  'tunnels',
  'longest_down_days',
  'requirements',
  'remediation',
  'fingerprint',
] as const;

type Row = Partial<Record<(typeof CSV_COLUMNS)[number], string>>;

/** One CSV field: formula-guarded, then quoted if needed (RFC 4180). */
export function csvField(value: string): string {
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** One finding with the requirements it is listed under. */
interface Entry {
  finding: Finding;
  requirements: string;
}

/** With --framework, rows are grouped by requirement: a finding appears once per requirement it breaks. */
function* entries(source: ScanSource): Generator<Entry> {
  const framework = source.framework;
  if (framework) {
    for (const group of framework.requirements) {
      const requirements = `${requirementLabel(framework, group.requirement)}${group.source === 'vpnguard' ? ' (vpnguard)' : ''}`;
      for (const finding of source.findings) if (group.controls.includes(finding.control)) yield { finding, requirements };
    }
    return;
  }
  for (const finding of source.findings) {
    const requirements = requirementsFor(finding.control, source)
      .map((r) => `${r.label}${r.source === 'vpnguard' ? ' (vpnguard)' : ''}`)
      .join('; ');
    yield { finding, requirements };
  }
}

function findingRow({ finding: f, requirements }: Entry): Row {
  const down = longestDown(f);
  return {
    record: 'finding',
    status: f.status,
    muted: f.muted ? 'yes' : 'no',
    muted_reason: f.muted?.reason ?? '',
    muted_expires: f.muted?.expires ?? '',
    baseline: f.baselineState ?? '',
    control: f.control,
    check_id: f.checkId,
    severity: f.severity,
    title: controlMeta(f.control)?.title ?? '',
    account_id: f.accountId,
    region: f.region,
    resource_type: f.resourceType,
    resource_id: f.resourceId,
    resource_arn: f.resourceArn,
    name: f.tags.Name ?? '',
    reason: f.reason,
    tunnels: (f.tunnels ?? [])
      .map((t) => `${t.outsideIpAddress} ${t.status}${t.downForSeconds === undefined ? '' : ` ${wholeDays(t.downForSeconds)}d`}`)
      .join('; '),
    longest_down_days: down === undefined ? '' : String(wholeDays(down)),
    requirements,
    remediation: controlMeta(f.control)?.remediation.text ?? '',
    fingerprint: findingFingerprint(f),
  };
}

const line = (row: Row) => `${CSV_COLUMNS.map((c) => csvField(row[c] ?? '')).join(',')}\r\n`;

export const streamCsv: StreamFormatter = function* (source: ScanSource) {
  yield `${CSV_COLUMNS.join(',')}\r\n`;
  for (const entry of entries(source)) yield line(findingRow(entry));
  for (const gap of source.coverage.gaps) {
    yield line({
      record: 'coverage-gap',
      status: 'NOT_SCANNED',
      account_id: gap.accountId,
      region: gap.region ?? '*',
      reason: `${gap.reason}${gap.operation === undefined ? '' : ` on ${gap.operation}`}: ${gap.message}`,
    });
  }
};

export const formatCsv: Formatter = (result) => [...streamCsv(result, { color: false })].join('');
