import { describe, expect, it } from 'vitest';
import { NOW, tunnel, vpn } from '../../test/fixtures/builders.js';
import { ec2_183 } from './ec2-183.js';

const ctx = { now: NOW };
const evaluate = (resource: Parameters<typeof ec2_183.evaluate>[0]) => ec2_183.evaluate(resource, ctx);

describe('EC2.183 IKEv2 only', () => {
  it('compliance: both tunnels explicitly ikev2', () => {
    const [finding] = evaluate(vpn('vpn-1'));
    expect(finding).toMatchObject({
      control: 'EC2.183',
      checkId: 'vpn-ike-v2-only',
      status: 'PASS',
      severity: 'MEDIUM',
    });
    expect(finding?.resourceArn).toBe('arn:aws:ec2:us-east-1:111122223333:vpn-connection/vpn-1');
  });

  it('non-compliance 1: an absent IKE list is AWS default ikev1+ikev2 and fails', () => {
    const [finding] = evaluate(
      vpn('vpn-1', { tunnels: [tunnel('203.0.113.10'), tunnel('203.0.113.20', { ikeVersions: undefined })] }),
    );
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('203.0.113.20');
    expect(finding?.reason).toContain('absent = AWS default ikev1+ikev2');
    expect(finding?.reason).not.toContain('203.0.113.10');
  });

  it('non-compliance 2: an empty IKE list fails', () => {
    const [finding] = evaluate(
      vpn('vpn-1', { tunnels: [tunnel('203.0.113.10', { ikeVersions: [] }), tunnel('203.0.113.20')] }),
    );
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('203.0.113.10 (IKE versions empty = AWS default ikev1+ikev2)');
  });

  it('non-compliance 3: ikev1 alongside ikev2 fails, naming every offending tunnel', () => {
    const [finding] = evaluate(
      vpn('vpn-1', {
        tunnels: [
          tunnel('203.0.113.10', { ikeVersions: ['ikev1', 'ikev2'] }),
          tunnel('203.0.113.20', { ikeVersions: ['ikev1'] }),
        ],
      }),
    );
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toBe(
      'Tunnels 203.0.113.10 (ikev1+ikev2) and 203.0.113.20 (ikev1) allow IKEv1; restrict every tunnel to ikev2.',
    );
  });

  it('non-compliance 4: a failing tunnel fails even when the other is missing', () => {
    const [finding] = evaluate(
      vpn('vpn-1', { tunnels: [tunnel('203.0.113.10', { ikeVersions: undefined })] }),
    );
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('AWS returned 1 identifiable tunnel');
  });

  it.each(['pending', 'deleting', 'deleted'])('not applicable: %s connection', (state) => {
    const [finding] = evaluate(
      vpn('vpn-1', { state, tunnels: [tunnel('203.0.113.10', { ikeVersions: undefined })] }),
    );
    expect(finding?.status).toBe('NOT_APPLICABLE');
    expect(finding?.reason).toContain(state);
  });

  it('modifying connections are evaluated normally', () => {
    const [finding] = evaluate(
      vpn('vpn-1', { state: 'modifying', tunnels: [tunnel('a', { ikeVersions: undefined }), tunnel('b')] }),
    );
    expect(finding?.status).toBe('FAIL');
  });

  it('error: fewer than two tunnels, all of them ikev2, cannot pass', () => {
    const [finding] = evaluate(vpn('vpn-1', { tunnels: [tunnel('203.0.113.10')] }));
    expect(finding?.status).toBe('ERROR');
    const [none] = evaluate(vpn('vpn-1', { tunnels: [] }));
    expect(none?.status).toBe('ERROR');
  });
});
