// The `large` scenario: an estate generated from parameters for benchmarks
// (`loadScenario(world, 'large', { accounts: '100', regions: '17', connectionsPerRegion: '100' })`).
// Settings and faults are spread deterministically by index so every run has the same mix: default,
// ikev1-only, ikev2-only and both-listed tunnels; logging off, on one tunnel or both; static and BGP;
// blocked endpoints, legacy and non-initiating gateways; a few pending and deleted connections.
// Lean by construction: tunnels share frozen option arrays and log option objects, and the initial
// states are not copied into the history (it would hold one entry per tunnel).
import { accessKeyId, secretAccessKey } from '../world/ids.js';
import { modernDevice, newClientVpnEndpoint, newCustomerGateway, newVpnConnection, newVpnGateway } from '../world/factory.js';
import type { CloudWatchLogOptions, IkeVersion, RegionState, VpnConnection } from '../world/types.js';
import { deriveTunnel } from '../world/vpn.js';
import type { World } from '../world/world.js';
import { ScenarioError } from './errors.js';
import type { LoadedAccount, LoadedScenario } from './load.js';
import { DEFAULT_REGIONS, accountRegions } from './regions.js';

export interface LargeEstateParams {
  accounts: number;
  regions: number;
  connectionsPerRegion: number;
  endpointsPerRegion: number;
}

const DEFAULTS: LargeEstateParams = { accounts: 10, regions: 17, connectionsPerRegion: 100, endpointsPerRegion: 2 };
const LIMITS: Record<keyof LargeEstateParams, number> = {
  accounts: 10_000,
  regions: DEFAULT_REGIONS.length,
  connectionsPerRegion: 10_000,
  endpointsPerRegion: 1_000,
};

export function parseLargeParams(params: Record<string, string>): LargeEstateParams {
  const parsed: LargeEstateParams = { ...DEFAULTS };
  for (const [key, value] of Object.entries(params)) {
    if (!(key in DEFAULTS)) {
      throw new ScenarioError('large', `params.${key}`, `unknown parameter: use ${Object.keys(DEFAULTS).join(', ')}`);
    }
    const name = key as keyof LargeEstateParams;
    const number = Number(value);
    const min = name === 'endpointsPerRegion' || name === 'connectionsPerRegion' ? 0 : 1;
    if (!/^\d+$/.test(value) || number < min || number > LIMITS[name]) {
      throw new ScenarioError('large', `params.${key}`, `expected an integer from ${min} to ${LIMITS[name]}, got "${value}"`);
    }
    parsed[name] = number;
  }
  return parsed;
}

const IKE_CHOICES: readonly (IkeVersion[] | undefined)[] = [
  undefined,
  Object.freeze(['ikev1']) as IkeVersion[],
  Object.freeze(['ikev2']) as IkeVersion[],
  Object.freeze(['ikev1', 'ikev2']) as IkeVersion[],
];
const CONNECTIONS_PER_GATEWAY = 5;
const LAZY_TUNNELS = [{ lazyPreSharedKey: true }, { lazyPreSharedKey: true }];
const DAY = 86_400_000;
const TUNNEL_LOG_GROUP = '/aws/vendedlogs/vpn/tunnels';

export function generateLargeEstate(world: World, rawParams: Record<string, string>): LoadedScenario {
  const params = parseLargeParams(rawParams);
  const now = world.now();
  const regionNames = DEFAULT_REGIONS.slice(0, params.regions);
  const accounts: LoadedAccount[] = [];
  let index = 0;
  for (let a = 0; a < params.accounts; a++) {
    const account: LoadedAccount = {
      accountId: String(100_000_000_000 + a),
      name: `estate-${String(a).padStart(4, '0')}`,
      accessKeyId: accessKeyId(),
      secretAccessKey: secretAccessKey(),
      management: a === 0,
    };
    world.addAccount({
      ...account,
      email: `${account.name}@example.com`,
      roles: a === 0 ? [] : ['OrganizationAccountAccessRole'],
      regions: accountRegions(),
    });
    accounts.push(account);
    for (const regionName of regionNames) {
      const region = world.region(account.accountId, regionName);
      index = populateRegion(world, region, params, index, now);
    }
  }
  return { name: 'large', accounts, defaultRegion: regionNames[0] ?? 'us-east-1' };
}

