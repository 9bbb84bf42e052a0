// Bad input through the built CLI: one clear line on stderr (no stack trace), the documented exit code,
// nothing on stdout.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type LabHandle } from '../../lab/index.js';
import { labEnv, runCli, type CliRun } from './scan.helpers.js';

let lab: LabHandle;
const dir = mkdtempSync(join(tmpdir(), 'vpnguard-input-'));

beforeAll(async () => {
  lab = await startLab({ scenario: 'seed-story', port: 0 });
});
afterAll(async () => {
  await lab?.stop();
});

function expectOneLine(run: CliRun, code: number, pattern: RegExp): void {
  expect(run.code, run.stderr).toBe(code);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^vpnguard: /);
  expect(lines[0]).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

const scan = (args: string[], env = labEnv(lab)) => runCli(['scan', '--endpoint-url', lab.endpoint, ...args], env);

describe('usage errors exit 3', () => {
  it('a malformed region name, with a suggestion', async () => {
    expectOneLine(await scan(['--region', 'us-east1']), 3, /unknown region 'us-east1': did you mean 'us-east-1'\?/);
  });

  it('a well-formed region the partition does not have (checked against DescribeRegions)', async () => {
    expectOneLine(await scan(['--region', 'eu-west-9']), 3, /unknown region 'eu-west-9'.*aws ec2 describe-regions/);
  });

  it('a malformed accounts file names the file, the entry and the fix', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, '- "111122223333"\n- id: "12345"\n');
    expectOneLine(await scan(['--accounts', file]), 3, new RegExp(`--accounts ${file}: entry 2 \\(id\\) is not valid: '12345' is not a 12-digit account id.*e\\.g\\.`));
  });

  it('a region in the accounts file is checked too', async () => {
    const file = join(dir, 'bad-region.yaml');
    writeFileSync(file, '- id: "111122223333"\n  regions: [mars-north-1x]\n');
    expectOneLine(await scan(['--accounts', file]), 3, /unknown region 'mars-north-1x' \(--accounts .*account 111122223333\)/);
  });

  it('a missing accounts file', async () => {
    expectOneLine(await scan(['--accounts', join(dir, 'nope.yaml')]), 3, /--accounts .*nope\.yaml: cannot read the file \(ENOENT\)/);
  });

  it('an unknown output format, a bad concurrency, --org with --accounts', async () => {
    expectOneLine(await scan(['--output', 'xml']), 3, /--output: .*choose one of: table, json, ndjson/);
    expectOneLine(await scan(['--concurrency', '0']), 3, /--concurrency: must be at least 1/);
    expectOneLine(await scan(['--fail-on', 'severe']), 3, /--fail-on: .*low, medium, high, critical, none/);
    expectOneLine(await scan(['--org', '--accounts', 'x.yaml']), 3, /--org and --accounts are exclusive/);
  });
});

describe('credential problems exit 4', () => {
  it('no credentials at all', async () => {
    expectOneLine(await scan([], { region: 'us-east-1' }), 4, /no usable AWS credentials from the default credential chain .*aws configure/);
  });

  it('an unreadable profile', async () => {
    expectOneLine(await scan(['--profile', 'nosuch'], { region: 'us-east-1' }), 4, /no usable AWS credentials from profile 'nosuch'/);
  });

  it('keys AWS rejects on the first call', async () => {
    const env = { ...labEnv(lab), secretAccessKey: 'not-the-right-secret-for-this-key' };
    const run = await scan([], env);
    expectOneLine(run, 4, /AWS rejected the credentials from the default credential chain \((SignatureDoesNotMatch|InvalidClientTokenId)/);
    expect(run.stderr).not.toContain('not-the-right-secret-for-this-key');
  });
});

it('an endpoint nobody answers on exits 2 (nothing could be scanned)', async () => {
  const run = await runCli(['scan', '--endpoint-url', 'http://127.0.0.1:9'], labEnv(lab), 90_000);
  expectOneLine(run, 2, /could not reach AWS \(ECONNREFUSED/);
});
