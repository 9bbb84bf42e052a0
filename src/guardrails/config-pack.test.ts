/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- the tests read untyped template data */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildConformancePack, conformancePackNotes, renderConformancePack } from './config-pack.js';

describe('AWS Config conformance pack guardrail', () => {
  it('has the four managed rules behind the controls, scoped to their resource types', () => {
    const pack = parse(renderConformancePack()) as {
      Resources: Record<string, { Type: string; Properties: Record<string, any> }>;
    };
    expect(pack).toEqual(buildConformancePack());
    const rules = Object.values(pack.Resources);
    expect(
      rules.every((r) => r.Type === 'AWS::Config::ConfigRule' && r.Properties.Source.Owner === 'AWS'),
    ).toBe(true);
    expect(
      Object.fromEntries(
        rules.map((r) => [r.Properties.Source.SourceIdentifier, r.Properties.Scope.ComplianceResourceTypes]),
      ),
    ).toEqual({
      EC2_VPN_CONNECTION_IKE_VERSION_CHECK: ['AWS::EC2::VPNConnection'],
      VPC_VPN_2_TUNNELS_UP: ['AWS::EC2::VPNConnection'],
      EC2_VPN_CONNECTION_LOGGING_ENABLED: ['AWS::EC2::VPNConnection'],
      EC2_CLIENT_VPN_CONNECTION_LOG_ENABLED: ['AWS::EC2::ClientVpnEndpoint'],
    });
    expect(rules.map((r) => r.Properties.ConfigRuleName).sort()).toEqual([
      'ec2-client-vpn-connection-log-enabled',
      'ec2-vpn-connection-ike-version-check',
      'ec2-vpn-connection-logging-enabled',
      'vpc-vpn-2-tunnels-up',
    ]);
  });

  it('notes unavailable regions and the tunnel-state lag, in the file and for stderr', () => {
    const notes = conformancePackNotes().join('\n');
    expect(notes).toMatch(/vpc-vpn-2-tunnels-up.*24 hours/);
    expect(notes).toMatch(/ec2-vpn-connection-ike-version-check.*me-south-1 \(Bahrain\)/);
    expect(notes).toMatch(/ec2-client-vpn-connection-log-enabled.*il-central-1 \(Tel Aviv\)/);
    expect(notes).toMatch(/unverified/);
    const comments = renderConformancePack()
      .split('\n')
      .filter((l) => l.startsWith('#'))
      .join('\n');
    expect(comments).toMatch(/24 hours/);
  });
});
