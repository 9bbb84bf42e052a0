// `vpnguard alarms`: plan (default) or apply (--apply) one CloudWatch alarm on AWS/VPN TunnelState per tunnel
// of every available connection in scope, notifying an SNS topic; remove the alarms vpnguard made for
// connections or tunnels that are gone. `vpnguard policy alarms` prints the IAM policy it needs.
// Options are declared once (flag, help, zod schema); executeAlarms receives its streams, clock and credentials.
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SNSClient } from '@aws-sdk/client-sns';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { isCredentialsError } from '../aws/accounts.js';
import {
  createClientFactory,
  defaultCredentials,
  resolveHomeRegion,
  type Credentials,
} from '../aws/clients.js';
import { instrument } from '../aws/middleware.js';
import { sdkAlarmsApi, type AlarmsApi } from '../alarms/api.js';
import { applyAlarmPlan, type AlarmApplyResult } from '../alarms/apply.js';
import { formatAlarmPlan, formatAlarmResult } from '../alarms/format.js';
import { alarmsPolicy } from '../alarms/permissions.js';
import { hasChanges, planAlarms } from '../alarms/plan.js';
import {
  ALARM_NAME_PREFIX,
  type AlarmPlan,
  type AlarmSettings,
  type ExistingAlarm,
} from '../alarms/types.js';
import { ALARM_DEFAULTS } from '../guardrails/alarm-defaults.js';
import type { CoverageGap, Scope } from '../model/types.js';
import { gapFromError } from '../scan/gaps.js';
import { runScan } from '../scan/run.js';
import { credentialsFor, planScope, scopeRequestFromFlags } from '../scan/scope.js';
import { toolVersion } from '../scan/version.js';
import { confirm } from './confirm.js';
import { CredentialsError, EXIT, UsageError } from './exit-codes.js';
import { policyCommand } from './policy.js';
import { addScopeOptions, scanOptionDefs } from './scan.js';

/** AWS caps Period x EvaluationPeriods at 7 days. */
const MAX_EVALUATION_SECONDS = 7 * 86_400;
const TOPIC_ARN = /^arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;

const whole = (flag: string) =>
  z.coerce.number({ error: `${flag}: must be a number` }).int(`${flag}: must be a whole number`);

const alarmsOptionsSchema = z
  .object({
    profile: scanOptionDefs.profile.schema,
    region: scanOptionDefs.region.schema,
    endpointUrl: scanOptionDefs.endpointUrl.schema,
    org: scanOptionDefs.org.schema,
    role: scanOptionDefs.role.schema,
    accounts: scanOptionDefs.accounts.schema,
    apply: z.boolean().default(false),
    yes: z.boolean().default(false),
    topicArn: z.string().regex(TOPIC_ARN, '--topic-arn: expected arn:aws:sns:REGION:ACCOUNT:NAME').optional(),
    topicName: z.string().regex(TOPIC_NAME, '--topic-name: 1-256 letters, digits, - and _').optional(),
    period: whole('--period')
      .min(
        300,
        '--period: at least 300: AWS/VPN publishes TunnelState every 5 minutes, shorter periods see gaps that count as DOWN',
      )
      .refine((v) => v % 60 === 0, '--period: must be a multiple of 60')
      .default(ALARM_DEFAULTS.periodSeconds),
    evaluationPeriods: whole('--evaluation-periods')
      .min(1, '--evaluation-periods: at least 1')
      .default(ALARM_DEFAULTS.evaluationPeriods),
    datapointsToAlarm: whole('--datapoints-to-alarm').min(1, '--datapoints-to-alarm: at least 1').optional(),
    notifyOk: z.boolean().default(false),
    output: z.enum(['table', 'json']).default('table'),
    quiet: z.boolean().default(false),
  })
  .superRefine((o, ctx) => {
    if ((o.topicArn === undefined) === (o.topicName === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'give exactly one of --topic-arn ARN (an existing SNS topic) or --topic-name NAME (created in each account-region)',
      });
    }
    if (o.datapointsToAlarm !== undefined && o.datapointsToAlarm > o.evaluationPeriods) {
      ctx.addIssue({
        code: 'custom',
        message: `--datapoints-to-alarm: at most --evaluation-periods (${o.evaluationPeriods})`,
      });
    }
    if (o.period * o.evaluationPeriods > MAX_EVALUATION_SECONDS) {
      ctx.addIssue({
        code: 'custom',
        message: '--period x --evaluation-periods: CloudWatch evaluates at most 7 days',
      });
    }
  });
export type AlarmsCliOptions = z.output<typeof alarmsOptionsSchema>;

