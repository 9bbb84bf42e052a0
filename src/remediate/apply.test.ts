import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan, type ExecutorSettings } from './apply.js';
import { FakeAws } from './fake-aws.js';
import { journalState, MemoryJournal, type JournalRecord, type StepRecord } from './journal.js';
import { plan } from './plan.js';
import { DEFAULT_RETENTION_DAYS, type Plan, type PlanOptions } from './types.js';

const options: PlanOptions = { logGroupName: undefined, logRetentionDays: DEFAULT_RETENTION_DAYS, confirmIkev2: 'all', only: [], resourceIds: [] };
const settings: ExecutorSettings = {
  waitTimeoutMs: 400,
  pollIntervalMs: 10,
  concurrency: 16,
  mutatingBucket: { capacity: 50, refillPerSecond: 5 },
  readBucket: { capacity: 1000, refillPerSecond: 1000 },
};
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

let fakes: FakeAws[] = [];
afterEach(() => {
  for (const f of fakes) f.close();
  fakes = [];
});

function setup(replacementMs: number | ((id: string) => number), build: (f: FakeAws) => void, planOptions: Partial<PlanOptions> = {}) {
  const fake = new FakeAws(replacementMs);
  fakes.push(fake);
  build(fake);
  const p = plan({ inventory: fake.inventory(), logGroups: [], diagnoses: [] }, { ...options, ...planOptions });
  const journal = new MemoryJournal();
  const run = (over: Partial<ExecutorSettings> = {}, prior?: Map<string, { phase: StepRecord['phase']; detail: string | undefined; at?: number }>, thePlan: Plan = p, signal?: AbortSignal) =>
    applyPlan(thePlan, { apiFor: () => fake.api(), clock: { now: () => Date.now() }, sleep, journal, ...(signal ? { signal } : {}) }, { ...settings, ...over }, prior);
  return { fake, plan: p, journal, run };
}

function stepRecords(records: JournalRecord[], stepId: string): string[] {
  return records.filter((r): r is StepRecord => r.type === 'step' && r.stepId === stepId).map((r) => r.phase);
}

