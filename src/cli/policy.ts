// `vpnguard policy scan [--org] [--role NAME]`: the least-privilege IAM policy a scan needs, built from the
// permissions that the collectors and the scope modules declare (nothing listed here by hand).
// Other policies (`policy fix`) attach to the same parent command through `policyCommand(program)`.
import type { Command } from 'commander';
import { permissions as siteToSitePermissions } from '../collect/site-to-site.js';
import { permissions as clientVpnPermissions } from '../collect/client-vpn.js';
import { permissions as accountPermissions, DEFAULT_ROLE } from '../aws/accounts.js';
import { permissions as regionPermissions } from '../aws/regions.js';

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** The read-only actions every account scanned needs (the caller's account and each member role). */
export function scanReadActions(): string[] {
  return [...new Set([...siteToSitePermissions, ...clientVpnPermissions, ...regionPermissions, ...accountPermissions.caller])].sort();
}

/** Pure: the policy for the identity that runs `vpnguard scan` (with --org: the management account's identity). */
export function scanPolicy(options: { org: boolean; role: string }): PolicyDocument {
  const statements: PolicyStatement[] = [
    // Describe* and GetCallerIdentity support no resource-level permissions: "*" is the narrowest resource.
    { Sid: 'VpnguardScanRead', Effect: 'Allow', Action: scanReadActions(), Resource: '*' },
  ];
  if (options.org) {
    const orgActions = accountPermissions.organization.filter((a) => a !== 'sts:AssumeRole');
    statements.push({ Sid: 'VpnguardListAccounts', Effect: 'Allow', Action: [...orgActions].sort(), Resource: '*' });
    const role = options.role.startsWith('arn:') ? options.role : `arn:aws:iam::*:role/${options.role}`;
    statements.push({ Sid: 'VpnguardAssumeMemberRole', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: role });
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** The `policy` parent command, created once whichever register runs first. */
export function policyCommand(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'policy') ??
    program.command('policy').description('print the least-privilege IAM policy a vpnguard command needs')
  );
}

export function register(program: Command): void {
  policyCommand(program)
    .command('scan')
    .description('IAM policy for `vpnguard scan` (read-only); with --org, also ListAccounts and AssumeRole into members')
    .option('--org', 'add organizations:ListAccounts and sts:AssumeRole on the member role', false)
    .option('--role <name>', 'member role name or ARN assumed with --org', DEFAULT_ROLE)
    .addHelpText(
      'after',
      '\nWith --org, each member role needs the same read statement (VpnguardScanRead) and a trust policy for the caller.',
    )
    .action((opts: { org: boolean; role: string }) => {
      process.stdout.write(`${JSON.stringify(scanPolicy(opts), null, 2)}\n`);
    });
}