function populateRegion(world: World, region: RegionState, params: LargeEstateParams, start: number, now: number): number {
  const groupArn = `arn:aws:logs:${region.region}:${region.accountId}:log-group:${TUNNEL_LOG_GROUP}`;
  region.logGroups.set(TUNNEL_LOG_GROUP, {
    logGroupName: TUNNEL_LOG_GROUP,
    creationTime: now - 365 * DAY,
    retentionInDays: 365,
    tags: {},
    streams: new Map(),
    streamCreationTimes: new Map(),
  });
  // One frozen object per region: every logging tunnel of the region points at it.
  const loggingOn: CloudWatchLogOptions = Object.freeze({ logEnabled: true, logGroupArn: groupArn, logOutputFormat: 'json', bgpLogEnabled: false });
  const vgw = newVpnGateway(region, {});
  const transitGatewayId = `tgw-0${(start + 1).toString(16).padStart(16, '0')}`;
  region.transitGatewayIds.add(transitGatewayId);
  let index = start;
  let gatewayId = '';
  for (let c = 0; c < params.connectionsPerRegion; c++, index++) {
    if (c % CONNECTIONS_PER_GATEWAY === 0) gatewayId = newGateway(world, region, index / CONNECTIONS_PER_GATEWAY);
    const conn = newVpnConnection(world, region, {
      customerGatewayId: gatewayId,
      vpnGatewayId: index % 7 === 3 ? undefined : vgw.vpnGatewayId,
      transitGatewayId: index % 7 === 3 ? transitGatewayId : undefined,
      staticRoutesOnly: index % 2 === 0,
      state: index % 97 === 1 ? 'deleted' : index % 89 === 2 ? 'pending' : 'available',
      tags: { Name: `site-${index}`, env: index % 3 === 0 ? 'prod' : 'nonprod' },
      createdAt: now - ((index % 700) + 1) * DAY,
      tunnels: LAZY_TUNNELS,
      skipInitialDerivation: true,
    });
    configureTunnels(conn, index, loggingOn);
    if (index % 29 === 5) {
      // The far side's firewall blocks the second endpoint (the seed story's fault, at estate scale).
      const device = region.customerGateways.get(gatewayId)!.device;
      device.blockedEndpoints = [...device.blockedEndpoints, conn.tunnels[1].options.outsideIpAddress];
    }
  }
  // Derive after every gateway fact is in place; the status began some days ago.
  for (const conn of region.vpnConnections.values()) {
    const device = region.customerGateways.get(conn.customerGatewayId)?.device;
    for (const tunnel of conn.tunnels) {
      const derived = deriveTunnel(conn, tunnel, device, now);
      Object.assign(tunnel.telemetry, derived, { lastStatusChange: now - ((conn.createdAt % 90) + 1) * DAY });
    }
  }
  for (let e = 0; e < params.endpointsPerRegion; e++) {
    const logged = (start + e) % 2 === 0;
    if (logged && !region.logGroups.has('/aws/clientvpn/connections')) {
      region.logGroups.set('/aws/clientvpn/connections', {
        logGroupName: '/aws/clientvpn/connections',
        creationTime: now - 365 * DAY,
        retentionInDays: 90,
        tags: {},
        streams: new Map([['connection-log', []]]),
        streamCreationTimes: new Map(),
      });
    }
    newClientVpnEndpoint(world, region, {
      description: `remote access ${e}`,
      status: (start + e) % 31 === 4 ? 'deleted' : 'available',
      logging: logged
        ? { enabled: true, cloudwatchLogGroup: '/aws/clientvpn/connections', cloudwatchLogStream: 'connection-log' }
        : { enabled: false },
      creationTime: now - (e + 10) * DAY,
    });
  }
  return index;
}

function newGateway(world: World, region: RegionState, gatewayIndex: number): string {
  const k = Math.floor(gatewayIndex);
  const cgw = newCustomerGateway(world, region, {
    bgpAsn: String(65000 + (k % 500)),
    device: modernDevice({
      ikeVersions: k % 25 === 3 ? ['ikev1'] : ['ikev1', 'ikev2'],
      initiates: k % 40 !== 7,
      bgpSessionUp: k % 50 !== 11,
      advertisedRoutes: 1 + (k % 4),
    }),
  });
  return cgw.customerGatewayId;
}

function configureTunnels(conn: VpnConnection, index: number, loggingOn: CloudWatchLogOptions): void {
  conn.tunnels.forEach((tunnel, t) => {
    const options = tunnel.options;
    options.ikeVersions = IKE_CHOICES[(index + t * (index % 5 === 0 ? 1 : 0)) % IKE_CHOICES.length];
    const ikev2Only = options.ikeVersions?.length === 1 && options.ikeVersions[0] === 'ikev2';
    if (ikev2Only && index % 3 !== 1) options.startupAction = 'start';
    const logging = index % 3;
    if (logging === 2 || (logging === 1 && t === 0)) options.logOptions = loggingOn;
  });
}
