// What `vpnguard scan` does with a result besides printing it: --framework, --suppressions and --baseline
// (pure transforms from src/report, files read here), --output-file (format from the extension),
// --write-baseline and --export securityhub. Problems with a file the user gave are one UsageError line.
import { open, readFile, writeFile } from 'node:fs/promises';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { ClientFactory } from '../aws/clients.js';
import { assumeRole } from '../aws/accounts.js';
import { instrument } from '../aws/middleware.js';
import { exportReport, exportToSecurityHub, type ExportOutcome } from '../export/securityhub.js';
import type { ScanSource } from '../model/types.js';
import { toAsffFindings } from '../report/asff.js';
import { applyBaseline, BaselineFileError, formatBaseline, parseBaseline } from '../report/baseline.js';
import { isActionable } from '../report/finding-info.js';
import { applyFramework, frameworkIds, resolveFramework } from '../report/framework-view.js';
import { applySuppressions, parseSuppressions, SuppressionFileError } from '../report/suppressions.js';
import { resultOf } from '../scan/findings.js';
import { scanExitCode, type FailOn } from '../scan/outcome.js';
import { writeReport } from '../scan/output.js';
import type { ScopePlan } from '../scan/scope.js';
import { EXIT, UsageError } from './exit-codes.js';

/** Longest suffix first: .asff.json and .ocsf.json before .json. */
export const FILE_EXTENSIONS: readonly [string, string][] = [
  ['.asff.json', 'asff'],
  ['.ocsf.json', 'ocsf'],
  ['.sarif.json', 'sarif'],
  ['.sarif', 'sarif'],
  ['.ndjson', 'ndjson'],
  ['.jsonl', 'ndjson'],
  ['.json', 'json'],
  ['.md', 'markdown'],
  ['.markdown', 'markdown'],
  ['.html', 'html'],
  ['.htm', 'html'],
  ['.csv', 'csv'],
  ['.txt', 'table'],
];

export function formatForFile(file: string): string {
  const lower = file.toLowerCase();
  const match = FILE_EXTENSIONS.find(([extension]) => lower.endsWith(extension));
  if (!match) {
    throw new UsageError(
      `--output-file ${file}: cannot tell the format from the extension (use one of ${FILE_EXTENSIONS.map(([e]) => e).join(', ')})`,
    );
  }
  return match[1];
}

export interface ReportOptions {
  framework?: string | undefined;
  suppressions?: string | undefined;
  baseline?: string | undefined;
}

/** Checks what can be checked before any AWS call: the framework id and the output file extensions. */
export function validateReportOptions(options: ReportOptions & { outputFile?: string[] | undefined }): void {
  if (options.framework !== undefined && resolveFramework(options.framework) === undefined) {
    throw new UsageError(`--framework ${options.framework}: unknown framework (choose one of: ${frameworkIds.join(', ')})`);
  }
  for (const file of options.outputFile ?? []) formatForFile(file);
}

async function readUserFile(flag: string, file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'error';
    throw new UsageError(`${flag} ${file}: cannot read the file (${code})`);
  }
}

/**
 * The result every format sees: filtered by --framework, muted by --suppressions, marked by --baseline. These
 * work on every finding at once, so they take the findings into memory; without them the source is unchanged.
 */
export async function prepareResult(
  source: ScanSource,
  options: ReportOptions,
  warn: (line: string) => void,
): Promise<ScanSource> {
  if (options.framework === undefined && options.suppressions === undefined && options.baseline === undefined) return source;
  const result = resultOf(source);
  let prepared = result;
  if (options.framework !== undefined) prepared = applyFramework(prepared, resolveFramework(options.framework)!);
  if (options.suppressions !== undefined) {
    const text = await readUserFile('--suppressions', options.suppressions);
    let rules;
    try {
      rules = parseSuppressions(text, options.suppressions);
    } catch (error) {
      if (error instanceof SuppressionFileError) throw new UsageError(error.message);
      throw error;
    }
    const applied = applySuppressions(prepared, rules, options.suppressions, new Date(result.finishedAt));
    for (const line of applied.warnings) warn(`vpnguard: ${line}`);
    prepared = applied.result;
  }
  if (options.baseline !== undefined) {
    const text = await readUserFile('--baseline', options.baseline);
    try {
      prepared = applyBaseline(prepared, parseBaseline(text, options.baseline));
    } catch (error) {
      if (error instanceof BaselineFileError) throw new UsageError(error.message);
      throw error;
    }
  }
  return prepared;
}

export async function writeOutputFiles(source: ScanSource, files: readonly string[]): Promise<void> {
  for (const file of files) {
    const handle = await open(file, 'w');
    try {
      await writeReport(source, formatForFile(file), (text) => handle.write(text), { color: false });
    } finally {
      await handle.close();
    }
  }
}

export async function writeBaselineFile(source: ScanSource, file: string): Promise<void> {
  await writeFile(file, formatBaseline(resultOf(source)));
}

/** Sends the ASFF findings with each scanned account's own credentials (AssumeRole for members). */
export async function exportSecurityHub(
  source: ScanSource,
  scope: ScopePlan,
  clients: ClientFactory,
  endpointUrl: string | undefined,
): Promise<ExportOutcome> {
  const credentials = new Map<string, Promise<ScopePlan['baseCredentials']>>();
  const made: SecurityHubClient[] = [];
  const credentialsFor = (accountId: string): Promise<ScopePlan['baseCredentials']> | undefined => {
    const plan = scope.accounts.find((a) => a.accountId === accountId);
    if (!plan) return undefined;
    let pending = credentials.get(accountId);
    if (!pending) {
      pending =
        plan.roleArn === undefined
          ? Promise.resolve(scope.baseCredentials)
          : assumeRole(clients.sts({ accountId, region: scope.homeRegion, credentials: scope.baseCredentials }), plan.roleArn);
      credentials.set(accountId, pending);
    }
    return pending;
  };
  try {
    return await exportToSecurityHub(toAsffFindings(resultOf(source)), async (accountId, region) => {
      const pending = credentialsFor(accountId);
      if (pending === undefined) return undefined;
      const client = instrument(
        new SecurityHubClient({ region, credentials: await pending, maxAttempts: 5, ...(endpointUrl === undefined ? {} : { endpoint: endpointUrl }) }),
        { service: 'securityhub', accountId, region, readOnly: false },
      );
      made.push(client);
      return client;
    });
  } finally {
    for (const client of made) client.destroy();
  }
}

export { exportReport };

/**
 * The scan's exit code once suppressions and the baseline are applied: only findings that are neither muted
 * nor in the baseline count. A failed export means the findings did not all reach their destination: the run
 * is incomplete (2), which wins over findings (1).
 */
export function reportExitCode(source: ScanSource, failOn: FailOn, exportFailed: boolean): number {
  const actionable = { *[Symbol.iterator]() { for (const f of source.findings) if (isActionable(f)) yield f; } };
  const code = scanExitCode({ coverage: source.coverage, findings: actionable }, failOn);
  return exportFailed && code < EXIT.incomplete ? EXIT.incomplete : code;
}
