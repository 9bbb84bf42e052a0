// EC2.51: Client VPN connection logging on. Enabled undefined means AWS did not tell us: ERROR, not PASS or FAIL.
import type { ClientVpnEndpoint } from '../model/types.js';
import { makeFinding, notApplicable } from './finding.js';
import type { ClientVpnControl } from './types.js';

export const ec2_51: ClientVpnControl = {
  id: 'EC2.51',
  checkId: 'client-vpn-connection-logging',
  title: 'EC2 Client VPN endpoints should have client connection logging enabled',
  severity: 'LOW',
  resourceType: 'AWS::EC2::ClientVpnEndpoint',
  configRule: 'ec2-client-vpn-connection-log-enabled',
  category: 'Identify > Logging',
  appliesTo: 'client-vpn',
  description:
    'Reads ConnectionLogOptions.Enabled of the Client VPN endpoint. Fails when it is false. An endpoint whose ' +
    'response carries no Enabled value is reported as ERROR.',
  risk:
    'Client VPN connection logs are how you answer "who was on the VPN during the incident, and from where?". ' +
    'Without them that question has no answer, and it cannot be reconstructed later because logs are not ' +
    'retroactive. (Failed mutual-authentication attempts are not logged even when logging is on.)',
  remediation: {
    text:
      'Create a CloudWatch log group with a retention policy, then point the endpoint at it. Send only the ' +
      'connection log options: changing other endpoint settings such as DNS servers resets every client session.',
    cli: [
      'aws logs create-log-group --log-group-name /aws/clientvpn/<CLIENT_VPN_ENDPOINT_ID>',
      'aws logs put-retention-policy --log-group-name /aws/clientvpn/<CLIENT_VPN_ENDPOINT_ID> --retention-in-days 365',
      'aws ec2 modify-client-vpn-endpoint \\',
      '  --client-vpn-endpoint-id <CLIENT_VPN_ENDPOINT_ID> \\',
      '  --connection-log-options Enabled=true,CloudwatchLogGroup=/aws/clientvpn/<CLIENT_VPN_ENDPOINT_ID>',
    ].join('\n'),
    terraform: [
      'resource "aws_cloudwatch_log_group" "client_vpn" {',
      '  name              = "/aws/clientvpn/example"',
      '  retention_in_days = 365',
      '}',
      '',
      'resource "aws_ec2_client_vpn_endpoint" "this" {',
      '  # ...',
      '  connection_log_options {',
      '    enabled              = true',
      '    cloudwatch_log_group = aws_cloudwatch_log_group.client_vpn.name',
      '  }',
      '}',
    ].join('\n'),
    cloudformation: [
      'ClientVpnLogGroup:',
      '  Type: AWS::Logs::LogGroup',
      '  Properties: { RetentionInDays: 365 }',
      'ClientVpnEndpoint:',
      '  Type: AWS::EC2::ClientVpnEndpoint',
      '  Properties:',
      '    ConnectionLogOptions:',
      '      Enabled: true',
      '      CloudwatchLogGroup: !Ref ClientVpnLogGroup',
    ].join('\n'),
  },
  docsUrl: 'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-51',
  relatedRequirements: [
    'NIST.800-53.r5 AC-2(12)',
    'NIST.800-53.r5 AC-2(4)',
    'NIST.800-53.r5 AC-4(26)',
    'NIST.800-53.r5 AC-6(9)',
    'NIST.800-53.r5 AU-10',
    'NIST.800-53.r5 AU-12',
    'NIST.800-53.r5 AU-2',
    'NIST.800-53.r5 AU-3',
    'NIST.800-53.r5 AU-6(3)',
    'NIST.800-53.r5 AU-6(4)',
    'NIST.800-53.r5 AU-9(7)',
    'NIST.800-53.r5 CA-7',
    'NIST.800-53.r5 SC-7(9)',
    'NIST.800-53.r5 SI-3(8)',
    'NIST.800-53.r5 SI-4',
    'NIST.800-53.r5 SI-4(20)',
    'NIST.800-53.r5 SI-7(8)',
    'NIST.800-171.r2 3.1.12',
    'NIST.800-171.r2 3.1.20',
    'PCI DSS v4.0.1/10.2.1',
  ],
  evaluate(endpoint: ClientVpnEndpoint) {
    const skipped = notApplicable(ec2_51, endpoint);
    if (skipped) return [skipped];
    const { enabled, cloudwatchLogGroup } = endpoint.connectionLogging;
    if (enabled === undefined) {
      return [
        makeFinding(
          ec2_51,
          endpoint,
          'ERROR',
          'AWS returned no ConnectionLogOptions.Enabled value, so the logging state is unknown.',
        ),
      ];
    }
    if (!enabled) return [makeFinding(ec2_51, endpoint, 'FAIL', 'Client connection logging is off.')];
    const target = cloudwatchLogGroup === undefined ? '' : ` to log group ${cloudwatchLogGroup}`;
    return [makeFinding(ec2_51, endpoint, 'PASS', `Client connections are logged${target}.`)];
  },
};
