// Loading a scenario into a World: a bundled name (seed-story, org, empty, large) or a path to a .yaml,
// .yml or .json file. Errors are one line naming the file, the path inside it and what was expected.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { accessKeyId as newAccessKeyId, secretAccessKey as newSecretAccessKey } from '../world/ids.js';
import {
  DuplicateOutsideIpError,
  modernDevice,
  newClientVpnEndpoint,
  newCustomerGateway,
  newVpnConnection,
  newVpnGateway,
  type TunnelSpec,
} from '../world/factory.js';
import { optionsViolation, applyTunnelPatch, defaultTunnelOptions, type TunnelOptionsPatch } from '../world/tunnel-options.js';
import { writeTunnelLogs } from '../world/tunnel-logs.js';
import type { CustomerGateway, RegionState, VpnConnection } from '../world/types.js';
import { deriveTunnel, initialTelemetry, scheduleAvailable } from '../world/vpn.js';
import type { World } from '../world/world.js';
import { ScenarioError } from './errors.js';
import { generateLargeEstate } from './large.js';
import { accountRegions, isEnabled } from './regions.js';
import { durationMs, scenarioSchema, type RegionResources, type Scenario, type ScenarioAccount, type ScenarioTunnel } from './schema.js';

export { ScenarioError };

export interface LoadedAccount {
  accountId: string;
  name: string;
  accessKeyId: string;
  secretAccessKey: string;
  management: boolean;
}

export interface LoadedScenario {
  name: string;
  accounts: LoadedAccount[];
  defaultRegion: string;
}

const SCENARIO_DIR = dirname(fileURLToPath(import.meta.url));
export const BUNDLED_SCENARIOS = ['seed-story', 'org', 'empty', 'large'] as const;

/** `accounts[0].resources.us-east-1.vpnConnections[2]` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const got = 'input' in issue ? ((issue as { input?: unknown }).input === undefined ? 'nothing' : JSON.stringify((issue as { input?: unknown }).input)) : undefined;
  switch (issue.code) {
    case 'invalid_value':
      return `expected ${issue.values.map(String).join('|')}, got ${got ?? 'another value'}`;
    case 'invalid_type':
      return `expected ${issue.expected}, got ${got ?? 'another type'}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}: remove ${issue.keys.length > 1 ? 'them' : 'it'} or fix the spelling`;
    case 'invalid_key':
      return `${issue.message}${got ? `, got ${got}` : ''}`;
    default:
      return got && !issue.message.includes('got') ? `${issue.message}, got ${got}` : issue.message;
  }
}

/** The issue to report for a failed record key: zod nests the key's own issue inside. */
function firstIssue(issues: readonly z.core.$ZodIssue[]): { issue: z.core.$ZodIssue; path: PropertyKey[] } | undefined {
  const issue = issues[0];
  if (!issue) return undefined;
  if (issue.code === 'invalid_key' && issue.issues.length > 0) {
    const inner = firstIssue(issue.issues);
    if (inner) return { issue: inner.issue, path: [...issue.path, ...inner.path] };
  }
  return { issue, path: [...issue.path] };
}

export function validateScenario(data: unknown, file: string): Scenario {
  const parsed = scenarioSchema.safeParse(data, { reportInput: true });
  if (parsed.success) return parsed.data;
  const first = firstIssue(parsed.error.issues);
  if (!first) throw new ScenarioError(file, '', 'invalid scenario');
  throw new ScenarioError(file, formatPath(first.path), describeIssue(first.issue));
}

function readScenarioFile(path: string): unknown {
  const file = basename(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ScenarioError(file, '', `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'}): check the path`);
  }
  try {
    if (path.endsWith('.json')) return JSON.parse(text) as unknown;
    const data = parseYaml(text, { prettyErrors: false, logLevel: 'error' }) as unknown;
    // An alias inside its own anchor (&a [*a]) builds a circular value that later steps cannot print.
    if (isCircular(data)) throw new Error('an alias refers to the node that contains it');
    return data;
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? 'syntax error';
    throw new ScenarioError(file, '', `not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${message}`);
  }
}

function isCircular(value: unknown, ancestors: Set<object> = new Set()): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (ancestors.has(value)) return true;
  ancestors.add(value);
  const children: unknown[] = value instanceof Map ? [...value.values()] : Object.values(value);
  const circular = children.some((child) => isCircular(child, ancestors));
  ancestors.delete(value);
  return circular;
}

