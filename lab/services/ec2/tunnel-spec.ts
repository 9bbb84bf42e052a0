// The wire form of a tunnel options specification (CreateVpnConnection's Options.TunnelOptions.N and
// ModifyVpnTunnelOptions' TunnelOptions) -> a TunnelOptionsPatch, with EC2's enum and type checks.
// Wire names are the model's query names: `IKEVersion.1.Value`, `Phase1DHGroupNumber.2.Value`, ...
import {
  DPD_TIMEOUT_ACTIONS,
  ENCRYPTION_ALGORITHMS,
  IKE_VERSIONS,
  INTEGRITY_ALGORITHMS,
  LOG_OUTPUT_FORMATS,
  PHASE1_DH_GROUPS,
  PHASE2_DH_GROUPS,
  STARTUP_ACTIONS,
  patchValueViolation,
  type TunnelOptionsPatch,
} from '../../world/tunnel-options.js';
import type { CloudWatchLogOptions, IkeVersion } from '../../world/types.js';
import { LabError } from '../types.js';
import { invalidParameterValue } from './common.js';

type Raw = Record<string, unknown>;

const TUNNEL_MEMBERS = new Set([
  'TunnelInsideCidr',
  'TunnelInsideIpv6Cidr',
  'PreSharedKey',
  'Phase1LifetimeSeconds',
  'Phase2LifetimeSeconds',
  'RekeyMarginTimeSeconds',
  'RekeyFuzzPercentage',
  'ReplayWindowSize',
  'DPDTimeoutSeconds',
  'DPDTimeoutAction',
  'Phase1EncryptionAlgorithm',
  'Phase2EncryptionAlgorithm',
  'Phase1IntegrityAlgorithm',
  'Phase2IntegrityAlgorithm',
  'Phase1DHGroupNumber',
  'Phase2DHGroupNumber',
  'IKEVersion',
  'StartupAction',
  'LogOptions',
  'EnableTunnelLifecycleControl',
]);
const LOG_MEMBERS = new Set([
  'LogEnabled',
  'LogGroupArn',
  'LogOutputFormat',
  'BgpLogEnabled',
  'BgpLogGroupArn',
  'BgpLogOutputFormat',
]);

const unknownParameter = (name: string): LabError => new LabError('UnknownParameter', `The parameter ${name} is not recognized`);

function asObject(value: unknown, path: string): Raw {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidParameterValue(`Value at '${path}' must be a structure.`);
  return value as Raw;
}

function text(raw: Raw, name: string, path: string): string | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidParameterValue(`Value at '${path}.${name}' must be a string.`);
  return value;
}

function integer(raw: Raw, name: string, path: string): number | undefined {
  const value = text(raw, name, path);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw invalidParameterValue(`Value (${value}) for parameter ${name} is invalid. Expected an integer.`);
  return Number(value);
}

function boolean(raw: Raw, name: string, path: string): boolean | undefined {
  const value = text(raw, name, path);
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') throw invalidParameterValue(`Value (${value}) for parameter ${name} is invalid. Expected a boolean.`);
  return value === 'true';
}

function oneOf<T extends string>(raw: Raw, name: string, path: string, allowed: readonly T[]): T | undefined {
  const value = text(raw, name, path);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalidParameterValue(`Value (${value}) for parameter ${name} is invalid. Valid values: ${allowed.join(', ')}`);
  }
  return value as T;
}

/** `Name.N.Value` lists; every value must be one of `allowed`. */
function valueList<T extends string | number>(raw: Raw, name: string, path: string, allowed: readonly T[]): T[] | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  const entries = Array.isArray(value) ? value : [value];
  const parsed = entries.map((entry: unknown) => {
    const item = asObject(entry, `${path}.${name}`);
    const rawValue = item.Value;
    if (typeof rawValue !== 'string') throw invalidParameterValue(`Each ${name} needs a Value.`);
    const typed = (typeof allowed[0] === 'number' ? Number(rawValue) : rawValue) as T;
    if (!allowed.includes(typed)) {
      throw invalidParameterValue(`Value (${rawValue}) for parameter ${name} is invalid. Valid values: ${allowed.join(', ')}`);
    }
    return typed;
  });
  if (parsed.length === 0) return undefined;
  // AWS stores a set: duplicates collapse, order of first appearance kept.
  return [...new Set(parsed)];
}

