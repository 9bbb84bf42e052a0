// The CloudFormation guardrail: the same born-secure VPN as the Terraform guardrail, as a template.
import type { GeneratorOptions } from './options.js';
import { LOG_RETENTION_DAYS } from './options.js';
import { ALARM_DEFAULTS } from './alarm-defaults.js';
import type { CfnValue } from './cfn-intrinsics.js';
import { NO_VALUE, equals, getAtt, ifThen, not, ref, sub, toCfnYaml } from './cfn-intrinsics.js';

/** AWS documents tunnel-option changes on AWS::EC2::VPNConnection as "Update requires: Replacement". */
export const CFN_REPLACEMENT_CAVEAT =
  'On an EXISTING AWS::EC2::VPNConnection, changing VpnTunnelOptionsSpecifications (IKE versions, log options, ' +
  'startup or DPD action) REPLACES the connection: new tunnel outside IP addresses and new pre-shared keys, so the ' +
  'customer gateway must be reconfigured. Use this template for new connections; for existing ones fix in place with ' +
  'vpnguard fix (one tunnel at a time) and plan the template change (or a resource import) deliberately.';

export const CFN_ALARM_CHOICE =
  'AWS::EC2::VPNConnection exposes no tunnel outside IP attributes, so a per-tunnel alarm cannot be wired at ' +
  'create time. The template always creates a connection-level alarm (dimension VpnId, Minimum < 1: fires when ' +
  'any tunnel is down) and adds per-tunnel alarms (VpnId + TunnelIpAddress) once Tunnel1OutsideIpAddress and ' +
  'Tunnel2OutsideIpAddress are set in a stack update (or use vpnguard alarms).';

function tunnelSpecification(): CfnValue {
  return {
    IKEVersions: [{ Value: 'ikev2' }],
    StartupAction: 'start',
    DPDTimeoutAction: 'restart',
    LogOptions: {
      // CloudFormation spells it CloudwatchLogOptions (the EC2 API says CloudWatchLogOptions).
      CloudwatchLogOptions: {
        LogEnabled: true,
        // Built with !Sub rather than !GetAtt LogGroup.Arn, which ends in ":*".
        LogGroupArn: sub(
          'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${VpnTunnelLogGroup}',
        ),
        LogOutputFormat: 'json',
      },
    },
  };
}

function tunnelStateAlarm(description: string, dimensions: CfnValue[], alarmName: CfnValue): CfnValue {
  const actions = ifThen('HasAlarmTopic', [ref('AlarmTopicArn')], NO_VALUE);
  return {
    AlarmName: alarmName,
    AlarmDescription: description,
    Namespace: 'AWS/VPN',
    MetricName: 'TunnelState',
    Dimensions: dimensions,
    Statistic: ALARM_DEFAULTS.statistic,
    ComparisonOperator: ALARM_DEFAULTS.comparisonOperator,
    Threshold: ALARM_DEFAULTS.threshold,
    Period: ALARM_DEFAULTS.periodSeconds,
    EvaluationPeriods: ALARM_DEFAULTS.evaluationPeriods,
    TreatMissingData: ALARM_DEFAULTS.treatMissingData,
    AlarmActions: actions,
    OKActions: actions,
  };
}

function perTunnelAlarm(n: 1 | 2): CfnValue {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Condition: `HasTunnel${n}OutsideIp`,
    Properties: tunnelStateAlarm(
      ALARM_DEFAULTS.description,
      [
        { Name: 'VpnId', Value: ref('VpnConnection') },
        { Name: 'TunnelIpAddress', Value: ref(`Tunnel${n}OutsideIpAddress`) },
      ],
      sub(`\${Name}-\${VpnConnection}-\${Tunnel${n}OutsideIpAddress}-tunnel-down`),
    ),
  };
}