/** Resolve a bundled name or a path; a name that is neither is a one-line error listing the bundled ones. */
export function resolveScenarioPath(source: string): string {
  if (/\.(ya?ml|json)$/i.test(source) || source.includes('/') || source.includes('\\')) return source;
  const bundled = join(SCENARIO_DIR, `${source}.yaml`);
  if (existsSync(bundled)) return bundled;
  throw new ScenarioError(source, '', `no such scenario: use one of ${BUNDLED_SCENARIOS.join(', ')} or a path to a .yaml/.yml/.json file`);
}

export function loadScenario(world: World, source: string, params: Record<string, string> = {}): LoadedScenario {
  if (source === 'large') return generateLargeEstate(world, params);
  const path = resolveScenarioPath(source);
  const file = basename(path);
  const scenario = validateScenario(readScenarioFile(path), file);
  return buildScenario(world, scenario, file);
}

/** Build a validated scenario into the world (exported for tests that build scenarios in code). */
export function buildScenario(world: World, scenario: Scenario, file: string): LoadedScenario {
  const seen = new Set<string>();
  const accounts = scenario.accounts.map((account, index) => {
    const at = `accounts[${index}]`;
    if (seen.has(account.id)) throw new ScenarioError(file, `${at}.id`, `account ${account.id} is listed twice`);
    seen.add(account.id);
    if (world.account(account.id)) throw new ScenarioError(file, `${at}.id`, `account ${account.id} already exists in this lab`);
    return buildAccount(world, account, file, at);
  });
  return {
    name: scenario.name,
    accounts,
    defaultRegion: scenario.defaultRegion ?? firstResourceRegion(scenario) ?? 'us-east-1',
  };
}

function firstResourceRegion(scenario: Scenario): string | undefined {
  for (const account of scenario.accounts) {
    const first = Object.keys(account.resources ?? {})[0];
    if (first) return first;
  }
  return undefined;
}

function buildAccount(world: World, account: ScenarioAccount, file: string, at: string): LoadedAccount {
  const regions = accountRegions(account.optedInRegions ?? []);
  const loaded: LoadedAccount = {
    accountId: account.id,
    name: account.name,
    accessKeyId: account.accessKeyId ?? newAccessKeyId(),
    secretAccessKey: account.secretAccessKey ?? newSecretAccessKey(),
    management: account.management ?? false,
  };
  world.addAccount({
    accountId: account.id,
    name: account.name,
    email: account.email ?? `${account.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@example.com`,
    management: loaded.management,
    roles: account.roles ?? [],
    regions,
    accessKeyId: loaded.accessKeyId,
    secretAccessKey: loaded.secretAccessKey,
  });
  for (const [regionName, resources] of Object.entries(account.resources ?? {})) {
    if (!resources) continue;
    const regionAt = `${at}.resources.${regionName}`;
    const info = regions.find((region) => region.regionName === regionName);
    if (!info || !isEnabled(info)) {
      throw new ScenarioError(file, regionAt, `${regionName} is an opt-in region this account has not enabled: add it to optedInRegions`);
    }
    buildRegion(world, world.region(account.id, regionName), resources, file, regionAt);
  }
  return loaded;
}

