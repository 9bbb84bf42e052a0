// Running the BUILT vpnguard CLI as a child process against a lab on 127.0.0.1. The child gets an explicit
// environment: the lab's keys (or none), no metadata service, no shared config files, no color.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LabHandle } from '../../lab/index.js';
import type { ScanResult } from '../../src/model/types.js';
import { childSafetyEnv } from '../helpers/child-env.js';

export const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before the end-to-end tests`);
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliEnv {
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
  extra?: Record<string, string>;
}

export function cliEnv(env: CliEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {
    ...childSafetyEnv(),
    PATH: process.env.PATH,
    HOME: '/nonexistent-vpnguard-home',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_REGION: env.region ?? 'us-east-1',
    NO_COLOR: '1',
    ...env.extra,
  };
  if (env.accessKeyId !== undefined) out.AWS_ACCESS_KEY_ID = env.accessKeyId;
  if (env.secretAccessKey !== undefined) out.AWS_SECRET_ACCESS_KEY = env.secretAccessKey;
  return out;
}

export function runCli(args: readonly string[], env: CliEnv, timeoutMs = 60_000): Promise<CliRun> {
  assertBuilt();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** The lab keys of one account as CLI environment. */
export function labEnv(lab: LabHandle, accountId?: string): CliEnv {
  const account = accountId === undefined ? lab.accounts[0]! : lab.accounts.find((a) => a.accountId === accountId)!;
  return {
    accessKeyId: account.accessKeyId,
    secretAccessKey: account.secretAccessKey,
    region: lab.defaultRegion,
    extra: { AWS_ENDPOINT_URL: lab.endpoint },
  };
}

export async function scanJson(lab: LabHandle, args: readonly string[] = [], accountId?: string): Promise<CliRun & { result: ScanResult }> {
  const run = await runCli(['scan', '--endpoint-url', lab.endpoint, '--output', 'json', ...args], labEnv(lab, accountId));
  let result: ScanResult;
  try {
    result = JSON.parse(run.stdout) as ScanResult;
  } catch {
    throw new Error(`scan did not print JSON (exit ${run.code}): ${run.stderr}`);
  }
  return { ...run, result };
}

export type Expected = Record<string, Record<string, 'PASS' | 'FAIL' | 'NOT_APPLICABLE' | 'ERROR'>>;

/** resourceId -> control -> status, from the findings (one finding per resource and control is asserted). */
export function statusTable(result: ScanResult): Expected {
  const table: Expected = {};
  for (const f of result.findings) {
    const row = (table[f.resourceId] ??= {});
    if (row[f.control] !== undefined) throw new Error(`two ${f.control} findings for ${f.resourceId}`);
    row[f.control] = f.status;
  }
  return table;
}

/** No secret of the lab may appear in any output: every tunnel's pre-shared key and the lab's secret keys. */
export function labSecrets(lab: LabHandle): string[] {
  const secrets: string[] = [];
  for (const region of lab.world.allRegions()) {
    for (const connection of region.vpnConnections.values()) {
      for (const tunnel of connection.tunnels) secrets.push(tunnel.options.preSharedKey);
    }
  }
  for (const account of lab.accounts) secrets.push(account.secretAccessKey);
  return secrets.filter((s) => s.length >= 8);
}

/** One request-log slice: the entries logged while `body` ran. */
export async function requestsDuring<T>(lab: LabHandle, body: () => Promise<T>): Promise<{ value: T; log: LabHandle['world']['requestLog'] }> {
  const from = lab.world.requestLog.length;
  const value = await body();
  return { value, log: lab.world.requestLog.slice(from) };
}
