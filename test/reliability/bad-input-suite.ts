// The bad-input sweep as one function (the test asserts on it, the bench prints its counts): flags of every
// command, garbled argv, garbage and near-valid files of every kind. Every case must end with exit 3 and one
// clear line (or, for IaC files that happen to be valid, a normal result), no stack trace, within a bound.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { startLab, type LabHandle } from '../../lab/index.js';
import { addSingleAccount } from '../../lab/testing.js';
import { newCustomerGateway, newVpnConnection, newVpnGateway } from '../../lab/world/factory.js';
import { FILE_KINDS, flagCases, garbageText, garbledArgv, journalMutations, judge, runInProcess, type Verdict } from './bad-input-cases.js';
import { REPO_ROOT } from './harness.js';

export interface BadInputFigures {
  fuzzed: number;
  clearOneLine: number;
  /** valid input after all (an IaC file that parses): a normal result, not an error */
  acceptedAsValid: number;
  skippedValid: number;
  hangs: number;
  stackTraces: number;
  failures: string[];
}

export interface SweepSize {
  flags: number;
  garbled: number;
  perFileKind: number;
  journalMutations: number;
  seed: number;
}

export const TEST_SIZE: SweepSize = { flags: 300, garbled: 150, perFileKind: 40, journalMutations: 60, seed: 20261204 };

/** Lab keys in this process's environment while `body` runs (in-process runs read the SDK chain). */
async function withLabKeys<T>(lab: LabHandle, body: () => Promise<T>): Promise<T> {
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY, region: process.env.AWS_REGION };
  process.env.AWS_ACCESS_KEY_ID = lab.accounts[0]!.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = lab.accounts[0]!.secretAccessKey;
  process.env.AWS_REGION = 'us-east-1';
  try {
    return await body();
  } finally {
    process.env.AWS_ACCESS_KEY_ID = saved.id;
    process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
    process.env.AWS_REGION = saved.region;
  }
}

export async function badInputSweep(size: SweepSize): Promise<BadInputFigures> {
  const figures: BadInputFigures = { fuzzed: 0, clearOneLine: 0, acceptedAsValid: 0, skippedValid: 0, hangs: 0, stackTraces: 0, failures: [] };
  const dir = mkdtempSync(join(tmpdir(), 'vpnguard-bad-input-'));
  const lab = await startLab({
    replacementSeconds: 0.2,
    setup: (world) => {
      const account = addSingleAccount(world);
      const region = world.region(account.accountId, 'us-east-1');
      const vgw = newVpnGateway(region);
      const cgw = newCustomerGateway(world, region, {});
      newVpnConnection(world, region, { customerGatewayId: cgw.customerGatewayId, vpnGatewayId: vgw.vpnGatewayId, tags: { Name: 'conn-0' } });
      return { defaultRegion: 'us-east-1' };
    },
  });
  const record = (label: string, verdict: Verdict, mayAccept = false): boolean => {
    figures.fuzzed++;
    if (verdict.hang) figures.hangs++;
    if (verdict.stackTrace) figures.stackTraces++;
    if (verdict.clearOneLine) figures.clearOneLine++;
    else if (mayAccept && verdict.accepted && !verdict.stackTrace) figures.acceptedAsValid++;
    const ok = !verdict.hang && !verdict.stackTrace && (verdict.clearOneLine || (mayAccept && verdict.accepted));
    if (!ok && figures.failures.length < 20) figures.failures.push(`${label}: ${verdict.why}`);
    return ok;
  };
  const settings = (numRuns: number, offset: number) => ({ numRuns, seed: size.seed + offset, endOnFailure: true });
  try {
    const iacFile = join(REPO_ROOT, 'test', 'fixtures', 'iac', 'terraform');
    // 1. a bad value for every option that takes one
    const cases = flagCases(iacFile);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: cases.length - 1 }).chain((i) => fc.tuple(fc.constant(cases[i]!), cases[i]!.values)), async ([c, value]) => {
        const args = [...c.command, `${c.flag}=${value}`, ...(c.tail ?? [])];
        return record(JSON.stringify(args), judge(await runInProcess(args)));
      }),
      settings(size.flags, 1),
    );
    // 2. garbled flags on every command
    await fc.assert(
      fc.asyncProperty(garbledArgv, async (args) => record(JSON.stringify(args), judge(await runInProcess(args)))),
      settings(size.garbled, 2),
    );
    // 3. garbage files of every kind
    for (const [k, kind] of FILE_KINDS.entries()) {
      await fc.assert(
        fc.asyncProperty(garbageText, async (text) => {
          if (kind.valid(text)) {
            figures.skippedValid++;
            return true;
          }
          const file = join(dir, `input-${figures.fuzzed}${kind.ext}`);
          writeFileSync(file, text);
          const outcome = await (kind.needsLab ? withLabKeys(lab, () => runInProcess(kind.argv(file, lab))) : runInProcess(kind.argv(file, lab)));
          return record(`${kind.name} ${JSON.stringify(text.slice(0, 80))}`, judge(outcome), kind.mayAccept);
        }),
        settings(size.perFileKind, 10 + k),
      );
    }
    // 4. near-valid journals: a real one, torn and retyped
    const journal = join(dir, 'real.jsonl');
    const applied = await withLabKeys(lab, () =>
      runInProcess(['fix', '--endpoint-url', lab.endpoint, '--region', 'us-east-1', '--confirm-ikev2', 'all', '--poll-interval', '0.05s', '--apply', '--yes', '--quiet', '--journal', journal], 30_000),
    );
    if (applied.code !== 0) throw new Error(`the journal-producing fix failed (exit ${String(applied.code)}): ${applied.stderr.slice(0, 300)}`);
    const real = readFileSync(journal, 'utf8');
    const resumeKind = FILE_KINDS.find((k) => k.ext === '.jsonl')!;
    await fc.assert(
      fc.asyncProperty(journalMutations(real), async (text) => {
        if (resumeKind.valid(text)) {
          figures.skippedValid++;
          return true;
        }
        const file = join(dir, `journal-${figures.fuzzed}.jsonl`);
        writeFileSync(file, text);
        return record(`mutated journal ${JSON.stringify(text.slice(0, 120))}`, judge(await withLabKeys(lab, () => runInProcess(resumeKind.argv(file, lab)))));
      }),
      settings(size.journalMutations, 30),
    );
  } catch (err) {
    // fast-check stops at the first failing case; its report is in failures already.
    if (figures.failures.length === 0) figures.failures.push(err instanceof Error ? err.message.split('\n').slice(0, 6).join(' | ') : String(err));
  } finally {
    await lab.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
