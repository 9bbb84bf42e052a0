// Running the real AWS CLI against a lab from tests. Everything it needs is passed explicitly: no shared
// config or credentials files, no instance metadata, no pager, and always an --endpoint-url on 127.0.0.1.
// When `aws` is missing the suite is skipped on a developer machine but FAILS under CI=true.
import { spawn, spawnSync } from 'node:child_process';
import { describe, it } from 'vitest';

export interface AwsCliTarget {
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
}

export interface AwsCliResult {
  code: number;
  stdout: string;
  stderr: string;
}

let available: boolean | undefined;

/** Whether an `aws` executable runs on this machine (checked once). */
export function awsCliAvailable(): boolean {
  available ??= spawnSync('aws', ['--version'], { stdio: 'ignore', timeout: 30_000 }).status === 0;
  return available;
}

/** The environment the CLI runs with: the lab's keys and nothing from the developer's own AWS setup. */
export function awsCliEnv(target: AwsCliTarget, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PYENV_ROOT: process.env.PYENV_ROOT,
    PYENV_VERSION: process.env.PYENV_VERSION,
    LANG: 'C.UTF-8',
    AWS_ACCESS_KEY_ID: target.accessKeyId,
    AWS_SECRET_ACCESS_KEY: target.secretAccessKey,
    AWS_DEFAULT_REGION: target.region,
    AWS_REGION: target.region,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: '1',
    ...extra,
  };
  if (target.sessionToken !== undefined) env.AWS_SESSION_TOKEN = target.sessionToken;
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return env;
}

/**
 * Runs `aws <args> --endpoint-url <endpoint> --output json` and resolves with its exit code and output
 * (it never rejects on a non-zero exit: error cases are what many tests check).
 */
export function runAwsCli(
  target: AwsCliTarget,
  args: readonly string[],
  options: { timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<AwsCliResult> {
  if (!/^http:\/\/127\.\d+\.\d+\.\d+:\d+$/.test(target.endpoint)) {
    return Promise.reject(
      new Error(`refusing to point the AWS CLI at ${target.endpoint}: the lab is on 127.0.0.1`),
    );
  }
  return new Promise((resolve, reject) => {
    const child = spawn('aws', [...args, '--endpoint-url', target.endpoint, '--output', 'json'], {
      env: awsCliEnv(target, options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** Runs the CLI and parses its JSON output; throws with the CLI's stderr when it fails. */
export async function awsCliJson<T = unknown>(
  target: AwsCliTarget,
  args: readonly string[],
  options?: { timeoutMs?: number; env?: Record<string, string> },
): Promise<T> {
  const result = await runAwsCli(target, args, options);
  if (result.code !== 0)
    throw new Error(`aws ${args.join(' ')} exited ${result.code}: ${result.stderr.trim()}`);
  return (result.stdout.trim() === '' ? {} : JSON.parse(result.stdout)) as T;
}

/**
 * `describe` for suites that need the AWS CLI: runs when `aws` is installed; otherwise skipped locally,
 * and a failing test under CI=true (a CI image without the CLI must not pass silently).
 */
export function describeWithAwsCli(name: string, body: () => void): void {
  if (awsCliAvailable()) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs the AWS CLI (`aws`) on PATH under CI', () => {
        throw new Error(
          'the AWS CLI is not installed, and CI=true requires the AWS CLI round-trip tests to run',
        );
      });
    });
  } else {
    describe.skip(name, body);
  }
}
