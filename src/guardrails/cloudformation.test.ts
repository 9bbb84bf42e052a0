/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read untyped template data */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  CFN_ALARM_CHOICE,
  CFN_REPLACEMENT_CAVEAT,
  buildCloudFormationTemplate,
  renderCloudFormationJson,
  renderCloudFormationYaml,
} from './cloudformation.js';
import { CFN_YAML_TAGS } from './cfn-intrinsics.js';
import { DEFAULT_GENERATOR_OPTIONS, parseGeneratorOptions } from './options.js';
import { parseTemplate, readCloudFormation } from './iac/cloudformation-source.js';
import { evaluateIac } from './iac/evaluate.js';

const template = buildCloudFormationTemplate(DEFAULT_GENERATOR_OPTIONS) as Record<string, any>;
const resources = template.Resources as Record<string, any>;
const yamlText = renderCloudFormationYaml(DEFAULT_GENERATOR_OPTIONS);
const jsonText = renderCloudFormationJson(DEFAULT_GENERATOR_OPTIONS);

function lint(file: string, text: string) {
  return evaluateIac(readCloudFormation(file, parseTemplate(file, text))).map((f) => [
    f.address,
    f.control,
    f.status,
  ]);
}

describe('CloudFormation guardrail', () => {
  it('lints clean with vpnguard iac in YAML and JSON form', () => {
    const expected = [
      ['VpnConnection', 'EC2.183', 'PASS'],
      ['VpnConnection', 'EC2.171', 'PASS'],
      ['VpnConnection', 'EC2.20', 'NOT_EVALUABLE'],
      ['ClientVpnEndpoint', 'EC2.51', 'PASS'],
    ];
    expect(lint('template.yaml', yamlText)).toEqual(expected);
    expect(lint('template.json', jsonText)).toEqual(expected);
  });

  it('writes short-form intrinsics in YAML that read back as the JSON form', () => {
    expect(yamlText).toMatch(/CustomerGatewayId: !Ref CustomerGatewayId/);
    expect(yamlText).toMatch(/Value: !GetAtt VpnTunnelLogGroup\.Arn/);
    expect(yamlText).toMatch(/LogGroupName: !Sub \/aws\/vendedlogs\/vpn\/\$\{Name\}/);
    expect(yamlText).toMatch(/AWSTemplateFormatVersion: '2010-09-09'/);
    const longForm = CFN_YAML_TAGS.map((tag) => ({
      ...tag,
      resolve: (value: unknown) => {
        const name = tag.tag.slice(1);
        const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
        const plain =
          typeof value === 'object' && value !== null && 'toJSON' in value
            ? (value as { toJSON: () => unknown }).toJSON()
            : value;
        return { [key]: name === 'GetAtt' && typeof plain === 'string' ? plain.split('.') : plain };
      },
    }));
    expect(parse(yamlText, { customTags: longForm as never })).toEqual(JSON.parse(jsonText));
  });

  it('configures both tunnels with CloudwatchLogOptions (CloudFormation capitalisation)', () => {
    const specs = resources.VpnConnection.Properties.VpnTunnelOptionsSpecifications as Record<string, any>[];
    expect(specs).toHaveLength(2);
    for (const spec of specs) {
      expect(spec.IKEVersions).toEqual([{ Value: 'ikev2' }]);
      expect(spec.StartupAction).toBe('start');
      expect(spec.DPDTimeoutAction).toBe('restart');
      expect(Object.keys(spec.LogOptions)).toEqual(['CloudwatchLogOptions']);
      expect(spec.LogOptions.CloudwatchLogOptions).toMatchObject({
        LogEnabled: true,
        LogOutputFormat: 'json',
      });
    }
    expect(resources.VpnTunnelLogGroup.Properties.RetentionInDays).toEqual({ Ref: 'LogRetentionInDays' });
    expect(template.Parameters.LogRetentionInDays.Default).toBe(365);
  });

  it('always alarms on the connection, and per tunnel once the outside IPs are given', () => {
    const connectionAlarm = resources.VpnConnectionTunnelDownAlarm;
    expect(connectionAlarm.Condition).toBeUndefined();
    expect(connectionAlarm.Properties).toMatchObject({
      Namespace: 'AWS/VPN',
      MetricName: 'TunnelState',
      Dimensions: [{ Name: 'VpnId', Value: { Ref: 'VpnConnection' } }],
      Statistic: 'Minimum',
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      Period: 300,
      EvaluationPeriods: 3,
      TreatMissingData: 'breaching',
    });
    for (const n of [1, 2]) {
      const alarm = resources[`Tunnel${n}DownAlarm`];
      expect(alarm.Condition).toBe(`HasTunnel${n}OutsideIp`);
      expect(alarm.Properties.Dimensions).toEqual([
        { Name: 'VpnId', Value: { Ref: 'VpnConnection' } },
        { Name: 'TunnelIpAddress', Value: { Ref: `Tunnel${n}OutsideIpAddress` } },
      ]);
    }
    expect(CFN_ALARM_CHOICE).toMatch(/no tunnel outside IP attributes/);
  });

  it('enables Client VPN connection logging to its own log group', () => {
    expect(resources.ClientVpnEndpoint.Properties.ConnectionLogOptions).toEqual({
      Enabled: true,
      CloudwatchLogGroup: { Ref: 'ClientVpnLogGroup' },
      CloudwatchLogStream: { Ref: 'ClientVpnLogStream' },
    });
  });

  it('carries the replacement caveat as a comment, in the Description and for stderr', () => {
    expect(
      yamlText
        .split('\n')
        .filter((l) => l.startsWith('#'))
        .join(' '),
    ).toMatch(/CAVEAT: On an EXISTING AWS::EC2::VPNConnection/);
    expect(template.Description).toMatch(/REPLACE the connection/);
    expect((template.Description as string).length).toBeLessThanOrEqual(1024);
    expect(CFN_REPLACEMENT_CAVEAT).toMatch(/new tunnel outside IP addresses and new pre-shared keys/);
  });

  it('uses the name and retention options', () => {
    const custom = buildCloudFormationTemplate(
      parseGeneratorOptions({ name: 'hq', logRetentionDays: '30' }),
    ) as Record<string, any>;
    expect(custom.Parameters.Name.Default).toBe('hq');
    expect(custom.Parameters.LogRetentionInDays.Default).toBe(30);
  });
});
