// EC2.20: both tunnels UP. Telemetry is joined by outside IP at collection; here a DOWN tunnel is a FAIL with
// how long it has been DOWN, and anything that stops us seeing both tunnels (no telemetry, unknown status,
// fewer than two tunnels, telemetry for an IP we could not place) is ERROR, never PASS.
import type { SiteToSiteVpn, TunnelDetail } from '../model/types.js';
import {
  EXPECTED_TUNNELS,
  humanDuration,
  listText,
  makeFinding,
  notApplicable,
  tunnelCountNote,
  tunnelDetail,
} from './finding.js';
import type { EvaluationContext, SiteToSiteControl } from './types.js';

export const ec2_20: SiteToSiteControl = {
  id: 'EC2.20',
  checkId: 'vpn-tunnels-up',
  title: 'Both VPN tunnels for an AWS Site-to-Site VPN connection should be up',
  severity: 'MEDIUM',
  resourceType: 'AWS::EC2::VPNConnection',
  configRule: 'vpc-vpn-2-tunnels-up',
  category: 'Recover > Resilience > High availability',
  appliesTo: 'site-to-site',
  description:
    'Reads VgwTelemetry[].Status of both tunnels, matched to the tunnel options by outside IP address. Fails when ' +
    'either tunnel is DOWN, and reports per tunnel the status message and how long it has been DOWN (from ' +
    'LastStatusChange). On a BGP connection, DOWN with "IPSEC IS UP" means IPsec is established but the BGP session ' +
    'is not. Missing telemetry is an ERROR, never a PASS. AWS Config may take up to 24 hours to see a change; ' +
    'vpnguard reads the telemetry directly.',
  risk:
    'A connection with one tunnel DOWN still carries all traffic on the survivor, so nothing looks broken, but it ' +
    'has gone from two-of-two to one-of-one with no failover. AWS schedules tunnel endpoint maintenance assuming ' +
    'the other tunnel carries traffic; when it is already DOWN, routine maintenance becomes your outage, and the ' +
    'blast radius is everything that rides the link.',
  scenario:
    'A retail company ran a Site-to-Site VPN to its on-prem order-management system. One tunnel dropped during a ' +
    'routine firewall change that narrowed an ACL so only one of the two AWS endpoints could reach the customer ' +
    'gateway. Nothing broke, so no alarm fired and no ticket was opened. Ninety-one days later AWS took the ' +
    'endpoint of the surviving tunnel down for scheduled, announced maintenance, and the whole hybrid order flow ' +
    'went dark for forty minutes because there was no second tunnel to fail over to. This finding had been red ' +
    'the entire time; nobody was looking at it.',
  remediation: {
    text:
      'Find the cause before changing anything: read the status message and tunnel logs of the DOWN tunnel. ' +
      'Common causes are a far-side firewall blocking UDP 500/4500 (or ESP) to that AWS endpoint, a pre-shared ' +
      'key or proposal mismatch, StartupAction=add with a gateway that never initiates, and, on BGP, a session ' +
      'that is not established. Fix the far side; for IKEv2 tunnels let AWS initiate (StartupAction=start, ' +
      'DPDTimeoutAction=restart), one tunnel at a time; and alarm on TunnelState per tunnel so the next drop pages ' +
      'someone within minutes.',
    cli: [
      'aws ec2 describe-vpn-connections --vpn-connection-ids <VPN_CONNECTION_ID> \\',
      "  --query 'VpnConnections[].VgwTelemetry[].[OutsideIpAddress,Status,StatusMessage,LastStatusChange]' --output table",
      '# after fixing the cause, for an IKEv2 tunnel: let AWS start IKE and restart on dead peer detection',
      'aws ec2 modify-vpn-tunnel-options \\',
      '  --vpn-connection-id <VPN_CONNECTION_ID> \\',
      '  --vpn-tunnel-outside-ip-address <TUNNEL_OUTSIDE_IP> \\',
      `  --tunnel-options '{"StartupAction":"start","DPDTimeoutAction":"restart"}'`,
      '# page on-call when this tunnel drops (TunnelState 0 = DOWN; on BGP, 0 = BGP not established)',
      'aws cloudwatch put-metric-alarm --alarm-name vpn-<VPN_CONNECTION_ID>-<TUNNEL_OUTSIDE_IP>-down \\',
      '  --namespace AWS/VPN --metric-name TunnelState \\',
      '  --dimensions Name=VpnId,Value=<VPN_CONNECTION_ID> Name=TunnelIpAddress,Value=<TUNNEL_OUTSIDE_IP> \\',
      '  --statistic Minimum --period 300 --evaluation-periods 1 --threshold 1 \\',
      '  --comparison-operator LessThanThreshold --treat-missing-data breaching \\',
      '  --alarm-actions <SNS_TOPIC_ARN>',
    ].join('\n'),
    terraform: [
      'resource "aws_vpn_connection" "this" {',
      '  # ...',
      '  tunnel1_startup_action     = "start" # IKEv2 tunnels only',
      '  tunnel1_dpd_timeout_action = "restart"',
      '  tunnel2_startup_action     = "start"',
      '  tunnel2_dpd_timeout_action = "restart"',
      '}',
      '',
      'resource "aws_cloudwatch_metric_alarm" "tunnel1_down" {',
      '  alarm_name          = "vpn-${aws_vpn_connection.this.id}-tunnel1-down"',
      '  namespace           = "AWS/VPN"',
      '  metric_name         = "TunnelState"',
      '  dimensions          = { VpnId = aws_vpn_connection.this.id, TunnelIpAddress = aws_vpn_connection.this.tunnel1_address }',
      '  statistic           = "Minimum"',
      '  period              = 300',
      '  evaluation_periods  = 1',
      '  threshold           = 1',
      '  comparison_operator = "LessThanThreshold"',
      '  treat_missing_data  = "breaching"',
      '  alarm_actions       = [var.oncall_topic_arn]',
      '}',
      '# repeat the alarm for tunnel2_address',
    ].join('\n'),
    cloudformation: [
      'Tunnel1DownAlarm:',
      '  Type: AWS::CloudWatch::Alarm',
      '  Properties:',
      '    Namespace: AWS/VPN',
      '    MetricName: TunnelState',
      '    Dimensions:',
      '      - { Name: VpnId, Value: !Ref Vpn }',
      '      - { Name: TunnelIpAddress, Value: <TUNNEL_OUTSIDE_IP> }',
      '    Statistic: Minimum',
      '    Period: 300',
      '    EvaluationPeriods: 1',
      '    Threshold: 1',
      '    ComparisonOperator: LessThanThreshold',
      '    TreatMissingData: breaching',
      '    AlarmActions: [!Ref OncallTopic]',
      '# StartupAction: start and DPDTimeoutAction: restart go in VpnTunnelOptionsSpecifications, but AWS',
      '# documents tunnel option updates as Replacement for an existing connection: use them for new ones.',
    ].join('\n'),
  },
  docsUrl: 'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-20',
  relatedRequirements: [
    'NIST.800-53.r5 CP-10',
    'NIST.800-53.r5 CP-6(2)',
    'NIST.800-53.r5 SC-36',
    'NIST.800-53.r5 SC-5(2)',
    'NIST.800-53.r5 SI-13(5)',
    'NIST.800-171.r2 3.1.13',
    'NIST.800-171.r2 3.1.20',
  ],
  evaluate(vpn: SiteToSiteVpn, { now }: EvaluationContext) {
    const skipped = notApplicable(ec2_20, vpn);
    if (skipped) return [skipped];
    const details = sortTunnelsByDowntime(vpn.tunnels.map((tunnel) => tunnelDetail(tunnel, now)));
    const down = details.filter((t) => t.status === 'DOWN');
    const gaps = dataGaps(vpn);
    if (down.length > 0) {
      const parts = down.map((t) => describeDown(t, vpn));
      let impact: string;
      if (down.length >= EXPECTED_TUNNELS)
        impact = 'both tunnels are DOWN: the connection carries no traffic';
      else if (details.some((t) => t.status === 'UP'))
        impact = 'the connection runs on one tunnel with no failover';
      else impact = 'the other tunnel could not be confirmed UP';
      const notes: string[] = [];
      if (vpn.state === 'modifying')
        notes.push('The connection is modifying: a DOWN tunnel may be an endpoint replacement in progress.');
      if (vpn.routing === 'static' && down.length === 1)
        notes.push(
          'Static routing: a standby design may keep one tunnel DOWN, but there is then no failover.',
        );
      if (gaps.length > 0) notes.push(`Also: ${gaps.join('; ')}.`);
      const reason = [`${capitalize(listText(parts))}; ${impact}.`, ...notes].join(' ');
      return [makeFinding(ec2_20, vpn, 'FAIL', reason, details)];
    }
    if (gaps.length > 0) {
      return [
        makeFinding(ec2_20, vpn, 'ERROR', `Cannot confirm both tunnels UP: ${gaps.join('; ')}.`, details),
      ];
    }
    return [makeFinding(ec2_20, vpn, 'PASS', 'Both tunnels are UP.', details)];
  },
};