/** Validates option values; every problem is one UsageError line naming the flag. */
export function parseAlarmsOptions(raw: Record<string, unknown>): {
  options: AlarmsCliOptions;
  settings: AlarmSettings;
} {
  const parsed = alarmsOptionsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue?.path[0] ?? '');
    const message = issue?.message ?? 'invalid value';
    throw new UsageError(
      message.startsWith('--') || key === ''
        ? message
        : `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${message}`,
    );
  }
  const options = parsed.data;
  const settings: AlarmSettings = {
    periodSeconds: options.period,
    evaluationPeriods: options.evaluationPeriods,
    datapointsToAlarm: options.datapointsToAlarm ?? options.evaluationPeriods,
    notifyOk: options.notifyOk,
    topic:
      options.topicArn !== undefined
        ? { kind: 'arn', arn: options.topicArn }
        : { kind: 'name', name: options.topicName! },
  };
  return { options, settings };
}

interface Out {
  write(chunk: string): boolean;
}

export interface AlarmsIo {
  stdout: Out;
  stderr: Out;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  now: () => Date;
  credentials?: Credentials;
  homeRegion?: string;
}

const key = (s: Scope): string => `${s.accountId}/${s.region}`;

export async function executeAlarms(
  options: AlarmsCliOptions,
  settings: AlarmSettings,
  io: AlarmsIo,
): Promise<number> {
  const say = (line: string): void => {
    if (!options.quiet) io.stderr.write(`vpnguard alarms: ${line}\n`);
  };
  if (options.profile !== undefined && io.credentials !== undefined)
    throw new UsageError('--profile cannot be combined with explicit credentials');
  const credentials = io.credentials ?? defaultCredentials(options.profile);
  const homeRegion = io.homeRegion ?? (await resolveHomeRegion(options.profile));
  const trace =
    process.env.VPNGUARD_DEBUG === '1' ? (line: string) => io.stderr.write(`vpnguard: ${line}\n`) : undefined;
  const readClients = createClientFactory({
    endpointUrl: options.endpointUrl,
    readOnly: true,
    maxSockets: 32,
    trace,
  });
  const sdkClients: { destroy(): void }[] = [];
  try {
    const scope = await planScope(scopeRequestFromFlags(options), {
      clients: readClients,
      credentials,
      homeRegion,
    });
    const accountCredentials = credentialsFor(scope, readClients);
    const apis = new Map<string, AlarmsApi>();
    const apiFor =
      (readOnly: boolean) =>
      (accountId: string, region: string): AlarmsApi => {
        const id = `${readOnly ? 'r' : 'w'}/${accountId}/${region}`;
        let api = apis.get(id);
        if (!api) {
          const common = {
            region,
            credentials: accountCredentials(accountId),
            maxAttempts: 8,
            ...(options.endpointUrl === undefined ? {} : { endpoint: options.endpointUrl }),
          };
          const cloudwatch = instrument(new CloudWatchClient(common), {
            service: 'cloudwatch',
            accountId,
            region,
            readOnly,
            trace,
          });
          const sns = instrument(new SNSClient(common), {
            service: 'sns',
            accountId,
            region,
            readOnly,
            trace,
          });
          sdkClients.push(cloudwatch, sns);
          api = sdkAlarmsApi({ accountId, region }, { cloudwatch, sns });
          apis.set(id, api);
        }
        return api;
      };
    const readApi = apiFor(true);

    const scan = await runScan(scope, { clients: readClients, now: io.now, toolVersion: toolVersion() });
    const gaps: CoverageGap[] = [...scan.coverage.gaps];
    const existing: ExistingAlarm[] = [];
    const readScopes: Scope[] = [];
    for (const where of scan.coverage.scanned) {
      try {
        existing.push(...(await readApi(where.accountId, where.region).readAlarms(ALARM_NAME_PREFIX)));
        readScopes.push(where);
      } catch (error) {
        if (isCredentialsError(error))
          throw new CredentialsError(
            `cannot read alarms in ${key(where)}: ${error instanceof Error ? error.message : String(error)}`,
          );
        gaps.push(gapFromError(error, where.accountId, where.region, 'cloudwatch:DescribeAlarms'));
      }
    }
    for (const gap of gaps)
      say(`not seen, so not changed: ${gap.accountId}${gap.region ? `/${gap.region}` : ''}: ${gap.message}`);
    const incomplete = gaps.length > 0;

    if (settings.topic.kind === 'arn') {
      const [, , , topicRegion, topicAccount] = settings.topic.arn.split(':') as [
        string,
        string,
        string,
        string,
        string,
      ];
      if (scope.accounts.some((a) => a.accountId === topicAccount)) {
        if (!(await readApi(topicAccount, topicRegion).topicExists(settings.topic.arn))) {
          throw new UsageError(
            `--topic-arn: ${settings.topic.arn} does not exist: create it first, or pass --topic-name NAME`,
          );
        }
      } else {
        say(
          `--topic-arn: ${settings.topic.arn} is in an account outside the scope and was not checked; its topic policy must allow cloudwatch.amazonaws.com to publish`,
        );
      }
    }

    const plan: AlarmPlan = planAlarms(scan.inventory, existing, {
      settings,
      partition: scope.caller.partition,
      scopes: readScopes,
    });
    const writePlan = () => {
      if (options.output === 'json') io.stdout.write(`${JSON.stringify({ plan, result: null }, null, 2)}\n`);
      else io.stdout.write(formatAlarmPlan(plan));
    };
    if (!options.apply) {
      writePlan();
      if (hasChanges(plan))
        say('this is a plan; nothing was changed. Apply it with --apply (asks on a terminal, or --yes).');
      return incomplete ? EXIT.incomplete : EXIT.ok;
    }
    if (!hasChanges(plan)) {
      writePlan();
      say('nothing to apply: every alarm is as planned.');
      return incomplete ? EXIT.incomplete : plan.blocked.length > 0 ? EXIT.findings : EXIT.ok;
    }
    if (options.output === 'table') writePlan();
    if (!options.yes) {
      if (io.stdin.isTTY !== true) {
        throw new UsageError(
          'refusing to apply without confirmation: stdin is not a terminal; review the plan and pass --yes',
        );
      }
      const s = plan.summary;
      if (
        !(await confirm(
          io,
          `Create ${s.create}, update ${s.update} and delete ${s.delete} alarm(s)? Type yes to continue: `,
        ))
      ) {
        say('not applied.');
        return EXIT.ok;
      }
    }
    const result: AlarmApplyResult = await applyAlarmPlan(plan, {
      apiFor: apiFor(false),
      progress: options.quiet ? undefined : say,
    });
    if (options.output === 'json') io.stdout.write(`${JSON.stringify({ plan, result }, null, 2)}\n`);
    else io.stdout.write(formatAlarmResult(result));
    if (incomplete) return EXIT.incomplete;
    return result.failed > 0 || plan.blocked.length > 0 ? EXIT.findings : EXIT.ok;
  } finally {
    readClients.destroy();
    for (const client of sdkClients) client.destroy();
  }
}

