// The IaC fixture corpus (test/fixtures/iac): compliant and non-compliant Terraform, plan JSON and
// CloudFormation, with the status every control must get. Unknown values must never PASS.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIac } from './load.js';
import { evaluateIac } from './evaluate.js';
import type { IacFinding } from './evaluate.js';

const root = resolve(import.meta.dirname, '../../..');
const fixtures = (path: string) => resolve(root, 'test/fixtures/iac', path);

function lint(...paths: string[]): IacFinding[] {
  return evaluateIac(loadIac({ paths: paths.map(fixtures), root }).resources);
}

function statuses(findings: IacFinding[]): Record<string, string> {
  return Object.fromEntries(
    findings.filter((f) => f.control !== 'EC2.20').map((f) => [`${f.address} ${f.control}`, f.status]),
  );
}

function only(findings: IacFinding[], address: string, control: string): IacFinding {
  const found = findings.find((f) => f.address === address && f.control === control);
  if (!found) throw new Error(`no finding for ${address} ${control}`);
  return found;
}

describe('Terraform corpus', () => {
  const findings = lint('terraform');

  it('gives every resource and control the plan-time status', () => {
    expect(statuses(findings)).toEqual({
      'aws_vpn_connection.site_a EC2.183': 'PASS',
      'aws_vpn_connection.site_a EC2.171': 'PASS',
      'aws_ec2_client_vpn_endpoint.staff EC2.51': 'PASS',
      'aws_vpn_connection.defaults EC2.183': 'FAIL',
      'aws_vpn_connection.defaults EC2.171': 'FAIL',
      'aws_vpn_connection.empty_list EC2.183': 'FAIL',
      'aws_vpn_connection.empty_list EC2.171': 'FAIL',
      'aws_vpn_connection.legacy EC2.183': 'FAIL',
      'aws_vpn_connection.legacy EC2.171': 'PASS',
      'aws_vpn_connection.one_logged EC2.183': 'PASS',
      'aws_vpn_connection.one_logged EC2.171': 'FAIL',
      'aws_vpn_connection.from_caller EC2.183': 'UNKNOWN',
      'aws_vpn_connection.from_caller EC2.171': 'UNKNOWN',
      'aws_vpn_connection.from_defaults EC2.183': 'PASS',
      'aws_vpn_connection.from_defaults EC2.171': 'PASS',
      'aws_vpn_connection.tfvars_driven EC2.183': 'FAIL',
      'aws_vpn_connection.tfvars_driven EC2.171': 'PASS',
      'aws_vpn_connection.module_fed EC2.183': 'UNKNOWN',
      'aws_vpn_connection.module_fed EC2.171': 'PASS',
      'module.site_vpn EC2.183': 'UNKNOWN',
      'module.site_vpn EC2.171': 'UNKNOWN',
      'aws_vpn_connection.this EC2.183': 'UNKNOWN',
      'aws_vpn_connection.this EC2.171': 'FAIL',
      'aws_vpn_connection.dynamic_logs EC2.183': 'UNKNOWN',
      'aws_vpn_connection.dynamic_logs EC2.171': 'UNKNOWN',
      'aws_ec2_client_vpn_endpoint.contractors EC2.51': 'FAIL',
      'aws_ec2_client_vpn_endpoint.no_block EC2.51': 'FAIL',
    });
  });

  it('reports EC2.20 as not evaluable at plan time for every connection, never PASS', () => {
    const tunnelsUp = findings.filter((f) => f.control === 'EC2.20');
    expect(tunnelsUp.length).toBe(
      findings.filter((f) => f.control === 'EC2.183' && !f.address.startsWith('module.')).length,
    );
    expect(new Set(tunnelsUp.map((f) => f.status))).toEqual(new Set(['NOT_EVALUABLE']));
  });

  it('absent IKE versions fail because AWS defaults to ikev1 and ikev2', () => {
    expect(only(findings, 'aws_vpn_connection.defaults', 'EC2.183').message).toMatch(
      /tunnel1: IKE versions not set; AWS's default allows ikev1/,
    );
    expect(only(findings, 'aws_vpn_connection.empty_list', 'EC2.183').message).toMatch(
      /tunnel1: IKE versions list is empty.*tunnel2: IKE versions not set/,
    );
  });

  it('points at the failing line and the failing tunnel', () => {
    expect(only(findings, 'aws_vpn_connection.legacy', 'EC2.183')).toMatchObject({
      file: 'test/fixtures/iac/terraform/ikev1/main.tf',
      line: 5,
      message: 'tunnel1: IKE versions include ikev1',
    });
    expect(only(findings, 'aws_vpn_connection.one_logged', 'EC2.171')).toMatchObject({
      line: 17,
      message: 'tunnel2: CloudWatch tunnel logging disabled (false)',
    });
  });

  it('says why a value is unknown: variable without default, module output, dynamic block, registry module', () => {
    expect(only(findings, 'aws_vpn_connection.from_caller', 'EC2.183').message).toMatch(
      /var\.ike_versions has no default/,
    );
    expect(only(findings, 'aws_vpn_connection.from_caller', 'EC2.171').message).toMatch(
      /var\.log_enabled has no default/,
    );
    expect(only(findings, 'aws_vpn_connection.module_fed', 'EC2.183').message).toMatch(
      /module\.policy\.ike_versions is a module output/,
    );
    expect(only(findings, 'aws_vpn_connection.dynamic_logs', 'EC2.171').message).toMatch(/dynamic block/);
    expect(only(findings, 'module.site_vpn', 'EC2.183').message).toMatch(/terraform show -json/);
  });

  it('says where an evaluated value came from (defaults, locals, tfvars)', () => {
    expect(only(findings, 'aws_vpn_connection.from_defaults', 'EC2.183').message).toMatch(
      /from the default of var\.pinned_ike_versions/,
    );
    expect(only(findings, 'aws_vpn_connection.tfvars_driven', 'EC2.183').message).toMatch(
      /terraform\.tfvars/,
    );
    expect(only(findings, 'aws_vpn_connection.tfvars_driven', 'EC2.171').message).toMatch(
      /prod\.auto\.tfvars/,
    );
  });

  it('reports a local VPN module that is not scanned as unknown, and skips it when it is scanned', () => {
    expect(statuses(lint('terraform/modules/root'))['module.branch_vpn EC2.183']).toBe('UNKNOWN');
    expect(statuses(lint('terraform/modules'))['module.branch_vpn EC2.183']).toBeUndefined();
  });

  it('attaches a Terraform fix to FAIL and UNKNOWN, none to PASS', () => {
    expect(only(findings, 'aws_vpn_connection.legacy', 'EC2.183').fix).toContain(
      'tunnel2_ike_versions = ["ikev2"]',
    );
    expect(only(findings, 'aws_vpn_connection.one_logged', 'EC2.171').fix).toContain(
      'log_output_format = "json"',
    );
    expect(only(findings, 'aws_ec2_client_vpn_endpoint.contractors', 'EC2.51').fix).toContain(
      'connection_log_options',
    );
    expect(only(findings, 'aws_vpn_connection.site_a', 'EC2.183').fix).toBeUndefined();
  });
});