/** Longest DOWN first; DOWN with unknown duration after known ones; then UNKNOWN, then UP; ties by IP. */
export function sortTunnelsByDowntime(tunnels: TunnelDetail[]): TunnelDetail[] {
  const rank = { DOWN: 0, UNKNOWN: 1, UP: 2 } as const;
  return [...tunnels].sort(
    (a, b) =>
      rank[a.status] - rank[b.status] ||
      (b.downForSeconds ?? -1) - (a.downForSeconds ?? -1) ||
      a.outsideIpAddress.localeCompare(b.outsideIpAddress),
  );
}

function describeDown(tunnel: TunnelDetail, vpn: SiteToSiteVpn): string {
  let text = `tunnel ${tunnel.outsideIpAddress} DOWN`;
  if (tunnel.downForSeconds !== undefined && tunnel.lastStatusChange !== undefined) {
    text += ` for ${humanDuration(tunnel.downForSeconds)} (since ${tunnel.lastStatusChange})`;
  } else {
    text += ' (since unknown)';
  }
  if (tunnel.statusMessage !== '') text += ` "${tunnel.statusMessage}"`;
  if (vpn.routing === 'bgp' && /IPSEC IS UP/i.test(tunnel.statusMessage)) {
    text += ' (IPsec is up but the BGP session is not established)';
  }
  return text;
}

function dataGaps(vpn: SiteToSiteVpn): string[] {
  const gaps: string[] = [];
  const noTelemetry = vpn.tunnels.filter((t) => t.telemetry === undefined).map((t) => t.outsideIpAddress);
  if (noTelemetry.length > 0) gaps.push(`AWS returned no telemetry for ${listText(noTelemetry)}`);
  const unknown = vpn.tunnels.filter((t) => t.telemetry?.status === 'UNKNOWN').map((t) => t.outsideIpAddress);
  if (unknown.length > 0) gaps.push(`unrecognised telemetry status for ${listText(unknown)}`);
  if (vpn.tunnels.length < EXPECTED_TUNNELS) gaps.push(tunnelCountNote(vpn).trim().replace(/\.$/, ''));
  if (vpn.unmatchedTelemetry.length > 0) {
    gaps.push(`telemetry for ${listText(vpn.unmatchedTelemetry)} matches no tunnel of this connection`);
  }
  return gaps;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