function buildRegion(world: World, region: RegionState, resources: RegionResources, file: string, at: string): void {
  const now = world.now();
  const fail = (path: string, problem: string): never => {
    throw new ScenarioError(file, `${at}.${path}`, problem);
  };
  (resources.logGroups ?? []).forEach((group, index) => {
    if (region.logGroups.has(group.name)) fail(`logGroups[${index}].name`, `log group ${group.name} is listed twice`);
    region.logGroups.set(group.name, {
      logGroupName: group.name,
      creationTime: now - 400 * 86_400_000,
      retentionInDays: group.retentionInDays,
      tags: group.tags ?? {},
      streams: new Map(),
      streamCreationTimes: new Map(),
    });
  });
  for (const id of resources.transitGateways ?? []) region.transitGatewayIds.add(id);
  for (const topic of resources.snsTopics ?? []) {
    const topicArn = `arn:aws:sns:${region.region}:${region.accountId}:${topic.name}`;
    region.topics.set(topicArn, { topicArn, name: topic.name, attributes: {}, tags: topic.tags ?? {} });
  }

  const gatewaysByName = new Map<string, CustomerGateway>();
  (resources.customerGateways ?? []).forEach((spec, index) => {
    if (gatewaysByName.has(spec.name)) fail(`customerGateways[${index}].name`, `customer gateway name ${spec.name} is used twice`);
    const cgw = newCustomerGateway(world, region, {
      customerGatewayId: spec.id,
      ipAddress: spec.ipAddress,
      bgpAsn: spec.bgpAsn === undefined ? undefined : String(spec.bgpAsn),
      deviceName: spec.deviceName,
      tags: spec.tags,
      device: modernDevice(spec.device),
    });
    gatewaysByName.set(spec.name, cgw);
  });
  const vpnGatewayIds = new Map<string, string>();
  (resources.vpnGateways ?? []).forEach((spec, index) => {
    if (vpnGatewayIds.has(spec.name)) fail(`vpnGateways[${index}].name`, `VPN gateway name ${spec.name} is used twice`);
    const vgw = newVpnGateway(region, { vpnGatewayId: spec.id, amazonSideAsn: spec.amazonSideAsn, vpcId: spec.vpcId, tags: spec.tags });
    vpnGatewayIds.set(spec.name, vgw.vpnGatewayId);
  });

  const logGroupArn = (name: string, path: string): string => {
    if (!region.logGroups.has(name)) fail(path, `log group ${name} does not exist here: add it to logGroups of this region`);
    return `arn:aws:logs:${region.region}:${region.accountId}:log-group:${name}`;
  };

  const built: { conn: VpnConnection; since: [number, number] }[] = [];
  (resources.vpnConnections ?? []).forEach((spec, index) => {
    const path = `vpnConnections[${index}]`;
    const cgw = gatewaysByName.get(spec.customerGateway) ?? region.customerGateways.get(spec.customerGateway);
    if (!cgw) fail(`${path}.customerGateway`, `no customer gateway named ${spec.customerGateway} in this region`);
    if (spec.vpnGateway && spec.transitGateway) fail(path, 'give either vpnGateway or transitGateway, not both');
    if (!spec.vpnGateway && !spec.transitGateway) fail(path, 'give the vpnGateway or transitGateway the connection attaches to');
    const vpnGatewayId = spec.vpnGateway ? (vpnGatewayIds.get(spec.vpnGateway) ?? spec.vpnGateway) : undefined;
    if (vpnGatewayId && !region.vpnGateways.has(vpnGatewayId)) fail(`${path}.vpnGateway`, `no VPN gateway named ${spec.vpnGateway} in this region`);
    if (spec.transitGateway && !region.transitGatewayIds.has(spec.transitGateway)) {
      fail(`${path}.transitGateway`, `transit gateway ${spec.transitGateway} is not listed under transitGateways`);
    }
    if (spec.id && region.vpnConnections.has(spec.id)) fail(`${path}.id`, `connection ${spec.id} is listed twice`);
    const createdAt = now - durationMs(spec.createdAgo ?? '30d');
    const tunnels = (spec.tunnels ?? []).map((tunnel, t) => tunnelSpec(tunnel, `${path}.tunnels[${t}]`, logGroupArn, fail));
    let conn: VpnConnection;
    try {
      conn = newVpnConnection(world, region, {
        vpnConnectionId: spec.id,
        customerGatewayId: cgw!.customerGatewayId,
        vpnGatewayId,
        transitGatewayId: spec.transitGateway,
        staticRoutesOnly: spec.staticRoutesOnly,
        state: spec.state ?? 'available',
        tunnels,
        routes: spec.routes,
        tags: spec.tags,
        createdAt,
        telemetryReversed: spec.telemetryReversed,
      });
    } catch (error) {
      if (error instanceof DuplicateOutsideIpError) return fail(`${path}.tunnels`, `${error.message}: outside IPs are unique in a lab`);
      throw error;
    }
    // Far-side facts named per tunnel become the gateway's behaviour towards that tunnel's endpoint.
    (spec.tunnels ?? []).forEach((tunnel, t) => {
      const ip = conn.tunnels[t]!.options.outsideIpAddress;
      const device = cgw!.device;
      if (tunnel.firewallBlocked) device.blockedEndpoints = [...device.blockedEndpoints, ip];
      if (tunnel.pskMismatch) device.pskMismatch = [...device.pskMismatch, ip];
      if (tunnel.proposalMismatch) device.proposalMismatch = [...device.proposalMismatch, ip];
    });
    const since = conn.tunnels.map((_, t) => {
      const ago = spec.tunnels?.[t]?.statusSince;
      return ago === undefined ? createdAt : now - durationMs(ago);
    }) as [number, number];
    if (spec.availableAfter) {
      if (conn.state !== 'pending') fail(`${path}.availableAfter`, 'only a pending connection becomes available later');
      scheduleAfter(world, region, conn, durationMs(spec.availableAfter));
    }
    built.push({ conn, since });
  });

  // Derive every tunnel now that all gateways know their per-tunnel facts, then record the initial history
  // and the log lines of the transition that led to each status.
  for (const { conn, since } of built) {
    const device = region.customerGateways.get(conn.customerGatewayId)?.device;
    conn.tunnels.forEach((tunnel, t) => {
      tunnel.telemetry = initialTelemetry(deriveTunnel(conn, tunnel, device, since[t]!), tunnel.options.outsideIpAddress, since[t]!);
      const telemetry = tunnel.telemetry;
      world.recordStatusChange({
        time: since[t]!,
        accountId: region.accountId,
        region: region.region,
        vpnConnectionId: conn.vpnConnectionId,
        outsideIpAddress: telemetry.outsideIpAddress,
        status: telemetry.status,
        statusMessage: telemetry.statusMessage,
        cause: telemetry.cause,
      });
      const previous = { ...telemetry, status: telemetry.status === 'UP' ? ('DOWN' as const) : ('UP' as const), cause: undefined };
      writeTunnelLogs(world, region, conn, tunnel, previous, since[t]!);
    });
  }

  (resources.clientVpnEndpoints ?? []).forEach((spec, index) => {
    const path = `clientVpnEndpoints[${index}]`;
    if (spec.id && region.clientVpnEndpoints.has(spec.id)) fail(`${path}.id`, `endpoint ${spec.id} is listed twice`);
    const creationTime = now - durationMs(spec.createdAgo ?? '120d');
    let logging: { enabled: boolean; cloudwatchLogGroup?: string; cloudwatchLogStream?: string } = { enabled: false };
    if (spec.logging) {
      const group = region.logGroups.get(spec.logging.logGroup);
      if (!group) fail(`${path}.logging.logGroup`, `log group ${spec.logging.logGroup} does not exist here: add it to logGroups of this region`);
      const stream = spec.logging.logStream ?? 'connection-log';
      if (!group!.streams.has(stream)) group!.streams.set(stream, []);
      logging = { enabled: true, cloudwatchLogGroup: spec.logging.logGroup, cloudwatchLogStream: stream };
    }
    newClientVpnEndpoint(world, region, {
      clientVpnEndpointId: spec.id,
      description: spec.description,
      status: spec.status,
      transportProtocol: spec.transportProtocol,
      clientCidrBlock: spec.clientCidrBlock,
      logging,
      tags: spec.tags,
      creationTime,
    });
  });
}

