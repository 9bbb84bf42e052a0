// EC2.171: BOTH tunnels must send tunnel logs to CloudWatch Logs. One logged tunnel fails (naive tools pass it).
import type { SiteToSiteVpn } from '../model/types.js';
import {
  EXPECTED_TUNNELS,
  listText,
  makeFinding,
  notApplicable,
  tunnelCountNote,
  tunnelDetail,
} from './finding.js';
import type { EvaluationContext, SiteToSiteControl } from './types.js';

export const ec2_171: SiteToSiteControl = {
  id: 'EC2.171',
  checkId: 'vpn-tunnel-logging',
  title: 'EC2 VPN connections should have logging enabled',
  severity: 'MEDIUM',
  resourceType: 'AWS::EC2::VPNConnection',
  configRule: 'ec2-vpn-connection-logging-enabled',
  category: 'Identify > Logging',
  appliesTo: 'site-to-site',
  description:
    'Reads Options.TunnelOptions[].LogOptions.CloudWatchLogOptions.LogEnabled of every tunnel. Fails unless both ' +
    'tunnels have CloudWatch Logs enabled: one logged tunnel is not enough. BGP logging (BgpLogEnabled) is not ' +
    'required by this control.',
  risk:
    'Tunnel logs record IKE and BGP session events: they answer "why did the tunnel drop?" and show negotiation ' +
    'failures. Logs are not retroactive, so a tunnel without them leaves an incident unexplainable. Logging ships ' +
    'off by default, so every connection created without it fails.',
  remediation: {
    text:
      'Create a CloudWatch log group with a retention policy, then enable tunnel logging on one tunnel, wait until ' +
      'the connection is available and that tunnel is UP again, and then the other tunnel. Each change replaces ' +
      "that tunnel's endpoint, so it drops briefly. Delivery needs logs:CreateLogDelivery, logs:PutResourcePolicy, " +
      'logs:DescribeResourcePolicies and logs:DescribeLogGroups.',
    cli: [
      'aws logs create-log-group --log-group-name /aws/vpn/<VPN_CONNECTION_ID>',
      'aws logs put-retention-policy --log-group-name /aws/vpn/<VPN_CONNECTION_ID> --retention-in-days 365',
      'aws ec2 modify-vpn-tunnel-options \\',
      '  --vpn-connection-id <VPN_CONNECTION_ID> \\',
      '  --vpn-tunnel-outside-ip-address <TUNNEL_OUTSIDE_IP> \\',
      `  --tunnel-options '{"LogOptions":{"CloudWatchLogOptions":{"LogEnabled":true,"LogGroupArn":"arn:aws:logs:<REGION>:<ACCOUNT_ID>:log-group:/aws/vpn/<VPN_CONNECTION_ID>","LogOutputFormat":"json"}}}'`,
      '# wait: State=available and this tunnel UP; then repeat for the other tunnel',
    ].join('\n'),
    terraform: [
      'resource "aws_cloudwatch_log_group" "vpn" {',
      '  name              = "/aws/vpn/example"',
      '  retention_in_days = 365',
      '}',
      '',
      'resource "aws_vpn_connection" "this" {',
      '  # ...',
      '  tunnel1_log_options {',
      '    cloudwatch_log_options {',
      '      log_enabled       = true',
      '      log_group_arn     = aws_cloudwatch_log_group.vpn.arn',
      '      log_output_format = "json" # pin it: leaving it out causes a perpetual diff',
      '    }',
      '  }',
      '  tunnel2_log_options {',
      '    cloudwatch_log_options {',
      '      log_enabled       = true',
      '      log_group_arn     = aws_cloudwatch_log_group.vpn.arn',
      '      log_output_format = "json"',
      '    }',
      '  }',
      '}',
    ].join('\n'),
    cloudformation: [
      'VpnLogGroup:',
      '  Type: AWS::Logs::LogGroup',
      '  Properties: { RetentionInDays: 365 }',
      'Vpn:',
      '  Type: AWS::EC2::VPNConnection',
      '  Properties:',
      '    VpnTunnelOptionsSpecifications:',
      '      - LogOptions:',
      '          CloudwatchLogOptions: { LogEnabled: true, LogGroupArn: !GetAtt VpnLogGroup.Arn, LogOutputFormat: json }',
      '      - LogOptions:',
      '          CloudwatchLogOptions: { LogEnabled: true, LogGroupArn: !GetAtt VpnLogGroup.Arn, LogOutputFormat: json }',
      '# Caveat: AWS documents this update as Replacement for an existing connection (new tunnel IPs and',
      '# pre-shared keys): use it for new connections; change existing ones with the CLI or Terraform.',
    ].join('\n'),
  },
  docsUrl: 'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-171',
  relatedRequirements: ['CIS AWS Foundations Benchmark v3.0.0/5.3', 'PCI DSS v4.0.1/10.4.2'],
  evaluate(vpn: SiteToSiteVpn, { now }: EvaluationContext) {
    const skipped = notApplicable(ec2_171, vpn);
    if (skipped) return [skipped];
    const details = vpn.tunnels.map((tunnel) => tunnelDetail(tunnel, now));
    const off = vpn.tunnels.filter((t) => !t.logging.enabled).map((t) => t.outsideIpAddress);
    const on = vpn.tunnels.filter((t) => t.logging.enabled).map((t) => t.outsideIpAddress);
    const missing = vpn.tunnels.length < EXPECTED_TUNNELS ? tunnelCountNote(vpn) : '';
    if (off.length > 0) {
      const reason =
        on.length > 0
          ? `Tunnel logging is off on ${listText(off)} (only ${listText(on)} logs to CloudWatch); both tunnels must log.`
          : `Tunnel logging is off on ${off.length === 1 ? 'tunnel' : 'both tunnels'} ${listText(off)}; both tunnels must log to CloudWatch.`;
      return [makeFinding(ec2_171, vpn, 'FAIL', `${reason}${missing}`, details)];
    }
    if (missing !== '') {
      return [
        makeFinding(ec2_171, vpn, 'ERROR', `Cannot confirm logging on both tunnels.${missing}`, details),
      ];
    }
    return [makeFinding(ec2_171, vpn, 'PASS', 'Both tunnels log to CloudWatch Logs.', details)];
  },
};
