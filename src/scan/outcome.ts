// The exit code of a scan, from its result alone. One meaning per code (src/cli/exit-codes.ts):
// 2 when coverage is incomplete (wins over 1: a partial view is never "clean" nor "just findings"),
// 1 when a FAIL or ERROR finding is at or above --fail-on, else 0.
import { EXIT } from '../cli/exit-codes.js';
import type { Finding, ScanSource, Severity } from '../model/types.js';

export const FAIL_ON_LEVELS = ['low', 'medium', 'high', 'critical', 'none'] as const;
export type FailOn = (typeof FAIL_ON_LEVELS)[number];

const RANK: Record<Severity, number> = { INFORMATIONAL: 0, LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };
const THRESHOLD: Record<FailOn, number> = { low: 1, medium: 2, high: 3, critical: 4, none: Infinity };

export function atOrAbove(severity: Severity, failOn: FailOn): boolean {
  return RANK[severity] >= THRESHOLD[failOn];
}

export function scanExitCode(
  result: Pick<ScanSource, 'coverage'> & { findings: Iterable<Pick<Finding, 'status' | 'severity'>> },
  failOn: FailOn,
): number {
  if (!result.coverage.complete) return EXIT.incomplete;
  for (const f of result.findings) {
    if ((f.status === 'FAIL' || f.status === 'ERROR') && atOrAbove(f.severity, failOn)) return EXIT.findings;
  }
  return EXIT.ok;
}
