import { describe, expect, it } from 'vitest';
import { controlIds, controls } from '../index.js';
import { findFramework, frameworks, mappingsForControl } from './index.js';

describe('framework mappings', () => {
  it('point only at registered controls', () => {
    for (const framework of frameworks) {
      for (const mapping of framework.mappings) expect(controlIds).toContain(mapping.control);
    }
  });

  it('label as aws exactly the related requirements AWS lists for NIST, PCI and CIS', () => {
    const short = (req: string) =>
      req.replace(
        /^NIST\.800-53\.r5 |^NIST\.800-171\.r2 |^PCI DSS v4\.0\.1\/|^CIS AWS Foundations Benchmark v3\.0\.0\//,
        '',
      );
    for (const control of controls) {
      const awsRows = mappingsForControl(control.id).filter(
        (m) => m.source === 'aws' && m.framework !== 'fsbp',
      );
      expect(awsRows.map((m) => m.requirement).sort()).toEqual(control.relatedRequirements.map(short).sort());
    }
  });

  it('has no AWS mapping for EC2.183 and labels its own', () => {
    const rows = mappingsForControl('EC2.183');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((m) => m.source === 'vpnguard')).toBe(true);
    expect(rows.map((m) => m.framework)).toContain('nist-sp-800-77-r1');
  });

  it('maps EC2.20 to CP-10 and SC-5(2) as AWS does', () => {
    const nist = findFramework('NIST-800-53-R5');
    const ec220 = nist?.mappings.filter((m) => m.control === 'EC2.20').map((m) => m.requirement);
    expect(ec220).toEqual(expect.arrayContaining(['CP-10', 'SC-5(2)']));
    expect(ec220).not.toContain('SC-5');
  });

  it('has unique framework ids and no duplicate rows', () => {
    expect(new Set(frameworks.map((f) => f.id)).size).toBe(frameworks.length);
    for (const f of frameworks) {
      const keys = f.mappings.map((m) => `${m.control}|${m.requirement}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});
