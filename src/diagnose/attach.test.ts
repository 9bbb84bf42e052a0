import { describe, expect, it } from 'vitest';
import type { Finding } from '../model/types.js';
import { diagnoseInventory, diagnosisForFinding } from './attach.js';
import { B, DAY_MS, NOW, vpn } from './test-fixtures.js';

const finding = (
  control: string,
  status: Finding['status'],
  resourceId = 'vpn-0123456789abcdef0',
): Finding => ({
  accountId: '111122223333',
  region: 'us-east-1',
  control,
  checkId: 'vpn-tunnels-up',
  resourceId,
  resourceType: 'AWS::EC2::VPNConnection',
  resourceArn: `arn:aws:ec2:us-east-1:111122223333:vpn-connection/${resourceId}`,
  status,
  severity: 'MEDIUM',
  reason: 'tunnel DOWN',
  tags: {},
});

describe('attaching diagnoses to EC2.20 findings', () => {
  const inventory = {
    connections: [
      vpn({ status: 'UP' }, { status: 'DOWN', changedAgo: 91 * DAY_MS }),
      vpn({ status: 'UP' }, { status: 'UP' }, { vpnConnectionId: 'vpn-00000000000000aaa' }),
      vpn(
        { status: 'DOWN' },
        { status: 'DOWN' },
        { vpnConnectionId: 'vpn-00000000000000bbb', state: 'deleted' },
      ),
    ],
    clientVpnEndpoints: [],
  };
  const diagnoses = diagnoseInventory(inventory, new Date(NOW));

  it('diagnoses only available connections with a DOWN tunnel', () => {
    expect([...diagnoses.keys()]).toEqual(['111122223333/us-east-1/vpn-0123456789abcdef0']);
  });
  it('gives a failing EC2.20 finding the top cause per DOWN tunnel, and how to see more', () => {
    const d = diagnosisForFinding(finding('EC2.20', 'FAIL'), diagnoses)!;
    expect(d.priority).toBe('redundancy-lost');
    expect(d.causes).toHaveLength(1);
    expect(d.causes[0]).toMatchObject({ cause: 'far-side-firewall', tunnels: [B], confidenceLabel: 'high' });
    expect(d.causes[0]!.nextStep).toMatch(/before touching crypto/);
    expect(d.more).toBe('vpnguard diagnose vpn-0123456789abcdef0');
    expect(d.logNotes.join(' ')).toMatch(/not retroactive/);
  });
  it('leaves other findings alone', () => {
    expect(diagnosisForFinding(finding('EC2.183', 'FAIL'), diagnoses)).toBeUndefined();
    expect(diagnosisForFinding(finding('EC2.20', 'PASS'), diagnoses)).toBeUndefined();
    expect(
      diagnosisForFinding(finding('EC2.20', 'FAIL', 'vpn-00000000000000bbb'), diagnoses),
    ).toBeUndefined();
  });
});
