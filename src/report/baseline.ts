// Baselines: accept today's findings so a pipeline fails only on new ones. A baseline entry is the finding's
// stable identity, control + resource ARN + status (never time), so a finding that changes status (FAIL ->
// ERROR) is new again. `--write-baseline` writes FAIL and ERROR findings; `--baseline` marks each finding
// `unchanged` (accepted) or `new`.
import { z } from 'zod';
import type { Finding, ScanResult } from '../model/types.js';
import './annotations.js';
import { needsAction } from './finding-info.js';

export const BASELINE_VERSION = 1;

const entrySchema = z.object({ control: z.string().min(1), resourceArn: z.string().min(1), status: z.enum(['PASS', 'FAIL', 'NOT_APPLICABLE', 'ERROR']) });

const baselineSchema = z.object({
  vpnguardBaseline: z.literal(BASELINE_VERSION),
  createdAt: z.string().optional(),
  findings: z.array(entrySchema.passthrough()),
});

export type BaselineEntry = z.output<typeof entrySchema>;

export class BaselineFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaselineFileError';
  }
}

export function baselineKey(finding: Pick<Finding, 'control' | 'resourceArn' | 'status'>): string {
  return `${finding.control}\n${finding.resourceArn}\n${finding.status}`;
}

/** The baseline document for a scan: its FAIL and ERROR findings, sorted, pretty JSON. */
export function formatBaseline(result: ScanResult): string {
  const findings = result.findings
    .filter((f) => needsAction(f.status))
    .map((f) => ({ control: f.control, resourceArn: f.resourceArn, status: f.status, reason: f.reason }))
    .sort((a, b) => baselineKey(a).localeCompare(baselineKey(b)));
  return `${JSON.stringify({ vpnguardBaseline: BASELINE_VERSION, createdAt: result.finishedAt, findings }, null, 2)}\n`;
}

export function parseBaseline(text: string, file: string): BaselineEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BaselineFileError(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)}); fix: regenerate it with --write-baseline ${file}`);
  }
  const parsed = baselineSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BaselineFileError(`${file}: ${issue.path.join('.') || 'document'} ${issue.message}; fix: regenerate it with --write-baseline ${file}`);
  }
  return parsed.data.findings.map(({ control, resourceArn, status }) => ({ control, resourceArn, status }));
}

/** Marks every finding `unchanged` (its identity is in the baseline) or `new`. */
export function applyBaseline(result: ScanResult, entries: readonly BaselineEntry[]): ScanResult {
  const known = new Set(entries.map(baselineKey));
  return {
    ...result,
    findings: result.findings.map((f) => ({ ...f, baselineState: known.has(baselineKey(f)) ? 'unchanged' : 'new' })),
  };
}
