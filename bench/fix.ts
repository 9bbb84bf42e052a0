// Benchmark of `vpnguard fix --apply`: N connections that each need both tunnels changed, lab replacement time R.
// The lab runs in this process (AWS's EC2 throttling buckets on); the BUILT CLI runs as a child, exactly as a user
// runs it. The makespan is read from the journal (first step started -> last step done), so scan time is excluded.
//
// ratio = makespan / max(2R + one poll interval, time EC2's mutating budget needs for the calls)
// where the budget time for C mutating calls is max(0, C - burst) / refill (EC2: burst 50, 5 per second).
// A sequential run (one connection at a time) takes about N * (2R + 2 polls) ~ 400R for N = 200.
//
// Run: npm run build && node dist/bench/fix.js [--connections 200] [--replacement 2,60] [--poll 0.25] [--concurrency 200]
// Prints one JSON document on stdout.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLab } from '../lab/index.js';
import { addTestAccount } from '../lab/testing.js';
import { newCustomerGateway, newVpnConnection, newVpnGateway } from '../lab/world/factory.js';
import type { World } from '../lab/world/world.js';

const EC2_MUTATING = { capacity: 50, refillPerSecond: 5 };
const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const connections = Number(arg('connections', '200'));
const replacements = arg('replacement', '2,60').split(',').map(Number);
const pollSeconds = Number(arg('poll', '0.25'));
const concurrency = Number(arg('concurrency', String(connections)));

function estate(world: World, n: number): { defaultRegion: string } {
  const account = addTestAccount(world, { accountId: '123456789012', name: 'bench', management: true });
  const region = world.region(account.accountId, 'us-east-1');
  const vgw = newVpnGateway(region);
  for (let i = 0; i < n; i++) {
    const cgw = newCustomerGateway(world, region, { tags: { Name: `cgw-${i}` } });
    // Default tunnels: IKE versions absent (ikev1+ikev2), startup add, logging off -> every tunnel needs a change.
    newVpnConnection(world, region, { customerGatewayId: cgw.customerGatewayId, vpnGatewayId: vgw.vpnGatewayId, tags: { Name: `conn-${i}` } });
  }
  return { defaultRegion: 'us-east-1' };
}

interface Figures {
  connections: number;
  replacementSeconds: number;
  pollSeconds: number;
  concurrency: number;
  mutatingCalls: number;
  budgetSeconds: number;
  lowerBoundSeconds: number;
  makespanSeconds: number;
  ratio: number;
  sequentialEstimateSeconds: number;
  speedupVsSequential: number;
  exitCode: number;
  tunnelsModifiedOnce: boolean;
  throttledMutatingCalls: number;
  bothDownMoments: number;
  wallSeconds: number;
}

async function once(replacementSeconds: number): Promise<Figures> {
  const lab = await startLab({ setup: (world) => estate(world, connections), port: 0, replacementSeconds });
  const cwd = mkdtempSync(join(tmpdir(), 'vpnguard-bench-fix-'));
  const journal = join(cwd, 'journal.jsonl');
  const account = lab.accounts[0]!;
  const wallStart = Date.now();
  try {
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          CLI,
          'fix',
          '--endpoint-url',
          lab.endpoint,
          '--region',
          'us-east-1',
          '--confirm-ikev2',
          'all',
          '--apply',
          '--yes',
          '--quiet',
          '--poll-interval',
          `${pollSeconds}s`,
          '--wait-timeout',
          `${Math.max(60, replacementSeconds * 5)}s`,
          '--concurrency',
          String(concurrency),
          '--journal',
          journal,
          '--output',
          'json',
        ],
        {
          cwd,
          stdio: ['ignore', 'ignore', 'inherit'],
          env: {
            PATH: process.env.PATH,
            AWS_EC2_METADATA_DISABLED: 'true',
            AWS_CONFIG_FILE: '/dev/null',
            AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
            AWS_ACCESS_KEY_ID: account.accessKeyId,
            AWS_SECRET_ACCESS_KEY: account.secretAccessKey,
            AWS_REGION: 'us-east-1',
          },
        },
      );
      child.on('error', reject);
      child.on('close', (c) => resolve(c ?? -1));
    });
    const records = readFileSync(journal, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; at: string; stepId?: string; phase?: string });
    const steps = records.filter((r) => r.type === 'step' && r.stepId?.startsWith('tunnel:'));
    const first = Math.min(...steps.filter((r) => r.phase === 'started').map((r) => Date.parse(r.at)));
    const last = Math.max(...steps.filter((r) => r.phase === 'done').map((r) => Date.parse(r.at)));
    const makespan = (last - first) / 1000;

    const modifies = new Map<string, number>();
    let throttled = 0;
    for (const e of lab.world.requestLog) {
      if (e.mutating && e.outcome === 'RequestLimitExceeded') throttled++;
      if (e.operation === 'ModifyVpnTunnelOptions' && e.outcome === 'ok' && e.target) modifies.set(e.target, (modifies.get(e.target) ?? 0) + 1);
    }
    // Replay the status history: moments where a connection had both tunnels DOWN.
    const status = new Map<string, Map<string, string>>();
    let bothDown = 0;
    for (const change of lab.world.history) {
      const tunnels = status.get(change.vpnConnectionId) ?? new Map<string, string>();
      status.set(change.vpnConnectionId, tunnels);
      tunnels.set(change.outsideIpAddress, change.status);
      if (tunnels.size === 2 && [...tunnels.values()].every((s) => s === 'DOWN')) bothDown++;
    }

    const mutatingCalls = connections * 2;
    const budgetSeconds = Math.max(0, mutatingCalls - EC2_MUTATING.capacity) / EC2_MUTATING.refillPerSecond;
    const lowerBound = Math.max(2 * replacementSeconds + pollSeconds, budgetSeconds);
    const sequential = connections * 2 * (replacementSeconds + pollSeconds);
    return {
      connections,
      replacementSeconds,
      pollSeconds,
      concurrency,
      mutatingCalls,
      budgetSeconds,
      lowerBoundSeconds: lowerBound,
      makespanSeconds: Math.round(makespan * 100) / 100,
      ratio: Math.round((makespan / lowerBound) * 1000) / 1000,
      sequentialEstimateSeconds: sequential,
      speedupVsSequential: Math.round((sequential / makespan) * 10) / 10,
      exitCode: code,
      tunnelsModifiedOnce: modifies.size === mutatingCalls && [...modifies.values()].every((n) => n === 1),
      throttledMutatingCalls: throttled,
      bothDownMoments: bothDown,
      wallSeconds: Math.round((Date.now() - wallStart) / 100) / 10,
    };
  } finally {
    await lab.stop();
    rmSync(cwd, { recursive: true, force: true });
  }
}

const runs: Figures[] = [];
for (const r of replacements) runs.push(await once(r));
process.stdout.write(
  `${JSON.stringify({ bench: 'fix', target: 'ratio <= 1.3', node: process.version, runs, pass: runs.every((r) => r.ratio <= 1.3 && r.exitCode === 0) }, null, 2)}\n`,
);
