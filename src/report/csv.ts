// CSV for spreadsheets and ticket imports: one row per finding (every status), then one row per coverage gap
// (record = coverage-gap) so an incomplete scan cannot be read as clean. RFC 4180: CRLF line ends, fields
// quoted when they hold a quote, comma, CR or LF. Spreadsheet formula injection is defused: a value starting
// with = + - @ TAB or CR gets a leading apostrophe, so a tag like =HYPERLINK(...) stays text.
import type { Finding, ScanResult } from '../model/types.js';
import { findingFingerprint, longestDown, wholeDays } from './finding-info.js';
import { controlMeta, requirementLabel, requirementsFor } from './requirements.js';
import type { Formatter } from './types.js';

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

export const formatCsv: Formatter = (result: ScanResult): string => {
  // With --framework, rows are grouped by requirement: a finding appears once per requirement it breaks.
  const framework = result.framework;
  const entries: { finding: Finding; requirements: string }[] = framework
    ? framework.requirements.flatMap((group) =>
        result.findings
          .filter((f) => group.controls.includes(f.control))
          .map((finding) => ({
            finding,
            requirements: `${requirementLabel(framework, group.requirement)}${group.source === 'vpnguard' ? ' (vpnguard)' : ''}`,
          })),
      )
    : result.findings.map((finding) => ({
        finding,
        requirements: requirementsFor(finding.control, result)
          .map((r) => `${r.label}${r.source === 'vpnguard' ? ' (vpnguard)' : ''}`)
          .join('; '),
      }));
  const rows: Row[] = entries.map(({ finding: f, requirements }) => {
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
  });
  for (const gap of result.coverage.gaps) {
    rows.push({
      record: 'coverage-gap',
      status: 'NOT_SCANNED',
      account_id: gap.accountId,
      region: gap.region ?? '*',
      reason: `${gap.reason}${gap.operation === undefined ? '' : ` on ${gap.operation}`}: ${gap.message}`,
    });
  }
  const lines = [CSV_COLUMNS.join(','), ...rows.map((row) => CSV_COLUMNS.map((c) => csvField(row[c] ?? '')).join(','))];
  return `${lines.join('\r\n')}\r\n`;
};
