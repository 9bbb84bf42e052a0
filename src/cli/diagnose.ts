// `vpnguard diagnose [CONNECTION_ID...]`: explain every DOWN tunnel in scope (or the named connections) with
// ranked causes, the evidence each used, the next step and the command to run. Same scope flags as `scan`.
// Reads live telemetry through the scan's collector and, where tunnel logging is on, the tunnel log group with
// Logs FilterLogEvents over a bounded window (--log-window). Never changes AWS.
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { Option, type Command } from 'commander';
import pLimit from 'p-limit';
import { z } from 'zod';
import { assumeRole } from '../aws/accounts.js';
import {
  createClientFactory,
  defaultCredentials,
  resolveHomeRegion,
  type ClientFactory,
  type Credentials,
} from '../aws/clients.js';
import { instrument } from '../aws/middleware.js';
import { diagnoseConnection, hasDownTunnel } from '../diagnose/diagnose.js';
import {
  DEFAULT_LOG_PAGES,
  permissions as logPermissions,
  readTunnelLogs,
  type LogsApi,
} from '../diagnose/logs-reader.js';
import { rankDiagnoses } from '../diagnose/priority.js';
import { renderJson, renderText, type DiagnoseReport, type SkippedConnection } from '../diagnose/report.js';
import type { LogRead } from '../diagnose/types.js';
import type { SiteToSiteVpn } from '../model/types.js';
import { shouldUseColor } from '../report/escape.js';
import { terminalProgress } from '../scan/progress.js';
import { runScan } from '../scan/run.js';
import { planScope, scopeRequestFromFlags, type ScopePlan } from '../scan/scope.js';
import { toolVersion } from '../scan/version.js';
import { EXIT, UsageError } from './exit-codes.js';
import { policyCommand, scanPolicy, type PolicyDocument } from './policy.js';
import { scanOptionDefs } from './scan.js';
import { DEFAULT_ROLE } from '../aws/accounts.js';
import { collectList } from './list-option.js';

export const DIAGNOSE_OUTPUTS = ['text', 'json'] as const;

