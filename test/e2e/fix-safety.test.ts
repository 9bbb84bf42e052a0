// The fix's safety properties, proven from the lab's ground truth (status history, request log):
// a randomized estate with random replacement times and injected throttling, and kill -9 + --resume.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startLab, type LabHandle } from '../../lab/index.js';
import { seededRandom } from '../../lab/world/faults.js';
import type { World } from '../../lab/world/world.js';
import type { ApplyResult } from '../../src/remediate/apply.js';
import type { Plan } from '../../src/remediate/types.js';
import {
  acceptedModifies,
  bothDownBecauseOfTool,
  buildEstate,
  json,
  preSharedKeys,
  runCli,
  spawnCli,
  tunnelStatuses,
  type ConnectionKind,
} from './fix.helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function labWith(kinds: ConnectionKind[], replacementSeconds: number): Promise<{ lab: LabHandle; cwd: string }> {
  const lab = await startLab({ setup: (world) => buildEstate(world, kinds), port: 0, replacementSeconds });
  const cwd = mkdtempSync(join(tmpdir(), 'vpnguard-fix-safety-'));
  cleanups.push(() => lab.stop(), () => rmSync(cwd, { recursive: true, force: true }));
  return { lab, cwd };
}

/** Name tag -> connection id, and per connection its tunnels' options and status (normalized, for comparing estates). */
function estateState(world: World): Record<string, { tunnels: string[] }> {
  world.settle();
  const out: Record<string, { tunnels: string[] }> = {};
  for (const region of world.allRegions()) {
    for (const conn of region.vpnConnections.values()) {
      out[`${region.region}/${conn.tags.Name}`] = {
        tunnels: conn.tunnels
          .map((t) => {
            const o = t.options;
            const log = o.logOptions.logEnabled ? `log:${o.logOptions.logGroupArn?.split(':log-group:')[1]}:${o.logOptions.logOutputFormat}` : 'log:off';
            return `${(o.ikeVersions ?? ['default']).join('+')}|${o.startupAction}|${log}|${t.telemetry.status}`;
          })
          .sort(),
      };
    }
  }
  return out;
}

function connectionIdsByName(world: World): Map<string, string> {
  const out = new Map<string, string>();
  for (const region of world.allRegions()) for (const conn of region.vpnConnections.values()) out.set(conn.tags.Name!, conn.vpnConnectionId);
  return out;
}

