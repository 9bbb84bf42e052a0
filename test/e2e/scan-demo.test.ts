// `vpnguard demo` (the built CLI): the README's first command works with no AWS setup at all.
import { expect, it } from 'vitest';
import { runCli } from './scan.helpers.js';

it('scans the seed-story lab with the lab keys only, prints the table and next steps, exits 0', async () => {
  // No credentials, no region, no endpoint in the environment: the demo must not need them.
  const run = await runCli(['demo'], { extra: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_PROFILE: 'not-used' } });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toMatch(/^vpnguard demo: lab 'seed-story' on http:\/\/127\.0\.0\.1:\d+; scanning account 111122223333\n$/);
  expect(run.stdout).toContain('vpn-0a1b2c3d4e5f6a7b8');
  expect(run.stdout).toMatch(/203\.0\.113\.20\s+DOWN\s+91 days/);
  expect(run.stdout).toContain('exits 1 (findings at or above --fail-on); the demo exits 0');
  expect(run.stdout).toContain('vpnguard controls EC2.20');
  expect(run.stdout).toMatch(/vpnguard diagnose --endpoint-url http:\/\/127\.0\.0\.1:<PORT>/);
  expect(run.stdout).toMatch(/vpnguard fix --endpoint-url http:\/\/127\.0\.0\.1:<PORT> .*--confirm-ikev2 ID,ID/);
  expect(run.stdout).not.toMatch(/PreSharedKey|preSharedKey|CustomerGatewayConfiguration/);
});
