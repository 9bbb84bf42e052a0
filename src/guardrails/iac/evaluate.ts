// The four controls with plan-time semantics: absent IKE versions fail (AWS's default allows
// ikev1), both tunnels must log, Client VPN logging must be on, EC2.20 is runtime state. Values
// that are decided later are UNKNOWN with the reason, never PASS.
import type { Severity } from '../../model/types.js';
import type { ControlId } from '../controls.js';
import { CONTROLS } from '../controls.js';
import { fixSnippet } from './fixes.js';
import type {
  IacClientVpnEndpoint,
  IacFormat,
  IacOpaqueModule,
  IacResource,
  IacVpnConnection,
  PlanValue,
  Setting,
  TunnelSettings,
} from './values.js';

export type IacStatus = 'PASS' | 'FAIL' | 'UNKNOWN' | 'NOT_EVALUABLE';

export interface IacFinding {
  file: string;
  line: number;
  address: string;
  format: IacFormat;
  resourceType: 'AWS::EC2::VPNConnection' | 'AWS::EC2::ClientVpnEndpoint';
  control: ControlId;
  title: string;
  severity: Severity;
  status: IacStatus;
  message: string;
  /** For FAIL and UNKNOWN: the snippet that makes the resource pass. */
  fix: string | undefined;
}

interface Verdict {
  status: Exclude<IacStatus, 'NOT_EVALUABLE'>;
  message: string;
  line: number | undefined;
}

function via(value: PlanValue): string {
  return value.kind === 'known' && value.via ? ` (from ${value.via})` : '';
}

export function ikeVerdict(label: string, setting: Setting): Verdict {
  const { value, line } = setting;
  if (value.kind === 'unknown')
    return {
      status: 'UNKNOWN',
      message: `${label}: IKE versions unknown at plan time: ${value.reason}`,
      line,
    };
  if (value.kind === 'absent') {
    return {
      status: 'FAIL',
      message: `${label}: IKE versions not set; AWS's default allows ikev1 and ikev2`,
      line,
    };
  }
  const versions = Array.isArray(value.value) ? value.value : [value.value];
  if (versions.length === 0)
    return {
      status: 'FAIL',
      message: `${label}: IKE versions list is empty, so AWS's default (ikev1 and ikev2) applies${via(value)}`,
      line,
    };
  const normalized = versions.map((v) => String(v).toLowerCase());
  if (normalized.includes('ikev1'))
    return { status: 'FAIL', message: `${label}: IKE versions include ikev1${via(value)}`, line };
  if (normalized.every((v) => v === 'ikev2'))
    return { status: 'PASS', message: `${label}: ikev2 only${via(value)}`, line };
  return {
    status: 'FAIL',
    message: `${label}: IKE versions ${JSON.stringify(versions)} are not exactly ["ikev2"]${via(value)}`,
    line,
  };
}

function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

export function loggingVerdict(label: string, setting: Setting, what: string): Verdict {
  const { value, line } = setting;
  if (value.kind === 'unknown')
    return { status: 'UNKNOWN', message: `${label}: ${what} unknown at plan time: ${value.reason}`, line };
  if (value.kind === 'absent')
    return { status: 'FAIL', message: `${label}: ${what} not configured (off by default)`, line };
  if (isTrue(value.value)) return { status: 'PASS', message: `${label}: ${what} enabled${via(value)}`, line };
  return {
    status: 'FAIL',
    message: `${label}: ${what} disabled (${JSON.stringify(value.value)})${via(value)}`,
    line,
  };
}

/** A connection fails if any tunnel fails, is unknown if any tunnel is unknown, passes otherwise. */
function combine(verdicts: Verdict[], resourceLine: number): Verdict {
  for (const status of ['FAIL', 'UNKNOWN'] as const) {
    const matching = verdicts.filter((v) => v.status === status);
    if (matching.length > 0) {
      return {
        status,
        message: matching.map((v) => v.message).join('; '),
        line: matching[0]!.line ?? resourceLine,
      };
    }
  }
  return { status: 'PASS', message: verdicts.map((v) => v.message).join('; '), line: resourceLine };
}

function finding(
  resource: IacResource,
  control: ControlId,
  verdict: { status: IacStatus; message: string; line: number | undefined },
): IacFinding {
  const meta = CONTROLS[control];
  return {
    file: resource.file,
    line: verdict.line ?? resource.line,
    address: resource.address,
    format: resource.format,
    resourceType: meta.resourceType,
    control,
    title: meta.title,
    severity: meta.severity,
    status: verdict.status,
    message: verdict.message,
    fix:
      verdict.status === 'FAIL' || verdict.status === 'UNKNOWN'
        ? fixSnippet(resource.format, control)
        : undefined,
  };
}

function evaluateConnection(resource: IacVpnConnection): IacFinding[] {
  const tunnels: TunnelSettings[] = resource.tunnels;
  return [
    finding(
      resource,
      'EC2.183',
      combine(
        tunnels.map((t) => ikeVerdict(t.label, t.ikeVersions)),
        resource.line,
      ),
    ),
    finding(
      resource,
      'EC2.171',
      combine(
        tunnels.map((t) => loggingVerdict(t.label, t.logEnabled, 'CloudWatch tunnel logging')),
        resource.line,
      ),
    ),
    finding(resource, 'EC2.20', {
      status: 'NOT_EVALUABLE',
      message:
        'tunnel state is runtime state: not evaluable at plan time (vpnguard scan and the TunnelState alarms cover it)',
      line: resource.line,
    }),
  ];
}

function evaluateClientVpn(resource: IacClientVpnEndpoint): IacFinding[] {
  const verdict = loggingVerdict(
    'connection_log_options',
    resource.connectionLogEnabled,
    'client connection logging',
  );
  return [
    finding(resource, 'EC2.51', {
      ...verdict,
      message: verdict.message.replace(/^connection_log_options: /, ''),
    }),
  ];
}

function evaluateOpaque(resource: IacOpaqueModule): IacFinding[] {
  const controls: ControlId[] = resource.creates.includes('client-vpn-endpoint')
    ? ['EC2.51']
    : ['EC2.183', 'EC2.171'];
  return controls.map((control) =>
    finding(resource, control, { status: 'UNKNOWN', message: resource.reason, line: resource.line }),
  );
}

export function evaluateIac(resources: IacResource[]): IacFinding[] {
  return resources.flatMap((resource) => {
    switch (resource.kind) {
      case 'vpn-connection':
        return evaluateConnection(resource);
      case 'client-vpn-endpoint':
        return evaluateClientVpn(resource);
      case 'opaque-module':
        return evaluateOpaque(resource);
    }
  });
}