describe('vpnguard fix safety (lab ground truth)', () => {
  it('randomized estate, random replacement times, injected throttling: never both tunnels DOWN because of the tool', async () => {
    const random = seededRandom(20261204);
    const kinds: ConnectionKind[] = Array.from({ length: 40 }, () => {
      const r = random();
      return r < 0.7 ? 'modern' : r < 0.8 ? 'legacy-ikev1' : r < 0.9 ? 'blocked-tunnel' : 'non-initiating';
    });
    expect(new Set(kinds).size).toBe(4);
    const { lab, cwd } = await labWith(kinds, 0.5);
    // Random replacement time per modify: the lab reads world.replacementSeconds at each call.
    const jitter = setInterval(() => (lab.world.replacementSeconds = 0.2 + random() * 0.8), 50);
    cleanups.push(() => clearInterval(jitter));
    const injected = 6;
    lab.faults.add({ kind: 'throttle', service: 'ec2', operation: 'ModifyVpnTunnelOptions', rate: 0.2, count: injected });
    lab.faults.add({ kind: 'throttle', service: 'ec2', operation: 'DescribeVpnConnections', rate: 0.1, count: 4 });
    const initial = tunnelStatuses(lab.world);
    const since = lab.world.now();

    const run = await runCli(lab, cwd, [
      'fix',
      '--region',
      'us-east-1,eu-west-1',
      '--confirm-ikev2',
      'all',
      '--poll-interval',
      '0.1s',
      '--wait-timeout',
      '3s',
      '--apply',
      '--yes',
      '--output',
      'json',
    ]);
    const out = json<{ plan: Plan; result: ApplyResult }>(run);
    expect(run.code).toBe(1); // legacy and blocked connections stop

    expect(bothDownBecauseOfTool(initial, lab.world.history, since)).toEqual([]);

    const ids = connectionIdsByName(lab.world);
    const modifies = acceptedModifies(lab);
    const statuses = tunnelStatuses(lab.world);
    kinds.forEach((kind, i) => {
      const id = ids.get(`conn-${i}`)!;
      const perTunnel = [...initial.get(id)!.keys()].map((ip) => modifies.get(`${id}/${ip}`) ?? 0).sort();
      const target = out.result.targets.find((t) => t.resourceId === id)!;
      const final = [...statuses.get(id)!.values()];
      switch (kind) {
        case 'modern':
        case 'non-initiating':
          expect(perTunnel, `${kind} ${id}`).toEqual([1, 1]);
          expect(target.outcome).toBe('completed');
          expect(final).toEqual(['UP', 'UP']);
          break;
        case 'legacy-ikev1':
          // change + rollback on one tunnel; the other never touched; both UP at the end
          expect(perTunnel, `${kind} ${id}`).toEqual([0, 2]);
          expect(target.outcome).toBe('stopped');
          expect(final).toEqual(['UP', 'UP']);
          break;
        case 'blocked-tunnel':
          // the DOWN tunnel is tried (it cannot get worse) and rolled back; the UP twin is never touched
          expect(perTunnel, `${kind} ${id}`).toEqual([0, 2]);
          expect(target.message).toMatch(/far-side firewall/);
          expect(final.filter((s) => s === 'UP')).toHaveLength(1);
          break;
      }
    });

    // Inside EC2's mutating budget: no mutating call was throttled except the injected ones.
    const throttled = lab.world.requestLog.filter((e) => e.mutating && e.outcome === 'RequestLimitExceeded').length;
    expect(throttled).toBeLessThanOrEqual(injected);
    expect(lab.faults.list().length).toBeLessThan(2); // at least one injected rule was spent: throttling did happen
    expect(lab.world.requestLog.some((e) => e.operation === 'ModifyVpnTunnelOptions' && e.outcome === 'RequestLimitExceeded')).toBe(true);
    for (const key of preSharedKeys(lab.world)) expect(run.stdout.includes(key) || run.stderr.includes(key)).toBe(false);
  }, 180_000);

  it('kill -9 in the middle of an apply, then fix --resume: same end state as an uninterrupted run, no tunnel modified twice', async () => {
    const kinds: ConnectionKind[] = Array.from({ length: 12 }, (_, i) => (i === 5 ? 'non-initiating' : 'modern'));
    const args = ['fix', '--region', 'us-east-1,eu-west-1', '--confirm-ikev2', 'all', '--poll-interval', '0.1s', '--wait-timeout', '20s'];

    // Reference: an uninterrupted run on an identical estate.
    const reference = await labWith(kinds, 0.8);
    const clean = await runCli(reference.lab, reference.cwd, [...args, '--apply', '--yes']);
    expect(clean.code).toBe(0);

    const { lab, cwd } = await labWith(kinds, 0.8);
    const initial = tunnelStatuses(lab.world);
    const since = lab.world.now();
    const journal = join(cwd, 'journal.jsonl');
    const child = spawnCli(lab, cwd, [...args, '--apply', '--yes', '--journal', journal]);
    child.stdout!.resume();
    child.stderr!.resume();
    const exited = new Promise<number | null>((resolve) => child.on('close', (code, signal) => resolve(signal ? null : code)));
    // Kill when the journal shows a started tunnel step while others are still to do.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const text = existsSync(journal) ? readFileSync(journal, 'utf8') : '';
      const started = (text.match(/"stepId":"tunnel:[^"]+","phase":"started"/g) ?? []).length;
      const done = (text.match(/"stepId":"tunnel:[^"]+","phase":"done"/g) ?? []).length;
      if (started >= 6 && done < kinds.length * 2 - 4) break;
      if (Date.now() > deadline) throw new Error('the journal never showed started steps');
      await new Promise((r) => setTimeout(r, 15));
    }
    child.kill('SIGKILL');
    expect(await exited).toBeNull();
    const before = readFileSync(journal, 'utf8');
    expect(before).not.toMatch(/"type":"end"/);
    // The kill left work in flight: steps journaled started/called but not done.
    const last = new Map<string, string>();
    for (const line of before.split('\n').filter((l) => l.includes('"type":"step"'))) {
      try {
        const r = JSON.parse(line) as { stepId: string; phase: string };
        last.set(r.stepId, r.phase);
      } catch {
        // torn last line
      }
    }
    expect([...last.values()].some((p) => p === 'started' || p === 'called')).toBe(true);

    const resumed = await runCli(lab, cwd, ['fix', '--resume', journal]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resuming/);

    expect(estateState(lab.world)).toEqual(estateState(reference.lab.world));
    for (const [target, count] of acceptedModifies(lab)) expect(count, target).toBe(1);
    expect(acceptedModifies(lab).size).toBe(kinds.length * 2);
    expect(bothDownBecauseOfTool(initial, lab.world.history, since)).toEqual([]);

    // A second plan after success shows nothing to do.
    const plan = json<{ plan: Plan }>(await runCli(lab, cwd, [...args, '--output', 'json'])).plan;
    expect(plan.summary.steps).toBe(0);
  }, 180_000);

  it('Ctrl-C (SIGINT): no new change is started, exit 130, the journal ends "interrupted"; fix --resume (newest journal) finishes', async () => {
    const kinds: ConnectionKind[] = Array.from({ length: 6 }, () => 'modern');
    const { lab, cwd } = await labWith(kinds, 1);
    const args = ['fix', '--region', 'us-east-1,eu-west-1', '--confirm-ikev2', 'all', '--poll-interval', '0.1s', '--wait-timeout', '20s'];
    const child = spawnCli(lab, cwd, [...args, '--apply', '--yes']);
    let stderr = '';
    child.stdout!.resume();
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    while (!/modify sent/.test(stderr)) {
      if (Date.now() > deadline) throw new Error(`no modify was sent: ${stderr}`);
      await new Promise((r) => setTimeout(r, 15));
    }
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/stopping: no new change will be started/);
    expect(stderr).toMatch(/Interrupted|--resume/);
    // Interrupted while the first tunnels were being replaced: no second tunnel was started.
    const perConnection = new Map<string, number>();
    for (const target of acceptedModifies(lab).keys()) perConnection.set(target.split('/')[0]!, (perConnection.get(target.split('/')[0]!) ?? 0) + 1);
    expect([...perConnection.values()].every((n) => n === 1)).toBe(true);
    const journalDir = join(cwd, '.vpnguard');
    const text = readdirSync(journalDir)
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => readFileSync(join(journalDir, f), 'utf8'))
      .join('');
    expect(text.trim().split('\n').at(-1)).toMatch(/"type":"end".*"outcome":"interrupted"/);

    const resumed = await runCli(lab, cwd, ['fix', '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const modifies = acceptedModifies(lab);
    expect(modifies.size).toBe(kinds.length * 2);
    for (const [target, count] of modifies) expect(count, target).toBe(1);
  }, 120_000);
});