function logOptions(raw: Raw | undefined, path: string): Partial<CloudWatchLogOptions> | undefined {
  if (raw === undefined) return undefined;
  for (const key of Object.keys(raw)) if (key !== 'CloudWatchLogOptions') throw unknownParameter(`${path}.${key}`);
  if (raw.CloudWatchLogOptions === undefined) return undefined;
  const cw = asObject(raw.CloudWatchLogOptions, `${path}.CloudWatchLogOptions`);
  const at = `${path}.CloudWatchLogOptions`;
  for (const key of Object.keys(cw)) if (!LOG_MEMBERS.has(key)) throw unknownParameter(`${at}.${key}`);
  const patch: Partial<CloudWatchLogOptions> = {
    logEnabled: boolean(cw, 'LogEnabled', at),
    logGroupArn: text(cw, 'LogGroupArn', at),
    logOutputFormat: oneOf(cw, 'LogOutputFormat', at, LOG_OUTPUT_FORMATS),
    bgpLogEnabled: boolean(cw, 'BgpLogEnabled', at),
    bgpLogGroupArn: text(cw, 'BgpLogGroupArn', at),
    bgpLogOutputFormat: oneOf(cw, 'BgpLogOutputFormat', at, LOG_OUTPUT_FORMATS),
  };
  return patch;
}

/** Parse one tunnel specification; throws LabError (InvalidParameterValue / UnknownParameter) on bad input. */
export function parseTunnelSpecification(value: unknown, path: string): TunnelOptionsPatch {
  const raw = asObject(value, path);
  for (const key of Object.keys(raw)) if (!TUNNEL_MEMBERS.has(key)) throw unknownParameter(`${path}.${key}`);
  if (raw.TunnelInsideIpv6Cidr !== undefined) {
    throw invalidParameterValue('TunnelInsideIpv6Cidr applies only to connections with tunnelInsideIpVersion ipv6.');
  }
  const patch: TunnelOptionsPatch = {
    tunnelInsideCidr: text(raw, 'TunnelInsideCidr', path),
    preSharedKey: text(raw, 'PreSharedKey', path),
    phase1LifetimeSeconds: integer(raw, 'Phase1LifetimeSeconds', path),
    phase2LifetimeSeconds: integer(raw, 'Phase2LifetimeSeconds', path),
    rekeyMarginTimeSeconds: integer(raw, 'RekeyMarginTimeSeconds', path),
    rekeyFuzzPercentage: integer(raw, 'RekeyFuzzPercentage', path),
    replayWindowSize: integer(raw, 'ReplayWindowSize', path),
    dpdTimeoutSeconds: integer(raw, 'DPDTimeoutSeconds', path),
    dpdTimeoutAction: oneOf(raw, 'DPDTimeoutAction', path, DPD_TIMEOUT_ACTIONS),
    phase1EncryptionAlgorithms: valueList(raw, 'Phase1EncryptionAlgorithm', path, ENCRYPTION_ALGORITHMS),
    phase2EncryptionAlgorithms: valueList(raw, 'Phase2EncryptionAlgorithm', path, ENCRYPTION_ALGORITHMS),
    phase1IntegrityAlgorithms: valueList(raw, 'Phase1IntegrityAlgorithm', path, INTEGRITY_ALGORITHMS),
    phase2IntegrityAlgorithms: valueList(raw, 'Phase2IntegrityAlgorithm', path, INTEGRITY_ALGORITHMS),
    phase1DHGroupNumbers: valueList(raw, 'Phase1DHGroupNumber', path, PHASE1_DH_GROUPS),
    phase2DHGroupNumbers: valueList(raw, 'Phase2DHGroupNumber', path, PHASE2_DH_GROUPS),
    ikeVersions: valueList<IkeVersion>(raw, 'IKEVersion', path, IKE_VERSIONS),
    startupAction: oneOf(raw, 'StartupAction', path, STARTUP_ACTIONS),
    logOptions: logOptions(raw.LogOptions === undefined ? undefined : asObject(raw.LogOptions, `${path}.LogOptions`), `${path}.LogOptions`),
    enableTunnelLifecycleControl: boolean(raw, 'EnableTunnelLifecycleControl', path),
  };
  const violation = patchValueViolation(patch);
  if (violation) throw new LabError(violation.code, violation.message);
  return patch;
}

/** True when the patch changes nothing (an empty TunnelOptions). */
export function isEmptyPatch(patch: TunnelOptionsPatch): boolean {
  return Object.values(patch).every((value) => value === undefined);
}
