import { describe, expect, it } from 'vitest';
import { FakeAws } from './fake-aws.js';
import { plan, settingsSatisfy } from './plan.js';
import { DEFAULT_RETENTION_DAYS, type LogGroupInfo, type PlanOptions } from './types.js';

const base: PlanOptions = { logGroupName: undefined, logRetentionDays: DEFAULT_RETENTION_DAYS, confirmIkev2: [], only: [], resourceIds: [] };

function fake(setup: (f: FakeAws) => void): FakeAws {
  const f = new FakeAws(10);
  setup(f);
  return f;
}

describe('plan', () => {
  it('plans one change per tunnel with IKEv2, start and logging when IKEv2 is confirmed', () => {
    const f = fake((x) => x.addConnection('vpn-0001', { ips: ['52.0.0.2', '52.0.0.1'] }));
    const p = plan({ inventory: f.inventory(), logGroups: [], diagnoses: [] }, { ...base, confirmIkev2: 'all' });
    expect(p.logGroups).toHaveLength(1);
    expect(p.logGroups[0]).toMatchObject({ logGroupName: '/aws/vendedlogs/vpn/us-east-1', create: true, retentionInDays: 365 });
    const steps = p.connections[0]!.steps;
    expect(steps.map((s) => s.outsideIpAddress)).toEqual(['52.0.0.1', '52.0.0.2']);
    for (const s of steps) {
      expect(s.change).toEqual({
        ikeVersions: ['ikev2'],
        startupAction: 'start',
        logging: { logGroupArn: 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/vendedlogs/vpn/us-east-1', outputFormat: 'json' },
      });
      expect(s.closes).toEqual(['EC2.183', 'EC2.171']);
      expect(s.interruptsTraffic).toBe(true);
      expect(s.rollback).toEqual({ ikeVersions: ['ikev1', 'ikev2'], startupAction: 'add' });
      expect(s.requires).toBe(p.logGroups[0]!.id);
      expect(s.blocked).toBeUndefined();
    }
    expect(p.summary).toMatchObject({ tunnelChanges: 2, interruptingChanges: 2, connections: 1, blockedSteps: 0 });
  });

  it('without confirmation plans the logging change alone and says why', () => {
    const f = fake((x) => x.addConnection('vpn-0001'));
    const p = plan({ inventory: f.inventory(), logGroups: [], diagnoses: [] }, base);
    const c = p.connections[0]!;
    for (const s of c.steps) {
      expect(s.change.ikeVersions).toBeUndefined();
      expect(s.change.startupAction).toBeUndefined();
      expect(s.change.logging).toBeDefined();
      expect(s.rollback).toBeUndefined();
    }
    expect(c.notes.join(' ')).toMatch(/EC2\.183 stays open: IKEv2 not confirmed.*--confirm-ikev2 cgw-0001/);
  });

  it('confirmation by customer gateway id or connection id', () => {
    const f = fake((x) => {
      x.addConnection('vpn-0001');
      x.addConnection('vpn-0002');
      x.addConnection('vpn-0003');
    });
    const p = plan({ inventory: f.inventory(), logGroups: [], diagnoses: [] }, { ...base, confirmIkev2: ['cgw-0001', 'vpn-0003'] });
    const ike = p.connections.map((c) => c.steps.every((s) => s.change.ikeVersions !== undefined));
    expect(ike).toEqual([true, false, true]);
  });

  it('StartupAction start only with IKEv2: never for a tunnel that keeps ikev1', () => {
    const f = fake((x) => x.addConnection('vpn-0001', { tunnels: [{ ikeVersions: ['ikev1'] }, {}] }));
    const p = plan({ inventory: f.inventory(), logGroups: [], diagnoses: [] }, base);
    for (const s of p.connections[0]!.steps) expect(s.after.startupAction).not.toBe('start');
  });

  it('repairs a DOWN tunnel first and the UP twin after it', () => {
    const f = fake((x) => x.addConnection('vpn-0001', { ips: ['52.0.0.1', '52.0.0.2'], down: ['52.0.0.2'] }));
    const p = plan({ inventory: f.inventory(), logGroups: [], diagnoses: [] }, { ...base, confirmIkev2: 'all' });
    const steps = p.connections[0]!.steps;
    expect(steps.map((s) => [s.outsideIpAddress, s.statusAtPlan, s.interruptsTraffic])).toEqual([
      ['52.0.0.2', 'DOWN', false],
      ['52.0.0.1', 'UP', true],
    ]);
    expect(steps[0]!.closes).toContain('EC2.20');
  });

  it('a DOWN tunnel the diagnosis blames on the far side is blocked, and so is its twin', () => {
    const f = fake((x) => x.addConnection('vpn-0001', { ips: ['52.0.0.1', '52.0.0.2'], down: ['52.0.0.2'] }));
    const p = plan(
      {
        inventory: f.inventory(),
        logGroups: [],
        diagnoses: [{ vpnConnectionId: 'vpn-0001', outsideIpAddress: '52.0.0.2', cause: 'far-side-firewall', farSide: true, summary: 'Far-side firewall blocks UDP 500/4500' }],
      },
      { ...base, confirmIkev2: 'all' },
    );
    const [first, second] = p.connections[0]!.steps;
    expect(first!.blocked).toMatch(/far side fixed first: Far-side firewall/);
    expect(second!.blocked).toMatch(/waits for tunnel 52\.0\.0\.2/);
    expect(p.summary.blockedSteps).toBe(2);
    expect(p.summary.interruptingChanges).toBe(0);
  });

  it('both tunnels DOWN: nothing may be changed', () => {
    const f = fake((x) => x.addConnection('vpn-0001', { down: ['10.0.0.1', '10.0.0.2'] }));
    const p = plan({ inventory: f.inventory(), logGroups: [], diagnoses: [] }, base);
    expect(p.connections[0]!.steps.every((s) => s.blocked?.includes('twin is UP'))).toBe(true);
  });

  it('a DOWN tunnel that needs no change blocks its twin (never changed while the twin is DOWN)', () => {
    const f = fake((x) =>
      x.addConnection('vpn-0001', {
        ips: ['52.0.0.1', '52.0.0.2'],
        down: ['52.0.0.2'],
        tunnels: [{}, { ikeVersions: ['ikev2'], startupAction: 'start', logging: { enabled: true, logGroupArn: 'arn:x', outputFormat: 'json' } }],
      }),
    );
    const p = plan({ inventory: f.inventory(), logGroups: [], diagnoses: [] }, { ...base, confirmIkev2: 'all' });
    const c = p.connections[0]!;
    expect(c.steps).toHaveLength(1);
    expect(c.steps[0]!.blocked).toMatch(/twin 52\.0\.0\.2 is DOWN/);
    expect(c.notes.join(' ')).toMatch(/52\.0\.0\.2 is DOWN and needs no option change/);
  });

  it('--only EC2.171 changes logging only (no IKE, no startup action)', () => {
    const f = fake((x) => x.addConnection('vpn-0001'));
    const p = plan({ inventory: f.inventory(), logGroups: [], diagnoses: [] }, { ...base, confirmIkev2: 'all', only: ['EC2.171'] });
    for (const s of p.connections[0]!.steps) expect(Object.keys(s.change)).toEqual(['logging']);
    expect(p.connections[0]!.notes).toEqual([]);
  });

  it('--only EC2.183 changes IKE (and startup) only; no log group', () => {
    const f = fake((x) => x.addConnection('vpn-0001'));
    const p = plan({ inventory: f.inventory(), logGroups: [], diagnoses: [] }, { ...base, confirmIkev2: 'all', only: ['EC2.183'] });
    for (const s of p.connections[0]!.steps) expect(Object.keys(s.change).sort()).toEqual(['ikeVersions', 'startupAction']);
    expect(p.logGroups).toEqual([]);
  });

  it('--connection narrows to the ids given', () => {
    const f = fake((x) => {
      x.addConnection('vpn-0001');
      x.addConnection('vpn-0002');
    });
    const p = plan({ inventory: f.inventory(), logGroups: [], diagnoses: [] }, { ...base, resourceIds: ['vpn-0002'] });
    expect(p.connections.map((c) => c.vpnConnectionId)).toEqual(['vpn-0002']);
  });

  it('an existing log group is used as is (its ARN, no step)', () => {
    const f = fake((x) => x.addConnection('vpn-0001'));
    const existing: LogGroupInfo = {
      accountId: '111122223333',
      region: 'us-east-1',
      logGroupName: '/team/vpn',
      exists: true,
      arn: 'arn:aws:logs:us-east-1:111122223333:log-group:/team/vpn:*',
      retentionInDays: 90,
    };
    const p = plan({ inventory: f.inventory(), logGroups: [existing], diagnoses: [] }, { ...base, logGroupName: '/team/vpn' });
    expect(p.logGroups).toEqual([]);
    expect(p.connections[0]!.steps[0]!.change.logging?.logGroupArn).toBe('arn:aws:logs:us-east-1:111122223333:log-group:/team/vpn');
    expect(p.connections[0]!.steps[0]!.requires).toBeUndefined();
  });

  it('creates no log group when every step that needs it is blocked; notes a named group without retention', () => {
    const f = fake((x) => x.addConnection('vpn-0001', { down: ['10.0.0.1', '10.0.0.2'] }));
    const p = plan({ inventory: f.inventory(), logGroups: [], diagnoses: [] }, base);
    expect(p.logGroups).toEqual([]);
    const g = fake((x) => x.addConnection('vpn-0001'));
    const noRetention: LogGroupInfo = { accountId: '111122223333', region: 'us-east-1', logGroupName: '/team/vpn', exists: true, arn: undefined, retentionInDays: undefined };
    const q = plan({ inventory: g.inventory(), logGroups: [noRetention], diagnoses: [] }, { ...base, logGroupName: '/team/vpn' });
    expect(q.notes).toEqual([expect.stringMatching(/\/team\/vpn .*exists with no retention/) as unknown]);
    expect(q.logGroups).toEqual([]);
  });

  it('skips connections that are not available, with the reason', () => {
    const f = fake((x) => x.addConnection('vpn-0001'));
    f.connections.get('vpn-0001')!.state = 'modifying';
    const p = plan({ inventory: f.inventory(), logGroups: [], diagnoses: [] }, base);
    expect(p.connections).toEqual([]);
    expect(p.skipped[0]).toMatchObject({ resourceId: 'vpn-0001', reason: expect.stringMatching(/being modified/) as unknown });
  });

  it('Client VPN: logging only when off; ConnectionLogOptions step with the log group', () => {
    const f = fake((x) => {
      x.endpoints.set('cvpn-endpoint-01', { clientVpnEndpointId: 'cvpn-endpoint-01', status: 'available', logging: { enabled: false, cloudwatchLogGroup: undefined } });
      x.endpoints.set('cvpn-endpoint-02', { clientVpnEndpointId: 'cvpn-endpoint-02', status: 'available', logging: { enabled: true, cloudwatchLogGroup: '/x' } });
      x.endpoints.set('cvpn-endpoint-03', { clientVpnEndpointId: 'cvpn-endpoint-03', status: 'deleted', logging: { enabled: false, cloudwatchLogGroup: undefined } });
    });
    const p = plan({ inventory: f.inventory(), logGroups: [], diagnoses: [] }, base);
    expect(p.endpoints.map((e) => e.clientVpnEndpointId)).toEqual(['cvpn-endpoint-01']);
    expect(p.endpoints[0]!.steps[0]).toMatchObject({ closes: ['EC2.51'], interruptsTraffic: false, after: { enabled: true, cloudwatchLogGroup: '/aws/vendedlogs/vpn/us-east-1' } });
    expect(p.skipped.map((s) => s.resourceId)).toEqual(['cvpn-endpoint-03']);
  });

  it('a second plan after the changes shows nothing to do', () => {
    const f = fake((x) => x.addConnection('vpn-0001'));
    const first = plan({ inventory: f.inventory(), logGroups: [], diagnoses: [] }, { ...base, confirmIkev2: 'all' });
    for (const s of first.connections[0]!.steps) {
      const t = f.tunnel('vpn-0001', s.outsideIpAddress);
      t.settings = structuredClone(s.after);
      expect(settingsSatisfy(t.settings, s.after)).toBe(true);
    }
    const second = plan({ inventory: f.inventory(), logGroups: [], diagnoses: [] }, { ...base, confirmIkev2: 'all' });
    expect(second.summary.steps).toBe(0);
    expect(second.connections).toEqual([]);
  });

  it('is pure: same input, same plan', () => {
    const f = fake((x) => {
      x.addConnection('vpn-0002');
      x.addConnection('vpn-0001', { down: ['10.0.1.1'] });
    });
    const input = { inventory: f.inventory(), logGroups: [], diagnoses: [] };
    const snapshot = JSON.stringify(input);
    expect(JSON.stringify(plan(input, base))).toBe(JSON.stringify(plan(input, base)));
    expect(JSON.stringify(input)).toBe(snapshot);
  });
});
