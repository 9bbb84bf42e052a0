// Tunnel options: AWS's defaults, the partial update ModifyVpnTunnelOptions applies, and the rules a set of
// options must satisfy. Pure functions over plain data; the EC2 service parses the wire into a patch and
// the scenario loader builds one from YAML, so both obey the same rules.
import { isValidPreSharedKey, isValidTunnelInsideCidr } from './ids.js';
import type { CloudWatchLogOptions, IkeVersion, TunnelOptions } from './types.js';

export const IKE_VERSIONS: readonly IkeVersion[] = Object.freeze(['ikev1', 'ikev2']);
export const ENCRYPTION_ALGORITHMS = Object.freeze(['AES128', 'AES256', 'AES128-GCM-16', 'AES256-GCM-16']);
export const INTEGRITY_ALGORITHMS = Object.freeze(['SHA1', 'SHA2-256', 'SHA2-384', 'SHA2-512']);
export const PHASE1_DH_GROUPS = Object.freeze([2, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
export const PHASE2_DH_GROUPS = Object.freeze([2, 5, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
export const DPD_TIMEOUT_ACTIONS = Object.freeze(['clear', 'none', 'restart'] as const);
export const STARTUP_ACTIONS = Object.freeze(['add', 'start'] as const);
export const LOG_OUTPUT_FORMATS = Object.freeze(['json', 'text'] as const);

/**
 * Logging off, as AWS creates every tunnel. Shared and frozen: a change always installs a new object, so
 * tens of thousands of default tunnels cost one object.
 */
export const LOGGING_OFF: CloudWatchLogOptions = Object.freeze({ logEnabled: false, bgpLogEnabled: false });

/** The options AWS gives a tunnel created without any TunnelOptions (the algorithm lists share frozen arrays). */
export function defaultTunnelOptions(outsideIpAddress: string, tunnelInsideCidr: string, preSharedKey: string): TunnelOptions {
  return {
    outsideIpAddress,
    tunnelInsideCidr,
    preSharedKey,
    phase1LifetimeSeconds: 28800,
    phase2LifetimeSeconds: 3600,
    rekeyMarginTimeSeconds: 270,
    rekeyFuzzPercentage: 100,
    replayWindowSize: 1024,
    dpdTimeoutSeconds: 30,
    dpdTimeoutAction: 'clear',
    phase1EncryptionAlgorithms: ENCRYPTION_ALGORITHMS as string[],
    phase2EncryptionAlgorithms: ENCRYPTION_ALGORITHMS as string[],
    phase1IntegrityAlgorithms: INTEGRITY_ALGORITHMS as string[],
    phase2IntegrityAlgorithms: INTEGRITY_ALGORITHMS as string[],
    phase1DHGroupNumbers: PHASE1_DH_GROUPS as number[],
    phase2DHGroupNumbers: PHASE2_DH_GROUPS as number[],
    ikeVersions: undefined,
    startupAction: 'add',
    logOptions: LOGGING_OFF,
    enableTunnelLifecycleControl: false,
  };
}

/** The fields a caller may change on one tunnel; absent = unchanged. */
export interface TunnelOptionsPatch {
  tunnelInsideCidr?: string;
  preSharedKey?: string;
  phase1LifetimeSeconds?: number;
  phase2LifetimeSeconds?: number;
  rekeyMarginTimeSeconds?: number;
  rekeyFuzzPercentage?: number;
  replayWindowSize?: number;
  dpdTimeoutSeconds?: number;
  dpdTimeoutAction?: TunnelOptions['dpdTimeoutAction'];
  phase1EncryptionAlgorithms?: string[];
  phase2EncryptionAlgorithms?: string[];
  phase1IntegrityAlgorithms?: string[];
  phase2IntegrityAlgorithms?: string[];
  phase1DHGroupNumbers?: number[];
  phase2DHGroupNumbers?: number[];
  ikeVersions?: IkeVersion[];
  startupAction?: TunnelOptions['startupAction'];
  /** Only the members sent; merged over the current log options. */
  logOptions?: Partial<CloudWatchLogOptions>;
  enableTunnelLifecycleControl?: boolean;
}

/** A rule the options break: the AWS error code and a message that never quotes a pre-shared key. */
export interface OptionsViolation {
  code: 'InvalidParameterValue' | 'InvalidParameterCombination';
  message: string;
}

/** The options after a partial update (nothing is mutated; untouched members keep their shared values). */
export function applyTunnelPatch(current: TunnelOptions, patch: TunnelOptionsPatch): TunnelOptions {
  const { logOptions, ...rest } = patch;
  const next: TunnelOptions = { ...current };
  for (const [key, value] of Object.entries(rest)) {
    if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
  }
  if (logOptions) next.logOptions = mergeLogOptions(current.logOptions, logOptions);
  return next;
}

function mergeLogOptions(current: CloudWatchLogOptions, patch: Partial<CloudWatchLogOptions>): CloudWatchLogOptions {
  const merged: CloudWatchLogOptions = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  // AWS reports the default format once logging is on and no format was chosen.
  if (merged.logEnabled && merged.logOutputFormat === undefined) merged.logOutputFormat = 'json';
  if (merged.bgpLogEnabled && merged.bgpLogOutputFormat === undefined) merged.bgpLogOutputFormat = 'json';
  return merged;
}

const inRange = (value: number | undefined, min: number, max: number): boolean =>
  value === undefined || (Number.isInteger(value) && value >= min && value <= max);

/** Checks on the values of a patch alone (enums, ranges, formats). */
export function patchValueViolation(patch: TunnelOptionsPatch): OptionsViolation | undefined {
  const invalid = (message: string): OptionsViolation => ({ code: 'InvalidParameterValue', message });
  if (patch.tunnelInsideCidr !== undefined && !isValidTunnelInsideCidr(patch.tunnelInsideCidr)) {
    return invalid(`The tunnel inside CIDR ${patch.tunnelInsideCidr} is not a valid /30 in 169.254.0.0/16 or is reserved.`);
  }
  if (patch.preSharedKey !== undefined && !isValidPreSharedKey(patch.preSharedKey)) {
    // The key itself is never echoed back.
    return invalid(
      'The pre-shared key must be 8 to 64 characters of letters, digits, periods and underscores, and cannot start with zero.',
    );
  }
  if (!inRange(patch.phase1LifetimeSeconds, 900, 28800)) return invalid('Phase1LifetimeSeconds must be between 900 and 28800.');
  if (!inRange(patch.phase2LifetimeSeconds, 900, 3600)) return invalid('Phase2LifetimeSeconds must be between 900 and 3600.');
  if (!inRange(patch.rekeyFuzzPercentage, 0, 100)) return invalid('RekeyFuzzPercentage must be between 0 and 100.');
  if (!inRange(patch.replayWindowSize, 64, 2048)) return invalid('ReplayWindowSize must be between 64 and 2048.');
  if (!inRange(patch.dpdTimeoutSeconds, 30, Number.MAX_SAFE_INTEGER)) return invalid('DPDTimeoutSeconds must be 30 or greater.');
  if (!inRange(patch.rekeyMarginTimeSeconds, 60, Number.MAX_SAFE_INTEGER)) {
    return invalid('RekeyMarginTimeSeconds must be 60 or greater.');
  }
  return undefined;
}

/** Checks on the options as a whole after the patch (relations between fields). */
export function optionsViolation(options: TunnelOptions): OptionsViolation | undefined {
  if (options.phase2LifetimeSeconds >= options.phase1LifetimeSeconds) {
    return { code: 'InvalidParameterCombination', message: 'Phase2LifetimeSeconds must be less than Phase1LifetimeSeconds.' };
  }
  if (options.rekeyMarginTimeSeconds > options.phase2LifetimeSeconds / 2) {
    return {
      code: 'InvalidParameterCombination',
      message: 'RekeyMarginTimeSeconds must be at most half of Phase2LifetimeSeconds.',
    };
  }
  // AWS initiates IKE only with IKEv2, so `start` needs a tunnel restricted to a list that contains ikev2.
  if (options.startupAction === 'start' && !(options.ikeVersions ?? []).includes('ikev2')) {
    return {
      code: 'InvalidParameterCombination',
      message: 'StartupAction start is supported only for tunnels that use IKEv2: set IKEVersions to ikev2.',
    };
  }
  const log = options.logOptions;
  if (log.logEnabled && !log.logGroupArn) {
    return { code: 'InvalidParameterCombination', message: 'LogGroupArn is required when LogEnabled is true.' };
  }
  if (log.bgpLogEnabled && !log.bgpLogGroupArn) {
    return { code: 'InvalidParameterCombination', message: 'BgpLogGroupArn is required when BgpLogEnabled is true.' };
  }
  return undefined;
}

/** The IKE versions a tunnel accepts: absent means AWS's default, both. */
export function acceptedIkeVersions(options: TunnelOptions): readonly IkeVersion[] {
  return options.ikeVersions && options.ikeVersions.length > 0 ? options.ikeVersions : IKE_VERSIONS;
}

/** `arn:aws:logs:REGION:ACCOUNT:log-group:NAME` (optionally with `:*`), or undefined when it is not one. */
export function parseLogGroupArn(arn: string): { region: string; accountId: string; logGroupName: string } | undefined {
  const match = /^arn:aws[a-z-]*:logs:([a-z0-9-]+):(\d{12}):log-group:(.+?)(:\*)?$/.exec(arn);
  if (!match) return undefined;
  return { region: match[1]!, accountId: match[2]!, logGroupName: match[3]! };
}
