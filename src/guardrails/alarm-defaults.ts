// TunnelState alarm defaults shared by the Terraform and CloudFormation guardrails (see
// docs/guardrails.md for why): AWS guidance uses 5-minute periods for AWS/VPN, so period 300; three periods
// (15 minutes) ride out a rekey or an endpoint replacement without paging; Minimum < 1 catches
// any DOWN sample; missing data is breaching because a silent tunnel is not a healthy one.
export const ALARM_DEFAULTS = {
  periodSeconds: 300,
  evaluationPeriods: 3,
  statistic: 'Minimum',
  threshold: 1,
  comparisonOperator: 'LessThanThreshold',
  treatMissingData: 'breaching',
  description:
    'VPN tunnel DOWN (AWS/VPN TunnelState < 1). For BGP VPNs TunnelState is 1 only while BGP is established, so this also fires when IPsec is up but BGP is down. Created by vpnguard guardrails.',
} as const;