/** "24h", "90m", "7d", "3600s" -> seconds; undefined when not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)\s*(s|m|h|d)$/i.exec(text.trim());
  if (!match) return undefined;
  const unit = { s: 1, m: 60, h: 3600, d: 86_400 }[match[2]!.toLowerCase() as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

const MAX_LOG_WINDOW_SECONDS = 90 * 86_400;
const LOG_READ_CONCURRENCY = 4;

const { profile, region, endpointUrl, org, role, accounts, concurrency, quiet } = scanOptionDefs;

export const diagnoseOptionDefs = {
  profile,
  region,
  endpointUrl,
  org,
  role,
  accounts,
  concurrency,
  quiet,
  output: {
    flags: '--output <format>',
    description: 'output format on stdout',
    schema: z.enum(DIAGNOSE_OUTPUTS).default('text'),
    choices: DIAGNOSE_OUTPUTS,
  },
  logWindow: {
    flags: '--log-window <duration>',
    description: 'how far back to read tunnel logs, e.g. 24h, 90m, 7d (default: 24h, at most 90d)',
    schema: z
      .string()
      .default('24h')
      .transform((value, ctx) => {
        const seconds = parseDuration(value);
        if (seconds === undefined || seconds < 60 || seconds > MAX_LOG_WINDOW_SECONDS) {
          ctx.addIssue({
            code: 'custom',
            message: `'${value}' is not a duration between 1m and 90d (e.g. 24h, 90m, 7d)`,
          });
          return z.NEVER;
        }
        return seconds;
      }),
  },
  logs: {
    flags: '--no-logs',
    description: 'do not read tunnel logs (diagnose from telemetry and configuration only)',
    schema: z.boolean().default(true),
  },
};

type Defs = typeof diagnoseOptionDefs;
interface OptionDef {
  flags: string;
  description: string;
  schema: z.ZodType;
  repeatable?: boolean;
  choices?: readonly string[];
}

export const diagnoseOptionsSchema = z.object(
  Object.fromEntries(Object.entries(diagnoseOptionDefs).map(([key, def]) => [key, def.schema])) as {
    [K in keyof Defs]: Defs[K]['schema'];
  },
);
export type DiagnoseOptions = z.output<typeof diagnoseOptionsSchema>;

export function parseDiagnoseOptions(raw: Record<string, unknown>): DiagnoseOptions {
  const parsed = diagnoseOptionsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = String(issue?.path[0] ?? '');
  const def = (diagnoseOptionDefs as Record<string, OptionDef | undefined>)[key];
  const flag = def?.flags.split(/[ ,]+/).find((f) => f.startsWith('--')) ?? key;
  const choices = def?.choices ? ` (choose one of: ${def.choices.join(', ')})` : '';
  throw new UsageError(`${flag}: ${issue?.message ?? 'invalid value'}${choices}`);
}

export function parseConnectionIds(ids: readonly string[]): string[] {
  const out: string[] = [];
  for (const id of ids
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '')) {
    if (!/^vpn-[0-9a-f]{8,17}$/.test(id)) {
      throw new UsageError(`'${id}' is not a Site-to-Site VPN connection id (e.g. vpn-0a1b2c3d4e5f6a7b8)`);
    }
    if (!out.includes(id)) out.push(id);
  }
  return out;
}

interface Out {
  write(chunk: string): boolean;
}

export interface DiagnoseIo {
  stdout: Out & { isTTY?: boolean };
  stderr: Out & { isTTY?: boolean };
  now: () => Date;
  env?: Record<string, string | undefined>;
  credentials?: Credentials;
  homeRegion?: string;
}

export interface DiagnoseOutcome {
  report: DiagnoseReport;
  exitCode: number;
}

/** Which connections to diagnose: the named ones (with reasons for the others), or every one with a DOWN tunnel. */
export function selectConnections(
  connections: readonly SiteToSiteVpn[],
  ids: readonly string[],
): { selected: SiteToSiteVpn[]; skipped: SkippedConnection[] } {
  const diagnosable = (vpn: SiteToSiteVpn) => vpn.state === 'available' || vpn.state === 'modifying';
  if (ids.length === 0) {
    return { selected: connections.filter((c) => diagnosable(c) && hasDownTunnel(c)), skipped: [] };
  }
  const selected: SiteToSiteVpn[] = [];
  const skipped: SkippedConnection[] = [];
  for (const id of ids) {
    const matches = connections.filter((c) => c.vpnConnectionId === id);
    if (matches.length === 0) {
      skipped.push({
        vpnConnectionId: id,
        reason: 'not-found',
        detail: 'not found in the accounts and regions read',
      });
      continue;
    }
    for (const vpn of matches) {
      if (!diagnosable(vpn)) {
        skipped.push({
          vpnConnectionId: id,
          reason: 'not-available',
          detail: `connection is ${vpn.state}: its tunnels are not expected UP`,
        });
      } else if (!hasDownTunnel(vpn)) {
        const states = vpn.tunnels
          .map((t) => `${t.outsideIpAddress} ${t.telemetry?.status ?? 'no telemetry'}`)
          .join(', ');
        skipped.push({ vpnConnectionId: id, reason: 'no-down-tunnel', detail: `no DOWN tunnel (${states})` });
      } else {
        selected.push(vpn);
      }
    }
  }
  return { selected, skipped };
}

/**
 * Logs clients per (account, region), with the account's credentials (AssumeRole for members, as the scan).
 * FilterLogEvents is a read, but not a Describe/List/Get, so this client is not wrapped in the read-only guard;
 * it is only ever asked for FilterLogEvents.
 */
