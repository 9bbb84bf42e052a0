// `vpnguard fix` end to end on the seed story: the built CLI against a lab on 127.0.0.1.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executeFix, parseFixOptions } from '../../src/cli/fix.js';
import { startLab, type LabHandle } from '../../lab/index.js';
import type { ScanResult } from '../../src/model/types.js';
import type { ApplyResult } from '../../src/remediate/apply.js';
import type { Plan } from '../../src/remediate/types.js';
import { acceptedModifies, bothDownBecauseOfTool, json, preSharedKeys, runCli, tunnelStatuses, type Run } from './fix.helpers.js';

const LEGACY = 'vpn-01a2b3c4d5e6f7a8b';
const RETAIL = 'vpn-0a1b2c3d4e5f6a7b8';
const RETAIL_DOWN_TUNNEL = '203.0.113.20';
const ALL_BUT_LEGACY = [
  'vpn-0a1b2c3d4e5f6a7b8',
  'vpn-0b2c3d4e5f6a7b8c9',
  'vpn-0c3d4e5f6a7b8c9d0',
  'vpn-0d4e5f6a7b8c9d0e1',
  'vpn-0e5f6a7b8c9d0e1f2',
  'vpn-0f6a7b8c9d0e1f2a3',
  'vpn-02b3c4d5e6f7a8b9c',
  'vpn-03c4d5e6f7a8b9c0d',
  'vpn-06f7a8b9c0d1e2f3a',
  'vpn-07a8b9c0d1e2f3a4b',
].join(',');
const REGIONS = ['--region', 'us-east-1,eu-west-1'];
const FAST = ['--poll-interval', '0.1s', '--wait-timeout', '4s'];

let lab: LabHandle;
let cwd: string;

beforeEach(async () => {
  lab = await startLab({ scenario: 'seed-story', port: 0, replacementSeconds: 0.3 });
  cwd = mkdtempSync(join(tmpdir(), 'vpnguard-fix-e2e-'));
});
afterEach(async () => {
  await lab.stop();
  rmSync(cwd, { recursive: true, force: true });
});

type FixJson = { plan: Plan; result: ApplyResult | null; journal?: string };

async function scan(): Promise<ScanResult> {
  return json<ScanResult>(await runCli(lab, cwd, ['scan', ...REGIONS, '--output', 'json']));
}

function statusOf(result: ScanResult, resourceId: string, control: string): string | undefined {
  return result.findings.find((f) => f.resourceId === resourceId && f.control === control)?.status;
}

function noSecrets(...texts: string[]): void {
  const keys = preSharedKeys(lab.world);
  expect(keys.length).toBeGreaterThan(0);
  for (const text of texts) {
    for (const key of keys) expect(text.includes(key)).toBe(false);
    expect(text).not.toMatch(/customerGatewayConfiguration|<vpn_connection/i);
  }
}

function journals(): string {
  const dir = join(cwd, '.vpnguard');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}

