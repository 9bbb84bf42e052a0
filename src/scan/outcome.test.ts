import { describe, expect, it } from 'vitest';
import type { Finding, ScanResult } from '../model/types.js';
import { scanExitCode } from './outcome.js';

const finding = (status: Finding['status'], severity: Finding['severity']): Finding =>
  ({ status, severity, control: 'EC2.20' }) as Finding;
const result = (complete: boolean, findings: Finding[]): Pick<ScanResult, 'coverage' | 'findings'> => ({
  coverage: { complete, scanned: [], gaps: [] },
  findings,
});

describe('scanExitCode', () => {
  it('0 when nothing fails', () => {
    expect(scanExitCode(result(true, [finding('PASS', 'MEDIUM'), finding('NOT_APPLICABLE', 'HIGH')]), 'low')).toBe(0);
  });
  it('1 when a FAIL or ERROR is at or above --fail-on', () => {
    expect(scanExitCode(result(true, [finding('FAIL', 'LOW')]), 'low')).toBe(1);
    expect(scanExitCode(result(true, [finding('ERROR', 'MEDIUM')]), 'medium')).toBe(1);
    expect(scanExitCode(result(true, [finding('FAIL', 'MEDIUM')]), 'high')).toBe(0);
    expect(scanExitCode(result(true, [finding('FAIL', 'CRITICAL')]), 'critical')).toBe(1);
    expect(scanExitCode(result(true, [finding('FAIL', 'INFORMATIONAL')]), 'low')).toBe(0);
    expect(scanExitCode(result(true, [finding('FAIL', 'CRITICAL')]), 'none')).toBe(0);
  });
  it('2 when coverage is incomplete, whatever the findings and --fail-on', () => {
    expect(scanExitCode(result(false, []), 'low')).toBe(2);
    expect(scanExitCode(result(false, [finding('FAIL', 'CRITICAL')]), 'low')).toBe(2);
    expect(scanExitCode(result(false, []), 'none')).toBe(2);
  });
});