function logsClients(
  scope: ScopePlan,
  clients: ClientFactory,
  endpointUrl: string | undefined,
  trace: ((line: string) => void) | undefined,
) {
  const credentialsByAccount = new Map<string, Promise<Credentials | AwsCredentialIdentityProvider>>();
  const credentialsFor = (accountId: string) => {
    let pending = credentialsByAccount.get(accountId);
    if (!pending) {
      const plan = scope.accounts.find((a) => a.accountId === accountId);
      pending =
        plan?.roleArn === undefined
          ? Promise.resolve(scope.baseCredentials)
          : assumeRole(
              clients.sts({ accountId, region: scope.homeRegion, credentials: scope.baseCredentials }),
              plan.roleArn,
            );
      credentialsByAccount.set(accountId, pending);
    }
    return pending;
  };
  const made = new Map<string, CloudWatchLogsClient>();
  const clientFor = (
    accountId: string,
    region: string,
    credentials: Credentials | AwsCredentialIdentityProvider,
  ) => {
    const key = `${accountId}/${region}`;
    let client = made.get(key);
    if (!client) {
      client = instrument(
        new CloudWatchLogsClient({
          region,
          credentials,
          maxAttempts: 5,
          ...(endpointUrl === undefined ? {} : { endpoint: endpointUrl }),
        }),
        { service: 'logs', accountId, region, readOnly: false, trace },
      );
      made.set(key, client);
    }
    return client;
  };
  return {
    forAccount(accountId: string) {
      return (region: string): LogsApi => ({
        async filterLogEvents(input) {
          const client = clientFor(accountId, region, await credentialsFor(accountId));
          return client.send(new FilterLogEventsCommand(input));
        },
      });
    },
    destroy() {
      for (const client of made.values()) client.destroy();
    },
  };
}

export async function executeDiagnose(
  options: DiagnoseOptions,
  ids: readonly string[],
  io: DiagnoseIo,
): Promise<DiagnoseOutcome> {
  const wanted = parseConnectionIds(ids);
  if (options.profile !== undefined && io.credentials !== undefined)
    throw new UsageError('--profile cannot be combined with explicit credentials');
  const credentials = io.credentials ?? defaultCredentials(options.profile);
  const homeRegion = io.homeRegion ?? (await resolveHomeRegion(options.profile));
  const trace =
    process.env.VPNGUARD_DEBUG === '1' ? (line: string) => io.stderr.write(`vpnguard: ${line}\n`) : undefined;
  const clients = createClientFactory({
    endpointUrl: options.endpointUrl,
    readOnly: true,
    maxSockets: options.concurrency,
    trace,
  });
  try {
    const scope = await planScope(scopeRequestFromFlags(options), { clients, credentials, homeRegion });
    const scan = await runScan(scope, {
      clients,
      now: io.now,
      concurrency: options.concurrency,
      progress: terminalProgress(io.stderr, { quiet: options.quiet }),
      toolVersion: toolVersion(),
    });
    const { selected, skipped } = selectConnections(scan.inventory.connections, wanted);
    const logs = logsClients(scope, clients, options.endpointUrl, trace);
    try {
      // CloudWatch Logs allows few FilterLogEvents per second per account-region: read a few connections at a time.
      const limit = pLimit(Math.min(options.concurrency, LOG_READ_CONCURRENCY));
      const diagnoses = await Promise.all(
        selected.map((vpn) =>
          limit(async () => {
            const now = io.now().getTime();
            let reads: Record<string, LogRead> | undefined;
            if (options.logs) {
              reads = await readTunnelLogs(vpn, logs.forAccount(vpn.accountId), {
                now,
                windowMs: options.logWindow * 1000,
                maxPages: DEFAULT_LOG_PAGES,
              });
            } else {
              reads = Object.fromEntries(
                vpn.tunnels
                  .filter((t) => t.logging.enabled)
                  .map((t) => [
                    t.outsideIpAddress,
                    { state: 'not-read', reason: '--no-logs' } satisfies LogRead,
                  ]),
              );
            }
            return diagnoseConnection(vpn, { now, logs: reads });
          }),
        ),
      );
      const report: DiagnoseReport = {
        schemaVersion: '1.0',
        tool: { name: 'vpnguard', version: toolVersion() },
        generatedAt: io.now().toISOString(),
        logWindowSeconds: options.logs ? options.logWindow : null,
        scope: scan.scope,
        diagnoses: rankDiagnoses(diagnoses).map((d, i) => ({ ...d, rank: i + 1 })),
        skipped,
        coverage: scan.coverage,
      };
      const color = options.output === 'text' && shouldUseColor(io.env ?? process.env, io.stdout.isTTY);
      io.stdout.write(options.output === 'json' ? renderJson(report) : renderText(report, { color }));
      return { report, exitCode: diagnoseExitCode(report) };
    } finally {
      logs.destroy();
    }
  } finally {
    clients.destroy();
  }
}

