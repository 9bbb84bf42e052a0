// Bad input for every input vpnguard reads (test/reliability/bad-input-cases.ts): CLI flags of every
// command, garbled argv, accounts / suppressions / baseline / scenario / IaC / journal files (garbage and
// near-valid). One clear error line, exit 3, no stack trace, never a hang. Most cases in-process through
// run(argv); a handful through the built CLI.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLines, judge } from './bad-input-cases.js';
import { badInputSweep, TEST_SIZE } from './bad-input-suite.js';
import { assertBuilt, isolatedEnv, runCli, stackTraceLines } from './harness.js';

describe('bad input: one clear line, exit 3, no stack trace, never a hang', () => {
  it('property-based sweep: flags of every command, garbled argv, garbage files of every kind, mutated journals', async () => {
    const figures = await badInputSweep(TEST_SIZE);
    expect(figures.failures).toEqual([]);
    expect(figures.hangs).toBe(0);
    expect(figures.stackTraces).toBe(0);
    expect(figures.fuzzed).toBeGreaterThan(300);
    expect(figures.clearOneLine + figures.acceptedAsValid).toBe(figures.fuzzed);
  }, 120_000);

  it('through the built CLI: the same contract for a handful of inputs', async () => {
    assertBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'vpnguard-bad-cli-'));
    try {
      const write = (name: string, text: string) => {
        writeFileSync(join(dir, name), text);
        return join(dir, name);
      };
      const cases: string[][] = [
        ['scan', '--concurrency', '-5'],
        ['fix', '--wait-timeout', 'forever'],
        ['diagnose', '--zz-unknown'],
        ['scan', '--accounts', write('accounts.yaml', 'accounts: {id: [}')],
        ['lab', '--scenario', write('scenario.yaml', 'name: 7\naccounts: nope\n')],
        ['iac', write('broken.tf', 'resource "aws_vpn_connection" "x" {\n')],
        ['fix', '--resume', write('journal.jsonl', '{"type":"run","v":1}\n')],
        ['alarms', '--period', '59'],
        // Found by the bench's larger sweep: self-referencing YAML aliases.
        ['lab', '--scenario', write('cycle.yaml', '&a [*a, *a]\n')],
        ['iac', write('cycle.template.yaml', 'Resources: &r\n  X:\n    Type: AWS::EC2::VPNConnection\n    Properties: *r\n')],
        ['fix', '--only='],
        ['diagnose', '--output=a\nb\u001b[31m'],
      ];
      for (const args of cases) {
        const run = await runCli(args, { env: isolatedEnv({ accessKeyId: 'AKIAVPNGUARDBADINPUT', secretAccessKey: 'not-a-real-secret' }), cwd: dir, timeoutMs: 20_000 });
        const verdict = judge(run);
        expect(verdict.hang, args.join(' ')).toBe(false);
        expect(stackTraceLines(run.stderr), args.join(' ')).toEqual([]);
        expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(3);
        expect(errorLines(run.stderr), args.join(' ')).toHaveLength(1);
        expect(run.stdout).toBe('');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
