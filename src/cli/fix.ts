// `vpnguard fix`: plan (default) or apply (--apply) the fixes for EC2.183 / EC2.171 / EC2.51 (and EC2.20 where an
// option change can repair a DOWN tunnel), one tunnel at a time. `vpnguard policy fix` prints its IAM policy.
// Options are declared once below (flag, help, zod schema). executeFix receives its streams, clock and sleep.
import { setMaxListeners } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import {
  createClientFactory,
  defaultCredentials,
  resolveHomeRegion,
  type Credentials,
} from '../aws/clients.js';
import { instrument } from '../aws/middleware.js';
import type { Inventory } from '../model/types.js';
import {
  applyPlan,
  DEFAULT_EXECUTOR_SETTINGS,
  type ApplyResult,
  type ExecutorSettings,
} from '../remediate/apply.js';
import type { RemediationApi } from '../remediate/api.js';
import { diagnoseForPlan } from '../remediate/diagnoses.js';
import { formatPlan, formatResult } from '../remediate/format.js';
import {
  defaultJournalPath,
  FileJournal,
  findResumableJournal,
  journalState,
  lockJournal,
  newRunId,
  readJournal,
  type JournalState,
} from '../remediate/journal.js';
import {
  parseConfirmIkev2,
  parseControls,
  parseDuration,
  parseResourceIds,
  parseRetentionDays,
  validateLogGroupName,
} from '../remediate/options.js';
import { fixPolicy } from '../remediate/permissions.js';
import { plan as makePlan, runnableSteps } from '../remediate/plan.js';
import { sdkRemediationApi } from '../remediate/sdk-api.js';
import {
  DEFAULT_RETENTION_DAYS,
  defaultLogGroupName,
  type LogGroupInfo,
  type Plan,
} from '../remediate/types.js';
import { runScan } from '../scan/run.js';
import { credentialsFor, planScope } from '../scan/scope.js';
import { toolVersion } from '../scan/version.js';
import { confirm } from './confirm.js';
import { EXIT, UsageError } from './exit-codes.js';
import { policyCommand } from './policy.js';
import { addScopeOptions, scanOptionDefs } from './scan.js';
import { collectList } from './list-option.js';

/** Exit code after Ctrl-C (128 + SIGINT), the shell convention; the journal is resumable. */
export const EXIT_INTERRUPTED = 130;

const list = z.array(z.string()).optional();
const fixOptionsSchema = z.object({
  profile: scanOptionDefs.profile.schema,
  region: scanOptionDefs.region.schema,
  endpointUrl: scanOptionDefs.endpointUrl.schema,
  org: scanOptionDefs.org.schema,
  role: scanOptionDefs.role.schema,
  accounts: scanOptionDefs.accounts.schema,
  apply: z.boolean().default(false),
  yes: z.boolean().default(false),
  resume: z.union([z.boolean(), z.string()]).optional(),
  journal: z.string().min(1).optional(),
  only: list,
  connection: list,
  confirmIkev2: list,
  logGroup: z.string().optional(),
  logRetentionDays: z.string().optional(),
  waitTimeout: z.string().optional(),
  pollInterval: z.string().optional(),
  concurrency: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1000, 'must be at most 1000')
    .optional(),
  output: z.enum(['text', 'json']).default('text'),
  quiet: z.boolean().default(false),
});
export type FixCliOptions = z.output<typeof fixOptionsSchema>;

export interface FixSettings {
  planOptions: Plan['options'];
  executor: ExecutorSettings;
  /** Executor settings given on the command line (they win over the journaled ones on --resume). */
  explicit: Partial<ExecutorSettings>;
}