/**
 * 2 incomplete scope (wins), 3 a named connection was not found in a complete scope, 1 at least one connection
 * has a DOWN tunnel (diagnosed), 0 nothing DOWN.
 */
export function diagnoseExitCode(report: Pick<DiagnoseReport, 'coverage' | 'diagnoses' | 'skipped'>): number {
  if (!report.coverage.complete) return EXIT.incomplete;
  if (report.skipped.some((s) => s.reason === 'not-found')) return EXIT.usage;
  return report.diagnoses.length > 0 ? EXIT.findings : EXIT.ok;
}

/** The scan's read-only policy plus FilterLogEvents on log groups (tunnel logs can live in any group). */
export function diagnosePolicy(options: { org: boolean; role: string }): PolicyDocument {
  const policy = scanPolicy(options);
  policy.Statement.push({
    Sid: 'VpnguardDiagnoseReadTunnelLogs',
    Effect: 'Allow',
    Action: [...logPermissions],
    Resource: 'arn:aws:logs:*:*:log-group:*',
  });
  return policy;
}

export function register(program: Command): void {
  const command = program
    .command('diagnose')
    .argument(
      '[connection-ids...]',
      'VPN connection ids (default: every connection with a DOWN tunnel in scope)',
    )
    .description(
      'explain every DOWN tunnel: ranked causes with confidence, the evidence used, the next step and the command to run',
    )
    .addHelpText(
      'after',
      '\nRanking: a tunnel DOWN while its twin is UP (redundancy lost silently) first, then connections with every tunnel DOWN; ' +
        'longest DOWN first. See docs/diagnose.md.\n' +
        'Exit codes: 0 nothing DOWN, 1 DOWN tunnels diagnosed, 2 incomplete scope (wins), 3 usage (or a named connection not found), ' +
        '4 credentials, 5 internal.',
    );
  for (const def of Object.values(diagnoseOptionDefs) as OptionDef[]) {
    const opt = new Option(def.flags, def.description);
    if (def.repeatable) opt.argParser(collectList);
    if (def.choices) opt.choices(def.choices);
    command.addOption(opt);
  }
  policyCommand(program)
    .command('diagnose')
    .description(
      'IAM policy for `vpnguard diagnose`: the scan policy plus logs:FilterLogEvents on tunnel log groups',
    )
    .option('--org', 'add organizations:ListAccounts and sts:AssumeRole on the member role', false)
    .option('--role <name>', 'member role name or ARN assumed with --org', DEFAULT_ROLE)
    .addHelpText(
      'after',
      '\nNarrow the log-group resource to your tunnel log groups (e.g. /aws/vendedlogs/vpn/*) if you can.',
    )
    .action((opts: { org: boolean; role: string }) => {
      process.stdout.write(`${JSON.stringify(diagnosePolicy(opts), null, 2)}\n`);
    });
  command.action(async (ids: string[], raw: Record<string, unknown>) => {
    const options = parseDiagnoseOptions(raw);
    const { exitCode } = await executeDiagnose(options, ids, {
      stdout: process.stdout,
      stderr: process.stderr,
      now: () => new Date(),
    });
    process.exitCode = exitCode;
  });
}
