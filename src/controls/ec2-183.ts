// EC2.183: every tunnel must be explicitly restricted to IKEv2. An absent or empty IkeVersions list is AWS's
// default (ikev1 + ikev2) and fails, exactly like Security Hub ("does not explicitly restrict to IKEv2").
import type { SiteToSiteVpn, Tunnel } from '../model/types.js';
import {
  EXPECTED_TUNNELS,
  listText,
  makeFinding,
  notApplicable,
  tunnelCountNote,
  tunnelDetail,
} from './finding.js';
import type { EvaluationContext, SiteToSiteControl } from './types.js';

export const ec2_183: SiteToSiteControl = {
  id: 'EC2.183',
  checkId: 'vpn-ike-v2-only',
  title: 'EC2 VPN connections should use IKEv2 protocol',
  severity: 'MEDIUM',
  resourceType: 'AWS::EC2::VPNConnection',
  configRule: 'ec2-vpn-connection-ike-version-check',
  category: 'Protect > Data Protection > Encryption of data-in-transit',
  appliesTo: 'site-to-site',
  description:
    "Reads Options.TunnelOptions[].IkeVersions of every tunnel. Fails when any tunnel's list contains ikev1, " +
    "or is absent or empty: AWS's default for a tunnel with no explicit list is ikev1 and ikev2, so only an explicit " +
    '["ikev2"] on both tunnels passes. The version a live session negotiated does not matter: a configuration that ' +
    'still permits IKEv1 permits a downgrade.',
  risk:
    'IKEv1 dates from 1998 and is deprecated (RFC 9395; NIST SP 800-77 r1 recommends IKEv2). Its aggressive mode ' +
    'has known pre-shared-key weaknesses, it historically allows weaker algorithms, and without MOBIKE it needs a full ' +
    'new handshake on every address change. A tunnel that still accepts IKEv1 is one customer gateway ' +
    'misconfiguration away from negotiating it.',
  remediation: {
    text:
      'Confirm the customer gateway supports IKEv2, then set IKEVersions to ikev2 on one tunnel, wait until the ' +
      'connection is available and that tunnel is UP again, and only then change the other tunnel. Each change ' +
      "replaces that tunnel's endpoint, so it drops briefly; never change both tunnels at once.",
    cli: [
      'aws ec2 modify-vpn-tunnel-options \\',
      '  --vpn-connection-id <VPN_CONNECTION_ID> \\',
      '  --vpn-tunnel-outside-ip-address <TUNNEL_OUTSIDE_IP> \\',
      `  --tunnel-options '{"IKEVersions":[{"Value":"ikev2"}]}'`,
      '# wait: describe-vpn-connections shows State=available and this tunnel UP; then repeat for the other tunnel',
    ].join('\n'),
    terraform: [
      'resource "aws_vpn_connection" "this" {',
      '  # ...',
      '  tunnel1_ike_versions = ["ikev2"]',
      '  tunnel2_ike_versions = ["ikev2"]',
      '}',
    ].join('\n'),
    cloudformation: [
      'Type: AWS::EC2::VPNConnection',
      'Properties:',
      '  VpnTunnelOptionsSpecifications:',
      '    - IKEVersions: [{ Value: ikev2 }]',
      '    - IKEVersions: [{ Value: ikev2 }]',
      '# Caveat: AWS documents this update as Replacement for an existing connection (new tunnel IPs and',
      '# pre-shared keys): use it for new connections; change existing ones with the CLI or Terraform.',
    ].join('\n'),
  },
  docsUrl: 'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-183',
  relatedRequirements: [],
  evaluate(vpn: SiteToSiteVpn, { now }: EvaluationContext) {
    const skipped = notApplicable(ec2_183, vpn);
    if (skipped) return [skipped];
    const details = vpn.tunnels.map((tunnel) => tunnelDetail(tunnel, now));
    const offenders = vpn.tunnels.filter(allowsIkev1).map(describeOffender);
    const missing = vpn.tunnels.length < EXPECTED_TUNNELS ? tunnelCountNote(vpn) : '';
    if (offenders.length > 0) {
      const subject = offenders.length === 1 ? 'Tunnel' : 'Tunnels';
      return [
        makeFinding(
          ec2_183,
          vpn,
          'FAIL',
          `${subject} ${listText(offenders)} allow${offenders.length === 1 ? 's' : ''} IKEv1; restrict every tunnel to ikev2.${missing}`,
          details,
        ),
      ];
    }
    if (missing !== '') {
      return [makeFinding(ec2_183, vpn, 'ERROR', `Cannot confirm IKEv2 on all tunnels.${missing}`, details)];
    }
    return [makeFinding(ec2_183, vpn, 'PASS', 'Both tunnels accept only ikev2.', details)];
  },
};

function allowsIkev1(tunnel: Tunnel): boolean {
  return (
    tunnel.ikeVersions === undefined ||
    tunnel.ikeVersions.length === 0 ||
    tunnel.ikeVersions.includes('ikev1')
  );
}

function describeOffender(tunnel: Tunnel): string {
  const ip = tunnel.outsideIpAddress;
  if (tunnel.ikeVersions === undefined) return `${ip} (IKE versions absent = AWS default ikev1+ikev2)`;
  if (tunnel.ikeVersions.length === 0) return `${ip} (IKE versions empty = AWS default ikev1+ikev2)`;
  return `${ip} (${tunnel.ikeVersions.join('+')})`;
}
