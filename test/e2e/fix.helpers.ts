// Helpers for the `vpnguard fix` end-to-end tests: run the BUILT CLI against an in-process lab, read the lab's
// ground truth (status history, request log), and build estates of many connections.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LabHandle } from '../../lab/index.js';
import { addTestAccount } from '../../lab/testing.js';
import { modernDevice, newCustomerGateway, newVpnConnection, newVpnGateway } from '../../lab/world/factory.js';
import type { GatewayDevice, StatusChange } from '../../lab/world/types.js';
import { gatewayChanged } from '../../lab/world/vpn.js';
import type { World } from '../../lab/world/world.js';
import { childSafetyEnv } from '../helpers/child-env.js';

export const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function labEnv(lab: LabHandle, cwd: string): { env: NodeJS.ProcessEnv; cwd: string } {
  const account = lab.accounts[0]!;
  return {
    cwd,
    env: {
      ...childSafetyEnv(),
      AWS_ENDPOINT_URL: lab.endpoint,
      PATH: process.env.PATH,
      HOME: '/nonexistent-vpnguard-home',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_ACCESS_KEY_ID: account.accessKeyId,
      AWS_SECRET_ACCESS_KEY: account.secretAccessKey,
      AWS_REGION: lab.defaultRegion,
      NO_COLOR: '1',
    },
  };
}

export function spawnCli(lab: LabHandle, cwd: string, args: readonly string[]): ChildProcess {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before the end-to-end tests`);
  const { env } = labEnv(lab, cwd);
  const endpoint = args[0] === 'fix' || args[0] === 'scan' ? ['--endpoint-url', lab.endpoint] : [];
  return spawn(process.execPath, [CLI, ...args, ...endpoint], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function runCli(lab: LabHandle, cwd: string, args: readonly string[], timeoutMs = 120_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(lab, cwd, args);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** ModifyVpnTunnelOptions calls AWS accepted, per `vpn-id/outside-ip`. */
export function acceptedModifies(lab: LabHandle): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of lab.world.requestLog) {
    if (entry.operation !== 'ModifyVpnTunnelOptions' || entry.outcome !== 'ok' || !entry.target) continue;
    counts.set(entry.target, (counts.get(entry.target) ?? 0) + 1);
  }
  return counts;
}

/** Current status of every tunnel, per connection (lab ground truth). */
export function tunnelStatuses(world: World): Map<string, Map<string, 'UP' | 'DOWN'>> {
  world.settle();
  const out = new Map<string, Map<string, 'UP' | 'DOWN'>>();
  for (const region of world.allRegions()) {
    for (const conn of region.vpnConnections.values()) {
      out.set(conn.vpnConnectionId, new Map(conn.tunnels.map((t) => [t.options.outsideIpAddress, t.telemetry.status])));
    }
  }
  return out;
}

/**
 * Replays the status history from a snapshot: the connections that, at some moment, had both tunnels DOWN
 * while one of them was DOWN because of an endpoint replacement (the tool's ModifyVpnTunnelOptions).
 */
export function bothDownBecauseOfTool(initial: Map<string, Map<string, 'UP' | 'DOWN'>>, history: readonly StatusChange[], since: number): string[] {
  const state = new Map([...initial].map(([id, tunnels]) => [id, new Map([...tunnels].map(([ip, s]) => [ip, { status: s, cause: '' }]))]));
  const bad = new Set<string>();
  for (const change of history) {
    if (change.time < since) continue;
    const tunnels = state.get(change.vpnConnectionId);
    if (!tunnels) continue;
    tunnels.set(change.outsideIpAddress, { status: change.status, cause: change.cause ?? '' });
    const all = [...tunnels.values()];
    if (all.every((t) => t.status === 'DOWN') && all.some((t) => t.cause === 'replacing')) bad.add(change.vpnConnectionId);
  }
  return [...bad];
}

export type ConnectionKind = 'modern' | 'legacy-ikev1' | 'blocked-tunnel' | 'non-initiating';

/** An estate of `kinds.length` connections in one account (us-east-1 and eu-west-1 alternately), tagged Name=conn-<i>. */
export function buildEstate(world: World, kinds: ConnectionKind[]): { accountId: string; defaultRegion: string } {
  const account = addTestAccount(world, { accountId: '123456789012', name: 'fix-e2e', management: true });
  const regions = ['us-east-1', 'eu-west-1'].map((name) => world.region(account.accountId, name));
  const vgws = regions.map((r) => newVpnGateway(r));
  kinds.forEach((kind, i) => {
    const region = regions[i % 2]!;
    const device: GatewayDevice =
      kind === 'legacy-ikev1'
        ? modernDevice({ ikeVersions: ['ikev1'] })
        : kind === 'non-initiating'
          ? modernDevice({ initiates: false })
          : modernDevice();
    const cgw = newCustomerGateway(world, region, { device, tags: { Name: `cgw-${i}` } });
    const conn = newVpnConnection(world, region, {
      customerGatewayId: cgw.customerGatewayId,
      vpnGatewayId: vgws[i % 2]!.vpnGatewayId,
      staticRoutesOnly: true,
      tags: { Name: `conn-${i}` },
      // The non-initiating gateway's connection: tunnel 1 is IKEv2 + start (UP), tunnel 2 waits for an initiator (DOWN).
      tunnels: kind === 'non-initiating' ? [{ options: { ikeVersions: ['ikev2'], startupAction: 'start' } }, {}] : [{}, {}],
    });
    if (kind === 'blocked-tunnel') {
      cgw.device = { ...cgw.device, blockedEndpoints: [conn.tunnels[1].options.outsideIpAddress] };
      gatewayChanged(world, region, cgw.customerGatewayId, world.now());
    }
  });
  return { accountId: account.accountId, defaultRegion: 'us-east-1' };
}

/** Extracts the JSON document a `--output json` run printed. */
export function json<T>(run: Run): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`expected JSON on stdout (exit ${run.code}); stderr: ${run.stderr.slice(0, 2000)}`);
  }
}

/** Every pre-shared key in the lab (none may appear in any output or journal). */
export function preSharedKeys(world: World): string[] {
  const keys: string[] = [];
  for (const region of world.allRegions()) for (const conn of region.vpnConnections.values()) for (const t of conn.tunnels) keys.push(t.options.preSharedKey);
  return keys;
}
