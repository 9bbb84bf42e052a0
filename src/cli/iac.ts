// `vpnguard iac PATH...`: lints Terraform (.tf, plan JSON) and CloudFormation for EC2.183, EC2.171,
// EC2.51 (and reports EC2.20 as runtime-only). Exit codes as scan: 0 clean, 1 findings at or above
// --fail-on, 2 undecidable at plan time (UNKNOWN), 3 usage, 5 internal.
import { Option } from 'commander';
import type { Command } from 'commander';
import { UsageError } from './exit-codes.js';
import type { ExitCode } from './exit-codes.js';
import { parseSeverity } from '../guardrails/controls.js';
import { evaluateIac } from '../guardrails/iac/evaluate.js';
import { findRepositoryRoot, loadIac } from '../guardrails/iac/load.js';
import { iacExitCode, renderJson, renderSarif, renderTable } from '../guardrails/iac/report.js';

const TOOL_VERSION = '0.1.0';

export interface IacOptions {
  output: 'table' | 'json' | 'sarif';
  failOn: string;
  root?: string;
  allowUnknown?: boolean;
}

export interface IacRun {
  stdout: string;
  exitCode: ExitCode;
}

/** Runs the linter over the paths; reads files but writes nothing. Throws UsageError. */
export function runIac(paths: string[], options: IacOptions, cwd: string = process.cwd()): IacRun {
  const failOn = parseSeverity(options.failOn);
  if (!failOn)
    throw new UsageError(`--fail-on ${options.failOn}: use informational, low, medium, high or critical`);
  const root = options.root ?? findRepositoryRoot(cwd);
  const { resources, files } = loadIac({ paths, root });
  const report = { files, findings: evaluateIac(resources) };
  const stdout =
    options.output === 'json'
      ? renderJson(report, TOOL_VERSION)
      : options.output === 'sarif'
        ? renderSarif(report, TOOL_VERSION)
        : renderTable(report);
  return { stdout, exitCode: iacExitCode(report.findings, failOn, options.allowUnknown === true) };
}

export function register(program: Command): void {
  program
    .command('iac')
    .description(
      'lint Terraform (.tf, terraform show -json) and CloudFormation (YAML/JSON) for the VPN controls at plan time',
    )
    .argument('<paths...>', 'files or directories')
    .addOption(
      new Option('--output <format>', 'output format').choices(['table', 'json', 'sarif']).default('table'),
    )
    .option('--fail-on <severity>', 'exit 1 on a FAIL at or above this severity', 'low')
    .option('--root <dir>', 'paths in reports are relative to it (default: the git repository root)')
    .option('--allow-unknown', 'exit 0 instead of 2 when settings are unknown at plan time')
    .action((paths: string[], options: IacOptions) => {
      const result = runIac(paths, options);
      process.stdout.write(result.stdout);
      process.exitCode = result.exitCode;
    });
}