/** Validates option values into settings; every problem is one UsageError line naming the flag. */
export function parseFixOptions(raw: Record<string, unknown>): {
  options: FixCliOptions;
  settings: FixSettings;
} {
  const parsed = fixOptionsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue?.path[0] ?? '');
    throw new UsageError(
      `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${issue?.message ?? 'invalid value'}`,
    );
  }
  const options = parsed.data;
  try {
    const explicit: Partial<ExecutorSettings> = {};
    if (options.waitTimeout !== undefined)
      explicit.waitTimeoutMs = parseDuration(options.waitTimeout, '--wait-timeout');
    if (options.pollInterval !== undefined)
      explicit.pollIntervalMs = parseDuration(options.pollInterval, '--poll-interval');
    if (options.concurrency !== undefined) explicit.concurrency = options.concurrency;
    const executor: ExecutorSettings = { ...DEFAULT_EXECUTOR_SETTINGS, ...explicit };
    const planOptions: Plan['options'] = {
      logGroupName: options.logGroup === undefined ? undefined : validateLogGroupName(options.logGroup),
      logRetentionDays:
        options.logRetentionDays === undefined
          ? DEFAULT_RETENTION_DAYS
          : parseRetentionDays(options.logRetentionDays),
      confirmIkev2: parseConfirmIkev2(options.confirmIkev2),
      only: parseControls(options.only ?? []),
      resourceIds: parseResourceIds(options.connection),
    };
    if (
      options.resume !== undefined &&
      options.resume !== false &&
      (options.confirmIkev2 || options.only || options.connection || options.logGroup)
    ) {
      throw new Error(
        '--resume continues the journaled plan as it was confirmed: drop --confirm-ikev2, --only, --connection and --log-group',
      );
    }
    return { options, settings: { planOptions, executor, explicit } };
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

interface Out {
  write(chunk: string): boolean;
}

export interface FixIo {
  stdout: Out;
  stderr: Out;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  now: () => Date;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  credentials?: Credentials;
  homeRegion?: string;
  /** Where journals go without --journal (default .vpnguard in the working directory). */
  journalDir?: string;
}

interface StoredScope {
  profile?: string | undefined;
  region?: string[] | undefined;
  endpointUrl?: string | undefined;
  org?: boolean;
  role?: string | undefined;
  accounts?: string | undefined;
}

async function readLogGroups(
  inventory: Inventory,
  planOptions: Plan['options'],
  apiFor: (a: string, r: string) => RemediationApi,
): Promise<LogGroupInfo[]> {
  const scopes = new Map<string, { accountId: string; region: string }>();
  for (const r of [...inventory.connections, ...inventory.clientVpnEndpoints])
    scopes.set(`${r.accountId}/${r.region}`, r);
  const infos: LogGroupInfo[] = [];
  for (const { accountId, region } of scopes.values()) {
    const name = planOptions.logGroupName ?? defaultLogGroupName(region);
    const live = await apiFor(accountId, region).describeLogGroup(name);
    infos.push({
      accountId,
      region,
      logGroupName: name,
      exists: live.exists,
      arn: live.arn,
      retentionInDays: live.retentionInDays,
    });
  }
  return infos;
}

export async function executeFix(options: FixCliOptions, settings: FixSettings, io: FixIo): Promise<number> {
  const say = (line: string): void => {
    if (!options.quiet) io.stderr.write(`vpnguard fix: ${line}\n`);
  };
  const resuming = options.resume !== undefined && options.resume !== false;
  let state: JournalState | undefined;
  let journalPath: string | undefined;
  if (resuming) {
    journalPath =
      typeof options.resume === 'string'
        ? options.resume
        : (options.journal ?? findResumableJournal(io.journalDir));
    if (!journalPath)
      throw new UsageError(
        `--resume: no unfinished journal in ${io.journalDir ?? '.vpnguard'}; name one: --resume FILE`,
      );
    try {
      state = journalState(readJournal(journalPath));
    } catch (err) {
      throw new UsageError(`--resume ${journalPath}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (state.ended && state.ended.outcome !== 'interrupted') {
      say(
        `journal ${journalPath} already ended (${state.ended.outcome}); nothing to resume. Run fix again to plan from live state.`,
      );
      return EXIT.ok;
    }
  }
  const stored = (state?.run.settings.scope ?? {}) as StoredScope;
  const scopeRequest = {
    profile: options.profile ?? stored.profile,
    regions: options.region ?? stored.region,
    org: options.org || stored.org === true,
    role: options.role ?? stored.role,
    accountsFile: options.accounts ?? stored.accounts,
  };
  const endpointUrl = options.endpointUrl ?? stored.endpointUrl;
  if (scopeRequest.profile !== undefined && io.credentials !== undefined)
    throw new UsageError('--profile cannot be combined with explicit credentials');
  const credentials = io.credentials ?? defaultCredentials(scopeRequest.profile);
  const homeRegion = io.homeRegion ?? (await resolveHomeRegion(scopeRequest.profile));
  const trace =
    process.env.VPNGUARD_DEBUG === '1' ? (line: string) => io.stderr.write(`vpnguard: ${line}\n`) : undefined;
  const readClients = createClientFactory({ endpointUrl, readOnly: true, maxSockets: 32, trace });
  const writeClients = createClientFactory({ endpointUrl, readOnly: false, maxSockets: 64, trace });
  const logsClients: CloudWatchLogsClient[] = [];
  try {
    const scope = await planScope(scopeRequest, { clients: readClients, credentials, homeRegion });
    const accountCredentials = credentialsFor(scope, writeClients);
    const apis = new Map<string, RemediationApi>();
    const apiFor = (accountId: string, region: string): RemediationApi => {
      const key = `${accountId}/${region}`;
      let api = apis.get(key);
      if (!api) {
        const target = { accountId, region, credentials: accountCredentials(accountId) };
        const logs = instrument(
          new CloudWatchLogsClient({
            region,
            credentials: target.credentials,
            maxAttempts: 8,
            ...(endpointUrl === undefined ? {} : { endpoint: endpointUrl }),
          }),
          { service: 'logs', accountId, region, readOnly: false, trace },
        );
        logsClients.push(logs);
        api = sdkRemediationApi({ ec2: writeClients.ec2(target), logs });
        apis.set(key, api);
      }
      return api;
    };

    let plan: Plan;
    let incomplete = false;
    if (state) {
      plan = state.run.plan;
      say(
        `resuming ${journalPath} (run ${state.run.runId}): ${[...state.steps.values()].filter((s) => s.phase === 'done').length} step(s) already done`,
      );
    } else {
      const scan = await runScan(scope, { clients: readClients, now: io.now, toolVersion: toolVersion() });
      incomplete = !scan.coverage.complete;
      for (const gap of scan.coverage.gaps)
        say(`not seen: ${gap.accountId}${gap.region ? `/${gap.region}` : ''}: ${gap.message}`);
      const logGroups = await readLogGroups(scan.inventory, settings.planOptions, apiFor);
      plan = makePlan(
        { inventory: scan.inventory, logGroups, diagnoses: diagnoseForPlan(scan.inventory, io.now()) },
        settings.planOptions,
      );
      if (options.output === 'json' && !options.apply)
        io.stdout.write(`${JSON.stringify({ plan }, null, 2)}\n`);
      else if (options.output === 'text') io.stdout.write(formatPlan(plan));
      if (!options.apply) {
        if (runnableSteps(plan) > 0)
          say('this is a plan; nothing was changed. Apply it with --apply (asks on a terminal, or --yes).');
        return incomplete ? EXIT.incomplete : EXIT.ok;
      }
      if (runnableSteps(plan) === 0) {
        if (options.output === 'json')
          io.stdout.write(`${JSON.stringify({ plan, result: null }, null, 2)}\n`);
        say('nothing to apply.');
        return incomplete ? EXIT.incomplete : EXIT.ok;
      }
      if (!options.yes) {
        if (io.stdin.isTTY !== true) {
          throw new UsageError(
            'refusing to apply without confirmation: stdin is not a terminal; review the plan and pass --yes',
          );
        }
        const n = plan.summary.tunnelChanges - plan.summary.blockedSteps;
        const question = `Apply ${n} tunnel change(s) (one tunnel at a time), ${plan.summary.endpoints} Client VPN logging change(s), create ${plan.logGroups.length} log group(s)? Type yes to continue: `;
        if (!(await confirm(io, question))) {
          say('not applied.');
          return EXIT.ok;
        }
      }
    }

    const runId = state?.run.runId ?? newRunId(io.now());
    journalPath ??= options.journal ?? defaultJournalPath(runId, io.journalDir);
    const unlock = lockJournal(journalPath);
    const journal = new FileJournal(journalPath);
    let result: ApplyResult;
    try {
      if (state) journal.append({ type: 'resume', at: io.now().toISOString(), pid: process.pid });
      else {
        const storedScope: StoredScope = {
          profile: scopeRequest.profile,
          region: scopeRequest.regions,
          endpointUrl,
          org: scopeRequest.org,
          role: scopeRequest.role,
          accounts: scopeRequest.accountsFile,
        };
        journal.append({
          type: 'run',
          v: 1,
          runId,
          at: io.now().toISOString(),
          plan,
          settings: { scope: storedScope, executor: settings.executor, tool: toolVersion() },
        });
      }
      say(`journal ${journalPath} (resume an interrupted run with: vpnguard fix --resume ${journalPath})`);
      const sleep =
        io.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, signal ? { signal } : {}));
      result = await applyPlan(
        plan,
        {
          apiFor,
          clock: { now: () => Date.now() },
          sleep: (ms) => sleep(ms, io.signal),
          journal,
          progress: say,
          ...(io.signal ? { signal: io.signal } : {}),
        },
        state
          ? {
              ...settings.executor,
              ...(state.run.settings.executor as Partial<ExecutorSettings>),
              ...settings.explicit,
            }
          : settings.executor,
        state?.steps,
      );
      const stopped = result.targets.some((t) => t.outcome === 'stopped' || t.outcome === 'blocked');
      journal.append({
        type: 'end',
        at: io.now().toISOString(),
        outcome: result.interrupted ? 'interrupted' : stopped ? 'stopped' : 'completed',
      });
    } finally {
      journal.close();
      unlock();
    }
    if (options.output === 'json')
      io.stdout.write(`${JSON.stringify({ plan, result, journal: journalPath }, null, 2)}\n`);
    else io.stdout.write(formatResult(result, journalPath));
    if (result.interrupted) return EXIT_INTERRUPTED;
    if (incomplete) return EXIT.incomplete;
    return result.completed ? EXIT.ok : EXIT.findings;
  } finally {
    readClients.destroy();
    writeClients.destroy();
    for (const c of logsClients) c.destroy();
  }
}

export function register(program: Command): void {
  const command = program
    .command('fix')
    .description(
      'plan (default) or apply the fixes for EC2.183, EC2.171 and EC2.51, one tunnel at a time, never both tunnels of a connection',
    )
    .addHelpText(
      'after',
      [
        '',
        'Safety: a tunnel is changed only while its connection is available and its twin is UP (read live just',
        'before the call); the fix waits for it to come back UP before touching the twin; if it does not come back,',
        'the connection stops there and IKE versions / startup action are rolled back. See docs/fix.md.',
        '',
        'Exit codes: 0 done (or plan printed), 1 some connection stopped or blocked, 2 scan incomplete,',
        '3 usage (also: --apply on a non-terminal without --yes), 4 credentials, 5 internal, 130 interrupted (resumable).',
      ].join('\n'),
    );
  addScopeOptions(command);
  command
    .option('--apply', 'apply the plan (asks on a terminal; --yes to skip the question)')
    .option('-y, --yes', 'apply without asking (needed when stdin is not a terminal)')
    .option(
      '--resume [journal]',
      'continue an interrupted apply from its journal (default: the newest unfinished one in .vpnguard/)',
    )
    .option('--journal <file>', 'journal file (default: .vpnguard/journal-<run id>.jsonl)')
    .addOption(
      new Option(
        '--only <control>',
        'fix only these controls: EC2.183, EC2.171, EC2.51, EC2.20 (repeatable, comma-separated)',
      ).argParser(collectList),
    )
    .addOption(
      new Option(
        '--connection <id>',
        'only these VPN connections / Client VPN endpoints (repeatable, comma-separated)',
      ).argParser(collectList),
    )
    .addOption(
      new Option(
        '--confirm-ikev2 <ids>',
        "'all', or connection / customer gateway ids whose gateway you confirmed speaks IKEv2",
      ).argParser(collectList),
    )
    .option(
      '--log-group <name>',
      'log group for tunnel and Client VPN logs (default: /aws/vendedlogs/vpn/<region>, created if missing)',
    )
    .option(
      '--log-retention-days <n>',
      `retention of a log group the fix creates (default: ${DEFAULT_RETENTION_DAYS})`,
    )
    .option('--wait-timeout <duration>', 'bound of each wait for a tunnel to come back (default: 15m)')
    .option('--poll-interval <duration>', 'how often the connection is read while waiting (default: 15s)')
    .option(
      '--concurrency <n>',
      `connections worked on in parallel (default: ${DEFAULT_EXECUTOR_SETTINGS.concurrency})`,
    )
    .addOption(new Option('--output <format>', 'stdout format').choices(['text', 'json']))
    .option('-q, --quiet', 'no progress on stderr');
  command.action(async (raw: Record<string, unknown>) => {
    const { options, settings } = parseFixOptions(raw);
    const controller = new AbortController();
    // Every wait in flight listens for the interrupt (one per connection worked on).
    setMaxListeners(0, controller.signal);
    let interrupts = 0;
    const onSigint = () => {
      interrupts++;
      if (interrupts > 1) process.exit(EXIT_INTERRUPTED);
      process.stderr.write(
        'vpnguard fix: stopping: no new change will be started (Ctrl-C again to quit now; the journal is resumable)\n',
      );
      controller.abort();
    };
    process.on('SIGINT', onSigint);
    try {
      process.exitCode = await executeFix(options, settings, {
        stdout: process.stdout,
        stderr: process.stderr,
        stdin: process.stdin,
        now: () => new Date(),
        signal: controller.signal,
      });
    } finally {
      process.off('SIGINT', onSigint);
      // stdin may have been opened for the question; do not keep the process alive for it
      process.stdin.pause();
    }
  });

  policyCommand(program)
    .command('fix')
    .description(
      'IAM policy for `vpnguard fix` (modify tunnels and Client VPN logging, log groups, log delivery)',
    )
    .option('--org', 'add organizations:ListAccounts and sts:AssumeRole (run with --org / --accounts)', false)
    .action((opts: { org: boolean }) => {
      process.stdout.write(`${JSON.stringify(fixPolicy({ organization: opts.org }), null, 2)}\n`);
    });
}
