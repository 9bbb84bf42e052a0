// `vpnguard lab`: runs the local AWS lab on 127.0.0.1 until SIGINT/SIGTERM. stdout gets shell-ready lines
// (the endpoint and the first account's keys, then one comment line per other account) so a user can paste
// them into another shell; stderr gets a short summary. The keys are the lab's own, never real AWS keys.
import type { Command } from 'commander';
import { startLab, type LabHandle, type StartLabOptions } from '../../lab/index.js';
import { ScenarioError } from '../../lab/scenarios/errors.js';
import { UsageError } from './exit-codes.js';

export interface LabCommandOptions {
  scenario: string;
  scenarioParams: Record<string, string>;
  port: number;
  replacementSeconds: number | undefined;
  latencyMs: number | undefined;
}

export interface RawLabOptions {
  scenario?: string;
  param?: string[];
  port?: string;
  replacementSeconds?: string;
  latencyMs?: string;
}

function integerIn(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got '${text}'`);
  }
  return value;
}

/** Pure: validated options from the raw flags; throws UsageError with one line. */
export function parseLabOptions(raw: RawLabOptions): LabCommandOptions {
  const scenario = (raw.scenario ?? 'empty').trim();
  if (scenario === '') throw new UsageError('--scenario needs a scenario name or a file path');
  const scenarioParams: Record<string, string> = {};
  for (const pair of raw.param ?? []) {
    const match = /^([A-Za-z][\w.-]*)=(.*)$/.exec(pair);
    if (!match) throw new UsageError(`--param expects key=value, got '${pair}'`);
    scenarioParams[match[1]!] = match[2]!;
  }
  let replacementSeconds: number | undefined;
  if (raw.replacementSeconds !== undefined) {
    replacementSeconds = Number(raw.replacementSeconds);
    if (
      raw.replacementSeconds.trim() === '' ||
      !Number.isFinite(replacementSeconds) ||
      replacementSeconds < 0 ||
      replacementSeconds > 86_400
    ) {
      throw new UsageError(
        `--replacement-seconds must be a number of seconds from 0 to 86400, got '${raw.replacementSeconds}'`,
      );
    }
  }
  return {
    scenario,
    scenarioParams,
    port: raw.port === undefined ? 0 : integerIn('--port', raw.port, 0, 65_535),
    replacementSeconds,
    latencyMs: raw.latencyMs === undefined ? undefined : integerIn('--latency-ms', raw.latencyMs, 0, 600_000),
  };
}

function shellWord(value: string): string {
  return /^[\w+/=.:@-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Pure: the lines printed on stdout. The first account (the management one when there is one) is exported. */
export function exportLines(lab: Pick<LabHandle, 'endpoint' | 'accounts' | 'defaultRegion'>): string {
  const [first, ...others] = lab.accounts;
  if (!first) throw new Error('the lab has no accounts');
  const lines = [
    // A session token or profile left in the shell would be sent with the lab's keys and refused.
    'unset AWS_SESSION_TOKEN AWS_PROFILE',
    `export AWS_ENDPOINT_URL=${shellWord(lab.endpoint)}`,
    `export AWS_ACCESS_KEY_ID=${shellWord(first.accessKeyId)}`,
    `export AWS_SECRET_ACCESS_KEY=${shellWord(first.secretAccessKey)}`,
    `export AWS_REGION=${shellWord(lab.defaultRegion)}`,
    `export AWS_DEFAULT_REGION=${shellWord(lab.defaultRegion)}`,
    ...others.map(
      (account) =>
        `# account ${account.accountId} (${account.name}${account.management ? ', management' : ''}): ` +
        `AWS_ACCESS_KEY_ID=${shellWord(account.accessKeyId)} AWS_SECRET_ACCESS_KEY=${shellWord(account.secretAccessKey)}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** Pure: the stderr summary. */
export function labSummary(
  lab: Pick<LabHandle, 'endpoint' | 'accounts' | 'defaultRegion' | 'scenario'>,
): string {
  const first = lab.accounts[0];
  return (
    `vpnguard lab: scenario ${lab.scenario}, ${lab.accounts.length} account${lab.accounts.length === 1 ? '' : 's'}` +
    `${first ? ` (exported: ${first.accountId} ${first.name})` : ''}, default region ${lab.defaultRegion}\n` +
    `vpnguard lab: serving AWS APIs on ${lab.endpoint} (world API under ${lab.endpoint}/_lab/); Ctrl-C to stop\n`
  );
}

export interface LabIo {
  stdout: { write(chunk: string): boolean };
  stderr: { write(chunk: string): boolean };
  /** resolves when the lab should stop (SIGINT/SIGTERM in the real command) */
  untilStopped: () => Promise<void>;
}

export async function runLab(options: LabCommandOptions, io: LabIo): Promise<void> {
  const startOptions: StartLabOptions = {
    scenario: options.scenario,
    scenarioParams: options.scenarioParams,
    port: options.port,
    ...(options.replacementSeconds === undefined ? {} : { replacementSeconds: options.replacementSeconds }),
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
  };
  let lab: LabHandle;
  try {
    lab = await startLab(startOptions);
  } catch (error) {
    if (error instanceof ScenarioError) throw new UsageError(error.message);
    if ((error as { code?: unknown }).code === 'EADDRINUSE')
      throw new UsageError(`port ${options.port} on 127.0.0.1 is already in use`);
    throw error;
  }
  try {
    io.stdout.write(exportLines(lab));
    io.stderr.write(labSummary(lab));
    await io.untilStopped();
  } finally {
    await lab.stop();
  }
  io.stderr.write('vpnguard lab: stopped\n');
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function register(program: Command): void {
  program
    .command('lab')
    .description('run the local AWS VPN lab on 127.0.0.1 and print export lines for the SDK and the AWS CLI')
    .option(
      '--scenario <name|file>',
      'bundled scenario (seed-story, org, empty, large) or a scenario file',
      'empty',
    )
    .option(
      '--param <key=value>',
      'scenario parameter, repeatable (e.g. --param accounts=5 for large)',
      collect,
    )
    .option('--port <n>', 'port on 127.0.0.1 (0 = any free port)', '0')
    .option('--replacement-seconds <s>', 'seconds a tunnel endpoint replacement takes')
    .option('--latency-ms <ms>', 'delay added to every AWS response')
    .action(async (raw: RawLabOptions) => {
      await runLab(parseLabOptions(raw), {
        stdout: process.stdout,
        stderr: process.stderr,
        untilStopped: untilSignal,
      });
    });
}
