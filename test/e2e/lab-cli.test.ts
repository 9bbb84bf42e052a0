// The built `vpnguard lab` command: starts on a free port, prints export lines that work as they are with
// the SDK, serves until SIGTERM, exits 0; bad flags are one line and exit 3.
import { spawn } from 'node:child_process';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { assertBuilt, CLI, cliEnv, runCli } from './scan.helpers.js';

function parseExports(stdout: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const match of stdout.matchAll(/^export (\w+)=(\S+)$/gm)) values[match[1]!] = match[2]!;
  return values;
}

describe('vpnguard lab (built CLI)', () => {
  it('prints shell-ready exports, serves STS with them, and exits 0 on SIGTERM', async () => {
    assertBuilt();
    const child = spawn(process.execPath, [CLI, 'lab', '--port', '0', '--latency-ms', '0'], {
      env: cliEnv({}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 30_000;
      while (!/^export AWS_DEFAULT_REGION=/m.test(stdout)) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`no export lines; stderr: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const env = parseExports(stdout);
      expect(env.AWS_ENDPOINT_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(env.AWS_ENDPOINT_URL).not.toMatch(/:0$/);
      expect(env.AWS_REGION).toBe('us-east-1');
      expect(stdout).toMatch(/^unset AWS_SESSION_TOKEN AWS_PROFILE$/m);
      const sts = new STSClient({
        endpoint: env.AWS_ENDPOINT_URL,
        region: env.AWS_REGION,
        credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! },
        maxAttempts: 1,
      });
      const identity = await sts.send(new GetCallerIdentityCommand({}));
      expect(identity.Account).toMatch(/^\d{12}$/);
      expect(stderr).toContain('vpnguard lab: scenario empty');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toContain('vpnguard lab: stopped');
  });

  it('bad flags and unknown scenarios are one line and exit 3', async () => {
    const badPort = await runCli(['lab', '--port', '70000'], {});
    expect(badPort.code).toBe(3);
    expect(badPort.stderr.trim().split('\n')).toEqual([
      "vpnguard: --port must be an integer from 0 to 65535, got '70000'",
    ]);
    const badScenario = await runCli(['lab', '--scenario', 'no-such-estate'], {});
    expect(badScenario.code).toBe(3);
    expect(badScenario.stderr.trim().split('\n')).toHaveLength(1);
    expect(badScenario.stderr).toContain('no-such-estate');
  });
});