describe('Terraform plan JSON corpus', () => {
  const findings = lint('plan/plan.json');

  it('evaluates resource_changes, including module resources, skipping deletes and data sources', () => {
    expect(statuses(findings)).toEqual({
      'aws_vpn_connection.main EC2.183': 'PASS',
      'aws_vpn_connection.main EC2.171': 'PASS',
      'module.legacy.aws_vpn_connection.this EC2.183': 'FAIL',
      'module.legacy.aws_vpn_connection.this EC2.171': 'FAIL',
      'aws_vpn_connection.computed EC2.183': 'UNKNOWN',
      'aws_vpn_connection.computed EC2.171': 'UNKNOWN',
      'aws_ec2_client_vpn_endpoint.main EC2.51': 'PASS',
    });
  });

  it('reports after_unknown values as unknown, and locates resources in pretty-printed plans', () => {
    const computed = only(findings, 'aws_vpn_connection.computed', 'EC2.171');
    expect(computed.message).toMatch(/after_unknown/);
    expect(computed.line).toBeGreaterThan(1);
    expect(only(findings, 'module.legacy.aws_vpn_connection.this', 'EC2.183').message).toBe(
      "tunnel1: IKE versions not set; AWS's default allows ikev1 and ikev2; tunnel2: IKE versions include ikev1",
    );
  });
});

describe('CloudFormation corpus', () => {
  const findings = lint('cloudformation');

  it('evaluates YAML with intrinsic tags and JSON templates', () => {
    expect(statuses(findings)).toEqual({
      'Vpn EC2.183': 'PASS',
      'Vpn EC2.171': 'PASS',
      'ClientVpn EC2.51': 'PASS',
      'NoTunnelOptions EC2.183': 'FAIL',
      'NoTunnelOptions EC2.171': 'FAIL',
      'OneSpecOnly EC2.183': 'FAIL',
      'OneSpecOnly EC2.171': 'FAIL',
      'IkeV1Allowed EC2.183': 'FAIL',
      'IkeV1Allowed EC2.171': 'FAIL',
      'DecidedAtDeploy EC2.183': 'UNKNOWN',
      'DecidedAtDeploy EC2.171': 'UNKNOWN',
      'WholeListByCondition EC2.183': 'UNKNOWN',
      'WholeListByCondition EC2.171': 'UNKNOWN',
      'UnloggedClientVpn EC2.51': 'FAIL',
      'JsonVpn EC2.183': 'FAIL',
      'JsonVpn EC2.171': 'UNKNOWN',
      'JsonClientVpn EC2.51': 'PASS',
    });
  });

  it('a missing second tunnel specification fails: that tunnel gets AWS defaults', () => {
    expect(only(findings, 'OneSpecOnly', 'EC2.183').message).toBe(
      "VpnTunnelOptionsSpecifications[1]: IKE versions not set; AWS's default allows ikev1 and ikev2",
    );
  });

  it('reports lines in YAML and JSON and explains deploy-time values', () => {
    expect(only(findings, 'IkeV1Allowed', 'EC2.183')).toMatchObject({
      file: 'test/fixtures/iac/cloudformation/noncompliant.yaml',
      line: 38,
    });
    expect(only(findings, 'JsonVpn', 'EC2.183')).toMatchObject({
      file: 'test/fixtures/iac/cloudformation/noncompliant.json',
      line: 21,
    });
    expect(only(findings, 'DecidedAtDeploy', 'EC2.183').message).toMatch(
      /parameter IkeVersion has no default/,
    );
    expect(only(findings, 'DecidedAtDeploy', 'EC2.171').message).toMatch(/condition IsProd/);
    expect(only(findings, 'IkeV1Allowed', 'EC2.171').message).toMatch(
      /from the default of parameter LogTunnels/,
    );
  });

  it('attaches a CloudFormation fix that repeats the replacement caveat', () => {
    const fix = only(findings, 'NoTunnelOptions', 'EC2.183').fix!;
    expect(fix).toMatch(/REPLACES the connection/);
    expect(fix).toMatch(/IKEVersions: \[\{ Value: ikev2 \}\]/);
  });
});