describe('applyPlan', () => {
  it('changes both tunnels one at a time, each once, the twin only after the first is back UP', async () => {
    const { fake, plan: p, journal, run } = setup(40, (f) => f.addConnection('vpn-0001', { ips: ['52.0.0.1', '52.0.0.2'] }));
    const result = await run();
    expect(result.completed).toBe(true);
    expect(result.targets).toEqual([expect.objectContaining({ resourceId: 'vpn-0001', outcome: 'completed' })]);
    expect(fake.modifyLog.map((m) => [m.ip, m.outcome])).toEqual([
      ['52.0.0.1', 'ok'],
      ['52.0.0.2', 'ok'],
    ]);
    expect(fake.bothDownEver('vpn-0001')).toBe(false);
    const [a, b] = fake.history.filter((h) => h.status === 'UP');
    expect(a!.ip).toBe('52.0.0.1');
    expect(fake.modifyLog[1]!.time).toBeGreaterThanOrEqual(a!.time);
    expect(b!.ip).toBe('52.0.0.2');
    for (const s of p.connections[0]!.steps) expect(stepRecords(journal.records, s.id)).toEqual(['started', 'called', 'done']);
    expect(stepRecords(journal.records, p.logGroups[0]!.id)).toEqual(['started', 'done']);
    expect(fake.logGroups.get('/aws/vendedlogs/vpn/us-east-1')).toEqual({ retentionInDays: 365 });
    expect(fake.tunnel('vpn-0001', '52.0.0.2').settings).toMatchObject({ ikeVersions: ['ikev2'], startupAction: 'start', logging: { enabled: true } });
  });

  it('repairs a DOWN tunnel first (IKEv2 + start brings it UP), then the twin', async () => {
    const { fake, run } = setup(30, (f) =>
      f.addConnection('vpn-0001', { ips: ['52.0.0.1', '52.0.0.2'], gateway: { initiates: false }, tunnels: [{ ikeVersions: ['ikev2'], startupAction: 'start' }, {}] }),
    );
    expect(fake.tunnel('vpn-0001', '52.0.0.2').status).toBe('DOWN');
    const result = await run();
    expect(result.completed).toBe(true);
    expect(fake.modifyLog.map((m) => m.ip)).toEqual(['52.0.0.2', '52.0.0.1']);
    expect(fake.tunnel('vpn-0001', '52.0.0.2').status).toBe('UP');
  });

  it('wrong IKEv2 confirmation: the first tunnel does not come back, is rolled back, the second is never touched', async () => {
    const { fake, plan: p, journal, run } = setup(30, (f) => f.addConnection('vpn-0001', { ips: ['52.0.0.1', '52.0.0.2'], gateway: { ikeVersions: ['ikev1'] } }));
    const result = await run({ waitTimeoutMs: 200 });
    expect(result.completed).toBe(false);
    expect(fake.modifyLog.map((m) => [m.ip, m.change.ikeVersions])).toEqual([
      ['52.0.0.1', ['ikev2']],
      ['52.0.0.1', ['ikev1', 'ikev2']],
    ]);
    expect(fake.modifyLog[1]!.change).toEqual({ ikeVersions: ['ikev1', 'ikev2'], startupAction: 'add' });
    expect(fake.tunnel('vpn-0001', '52.0.0.1').status).toBe('UP');
    expect(fake.tunnel('vpn-0001', '52.0.0.2').status).toBe('UP');
    expect(fake.bothDownEver('vpn-0001')).toBe(false);
    const [first, second] = p.connections[0]!.steps;
    expect(stepRecords(journal.records, first!.id)).toEqual(['started', 'called', 'rollback-started', 'rollback-called', 'rolled-back']);
    expect(stepRecords(journal.records, second!.id)).toEqual(['not-run']);
    expect(result.targets[0]).toMatchObject({ outcome: 'stopped', message: expect.stringMatching(/rolled back to IKE ikev1\+ikev2, startup add and it is UP again/) as unknown });
  });

  it('a DOWN tunnel behind a blocking firewall: tried, rolled back, reported as needing the far-side firewall fixed; twin untouched', async () => {
    const { fake, run } = setup(20, (f) => f.addConnection('vpn-0001', { ips: ['52.0.0.1', '52.0.0.2'], gateway: { blocked: ['52.0.0.2'] } }));
    const result = await run({ waitTimeoutMs: 150 });
    expect(fake.modifyLog.every((m) => m.ip === '52.0.0.2')).toBe(true);
    expect(result.targets[0]!.message).toMatch(/needs the far-side firewall fixed/);
    expect(fake.tunnel('vpn-0001', '52.0.0.1').settings.logging.enabled).toBe(false);
    // After the firewall is fixed, a new plan and run completes the connection.
    fake.fixFirewall('vpn-0001');
    const second = plan({ inventory: fake.inventory(), logGroups: [], diagnoses: [] }, options);
    const again = await run({ waitTimeoutMs: 300 }, undefined, second);
    expect(again.completed).toBe(true);
    expect(fake.tunnel('vpn-0001', '52.0.0.1').settings.ikeVersions).toEqual(['ikev2']);
    expect(fake.tunnel('vpn-0001', '52.0.0.2').status).toBe('UP');
  });

  it('never modifies while the twin is DOWN: blocked after the wait timeout, nothing sent', async () => {
    const { fake, plan: p, run } = setup(20, (f) => f.addConnection('vpn-0001', { ips: ['52.0.0.1', '52.0.0.2'] }));
    // Between plan and apply, both tunnels' twin status changes: 52.0.0.2 goes DOWN for good.
    fake.connections.get('vpn-0001')!.gateway.blocked = ['52.0.0.2'];
    fake.fixFirewall = () => undefined;
    fake.tunnel('vpn-0001', '52.0.0.2').status = 'DOWN';
    const result = await run({ waitTimeoutMs: 100 });
    // 52.0.0.2 (DOWN, twin UP) is eligible and goes first; it cannot come back, so 52.0.0.1 is never touched.
    expect(fake.modifyLog.filter((m) => m.ip === '52.0.0.1')).toEqual([]);
    expect(result.completed).toBe(false);
    expect(p.connections[0]!.steps).toHaveLength(2);
  });

  it('waits out a connection that is being modified by someone else (IncorrectState never reaches AWS twice in a row)', async () => {
    const { fake, run } = setup(20, (f) => f.addConnection('vpn-0001'));
    fake.connections.get('vpn-0001')!.state = 'modifying';
    setTimeout(() => (fake.connections.get('vpn-0001')!.state = 'available'), 60);
    const result = await run();
    expect(result.completed).toBe(true);
    expect(fake.modifyLog.filter((m) => m.outcome === 'ok')).toHaveLength(2);
  });

  it('retries IncorrectState and throttling answers; each tunnel is still changed exactly once', async () => {
    const { fake, plan: p, journal, run } = setup(20, (f) => f.addConnection('vpn-0001'));
    fake.failNext = { code: 'RequestLimitExceeded', count: 1 };
    const result = await run();
    expect(result.completed).toBe(true);
    const ok = fake.modifyLog.filter((m) => m.outcome === 'ok');
    expect(ok.map((m) => m.ip).sort()).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(stepRecords(journal.records, p.connections[0]!.steps[0]!.id)).toEqual(['started', 'retry', 'started', 'called', 'done']);
    fake.failNext = { code: 'IncorrectState', count: 1 };
  });

  it('resume: a step journaled started whose call reached AWS is not sent again', async () => {
    const { fake, plan: p, journal, run } = setup(30, (f) => f.addConnection('vpn-0001', { ips: ['52.0.0.1', '52.0.0.2'] }));
    const first = p.connections[0]!.steps[0]!;
    // The crashed run sent the first call, then died before journaling "called".
    await fake.api().modifyVpnTunnelOptions('vpn-0001', first.outsideIpAddress, first.change);
    const prior = new Map([[first.id, { phase: 'started' as const, detail: undefined, at: Date.now() }]]);
    const result = await run({}, prior);
    expect(result.completed).toBe(true);
    expect(fake.modifyLog.filter((m) => m.ip === '52.0.0.1')).toHaveLength(1);
    expect(fake.modifyLog.filter((m) => m.ip === '52.0.0.2')).toHaveLength(1);
    expect(stepRecords(journal.records, first.id)).toEqual(['called', 'done']);
    expect(fake.bothDownEver('vpn-0001')).toBe(false);
  });

  it('resume: a step journaled started whose call never reached AWS is sent', async () => {
    const { fake, plan: p, run } = setup(20, (f) => f.addConnection('vpn-0001', { ips: ['52.0.0.1', '52.0.0.2'] }));
    const first = p.connections[0]!.steps[0]!;
    const result = await run({}, new Map([[first.id, { phase: 'started' as const, detail: undefined }]]));
    expect(result.completed).toBe(true);
    expect(fake.modifyLog.map((m) => m.ip)).toEqual(['52.0.0.1', '52.0.0.2']);
  });

  it('resume: done steps are skipped, a called step is only waited for', async () => {
    const { fake, plan: p, journal, run } = setup(20, (f) => f.addConnection('vpn-0001', { ips: ['52.0.0.1', '52.0.0.2'] }));
    const [a, b] = p.connections[0]!.steps;
    await fake.api().modifyVpnTunnelOptions('vpn-0001', a!.outsideIpAddress, a!.change);
    await sleep(40);
    await fake.api().modifyVpnTunnelOptions('vpn-0001', b!.outsideIpAddress, b!.change);
    const prior = new Map([
      [p.logGroups[0]!.id, { phase: 'done' as const, detail: undefined }],
      [a!.id, { phase: 'done' as const, detail: undefined }],
      [b!.id, { phase: 'called' as const, detail: undefined, at: Date.now() }],
    ]);
    fake.logGroups.set('/aws/vendedlogs/vpn/us-east-1', { retentionInDays: 365 });
    const result = await run({}, prior);
    expect(result.completed).toBe(true);
    expect(fake.modifyLog).toHaveLength(2);
    expect(stepRecords(journal.records, b!.id)).toEqual(['done']);
  });

  it('resume: a connection stopped in the earlier run stays stopped', async () => {
    const { fake, plan: p, run } = setup(20, (f) => f.addConnection('vpn-0001'));
    const [a] = p.connections[0]!.steps;
    const result = await run({}, new Map([[a!.id, { phase: 'rolled-back' as const, detail: 'did not come back' }]]));
    expect(fake.modifyLog).toEqual([]);
    expect(result.targets[0]!.outcome).toBe('stopped');
  });

  it('interrupt: no new call after the abort; the journal shows where to resume', async () => {
    const { fake, plan: p, journal, run } = setup(80, (f) => f.addConnection('vpn-0001', { ips: ['52.0.0.1', '52.0.0.2'] }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const result = await run({}, undefined, p, controller.signal);
    expect(result.interrupted).toBe(true);
    expect(fake.modifyLog).toHaveLength(1);
    const state = journalState([{ type: 'run', v: 1, runId: 'x', at: '', plan: p, settings: {} }, ...journal.records]);
    expect(state.steps.get(p.connections[0]!.steps[0]!.id)?.phase).toBe('called');
    expect(state.steps.has(p.connections[0]!.steps[1]!.id)).toBe(false);
    await sleep(100);
    const resumed = await run({}, state.steps);
    expect(resumed.completed).toBe(true);
    expect(fake.modifyLog.map((m) => m.ip)).toEqual(['52.0.0.1', '52.0.0.2']);
  });

  it('Client VPN: creates the log group with retention first, then enables connection logging', async () => {
    const { fake, journal, run } = setup(20, (f) =>
      f.endpoints.set('cvpn-endpoint-01', { clientVpnEndpointId: 'cvpn-endpoint-01', status: 'available', logging: { enabled: false, cloudwatchLogGroup: undefined } }),
    );
    const result = await run();
    expect(result.completed).toBe(true);
    expect(fake.endpoints.get('cvpn-endpoint-01')!.logging).toEqual({ enabled: true, cloudwatchLogGroup: '/aws/vendedlogs/vpn/us-east-1' });
    expect(fake.calls.indexOf('CreateLogGroup')).toBeLessThan(fake.calls.indexOf('ModifyClientVpnEndpoint'));
    expect(fake.logGroups.get('/aws/vendedlogs/vpn/us-east-1')!.retentionInDays).toBe(365);
    expect(JSON.stringify(journal.records)).not.toMatch(/PreSharedKey|preSharedKey|customerGatewayConfiguration/i);
  });

  it('many connections in parallel stay within the mutating budget and never both tunnels DOWN', async () => {
    const n = 30;
    const { fake, run } = setup(
      (id) => 10 + (Number(id.slice(4)) % 7) * 10,
      (f) => {
        for (let i = 0; i < n; i++) f.addConnection(`vpn-${String(i).padStart(4, '0')}`, { ips: [`10.1.${i}.1`, `10.1.${i}.2`] });
      },
    );
    const started = Date.now();
    const result = await run({ mutatingBucket: { capacity: 10, refillPerSecond: 100 } });
    expect(result.completed).toBe(true);
    expect(fake.modifyLog.filter((m) => m.outcome === 'ok')).toHaveLength(2 * n);
    for (const id of fake.connections.keys()) expect(fake.bothDownEver(id)).toBe(false);
    // 60 calls at burst 10 + 100/s need at least 0.5 s; a sliding second never holds more than 10 + 100 calls.
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    const times = fake.modifyLog.map((m) => m.time);
    for (const t of times) expect(times.filter((x) => x >= t && x < t + 100).length).toBeLessThanOrEqual(10 + 10 + 1);
  });
});