describe('vpnguard fix on seed-story', () => {
  it('plans by default and changes nothing', async () => {
    const before = lab.world.requestLog.length;
    const run = await runCli(lab, cwd, ['fix', ...REGIONS, '--confirm-ikev2', ALL_BUT_LEGACY]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Plan: \d+ tunnel change/);
    expect(run.stdout).toMatch(/EC2\.183 stays open: IKEv2 not confirmed for vpn-01a2b3c4d5e6f7a8b/);
    expect(run.stderr).toMatch(/this is a plan; nothing was changed/);
    const mutating = lab.world.requestLog.slice(before).filter((e) => e.mutating);
    expect(mutating).toEqual([]);
    noSecrets(run.stdout, run.stderr);
  });

  it('refuses --apply on a non-terminal without --yes (exit 3)', async () => {
    const run = await runCli(lab, cwd, ['fix', ...REGIONS, '--apply']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/refusing to apply without confirmation: stdin is not a terminal; review the plan and pass --yes/);
    expect(lab.world.requestLog.filter((e) => e.mutating)).toEqual([]);
  });

  it('rejects bad values with one line naming the flag', async () => {
    const bad = await runCli(lab, cwd, ['fix', '--log-retention-days', '100']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/--log-retention-days: 100 is not a CloudWatch Logs retention/);
    const dur = await runCli(lab, cwd, ['fix', '--wait-timeout', 'soon']);
    expect(dur.code).toBe(3);
    expect(dur.stderr).toMatch(/--wait-timeout: 'soon' is not a duration/);
  });

  it('applies: controls pass where they can, legacy keeps IKEv1 with the reason, the 91-days-DOWN tunnel needs the far-side firewall; a second run after fix-firewall completes it', async () => {
    const initial = tunnelStatuses(lab.world);
    const since = lab.world.now();
    const first = await runCli(lab, cwd, ['fix', ...REGIONS, ...FAST, '--confirm-ikev2', ALL_BUT_LEGACY, '--apply', '--yes', '--output', 'json']);
    const out = json<FixJson>(first);
    expect(first.code).toBe(1); // one connection blocked
    const retail = out.result!.targets.find((t) => t.resourceId === RETAIL)!;
    expect(retail.outcome).toBe('blocked');
    expect(retail.message).toMatch(new RegExp(`${RETAIL_DOWN_TUNNEL.replace(/\./g, '\\.')}.*far-side firewall`, 'i'));
    expect(out.result!.targets.filter((t) => t.resourceId !== RETAIL).every((t) => t.outcome === 'completed')).toBe(true);
    // The retail connection was not touched at all: its UP tunnel stays the only one carrying traffic.
    expect([...acceptedModifies(lab).keys()].some((k) => k.startsWith(RETAIL))).toBe(false);

    const after = await scan();
    for (const vpn of after.inventory.connections.filter((c) => c.state === 'available')) {
      if (vpn.vpnConnectionId !== RETAIL) {
        expect(statusOf(after, vpn.vpnConnectionId, 'EC2.171'), vpn.vpnConnectionId).toBe('PASS');
        if (vpn.vpnConnectionId !== LEGACY) expect(statusOf(after, vpn.vpnConnectionId, 'EC2.183'), vpn.vpnConnectionId).toBe('PASS');
      }
    }
    for (const e of after.inventory.clientVpnEndpoints.filter((x) => x.status === 'available')) {
      expect(statusOf(after, e.clientVpnEndpointId, 'EC2.51'), e.clientVpnEndpointId).toBe('PASS');
    }
    const legacy = after.findings.find((f) => f.resourceId === LEGACY && f.control === 'EC2.183')!;
    expect(legacy.status).toBe('FAIL');
    expect(legacy.reason).toMatch(/allow IKEv1/);
    expect(out.plan.connections.find((c) => c.vpnConnectionId === LEGACY)!.notes.join(' ')).toMatch(/IKEv2 not confirmed/);
    expect(statusOf(after, RETAIL, 'EC2.20')).toBe('FAIL');

    // The far side fixes its firewall; a second run completes the retail connection.
    lab.applyEvent({ type: 'fix-firewall', vpnConnectionId: RETAIL });
    const second = await runCli(lab, cwd, ['fix', ...REGIONS, ...FAST, '--confirm-ikev2', ALL_BUT_LEGACY, '--apply', '--yes', '--output', 'json']);
    expect(second.code).toBe(0);
    const final = await scan();
    for (const control of ['EC2.183', 'EC2.171', 'EC2.20']) expect(statusOf(final, RETAIL, control), control).toBe('PASS');

    // Every tunnel was modified at most once; at no moment both tunnels of a connection DOWN because of the tool.
    for (const [target, count] of acceptedModifies(lab)) expect(count, target).toBe(1);
    expect(bothDownBecauseOfTool(initial, lab.world.history, since)).toEqual([]);

    // A plan after success shows nothing to do (only the legacy note remains).
    const again = await runCli(lab, cwd, ['fix', ...REGIONS, '--confirm-ikev2', ALL_BUT_LEGACY, '--output', 'json']);
    const plan = json<FixJson>(again).plan;
    expect(plan.summary.steps).toBe(0);
    expect(plan.connections.map((c) => c.vpnConnectionId)).toEqual([LEGACY]);

    noSecrets(first.stdout, first.stderr, second.stdout, second.stderr, again.stdout, journals());
  });

  it('wrong IKEv2 confirmation for the legacy gateway: first tunnel rolled back, second never touched, both UP at the end', async () => {
    const initial = tunnelStatuses(lab.world);
    const since = lab.world.now();
    const run: Run = await runCli(lab, cwd, [
      'fix',
      ...REGIONS,
      '--poll-interval',
      '0.1s',
      '--wait-timeout',
      '2s',
      '--connection',
      LEGACY,
      '--confirm-ikev2',
      LEGACY,
      '--apply',
      '--yes',
      '--output',
      'json',
    ]);
    expect(run.code).toBe(1);
    const out = json<FixJson>(run);
    const target = out.result!.targets[0]!;
    expect(target).toMatchObject({ resourceId: LEGACY, outcome: 'stopped' });
    expect(target.message).toMatch(/did not come back UP.*rolled back to IKE ikev1\+ikev2, startup add and it is UP again.*was not touched/);
    const modifies = acceptedModifies(lab);
    expect([...modifies.values()]).toEqual([2]); // the change and its rollback, on one tunnel only
    const [first] = [...modifies.keys()];
    const plan = out.plan.connections[0]!;
    expect(first).toBe(`${LEGACY}/${plan.steps[0]!.outsideIpAddress}`);
    const statuses = tunnelStatuses(lab.world).get(LEGACY)!;
    expect([...statuses.values()]).toEqual(['UP', 'UP']);
    expect(bothDownBecauseOfTool(initial, lab.world.history, since)).toEqual([]);
    const journal = journals();
    expect(journal).toMatch(/"phase":"rolled-back"/);
    expect(journal).toMatch(/"phase":"not-run"/);
  });

  it('on a terminal it asks: "no" changes nothing, "yes" applies (in-process, injected stdin)', async () => {
    const ask = async (answer: string) => {
      let stdout = '';
      let stderr = '';
      const stdin = Object.assign(Readable.from([`${answer}\n`]), { isTTY: true });
      const { options, settings } = parseFixOptions({
        region: ['us-east-1'],
        endpointUrl: lab.endpoint,
        apply: true,
        connection: ['vpn-0d4e5f6a7b8c9d0e1'],
        pollInterval: '0.1s',
        waitTimeout: '4s',
      });
      const code = await executeFix(options, settings, {
        stdout: { write: (c: string) => ((stdout += c), true) },
        stderr: { write: (c: string) => ((stderr += c), true) },
        stdin,
        now: () => new Date(),
        credentials: lab.credentialsFor(lab.accounts[0]!.accountId),
        homeRegion: 'us-east-1',
        journalDir: join(cwd, '.vpnguard'),
      });
      return { code, stdout, stderr };
    };
    const declined = await ask('no');
    expect(declined.code).toBe(0);
    expect(declined.stderr).toMatch(/Apply 2 tunnel change\(s\) \(one tunnel at a time\), 0 Client VPN logging change\(s\), create 1 log group\(s\)\? Type yes to continue: /);
    expect(declined.stderr).toMatch(/not applied/);
    expect(lab.world.requestLog.filter((e) => e.mutating)).toEqual([]);
    const accepted = await ask('yes');
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toMatch(/Applied: 1 completed, 0 stopped, 0 blocked/);
    expect([...acceptedModifies(lab).keys()].every((k) => k.startsWith('vpn-0d4e5f6a7b8c9d0e1/'))).toBe(true);
    expect(acceptedModifies(lab).size).toBe(2);
  });

  it('policy fix prints the least-privilege policy with log delivery permissions', async () => {
    const run = await runCli(lab, cwd, ['policy', 'fix']);
    expect(run.code).toBe(0);
    const policy = JSON.parse(run.stdout) as { Statement: { Action: string[] }[] };
    const actions = policy.Statement.flatMap((s) => s.Action);
    for (const a of ['logs:CreateLogDelivery', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:CreateLogGroup', 'logs:PutRetentionPolicy', 'ec2:ModifyVpnTunnelOptions', 'ec2:ModifyClientVpnEndpoint']) {
      expect(actions).toContain(a);
    }
  });
});
