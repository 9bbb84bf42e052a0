// Bad input for every input vpnguard reads, as fast-check arbitraries, and the judge of one run: exactly one
// clear error line on stderr (commander's "(run with --help for usage)" hint aside), no stack trace or error
// dump, exit 3, and an answer within a bound. Runs in-process through `run(argv)` (stdout and stderr
// captured); shared by bad-input.test.ts and bench/reliability.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { run } from '../../src/cli/program.js';
import { parseAccountsFile } from '../../src/aws/accounts.js';
import { parseBaseline } from '../../src/report/baseline.js';
import { parseSuppressions } from '../../src/report/suppressions.js';
import { parseJournal } from '../../src/remediate/journal.js';
import { loadScenario } from '../../lab/scenarios/load.js';
import { World } from '../../lab/world/world.js';
import { stackTraceLines } from './harness.js';

export const HELP_HINT = '(run with --help for usage)';

export interface InProcessRun {
  code: number | 'hang';
  stdout: string;
  stderr: string;
  ms: number;
}

let running = false;

/** `vpnguard ...args` in this process, stdout/stderr captured; 'hang' when it has not answered in timeoutMs. */
export async function runInProcess(args: string[], timeoutMs = 8000): Promise<InProcessRun> {
  if (running) throw new Error('runInProcess is not reentrant (it captures the process streams)');
  running = true;
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const code = await Promise.race([
      run(['node', 'vpnguard', ...args]),
      new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), timeoutMs))),
    ]);
    return { code, stdout, stderr, ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = undefined;
    running = false;
  }
}

export interface Verdict {
  /** exit 3 and exactly one error line */
  clearOneLine: boolean;
  stackTrace: boolean;
  hang: boolean;
  /** the input was taken as valid (exit 0, 1 or 2, no error line): allowed only where noted */
  accepted: boolean;
  why: string;
}

/** The error lines, without commander's hints ("(Did you mean --x?)", "(run with --help for usage)"). */
export function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.trim() !== '' && line.trim() !== HELP_HINT && !/^\(Did you mean .*\?\)$/.test(line.trim()));
}

export function judge(outcome: { code: number | 'hang' | null; stderr: string }): Verdict {
  const lines = errorLines(outcome.stderr);
  const stackTrace = stackTraceLines(outcome.stderr).length > 0 || /internal error/.test(outcome.stderr);
  const hang = outcome.code === 'hang' || outcome.code === null;
  const clearOneLine = outcome.code === 3 && lines.length === 1 && lines[0]!.length <= 600 && /^(vpnguard|error)\b/.test(lines[0]!);
  const accepted = outcome.code === 0 || outcome.code === 1 || outcome.code === 2;
  return { clearOneLine, stackTrace, hang, accepted, why: `exit ${String(outcome.code)}; stderr: ${JSON.stringify(outcome.stderr.slice(0, 400))}` };
}

// ---- values ----------------------------------------------------------------------------------------------

/** Never a value commander would read as an option of its own (help, version, end of options). */
const notAnOptionOfItsOwn = (s: string): boolean => !/^-(h|V|-help|-version)?$|^-(h|V)\b|^--(help|version)\b/.test(s) && s !== '--';

