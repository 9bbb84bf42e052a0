// The service control policy guardrail: deny creating or modifying VPNs that would allow IKEv1,
// and Client VPN endpoints without a CloudWatch log group. Pure data; the CLI prints it.

export interface PolicyStatement {
  Sid: string;
  Effect: 'Deny';
  Action: string | string[];
  Resource: '*';
  Condition: Record<string, Record<string, string>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export interface StatementExplanation {
  sid: string;
  why: string;
}

export interface CannotEnforce {
  requirement: string;
  why: string;
  coveredBy: string;
}

export interface ScpGuardrail {
  policy: PolicyDocument;
  explanations: StatementExplanation[];
  cannotEnforce: CannotEnforce[];
  /** Every fact this policy relies on that AWS has not confirmed: the one place they are listed. */
  unverified: string[];
}

/** AWS Organizations limit for one SCP document (characters, whitespace included). */
export const SCP_MAX_CHARACTERS = 5120;

export function buildScpGuardrail(): ScpGuardrail {
  const policy: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyIKEv1OnSiteToSiteVpnTunnels',
        Effect: 'Deny',
        Action: ['ec2:CreateVpnConnection', 'ec2:ModifyVpnTunnelOptions'],
        Resource: '*',
        // ec2:IKEVersions is multi-valued: ForAnyValue matches when any requested version is ikev1.
        Condition: { 'ForAnyValue:StringEqualsIgnoreCase': { 'ec2:IKEVersions': 'ikev1' } },
      },
      {
        Sid: 'DenyCreateVpnWithoutExplicitIKEVersions',
        Effect: 'Deny',
        Action: 'ec2:CreateVpnConnection',
        Resource: '*',
        // Omitted IKEVersions means AWS's default (ikev1 and ikev2), and ForAnyValue is false
        // on an absent key, so the first statement alone would let the default through.
        Condition: { Null: { 'ec2:IKEVersions': 'true' } },
      },
      {
        Sid: 'DenyClientVpnCreateWithoutLogGroup',
        Effect: 'Deny',
        Action: 'ec2:CreateClientVpnEndpoint',
        Resource: '*',
        Condition: { Null: { 'ec2:CloudwatchLogGroupArn': 'true' } },
      },
      {
        Sid: 'DenyClientVpnModifyWithoutLogGroup',
        Effect: 'Deny',
        Action: 'ec2:ModifyClientVpnEndpoint',
        Resource: '*',
        Condition: { Null: { 'ec2:CloudwatchLogGroupArn': 'true' } },
      },
    ],
  };
  return {
    policy,
    explanations: [
      {
        sid: 'DenyIKEv1OnSiteToSiteVpnTunnels',
        why: 'Blocks new connections and tunnel modifications whose IKE version list contains ikev1 (EC2.183).',
      },
      {
        sid: 'DenyCreateVpnWithoutExplicitIKEVersions',
        why:
          'Blocks CreateVpnConnection calls that omit IKE versions: AWS would apply its default, which allows ikev1. ' +
          'Console and IaC creates must then set IKE versions explicitly (Terraform: tunnel1_ike_versions and ' +
          'tunnel2_ike_versions = ["ikev2"]). There is deliberately no such statement for ModifyVpnTunnelOptions: ' +
          'a modification that does not touch IKE versions (for example enabling tunnel logging) omits the key and ' +
          'would be blocked, which would stop exactly the remediation this tool performs.',
      },
      {
        sid: 'DenyClientVpnCreateWithoutLogGroup',
        why: 'Blocks Client VPN endpoints created without a CloudWatch log group for connection logs (EC2.51).',
      },
      {
        sid: 'DenyClientVpnModifyWithoutLogGroup',
        why:
          'Blocks Client VPN modifications that do not name a log group. If the key is filled only from the ' +
          'request, this also blocks unrelated modifications that do not resend the connection log options; ' +
          'remove this statement if that is not acceptable in your organization.',
      },
    ],
    cannotEnforce: [
      {
        requirement: 'Tunnel logging on both tunnels (EC2.171)',
        why: 'No IAM condition key exists for LogOptions on CreateVpnConnection or ModifyVpnTunnelOptions.',
        coveredBy:
          'AWS Config rule ec2-vpn-connection-logging-enabled (vpnguard guardrails config), vpnguard scan / vpnguard fix, and vpnguard iac in CI',
      },
      {
        requirement: 'StartupAction=start and DPDTimeoutAction=restart',
        why: 'No IAM condition key exists for these tunnel options.',
        coveredBy:
          'vpnguard guardrails terraform / cloudformation (born-secure templates) and vpnguard iac in CI',
      },
      {
        requirement: 'Client VPN connection logging actually enabled (ConnectionLogOptions.Enabled)',
        why: 'The only keys are the log group and log stream ARNs; there is no key for Enabled, so Enabled=false with a log group passes.',
        coveredBy: 'AWS Config rule ec2-client-vpn-connection-log-enabled, vpnguard scan / vpnguard fix',
      },
      {
        requirement: 'Both tunnels UP (EC2.20)',
        why: 'Tunnel state is runtime state, not an API request parameter.',
        coveredBy:
          'TunnelState CloudWatch alarms per tunnel (vpnguard alarms, or the alarms in the Terraform/CloudFormation guardrails) and AWS Config rule vpc-vpn-2-tunnels-up (can lag up to 24 hours)',
      },
      {
        requirement: 'VPN connections and endpoints that already exist',
        why: 'An SCP only gates API calls made after it is attached; it never evaluates existing resources.',
        coveredBy: 'vpnguard scan and vpnguard fix (one tunnel at a time), and the AWS Config rules',
      },
      {
        requirement: 'The management account and service-linked roles',
        why: 'SCPs do not apply to the organization management account or to service-linked roles.',
        coveredBy: 'vpnguard scan of the management account and the AWS Config rules there',
      },
    ],
    unverified: [
      'That ec2:IKEVersions is absent from the request context when CreateVpnConnection omits IKEVersions (the Null statement is written for that case and costs nothing if it is present). Test with the IAM policy simulator or in a sandbox OU.',
      'How ec2:IKEVersions is filled when CreateVpnConnection carries two tunnel specifications (probably the union of both; ForAnyValue handles that).',
      'The case of ec2:IKEVersions values (the API uses lowercase ikev1/ikev2); StringEqualsIgnoreCase is used so case does not matter.',
      'That the Null test on ec2:CloudwatchLogGroupArn denies Client VPN endpoints without a log group: AWS documents the key but not when it is present in the request context.',
    ],
  };
}

export function renderScpJson(guardrail: ScpGuardrail): string {
  return `${JSON.stringify(guardrail.policy, null, 2)}\n`;
}

/** The notes that go with the policy: what it does not cover and what is unverified. */
export function renderScpNotes(guardrail: ScpGuardrail): string {
  const lines: string[] = ['What this SCP cannot enforce, and what covers it instead:'];
  for (const gap of guardrail.cannotEnforce) {
    lines.push(`  - ${gap.requirement}: ${gap.why}`, `    covered by: ${gap.coveredBy}`);
  }
  lines.push('', 'Notes (unverified: test in a sandbox OU before attaching to production OUs):');
  for (const note of guardrail.unverified) lines.push(`  - ${note}`);
  return `${lines.join('\n')}\n`;
}

export function renderScpText(guardrail: ScpGuardrail): string {
  const lines: string[] = ['Service control policy (attach to the OUs that hold VPN accounts):', ''];
  lines.push(JSON.stringify(guardrail.policy, null, 2), '', 'Statements:');
  for (const statement of guardrail.explanations) lines.push(`  - ${statement.sid}: ${statement.why}`);
  lines.push('', renderScpNotes(guardrail).trimEnd());
  return `${lines.join('\n')}\n`;
}
