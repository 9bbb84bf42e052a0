import { describe, expect, it } from 'vitest';
import { NOW, tunnel, vpn } from '../../test/fixtures/builders.js';
import { ec2_171 } from './ec2-171.js';

const evaluate = (resource: Parameters<typeof ec2_171.evaluate>[0]) =>
  ec2_171.evaluate(resource, { now: NOW });

describe('EC2.171 tunnel logging on both tunnels', () => {
  it('compliance: both tunnels log', () => {
    const [finding] = evaluate(vpn('vpn-1'));
    expect(finding).toMatchObject({
      control: 'EC2.171',
      checkId: 'vpn-tunnel-logging',
      status: 'PASS',
      severity: 'MEDIUM',
    });
  });

  it('non-compliance 1: one logged tunnel fails and names the other', () => {
    const [finding] = evaluate(
      vpn('vpn-1', {
        tunnels: [tunnel('203.0.113.10'), tunnel('203.0.113.20', { logging: { enabled: false } })],
      }),
    );
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toBe(
      'Tunnel logging is off on 203.0.113.20 (only 203.0.113.10 logs to CloudWatch); both tunnels must log.',
    );
  });

  it('non-compliance 2: no tunnel logs', () => {
    const off = { logging: { enabled: false } };
    const [finding] = evaluate(
      vpn('vpn-1', { tunnels: [tunnel('203.0.113.10', off), tunnel('203.0.113.20', off)] }),
    );
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('both tunnels 203.0.113.10 and 203.0.113.20');
  });

  it('non-compliance 3: BGP logging alone does not count', () => {
    const bgpOnly = { logging: { enabled: false, bgpEnabled: true } };
    const [finding] = evaluate(
      vpn('vpn-1', { tunnels: [tunnel('203.0.113.10', bgpOnly), tunnel('203.0.113.20')] }),
    );
    expect(finding?.status).toBe('FAIL');
  });

  it.each(['pending', 'deleting', 'deleted'])('not applicable: %s connection', (state) => {
    const [finding] = evaluate(vpn('vpn-1', { state, tunnels: [] }));
    expect(finding?.status).toBe('NOT_APPLICABLE');
  });

  it('error: a single logged tunnel with the other unidentifiable cannot pass', () => {
    const [finding] = evaluate(vpn('vpn-1', { tunnels: [tunnel('203.0.113.10')] }));
    expect(finding?.status).toBe('ERROR');
  });
});
