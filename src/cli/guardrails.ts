// `vpnguard guardrails scp|terraform|cloudformation|config`: prints a guardrail on stdout and
// what it cannot do (caveats, unverified facts) on stderr, so stdout can be redirected to a file.
import { Option } from 'commander';
import type { Command } from 'commander';
import { buildScpGuardrail, renderScpJson, renderScpNotes, renderScpText } from '../guardrails/scp.js';
import { renderTerraform } from '../guardrails/terraform.js';
import {
  CFN_ALARM_CHOICE,
  CFN_REPLACEMENT_CAVEAT,
  renderCloudFormationJson,
  renderCloudFormationYaml,
} from '../guardrails/cloudformation.js';
import { conformancePackNotes, renderConformancePack } from '../guardrails/config-pack.js';
import { parseGeneratorOptions } from '../guardrails/options.js';
import { DEFAULT_LOG_RETENTION_DAYS, DEFAULT_NAME } from '../guardrails/options.js';

export interface GuardrailOutput {
  stdout: string;
  stderr: string;
}

export type GuardrailKind = 'scp' | 'terraform' | 'cloudformation' | 'config';

export interface GuardrailRequest {
  output?: string;
  name?: string;
  logRetentionDays?: string;
}

/** Pure: what the command prints for one guardrail. Throws UsageError on invalid options. */
export function guardrailOutput(kind: GuardrailKind, request: GuardrailRequest): GuardrailOutput {
  switch (kind) {
    case 'scp': {
      const guardrail = buildScpGuardrail();
      return request.output === 'json'
        ? { stdout: renderScpJson(guardrail), stderr: renderScpNotes(guardrail) }
        : { stdout: renderScpText(guardrail), stderr: '' };
    }
    case 'terraform': {
      const options = parseGeneratorOptions(request);
      return {
        stdout: renderTerraform(options),
        stderr:
          'Note: Terraform changes tunnel options of an existing aws_vpn_connection in place, one tunnel at a time; each tunnel is briefly interrupted.\n',
      };
    }
    case 'cloudformation': {
      const options = parseGeneratorOptions(request);
      return {
        stdout:
          request.output === 'json' ? renderCloudFormationJson(options) : renderCloudFormationYaml(options),
        stderr: `CAVEAT: ${CFN_REPLACEMENT_CAVEAT}\nAlarms: ${CFN_ALARM_CHOICE}\n`,
      };
    }
    case 'config':
      return {
        stdout: renderConformancePack(),
        stderr: conformancePackNotes()
          .map((note) => `Note: ${note}\n`)
          .join(''),
      };
  }
}

function print(output: GuardrailOutput): void {
  process.stdout.write(output.stdout);
  if (output.stderr) process.stderr.write(output.stderr);
}

function nameOption(): Option {
  return new Option('--name <name>', 'name prefix for log groups, alarms and tags').default(DEFAULT_NAME);
}

function retentionOption(): Option {
  return new Option(
    '--log-retention-days <days>',
    'CloudWatch Logs retention (a value CloudWatch accepts)',
  ).default(String(DEFAULT_LOG_RETENTION_DAYS));
}

export function register(program: Command): void {
  const guardrails = program
    .command('guardrails')
    .description(
      'emit guardrails so new VPNs are born secure: an SCP, Terraform, CloudFormation, an AWS Config conformance pack',
    );

  guardrails
    .command('scp')
    .description(
      'Service control policy denying IKEv1 VPN tunnels and Client VPN endpoints without a log group.',
    )
    .addOption(
      new Option('--output <format>', 'json prints the policy only (notes on stderr)')
        .choices(['text', 'json'])
        .default('text'),
    )
    .action((opts: GuardrailRequest) => print(guardrailOutput('scp', opts)));

  guardrails
    .command('terraform')
    .description('Module-ready Terraform: IKEv2-only logged tunnels, TunnelState alarms, logged Client VPN.')
    .addOption(nameOption())
    .addOption(retentionOption())
    .action((opts: GuardrailRequest) => print(guardrailOutput('terraform', opts)));

  guardrails
    .command('cloudformation')
    .description(
      'CloudFormation template of the same guardrail (replaces existing connections: see the caveat).',
    )
    .addOption(nameOption())
    .addOption(retentionOption())
    .addOption(new Option('--output <format>', 'template format').choices(['yaml', 'json']).default('yaml'))
    .action((opts: GuardrailRequest) => print(guardrailOutput('cloudformation', opts)));

  guardrails
    .command('config')
    .description('AWS Config conformance pack with the four managed rules behind the controls.')
    .action(() => print(guardrailOutput('config', {})));
}
