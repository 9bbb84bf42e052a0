import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderTerraform } from './terraform.js';
import { DEFAULT_GENERATOR_OPTIONS, parseGeneratorOptions } from './options.js';
import { readTerraformModule } from './iac/terraform-source.js';
import { evaluateIac } from './iac/evaluate.js';
import { parseHcl, findBlocks, findAttribute } from './iac/hcl.js';

const tf = renderTerraform(DEFAULT_GENERATOR_OPTIONS);
const body = parseHcl(tf);
const resource = (type: string, name: string) =>
  findBlocks(body, 'resource').find((b) => b.labels[0] === type && b.labels[1] === name)!;

describe('Terraform guardrail', () => {
  it('lints clean with vpnguard iac: every evaluable control passes', () => {
    const findings = evaluateIac(
      readTerraformModule({
        files: [{ path: 'main.tf', content: tf }],
        tfvars: [],
        isLocalModuleScanned: () => false,
      }),
    );
    expect(
      findings.filter((f) => f.control !== 'EC2.20').map((f) => [f.address, f.control, f.status]),
    ).toEqual([
      ['aws_vpn_connection.this', 'EC2.183', 'PASS'],
      ['aws_vpn_connection.this', 'EC2.171', 'PASS'],
      ['aws_ec2_client_vpn_endpoint.this', 'EC2.51', 'PASS'],
    ]);
    expect(findings.find((f) => f.control === 'EC2.20')?.status).toBe('NOT_EVALUABLE');
  });

  it('pins both tunnels: ikev2, start, restart, and log options with log_output_format', () => {
    const vpn = resource('aws_vpn_connection', 'this');
    for (const n of [1, 2]) {
      expect(findAttribute(vpn.body, `tunnel${n}_ike_versions`)?.expr).toMatchObject({
        type: 'tuple',
        items: [{ type: 'template', parts: ['ikev2'] }],
      });
      expect(tf).toContain(`tunnel${n}_startup_action = "start"`);
      expect(tf).toContain(`tunnel${n}_dpd_timeout_action = "restart"`);
      const cw = findBlocks(
        findBlocks(vpn.body, `tunnel${n}_log_options`)[0]!.body,
        'cloudwatch_log_options',
      )[0]!;
      expect(cw.body.attributes.map((a) => a.name).sort()).toEqual([
        'log_enabled',
        'log_group_arn',
        'log_output_format',
      ]);
    }
    expect(tf).toMatch(/perpetual diff/);
  });

  it('alarms per tunnel on TunnelState with VpnId and TunnelIpAddress', () => {
    const alarm = resource('aws_cloudwatch_metric_alarm', 'tunnel_down');
    const text = tf.slice(tf.indexOf('resource "aws_cloudwatch_metric_alarm"'));
    expect(findAttribute(alarm.body, 'for_each')).toBeDefined();
    expect(tf).toMatch(/tunnel1 = aws_vpn_connection\.this\.tunnel1_address/);
    expect(tf).toMatch(/tunnel2 = aws_vpn_connection\.this\.tunnel2_address/);
    for (const expected of [
      /namespace\s+= "AWS\/VPN"/,
      /metric_name\s+= "TunnelState"/,
      /VpnId\s+= aws_vpn_connection\.this\.id/,
      /TunnelIpAddress = each\.value/,
      /statistic\s+= "Minimum"/,
      /comparison_operator = "LessThanThreshold"/,
      /threshold\s+= 1\n/,
      /treat_missing_data = "breaching"/,
      /alarm_actions\s+= var\.alarm_actions/,
    ]) {
      expect(text).toMatch(expected);
    }
    expect(tf).toMatch(/variable "alarm_period_seconds"[\s\S]*?default\s+= 300/);
    expect(tf).toMatch(/variable "alarm_evaluation_periods"[\s\S]*?default\s+= 3/);
  });

  it('logs Client VPN connections to a log group with retention', () => {
    expect(tf).toMatch(
      /connection_log_options \{\n\s+enabled\s+= true\n\s+cloudwatch_log_group\s+= aws_cloudwatch_log_group\.client_vpn\[0\]\.name\n\s+cloudwatch_log_stream = /,
    );
    expect(tf.match(/retention_in_days = var\.log_retention_days/g)).toHaveLength(2);
  });

  it('takes the name and retention options', () => {
    const custom = renderTerraform(parseGeneratorOptions({ name: 'branch-7', logRetentionDays: '90' }));
    expect(custom).toMatch(/variable "name" \{[\s\S]*?default\s+= "branch-7"/);
    expect(custom).toMatch(/variable "log_retention_days" \{[\s\S]*?default\s+= 90\n/);
    expect(() => parseGeneratorOptions({ logRetentionDays: '42' })).toThrow(/retention period/);
    expect(() => parseGeneratorOptions({ name: 'bad name"' })).toThrow(/--name/);
  });

  const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' });
  it.skipIf(terraform.status !== 0)(
    'is formatted as terraform fmt formats it (runs when terraform is installed)',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'vpnguard-tf-'));
      writeFileSync(join(dir, 'main.tf'), tf);
      const result = spawnSync('terraform', ['fmt', '-check', '-diff', 'main.tf'], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(result.stdout).toBe('');
      expect(result.status).toBe(0);
      expect(readFileSync(join(dir, 'main.tf'), 'utf8')).toBe(tf);
    },
  );
});