export function buildCloudFormationTemplate(options: GeneratorOptions): CfnValue {
  const nameTag = [{ Key: 'Name', Value: ref('Name') }];
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      'vpnguard guardrail: Site-to-Site VPN with IKEv2-only, logged tunnels (EC2.183, EC2.171), TunnelState alarms ' +
      '(EC2.20) and an optional Client VPN endpoint with connection logging (EC2.51). ' +
      'CAVEAT: on an existing VPN connection these tunnel options REPLACE the connection (new outside IPs and keys).',
    Parameters: {
      Name: {
        Type: 'String',
        Default: options.name,
        AllowedPattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,47}$',
        Description: 'Name prefix for log groups, alarms and Name tags.',
      },
      CustomerGatewayId: {
        Type: 'String',
        AllowedPattern: '^cgw-[0-9a-f]+$',
        Description: 'Customer gateway (cgw-...).',
      },
      VpnGatewayId: {
        Type: 'String',
        Default: '',
        AllowedPattern: '^(vgw-[0-9a-f]+)?$',
        Description: 'Virtual private gateway (vgw-...). Leave empty when TransitGatewayId is set.',
      },
      TransitGatewayId: {
        Type: 'String',
        Default: '',
        AllowedPattern: '^(tgw-[0-9a-f]+)?$',
        Description: 'Transit gateway (tgw-...). Leave empty to attach to VpnGatewayId.',
      },
      StaticRoutesOnly: { Type: 'String', Default: 'false', AllowedValues: ['true', 'false'] },
      LogRetentionInDays: {
        Type: 'Number',
        Default: options.logRetentionDays,
        AllowedValues: [...LOG_RETENTION_DAYS],
        Description: 'Retention of tunnel and Client VPN connection logs.',
      },
      AlarmTopicArn: {
        Type: 'String',
        Default: '',
        Description: 'SNS topic notified on tunnel down and recovery.',
      },
      Tunnel1OutsideIpAddress: {
        Type: 'String',
        Default: '',
        Description:
          'Set after creation (describe-vpn-connections: Options.TunnelOptions[0].OutsideIpAddress) to add a per-tunnel alarm.',
      },
      Tunnel2OutsideIpAddress: {
        Type: 'String',
        Default: '',
        Description: 'Set after creation to add a per-tunnel alarm for the second tunnel.',
      },
      ClientVpnServerCertificateArn: {
        Type: 'String',
        Default: '',
        Description: 'ACM server certificate; set it to create the Client VPN endpoint.',
      },
      ClientVpnRootCertificateChainArn: {
        Type: 'String',
        Default: '',
        Description: 'ACM client root certificate chain.',
      },
      ClientVpnClientCidrBlock: {
        Type: 'String',
        Default: '10.255.0.0/22',
        Description: 'Client address range (/12 to /22).',
      },
    },
    Conditions: {
      UseTransitGateway: not(equals(ref('TransitGatewayId'), '')),
      HasAlarmTopic: not(equals(ref('AlarmTopicArn'), '')),
      HasTunnel1OutsideIp: not(equals(ref('Tunnel1OutsideIpAddress'), '')),
      HasTunnel2OutsideIp: not(equals(ref('Tunnel2OutsideIpAddress'), '')),
      CreateClientVpn: not(equals(ref('ClientVpnServerCertificateArn'), '')),
    },
    Resources: {
      VpnTunnelLogGroup: {
        Type: 'AWS::Logs::LogGroup',
        Properties: {
          // /aws/vendedlogs/ keeps VPN log delivery from growing the account's resource policy.
          LogGroupName: sub('/aws/vendedlogs/vpn/${Name}'),
          RetentionInDays: ref('LogRetentionInDays'),
        },
      },
      VpnConnection: {
        Type: 'AWS::EC2::VPNConnection',
        Properties: {
          Type: 'ipsec.1',
          CustomerGatewayId: ref('CustomerGatewayId'),
          VpnGatewayId: ifThen('UseTransitGateway', NO_VALUE, ref('VpnGatewayId')),
          TransitGatewayId: ifThen('UseTransitGateway', ref('TransitGatewayId'), NO_VALUE),
          StaticRoutesOnly: ref('StaticRoutesOnly'),
          VpnTunnelOptionsSpecifications: [tunnelSpecification(), tunnelSpecification()],
          Tags: nameTag,
        },
      },
      VpnConnectionTunnelDownAlarm: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: tunnelStateAlarm(
          'A tunnel of the VPN connection is DOWN (AWS/VPN TunnelState by VpnId, Minimum < 1). For BGP VPNs TunnelState is 1 only while BGP is established. Created by vpnguard guardrails.',
          [{ Name: 'VpnId', Value: ref('VpnConnection') }],
          sub('${Name}-${VpnConnection}-tunnel-down'),
        ),
      },
      Tunnel1DownAlarm: perTunnelAlarm(1),
      Tunnel2DownAlarm: perTunnelAlarm(2),
      ClientVpnLogGroup: {
        Type: 'AWS::Logs::LogGroup',
        Condition: 'CreateClientVpn',
        Properties: {
          LogGroupName: sub('/aws/clientvpn/${Name}'),
          RetentionInDays: ref('LogRetentionInDays'),
        },
      },
      ClientVpnLogStream: {
        Type: 'AWS::Logs::LogStream',
        Condition: 'CreateClientVpn',
        Properties: { LogGroupName: ref('ClientVpnLogGroup'), LogStreamName: 'connections' },
      },
      ClientVpnEndpoint: {
        Type: 'AWS::EC2::ClientVpnEndpoint',
        Condition: 'CreateClientVpn',
        Properties: {
          Description: ref('Name'),
          ServerCertificateArn: ref('ClientVpnServerCertificateArn'),
          ClientCidrBlock: ref('ClientVpnClientCidrBlock'),
          AuthenticationOptions: [
            {
              Type: 'certificate-authentication',
              MutualAuthentication: {
                ClientRootCertificateChainArn: ref('ClientVpnRootCertificateChainArn'),
              },
            },
          ],
          // EC2.51. Changing it later is "No interruption" for Client VPN, unlike the VPN connection.
          ConnectionLogOptions: {
            Enabled: true,
            CloudwatchLogGroup: ref('ClientVpnLogGroup'),
            CloudwatchLogStream: ref('ClientVpnLogStream'),
          },
          TagSpecifications: [{ ResourceType: 'client-vpn-endpoint', Tags: nameTag }],
        },
      },
    },
    Outputs: {
      VpnConnectionId: { Value: ref('VpnConnection') },
      TunnelLogGroupArn: { Value: getAtt('VpnTunnelLogGroup', 'Arn') },
      ClientVpnEndpointId: { Condition: 'CreateClientVpn', Value: ref('ClientVpnEndpoint') },
    },
  };
}

function commentBlock(text: string): string {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '#';
  for (const word of words) {
    if (line.length + word.length + 1 > 100) {
      lines.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines.join('\n');
}

export function renderCloudFormationYaml(options: GeneratorOptions): string {
  const header =
    '# Generated by `vpnguard guardrails cloudformation`. Lint it with `vpnguard iac` and cfn-lint.\n' +
    `${commentBlock(`CAVEAT: ${CFN_REPLACEMENT_CAVEAT}`)}\n` +
    `${commentBlock(`Alarms: ${CFN_ALARM_CHOICE}`)}\n`;
  return toCfnYaml(buildCloudFormationTemplate(options), header);
}

export function renderCloudFormationJson(options: GeneratorOptions): string {
  return `${JSON.stringify(buildCloudFormationTemplate(options), null, 2)}\n`;
}