const junk = fc.oneof(
  fc.constantFrom('', ' ', 'abc', '-1', '1.5', 'NaN', 'Infinity', '-Infinity', '1e999', '٣', '0x', '𝟙𝟚', '\u0000', '\u001b[31m9', '9'.repeat(400), '1 2', 'null', '[]', '{}', '$(id)', '`id`'),
  fc.string({ maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

/** Values no reading of a count could accept (lenient parsers included). */
export const badCount = junk.filter((s) => notAnOptionOfItsOwn(s) && !(s.trim() !== '' && Number.isInteger(Number(s)) && Number(s) >= 0));

/** Values no reading of a duration could accept: not `<number><unit>`, not a bare number. */
export const badDuration = fc
  .oneof(junk, fc.constantFrom('-1s', '1y', '1.5.5s', '∞s', 's', '15 minutes', '1e3s', 'PT15M', '0x10s', '--1m'))
  .filter((s) => notAnOptionOfItsOwn(s) && !/^\s*\d+(\.\d+)?\s*(ms|s|m|h|d)?\s*$/i.test(s));

export const badEnum = (valid: readonly string[]): fc.Arbitrary<string> =>
  junk.filter((s) => notAnOptionOfItsOwn(s) && !valid.some((v) => v.toLowerCase() === s.trim().toLowerCase()) && !s.split(',').every((p) => valid.includes(p.trim())));

export interface FlagCase {
  command: string[];
  flag: string;
  values: fc.Arbitrary<string>;
  /** arguments after the flag (e.g. a path iac needs) */
  tail?: string[];
}

export function flagCases(iacFile: string): FlagCase[] {
  const outputs = ['table', 'json', 'ndjson', 'sarif', 'asff', 'ocsf', 'markdown', 'html', 'csv', 'text'];
  const severities = ['informational', 'low', 'medium', 'high', 'critical'];
  return [
    { command: ['scan'], flag: '--concurrency', values: badCount },
    { command: ['scan'], flag: '--output', values: badEnum(outputs) },
    { command: ['scan'], flag: '--fail-on', values: badEnum(severities) },
    { command: ['scan'], flag: '--export', values: badEnum(['securityhub']) },
    { command: ['scan'], flag: '--framework', values: badEnum(['fsbp', 'nist-800-53-r5', 'nist-800-171-r2', 'pci-dss-v4.0.1', 'nist-sp-800-77-r1', 'cis-aws-v3.0.0']) },
    { command: ['scan'], flag: '--endpoint-url', values: junk.filter((s) => notAnOptionOfItsOwn(s) && !/^https?:\/\/[^/\s]+/.test(s)) },
    { command: ['scan'], flag: '--output-file', values: junk.filter((s) => notAnOptionOfItsOwn(s) && !/\.(json|ndjson|sarif|md|html|csv)$/i.test(s)) },
    { command: ['fix'], flag: '--wait-timeout', values: badDuration },
    { command: ['fix'], flag: '--poll-interval', values: badDuration },
    { command: ['fix'], flag: '--concurrency', values: badCount },
    { command: ['fix'], flag: '--log-retention-days', values: badCount },
    { command: ['fix'], flag: '--output', values: badEnum(['text', 'json']) },
    { command: ['fix'], flag: '--only', values: badEnum(['EC2.183', 'EC2.171', 'EC2.51', 'EC2.20']) },
    { command: ['diagnose'], flag: '--log-window', values: badDuration },
    { command: ['diagnose'], flag: '--output', values: badEnum(['text', 'json']) },
    { command: ['diagnose'], flag: '--concurrency', values: badCount },
    { command: ['alarms'], flag: '--period', values: badCount },
    { command: ['alarms'], flag: '--evaluation-periods', values: badCount },
    { command: ['alarms'], flag: '--datapoints-to-alarm', values: badCount },
    { command: ['alarms'], flag: '--output', values: badEnum(['table', 'json']) },
    { command: ['alarms'], flag: '--topic-arn', values: junk.filter((s) => notAnOptionOfItsOwn(s) && !s.startsWith('arn:')) },
    { command: ['iac'], flag: '--output', values: badEnum(['table', 'json', 'sarif']), tail: [iacFile] },
    { command: ['iac'], flag: '--fail-on', values: badEnum(severities), tail: [iacFile] },
    { command: ['controls'], flag: '--output', values: badEnum(['table', 'json']) },
    { command: ['lab'], flag: '--port', values: badCount },
    { command: ['lab'], flag: '--latency-ms', values: badCount },
    { command: ['lab'], flag: '--replacement-seconds', values: badCount.filter((s) => !Number.isFinite(Number(s)) || Number(s) < 0 || s.trim() === '') },
    { command: ['lab'], flag: '--param', values: junk.filter((s) => notAnOptionOfItsOwn(s) && !/^[A-Za-z][\w.-]*=/.test(s)) },
  ];
}

/** Every command (and subcommand) a user can type, for garbled flags. */
export const COMMANDS: string[][] = [
  ['demo'],
  ['scan'],
  ['diagnose'],
  ['fix'],
  ['alarms'],
  ['lab'],
  ['iac'],
  ['controls'],
  ['policy', 'scan'],
  ['policy', 'fix'],
  ['policy', 'diagnose'],
  ['policy', 'alarms'],
  ['guardrails', 'scp'],
  ['guardrails', 'terraform'],
  ['guardrails', 'cloudformation'],
  ['guardrails', 'config'],
];

/** A command with garbage around one option no command has (so nothing reaches AWS or starts a lab). */
export const garbledArgv = fc
  .record({
    command: fc.constantFrom(...COMMANDS),
    unknown: fc.stringMatching(/^--?[a-z][a-z0-9-]{0,14}$/).map((s) => (s.startsWith('--') ? `--zz${s.slice(2)}` : `-${'QXZ'[s.length % 3]}`)),
    before: fc.array(fc.constantFrom('--region', 'us-east-1', '--output', 'json', '--quiet', '--apply', '--yes', '--org'), { maxLength: 3 }),
    after: fc.array(fc.string({ maxLength: 10 }).filter((s) => !s.startsWith('-')), { maxLength: 2 }),
  })
  .map(({ command, unknown, before, after }) => [...command, ...before, unknown, ...after]);

// ---- files -----------------------------------------------------------------------------------------------

export const garbageText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.json({ maxDepth: 4 }),
  fc.anything({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
  fc.array(fc.string({ maxLength: 30 }), { maxLength: 8 }).map((lines) => lines.join('\n')),
  fc.constantFrom(
    '',
    '\u0000\u0001\u0002',
    '{{{',
    '- - -\n: :',
    'accounts:\n  - {id: [}',
    '%YAML 9.9\n---\n',
    '&a [*a, *a]',
    '['.repeat(3000),
    'a: &x\n  b: *x\nc: *x\n',
    '---\n- 1\n---\n- 2\n',
    '\ufeff{"x": 1}',
    'rules:\n  - control: EC2.20\n    expires: not-a-date\n',
    'resource "aws_vpn_connection" "x" {\n  tunnel1_ike_versions = [\n',
    'Resources:\n  X:\n    Type: AWS::EC2::VPNConnection\n    Properties: [1, 2\n',
    '{"type":"run","v":1}\n{"type":"step"}\n',
  ),
);

/** Per kind of input file: the flag line, and whether the tool's own reader takes the text (then it is not bad). */
export interface FileKind {
  name: string;
  ext: string;
  argv(file: string, lab: { endpoint: string } | undefined): string[];
  /** true when the tool's own parser accepts the text (the case is skipped: it is not bad input) */
  valid(text: string): boolean;
  /** a run that needs a lab (the file is read after the scan) */
  needsLab?: boolean;
  /** garbage that is still valid input (an empty .tf) may be accepted with exit 0/1/2 */
  mayAccept?: boolean;
}

const accepts = (parse: () => unknown): boolean => {
  try {
    parse();
    return true;
  } catch {
    return false;
  }
};

export const FILE_KINDS: FileKind[] = [
  {
    name: 'accounts file',
    ext: '.yaml',
    argv: (file) => ['scan', '--accounts', file, '--quiet'],
    valid: (text) => accepts(() => parseAccountsFile(text, 'f')),
  },
  {
    name: 'suppressions file',
    ext: '.yaml',
    needsLab: true,
    argv: (file, lab) => ['scan', '--endpoint-url', lab!.endpoint, '--region', 'us-east-1', '--quiet', '--output', 'json', '--suppressions', file],
    valid: (text) => accepts(() => parseSuppressions(text, 'f')),
  },
  {
    name: 'baseline file',
    ext: '.json',
    needsLab: true,
    argv: (file, lab) => ['scan', '--endpoint-url', lab!.endpoint, '--region', 'us-east-1', '--quiet', '--output', 'json', '--baseline', file],
    valid: (text) => accepts(() => parseBaseline(text, 'f')),
  },
  {
    name: 'scenario file',
    ext: '.yaml',
    argv: (file) => ['lab', '--scenario', file],
    valid: (text) => {
      const dir = mkdtempSync(join(tmpdir(), 'vpnguard-scenario-check-'));
      try {
        writeFileSync(join(dir, 's.yaml'), text);
        return accepts(() => loadScenario(new World(), join(dir, 's.yaml')));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  { name: 'IaC .tf', ext: '.tf', argv: (file) => ['iac', file], valid: () => false, mayAccept: true },
  { name: 'IaC .yaml', ext: '.yaml', argv: (file) => ['iac', file], valid: () => false, mayAccept: true },
  { name: 'IaC .json', ext: '.json', argv: (file) => ['iac', file], valid: () => false, mayAccept: true },
  {
    name: 'journal (--resume)',
    ext: '.jsonl',
    argv: (file) => ['fix', '--resume', file, '--quiet'],
    valid: (text) => accepts(() => parseJournal(text)),
  },
];

/** Near-valid journals: a real journal's records with lines torn, dropped, swapped or retyped. */
export function journalMutations(real: string): fc.Arbitrary<string> {
  const lines = real.trim().split('\n');
  return fc
    .record({
      cut: fc.integer({ min: 0, max: lines.length }),
      at: fc.integer({ min: 0, max: Math.max(0, lines.length - 1) }),
      how: fc.constantFrom('drop-run', 'tear-middle', 'retype', 'plan-null', 'phase', 'swap'),
    })
    .map(({ cut, at, how }) => {
      const copy = lines.slice(0, Math.max(1, cut));
      const i = Math.min(at, copy.length - 1);
      switch (how) {
        case 'drop-run':
          return copy.slice(1).join('\n');
        case 'tear-middle':
          copy[i] = copy[i]!.slice(0, Math.floor(copy[i]!.length / 2));
          return [...copy, lines.at(-1)!].join('\n');
        case 'retype':
          copy[i] = copy[i]!.replace(/"type":"\w+"/, '"type":"weird"');
          return copy.join('\n');
        case 'plan-null':
          copy[0] = copy[0]!.replace(/"plan":\{/, '"plan":null,"x":{');
          return copy.join('\n');
        case 'phase':
          copy[i] = copy[i]!.replace(/"phase":"\w+"/, '"phase":"exploded"');
          return copy.join('\n');
        case 'swap':
          return [copy[i]!, ...copy.filter((_, j) => j !== i)].join('\n');
      }
    });
}
