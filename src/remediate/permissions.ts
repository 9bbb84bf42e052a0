// Every IAM action `vpnguard fix` can call, declared next to the code that calls it, and the
// least-privilege policy built from them (`vpnguard policy fix`).

export interface FixPermission {
  action: string;
  why: string;
}

export const FIX_PERMISSIONS: readonly FixPermission[] = [
  { action: 'ec2:DescribeVpnConnections', why: 'inventory, and the live read of both tunnels before every change and while waiting' },
  { action: 'ec2:DescribeClientVpnEndpoints', why: 'inventory, and reconciling Client VPN logging' },
  { action: 'ec2:DescribeRegions', why: 'the regions in scope (as for scan)' },
  { action: 'ec2:ModifyVpnTunnelOptions', why: 'one call per tunnel: IKEv2 only, StartupAction start, CloudWatch logging' },
  { action: 'ec2:ModifyClientVpnEndpoint', why: 'Client VPN connection logging (ConnectionLogOptions only)' },
  { action: 'logs:DescribeLogGroups', why: 'does the log group exist; also required by tunnel log delivery' },
  { action: 'logs:CreateLogGroup', why: 'create the log group when missing' },
  { action: 'logs:PutRetentionPolicy', why: 'retention on the log group the fix creates' },
  { action: 'logs:CreateLogDelivery', why: 'tunnel log delivery (vended logs), required by ModifyVpnTunnelOptions with LogOptions' },
  { action: 'logs:GetLogDelivery', why: 'tunnel log delivery' },
  { action: 'logs:UpdateLogDelivery', why: 'tunnel log delivery' },
  { action: 'logs:DeleteLogDelivery', why: 'tunnel log delivery (AWS replaces deliveries when options change)' },
  { action: 'logs:ListLogDeliveries', why: 'tunnel log delivery' },
  { action: 'logs:PutResourcePolicy', why: 'AWS adds the delivery.logs.amazonaws.com statement to the account log resource policy' },
  { action: 'logs:DescribeResourcePolicies', why: 'AWS reads the account log resource policy before updating it' },
  { action: 'sts:GetCallerIdentity', why: 'who is calling (as for scan)' },
];

/** With --org / --accounts the fix assumes a role in each member account (as scan does). */
export const FIX_ORG_PERMISSIONS: readonly FixPermission[] = [
  { action: 'organizations:ListAccounts', why: '--org: the accounts in scope' },
  { action: 'sts:AssumeRole', why: '--org / --accounts: the role in each member account' },
];

export interface IamPolicy {
  Version: '2012-10-17';
  Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: string | string[] }[];
}

/**
 * The least-privilege policy for `vpnguard fix`. The log-delivery actions have no resource-level permissions
 * and must be on "*" (S2S VPN user guide, monitoring-logs); the modify actions are scoped to VPN connections
 * and Client VPN endpoints; Describe* actions do not support resource scoping.
 */
export function fixPolicy(options: { organization?: boolean; partition?: string } = {}): IamPolicy {
  const p = options.partition ?? 'aws';
  const statements: IamPolicy['Statement'] = [
    {
      Sid: 'VpnguardFixRead',
      Effect: 'Allow',
      Action: ['ec2:DescribeClientVpnEndpoints', 'ec2:DescribeRegions', 'ec2:DescribeVpnConnections', 'logs:DescribeLogGroups', 'sts:GetCallerIdentity'],
      Resource: '*',
    },
    {
      Sid: 'VpnguardFixTunnels',
      Effect: 'Allow',
      Action: ['ec2:ModifyVpnTunnelOptions'],
      Resource: `arn:${p}:ec2:*:*:vpn-connection/*`,
    },
    {
      Sid: 'VpnguardFixClientVpn',
      Effect: 'Allow',
      Action: ['ec2:ModifyClientVpnEndpoint'],
      Resource: `arn:${p}:ec2:*:*:client-vpn-endpoint/*`,
    },
    {
      Sid: 'VpnguardFixLogGroups',
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:PutRetentionPolicy'],
      Resource: `arn:${p}:logs:*:*:log-group:*`,
    },
    {
      Sid: 'VpnguardFixLogDelivery',
      Effect: 'Allow',
      Action: [
        'logs:CreateLogDelivery',
        'logs:DeleteLogDelivery',
        'logs:DescribeResourcePolicies',
        'logs:GetLogDelivery',
        'logs:ListLogDeliveries',
        'logs:PutResourcePolicy',
        'logs:UpdateLogDelivery',
      ],
      Resource: '*',
    },
  ];
  if (options.organization) {
    statements.push({ Sid: 'VpnguardFixOrganization', Effect: 'Allow', Action: ['organizations:ListAccounts', 'sts:AssumeRole'], Resource: '*' });
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** Every action the policy grants, sorted (tests check it covers FIX_PERMISSIONS exactly). */
export function fixPolicyActions(policy: IamPolicy = fixPolicy()): string[] {
  return [...new Set(policy.Statement.flatMap((s) => s.Action))].sort();
}
