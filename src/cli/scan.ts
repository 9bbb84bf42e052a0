// `vpnguard scan`: inventory every VPN in scope, evaluate the four controls, print one format on stdout.
// Options are declared once below: each entry gives the flag, the help text and the zod schema that types
// and validates it. `executeScan` takes its streams, clock and (for the demo) credentials as arguments.
import { Option, type Command } from 'commander';
import { z } from 'zod';
import {
  createClientFactory,
  defaultCredentials,
  loadSdkSettings,
  resolveHomeRegion,
  type Credentials,
} from '../aws/clients.js';
import { DEFAULT_ROLE } from '../aws/accounts.js';
import type { ScanResult } from '../model/types.js';
import { FAIL_ON_LEVELS } from '../scan/outcome.js';
import { terminalProgress } from '../scan/progress.js';
import { DEFAULT_CONCURRENCY, scanEstate } from '../scan/run.js';
import { resultOf } from '../scan/findings.js';
import { shouldUseColor } from '../report/index.js';
import { planScope, scopeRequestFromFlags } from '../scan/scope.js';
import { toolVersion } from '../scan/version.js';
import { OUTPUT_FORMATS, streamWriter, writeReport } from '../scan/output.js';
import { UsageError } from './exit-codes.js';
import {
  exportReport,
  exportSecurityHub,
  prepareResult,
  reportExitCode,
  validateReportOptions,
  writeBaselineFile,
  writeOutputFiles,
} from './report-outputs.js';
import { collectList } from './list-option.js';

interface OptionDef<S extends z.ZodType> {
  flags: string;
  description: string;
  schema: S;
  /** Collects every occurrence (and comma-separated values) into a list. */
  repeatable?: boolean;
  choices?: readonly string[];
}

function option<S extends z.ZodType>(def: OptionDef<S>): OptionDef<S> {
  return def;
}

export const scanOptionDefs = {
  profile: option({
    flags: '--profile <name>',
    description: 'AWS profile (default: the SDK chain: env, AWS_PROFILE, SSO, ...)',
    schema: z.string().min(1).optional(),
  }),
  region: option({
    flags: '--region <region>',
    description:
      'region to scan, repeatable or comma-separated (default: every enabled region of each account)',
    schema: z.array(z.string().min(1)).min(1).optional(),
    repeatable: true,
  }),
  endpointUrl: option({
    flags: '--endpoint-url <url>',
    description: 'send every AWS call to this endpoint (e.g. the lab); AWS_ENDPOINT_URL works too',
    schema: z
      .string()
      .refine(
        (v) => /^https?:\/\/[^/\s]+/.test(v),
        'must be an http:// or https:// URL, e.g. http://127.0.0.1:4566',
      )
      .optional(),
  }),
  org: option({
    flags: '--org',
    description: 'scan every ACTIVE account of the organization (run from the management account)',
    schema: z.boolean().default(false),
  }),
  role: option({
    flags: '--role <name>',
    description: `role assumed in member accounts with --org or --accounts (default: ${DEFAULT_ROLE})`,
    schema: z.string().min(1).optional(),
  }),
  accounts: option({
    flags: '--accounts <file>',
    description: 'YAML/JSON list of account ids or {id, role?, regions?} to scan',
    schema: z.string().min(1).optional(),
  }),
  concurrency: option({
    flags: '--concurrency <n>',
    description: `account-regions read in parallel (default: ${DEFAULT_CONCURRENCY})`,
    schema: z.coerce
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(512, 'must be at most 512')
      .default(DEFAULT_CONCURRENCY),
  }),
  output: option({
    flags: '--output <format>',
    description: 'output format on stdout',
    schema: z.enum(OUTPUT_FORMATS).default('table'),
    choices: OUTPUT_FORMATS,
  }),
  failOn: option({
    flags: '--fail-on <severity>',
    description: 'exit 1 when a FAIL or ERROR finding is at or above this severity',
    schema: z.enum(FAIL_ON_LEVELS).default('low'),
    choices: FAIL_ON_LEVELS,
  }),
  quiet: option({
    flags: '-q, --quiet',
    description: 'no progress on stderr',
    schema: z.boolean().default(false),
  }),
  outputFile: option({
    flags: '--output-file <file>',
    description:
      'also write a report file, format from the extension (.json .ndjson .sarif .asff.json .ocsf.json .md .html .csv); repeatable',
    schema: z.array(z.string().min(1)).optional(),
    repeatable: true,
  }),
  framework: option({
    flags: '--framework <id>',
    description:
      'only controls mapped by this framework, grouped by requirement (fsbp, nist-800-53-r5, nist-800-171-r2, pci-dss-v4.0.1, nist-sp-800-77-r1, cis-aws-v3.0.0)',
    schema: z.string().min(1).optional(),
  }),
  suppressions: option({
    flags: '--suppressions <file>',
    description: 'YAML rules that mute findings with a reason until an expiry date (docs/reports.md)',
    schema: z.string().min(1).optional(),
  }),
  baseline: option({
    flags: '--baseline <file>',
    description: 'fail only on findings not in this baseline',
    schema: z.string().min(1).optional(),
  }),
  writeBaseline: option({
    flags: '--write-baseline <file>',
    description: "write this scan's FAIL and ERROR findings as a baseline",
    schema: z.string().min(1).optional(),
  }),
  export: option({
    flags: '--export <target>',
    description: 'send the findings to Security Hub (BatchImportFindings, per account-region)',
    schema: z.enum(['securityhub']).optional(),
    choices: ['securityhub'],
  }),
};

