import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { policyCommand, register, scanPolicy, scanReadActions } from './policy.js';

describe('policy scan', () => {
  it('grants exactly the read actions the collectors and scope modules declare', () => {
    expect(scanReadActions()).toEqual([
      'ec2:DescribeClientVpnEndpoints',
      'ec2:DescribeRegions',
      'ec2:DescribeVpnConnections',
      'sts:GetCallerIdentity',
    ]);
    const policy = scanPolicy({ org: false, role: 'OrganizationAccountAccessRole' });
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement.flatMap((s) => s.Action).every((a) => /^(ec2|sts):(Describe|Get)/.test(a))).toBe(true);
  });

  it('adds ListAccounts and AssumeRole on the member role with --org', () => {
    const policy = scanPolicy({ org: true, role: 'Auditor' });
    expect(policy.Statement.map((s) => [s.Sid, s.Action, s.Resource])).toEqual([
      ['VpnguardScanRead', scanReadActions(), '*'],
      ['VpnguardListAccounts', ['organizations:ListAccounts'], '*'],
      ['VpnguardAssumeMemberRole', ['sts:AssumeRole'], 'arn:aws:iam::*:role/Auditor'],
    ]);
    for (const s of policy.Statement) expect(s.Sid).toMatch(/^[A-Za-z0-9]+$/);
  });

  it('registers under one `policy` parent that other subcommands can share', () => {
    const program = new Command();
    register(program);
    policyCommand(program).command('fix');
    expect(program.commands.filter((c) => c.name() === 'policy')).toHaveLength(1);
    expect(policyCommand(program).commands.map((c) => c.name())).toEqual(['scan', 'fix']);
  });
});