function scheduleAfter(world: World, region: RegionState, conn: VpnConnection, delayMs: number): void {
  const pendingSeconds = world.pendingSeconds;
  world.pendingSeconds = delayMs / 1000;
  scheduleAvailable(world, region, conn, world.now());
  world.pendingSeconds = pendingSeconds;
}

function tunnelSpec(
  tunnel: ScenarioTunnel,
  path: string,
  logGroupArn: (name: string, path: string) => string,
  fail: (path: string, problem: string) => never,
): TunnelSpec {
  const options: TunnelOptionsPatch = {
    ikeVersions: tunnel.ikeVersions,
    startupAction: tunnel.startupAction,
    dpdTimeoutAction: tunnel.dpdTimeoutAction,
    dpdTimeoutSeconds: tunnel.dpdTimeoutSeconds,
    logOptions: tunnel.logging
      ? { logEnabled: true, logGroupArn: logGroupArn(tunnel.logging.logGroup, `${path}.logging.logGroup`), logOutputFormat: tunnel.logging.format ?? 'json' }
      : undefined,
  };
  // The same rules AWS applies to CreateVpnConnection (e.g. start needs IKEv2).
  const violation = optionsViolation(applyTunnelPatch(defaultTunnelOptions('0.0.0.0', '169.254.10.0/30', 'probe'), options));
  if (violation) fail(path, violation.message);
  return { outsideIpAddress: tunnel.outsideIpAddress, options, forcedDown: tunnel.forcedDown };
}