export function register(program: Command): void {
  const command = program
    .command('alarms')
    .description(
      'plan (default) or apply one CloudWatch alarm on AWS/VPN TunnelState per tunnel of every available VPN connection',
    )
    .addHelpText(
      'after',
      [
        '',
        `Defaults: --period ${ALARM_DEFAULTS.periodSeconds} (AWS/VPN publishes every 5 minutes), --evaluation-periods ${ALARM_DEFAULTS.evaluationPeriods}`,
        '(15 minutes: a tunnel endpoint replacement does not page, a real drop pages well within the hour),',
        '--datapoints-to-alarm = --evaluation-periods. Statistic Minimum < 1, missing data breaching. See docs/alarms.md.',
        '',
        'Only alarms tagged managed-by=vpnguard are ever updated or deleted.',
        '',
        'Exit codes: 0 done (or plan printed), 1 an action failed or an alarm is blocked by a same-named user alarm,',
        '2 scan incomplete (nothing changed where it was incomplete), 3 usage (also: --apply on a non-terminal',
        'without --yes), 4 credentials, 5 internal.',
      ].join('\n'),
    );
  addScopeOptions(command);
  command
    .option('--topic-arn <arn>', "SNS topic the alarms notify (must exist, in the alarms' region)")
    .option(
      '--topic-name <name>',
      'SNS topic the alarms notify, created in each account-region that gets alarms (CreateTopic is idempotent)',
    )
    .option(
      '--period <seconds>',
      `alarm period (default: ${ALARM_DEFAULTS.periodSeconds}; at least 300, a multiple of 60)`,
    )
    .option('--evaluation-periods <n>', `periods evaluated (default: ${ALARM_DEFAULTS.evaluationPeriods})`)
    .option('--datapoints-to-alarm <n>', 'DOWN periods among them that page (default: all of them)')
    .option('--notify-ok', 'also notify the topic when the tunnel recovers (OKActions)')
    .option('--apply', 'apply the plan (asks on a terminal; --yes to skip the question)')
    .option('-y, --yes', 'apply without asking (needed when stdin is not a terminal)')
    .addOption(new Option('--output <format>', 'stdout format').choices(['table', 'json']))
    .option('-q, --quiet', 'no progress on stderr');
  command.action(async (raw: Record<string, unknown>) => {
    const { options, settings } = parseAlarmsOptions(raw);
    try {
      process.exitCode = await executeAlarms(options, settings, {
        stdout: process.stdout,
        stderr: process.stderr,
        stdin: process.stdin,
        now: () => new Date(),
      });
    } finally {
      process.stdin.pause();
    }
  });

  policyCommand(program)
    .command('alarms')
    .description(
      'IAM policy for `vpnguard alarms` (read alarms and topics; with --apply, put/tag/delete vpnguard alarms and CreateTopic)',
    )
    .option('--apply', 'include the permissions --apply needs', false)
    .action((opts: { apply: boolean }) => {
      process.stdout.write(`${JSON.stringify(alarmsPolicy({ apply: opts.apply }), null, 2)}\n`);
    });
}
