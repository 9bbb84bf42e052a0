import { describe, expect, it } from 'vitest';
import { CONTROLS, parseSeverity, severityAtLeast } from './controls.js';

describe('guardrail control metadata', () => {
  it("uses AWS's titles verbatim and AWS's severities (EC2.51 is Low)", () => {
    expect(Object.fromEntries(Object.values(CONTROLS).map((c) => [c.id, [c.title, c.severity]]))).toEqual({
      'EC2.183': ['EC2 VPN connections should use IKEv2 protocol', 'MEDIUM'],
      'EC2.20': ['Both VPN tunnels for an AWS Site-to-Site VPN connection should be up', 'MEDIUM'],
      'EC2.171': ['EC2 VPN connections should have logging enabled', 'MEDIUM'],
      'EC2.51': ['EC2 Client VPN endpoints should have client connection logging enabled', 'LOW'],
    });
  });

  it('pairs every Config rule name with its SourceIdentifier', () => {
    for (const control of Object.values(CONTROLS)) {
      expect(control.configRuleIdentifier).toBe(control.configRule.toUpperCase().replace(/-/g, '_'));
    }
  });

  it('compares and parses severities', () => {
    expect(severityAtLeast('MEDIUM', 'LOW')).toBe(true);
    expect(severityAtLeast('LOW', 'MEDIUM')).toBe(false);
    expect(parseSeverity('high')).toBe('HIGH');
    expect(parseSeverity('severe')).toBeUndefined();
  });
});
