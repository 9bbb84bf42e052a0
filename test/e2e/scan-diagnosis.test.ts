// The scan attaches the diagnosis of each DOWN tunnel to its EC2.20 failure (issue 3: "the same diagnosis
// attached to EC2.20 findings in scan output"), in JSON and in the terminal table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type LabHandle } from '../../lab/index.js';
import { labEnv, runCli, scanJson } from './scan.helpers.js';

let lab: LabHandle;
beforeAll(async () => {
  lab = await startLab({ scenario: 'seed-story', port: 0 });
});
afterAll(async () => {
  await lab?.stop();
});

describe('scan with diagnosis', () => {
  it('the 91-days-DOWN tunnel: EC2.20 FAIL carries the far-side firewall cause; passing findings carry none', async () => {
    const { result } = await scanJson(lab, ['--quiet', '--region', 'us-east-1,eu-west-1']);
    const down = result.findings.find(
      (f) => f.control === 'EC2.20' && f.resourceId === 'vpn-0a1b2c3d4e5f6a7b8',
    );
    expect(down?.status).toBe('FAIL');
    expect(down?.diagnosis?.causes[0]).toMatchObject({
      cause: 'far-side-firewall',
      tunnels: ['203.0.113.20'],
      confidenceLabel: 'high',
    });
    expect(down?.diagnosis?.more).toBe('vpnguard diagnose vpn-0a1b2c3d4e5f6a7b8');
    const others = result.findings.filter((f) => f !== down && f.diagnosis !== undefined);
    expect(others).toEqual([]);
  });

  it('the table prints the likely cause under the EC2.20 failure and points at vpnguard diagnose', async () => {
    const run = await runCli(['scan', '--quiet', '--region', 'us-east-1'], labEnv(lab));
    expect(run.code, run.stderr + run.stdout.slice(-600)).toBe(1);
    expect(run.stdout).toMatch(
      /likely cause \(high, 203\.0\.113\.20\): Far-side firewall blocks UDP 500\/4500/,
    );
    expect(run.stdout).toContain('full diagnosis: vpnguard diagnose vpn-0a1b2c3d4e5f6a7b8');
  });
  it('after the firewall is fixed, the tunnel comes back and the diagnosis is gone with the failure', async () => {
    lab.applyEvent({ type: 'fix-firewall', vpnConnectionId: 'vpn-0a1b2c3d4e5f6a7b8' });
    const { result } = await scanJson(lab, ['--quiet', '--region', 'us-east-1']);
    const finding = result.findings.find(
      (f) => f.control === 'EC2.20' && f.resourceId === 'vpn-0a1b2c3d4e5f6a7b8',
    );
    expect(finding?.status).toBe('PASS');
    expect(finding?.diagnosis).toBeUndefined();
  });
});
