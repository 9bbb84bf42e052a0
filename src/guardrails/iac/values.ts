// Plan-time values are three-valued: known, absent (not written, so AWS's default applies) or
// unknown (decided later: a variable without a default, a module output, a value known after
// apply). The linter never turns unknown into PASS.

export type PlanValue =
  | { kind: 'known'; value: unknown; /** where the value came from when not written inline */ via?: string }
  | { kind: 'absent' }
  | { kind: 'unknown'; reason: string };

export const ABSENT: PlanValue = { kind: 'absent' };

export function known(value: unknown, via?: string): PlanValue {
  return via === undefined ? { kind: 'known', value } : { kind: 'known', value, via };
}

export function unknown(reason: string): PlanValue {
  return { kind: 'unknown', reason };
}

/** A setting of one resource as read from IaC: its value and the line it is written on. */
export interface Setting {
  value: PlanValue;
  line: number | undefined;
}

export interface TunnelSettings {
  /** "tunnel1" / "tunnel2" in Terraform, "VpnTunnelOptionsSpecifications[0]" in CloudFormation. */
  label: string;
  ikeVersions: Setting;
  logEnabled: Setting;
}

export type IacFormat = 'terraform' | 'terraform-plan' | 'cloudformation';

interface IacResourceBase {
  format: IacFormat;
  file: string;
  line: number;
  /** Terraform address (aws_vpn_connection.main) or CloudFormation logical id. */
  address: string;
}

export interface IacVpnConnection extends IacResourceBase {
  kind: 'vpn-connection';
  tunnels: [TunnelSettings, TunnelSettings];
}

export interface IacClientVpnEndpoint extends IacResourceBase {
  kind: 'client-vpn-endpoint';
  connectionLogEnabled: Setting;
}

/** A module or nested stack whose VPN resources are not visible in the files scanned. */
export interface IacOpaqueModule extends IacResourceBase {
  kind: 'opaque-module';
  reason: string;
  /** Which resource kinds it probably creates (from its name and source). */
  creates: ('vpn-connection' | 'client-vpn-endpoint')[];
}

export type IacResource = IacVpnConnection | IacClientVpnEndpoint | IacOpaqueModule;

export function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