type Defs = typeof scanOptionDefs;
export const scanOptionsSchema = z.object(
  Object.fromEntries(Object.entries(scanOptionDefs).map(([key, def]) => [key, def.schema])) as {
    [K in keyof Defs]: Defs[K]['schema'];
  },
);
export type ScanOptions = z.output<typeof scanOptionsSchema>;

/** Validates raw option values (commander's or a test's) into ScanOptions; a problem is one UsageError line. */
export function parseScanOptions(raw: Record<string, unknown>): ScanOptions {
  const parsed = scanOptionsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = String(issue?.path[0] ?? '');
  const def = (scanOptionDefs as Record<string, OptionDef<z.ZodType> | undefined>)[key];
  const flag = def?.flags.split(/[ ,]+/).find((f) => f.startsWith('--')) ?? key;
  const choices = def?.choices ? ` (choose one of: ${def.choices.join(', ')})` : '';
  throw new UsageError(`${flag}: ${issue?.message ?? 'invalid value'}${choices}`);
}

interface Out {
  write(chunk: string): boolean;
  once?(event: 'drain', listener: () => void): unknown;
  isTTY?: boolean;
}

export interface ScanIo {
  stdout: Out;
  stderr: Out;
  now: () => Date;
  /** Explicit credentials (the demo's lab keys); default: the SDK chain or --profile. */
  credentials?: Credentials;
  /** Region for account-level calls; default: AWS_REGION, the profile's region, else us-east-1. */
  homeRegion?: string;
}

export interface ScanOutcome {
  /** Every finding in memory: made on first read (the CLI does not read it). */
  readonly result: ScanResult;
  exitCode: number;
}

/** Runs a scan and writes the chosen format on stdout. Usage and credential problems throw CliError. */
export async function executeScan(options: ScanOptions, io: ScanIo): Promise<ScanOutcome> {
  if (options.profile !== undefined && io.credentials !== undefined)
    throw new UsageError('--profile cannot be combined with explicit credentials');
  validateReportOptions(options);
  const credentials = io.credentials ?? defaultCredentials(options.profile);
  const homeRegion = io.homeRegion ?? (await resolveHomeRegion(options.profile));
  const clients = createClientFactory({
    sdkSettings: io.credentials === undefined ? await loadSdkSettings(options.profile) : undefined,
    endpointUrl: options.endpointUrl,
    readOnly: true,
    maxSockets: options.concurrency,
    trace: process.env.VPNGUARD_DEBUG === '1' ? (line) => io.stderr.write(`vpnguard: ${line}\n`) : undefined,
  });
  try {
    const scope = await planScope(scopeRequestFromFlags(options), { clients, credentials, homeRegion });
    const source = await scanEstate(scope, {
      clients,
      now: io.now,
      concurrency: options.concurrency,
      progress: terminalProgress(io.stderr, { quiet: options.quiet }),
      toolVersion: toolVersion(),
    });
    const report = await prepareResult(source, options, (line) => io.stderr.write(`${line}\n`));
    const color = options.output === 'table' && shouldUseColor(process.env, io.stdout.isTTY);
    await writeReport(report, options.output, streamWriter(io.stdout), { color });
    await writeOutputFiles(report, options.outputFile ?? []);
    if (options.writeBaseline !== undefined) await writeBaselineFile(report, options.writeBaseline);
    let exportFailed = false;
    if (options.export === 'securityhub') {
      const outcome = await exportSecurityHub(report, scope, clients, options.endpointUrl);
      for (const line of exportReport(outcome)) io.stderr.write(`${line}\n`);
      exportFailed = outcome.failures.length > 0;
    }
    const exitCode = reportExitCode(report, options.failOn, exportFailed);
    let result: ScanResult | undefined;
    return {
      get result() {
        return (result ??= resultOf(report));
      },
      exitCode,
    };
  } finally {
    clients.destroy();
  }
}

export function register(program: Command): void {
  const command = program
    .command('scan')
    .description(
      'inventory every VPN across accounts and regions and evaluate EC2.183, EC2.20, EC2.171 and EC2.51',
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 clean, 1 findings at or above --fail-on, 2 incomplete scan (wins over 1), 3 usage, 4 credentials, 5 internal.',
    );
  for (const def of Object.values(scanOptionDefs) as OptionDef<z.ZodType>[]) {
    const opt = new Option(def.flags, def.description);
    if (def.repeatable) opt.argParser(collectList);
    command.addOption(opt);
  }
  command.action(async (raw: Record<string, unknown>) => {
    const options = parseScanOptions(raw);
    const { exitCode } = await executeScan(options, {
      stdout: process.stdout,
      stderr: process.stderr,
      now: () => new Date(),
    });
    process.exitCode = exitCode;
  });
}

/** The scope flags (--profile, --region, --endpoint-url, --org, --role, --accounts) for commands that act on what a scan finds. */
export function addScopeOptions(command: Command): Command {
  for (const def of [
    scanOptionDefs.profile,
    scanOptionDefs.region,
    scanOptionDefs.endpointUrl,
    scanOptionDefs.org,
    scanOptionDefs.role,
    scanOptionDefs.accounts,
  ]) {
    const opt = new Option(def.flags, def.description);
    if ('repeatable' in def && def.repeatable) opt.argParser(collectList);
    command.addOption(opt);
  }
  return command;
}
