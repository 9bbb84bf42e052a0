// Shared by the reliability tests (test/reliability/*.test.ts) and `bench/reliability.ts`: run the BUILT
// vpnguard CLI as a child process against an in-process lab on 127.0.0.1, with an isolated environment
// (lab keys or none, no metadata service, no shared config files, no color), bounded in time.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childSafetyEnv } from '../helpers/child-env.js';

/** The repository root: the nearest folder above this file holding package.json (works from dist/ too). */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('cannot find the repository root above test/reliability');
}

export const REPO_ROOT = findRoot();
export const CLI = join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js');

export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
}

export interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The child's whole environment: nothing inherited but PATH. */
export function isolatedEnv(keys: Keys | undefined, region = 'us-east-1', extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...childSafetyEnv(),
    PATH: process.env.PATH,
    HOME: '/nonexistent-vpnguard-home',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_REGION: region,
    // Never the real AWS: anything not given --endpoint-url goes to a closed loopback port.
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    NO_COLOR: '1',
    ...extra,
  };
  if (keys) {
    env.AWS_ACCESS_KEY_ID = keys.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = keys.secretAccessKey;
  }
  return env;
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

export interface CliOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
}

export function spawnCli(args: readonly string[], options: CliOptions): ChildProcess {
  assertBuilt();
  return spawn(process.execPath, [CLI, ...args], { env: options.env, cwd: options.cwd ?? REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs the CLI to completion; killed (timedOut) after timeoutMs. */
export function runCli(args: readonly string[], options: CliOptions): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, options);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started, timedOut });
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Lines of a stack trace or an error dump: a user-facing error must have none. */
export function stackTraceLines(text: string): string[] {
  return text.split('\n').filter((line) => /^\s+at\s/.test(line) || /^\s*(\w*Error|Error):\s/.test(line) || /node:internal|\(file:\/\//.test(line));
}
