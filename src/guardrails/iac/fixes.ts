// The fix shown next to a finding: the snippet to paste, in the format of the file that failed.
import type { ControlId } from '../controls.js';
import type { IacFormat } from './values.js';

const TERRAFORM_FIXES: Partial<Record<ControlId, string>> = {
  'EC2.183': `tunnel1_ike_versions = ["ikev2"]
tunnel2_ike_versions = ["ikev2"]`,
  'EC2.171': `tunnel1_log_options {
  cloudwatch_log_options {
    log_enabled       = true
    log_group_arn     = aws_cloudwatch_log_group.vpn_tunnels.arn
    log_output_format = "json" # omitting it causes a perpetual diff
  }
}
# ...and the same tunnel2_log_options block: both tunnels must log`,
  'EC2.51': `connection_log_options {
  enabled              = true
  cloudwatch_log_group = aws_cloudwatch_log_group.client_vpn.name
}`,
};

const REPLACEMENT_NOTE =
  '# On an existing AWS::EC2::VPNConnection this change REPLACES the connection (new outside IPs and keys).';

const CLOUDFORMATION_FIXES: Partial<Record<ControlId, string>> = {
  'EC2.183': `${REPLACEMENT_NOTE}
VpnTunnelOptionsSpecifications:
  - IKEVersions: [{ Value: ikev2 }]
  - IKEVersions: [{ Value: ikev2 }]`,
  'EC2.171': `${REPLACEMENT_NOTE}
VpnTunnelOptionsSpecifications:
  - LogOptions:
      CloudwatchLogOptions: { LogEnabled: true, LogGroupArn: !Sub "arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:\${VpnTunnelLogGroup}", LogOutputFormat: json }
  - LogOptions:
      CloudwatchLogOptions: { LogEnabled: true, LogGroupArn: !Sub "arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:\${VpnTunnelLogGroup}", LogOutputFormat: json }`,
  'EC2.51': `ConnectionLogOptions:
  Enabled: true
  CloudwatchLogGroup: !Ref ClientVpnLogGroup`,
};

export function fixSnippet(format: IacFormat, control: ControlId): string | undefined {
  return format === 'cloudformation' ? CLOUDFORMATION_FIXES[control] : TERRAFORM_FIXES[control];
}
