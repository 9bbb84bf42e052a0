// Client VPN endpoints: DescribeClientVpnEndpoints (paginated) and ModifyClientVpnEndpoint (changes only
// what it is sent; connection logging needs a log group that exists).
import { randomHex } from '../../world/ids.js';
import type { ClientVpnEndpoint, RegionState } from '../../world/types.js';
import { compareStrings, paginate } from '../params.js';
import { LabError, type Handler } from '../types.js';
import {
  checkDryRun,
  ec2Params,
  filterPredicate,
  incorrectState,
  invalidCombination,
  invalidParameterValue,
  lookupIds,
  quoteIds,
  readFilters,
  stringList,
  type FilterFields,
} from './common.js';
import { clientVpnEndpointShape } from './shapes.js';

const endpointNotFound = (ids: string[]): LabError =>
  new LabError(
    'InvalidClientVpnEndpointId.NotFound',
    ids.length === 1 ? `The Client VPN endpoint ID '${ids[0]}' does not exist` : `The Client VPN endpoint IDs ${quoteIds(ids)} do not exist`,
  );

const ENDPOINT_FILTERS: FilterFields<ClientVpnEndpoint> = {
  'endpoint-id': (endpoint) => endpoint.clientVpnEndpointId,
  'transport-protocol': (endpoint) => endpoint.transportProtocol,
};

export const describeClientVpnEndpoints: Handler = (world, call) => {
  const region = world.region(call.accountId, call.region);
  const reader = ec2Params(call);
  const ids = stringList(reader, 'ClientVpnEndpointId', call.params);
  const maxResults = reader.int('MaxResults');
  if (maxResults !== undefined && (maxResults < 5 || maxResults > 1000)) {
    throw invalidParameterValue(`Value ( ${maxResults} ) for parameter maxResults is invalid. Parameter must be between 5 and 1000.`);
  }
  const nextToken = reader.string('NextToken');
  const matches = filterPredicate(readFilters(call), ENDPOINT_FILTERS, (endpoint) => endpoint.tags);
  checkDryRun(call);
  const candidates = ids.length > 0 ? lookupIds(ids, region.clientVpnEndpoints, endpointNotFound) : [...region.clientVpnEndpoints.values()];
  const sorted = candidates.filter(matches).sort((a, b) => compareStrings(a.clientVpnEndpointId, b.clientVpnEndpointId));
  const { page, nextToken: next } = paginate(
    sorted,
    (endpoint) => endpoint.clientVpnEndpointId,
    maxResults ?? 1000,
    nextToken,
    () => invalidParameterValue('The specified NextToken is not valid.'),
  );
  return {
    clientVpnEndpoint: page.map((endpoint) => clientVpnEndpointShape(endpoint, call.region, call.accountId)),
    nextToken: next,
  };
};

/** The new connection log options, or undefined when the request does not touch them. */
function connectionLogOptions(
  raw: Record<string, unknown> | undefined,
  endpoint: ClientVpnEndpoint,
  region: RegionState,
  now: number,
): ClientVpnEndpoint['connectionLogOptions'] | undefined {
  if (raw === undefined) return undefined;
  const enabledRaw = raw.Enabled;
  if (enabledRaw !== undefined && enabledRaw !== 'true' && enabledRaw !== 'false') {
    throw invalidParameterValue('Value for parameter ConnectionLogOptions.Enabled is invalid: expected true or false.');
  }
  const enabled = enabledRaw === undefined ? endpoint.connectionLogOptions.enabled : enabledRaw === 'true';
  if (!enabled) return { enabled: false };
  const groupName = typeof raw.CloudwatchLogGroup === 'string' ? raw.CloudwatchLogGroup : undefined;
  if (!groupName) throw invalidCombination('CloudwatchLogGroup must be specified when connection logging is enabled.');
  const group = region.logGroups.get(groupName);
  if (!group) throw invalidParameterValue(`The CloudWatch Logs log group ${groupName} does not exist.`);
  let streamName = typeof raw.CloudwatchLogStream === 'string' && raw.CloudwatchLogStream !== '' ? raw.CloudwatchLogStream : undefined;
  if (streamName === undefined) {
    // Without a stream name the service creates one for the endpoint.
    const day = new Date(now).toISOString().slice(0, 10).replaceAll('-', '/');
    streamName = `${endpoint.clientVpnEndpointId}-${region.region}-${day}-${randomHex(12)}`;
  }
  if (!group.streams.has(streamName)) {
    group.streams.set(streamName, []);
    group.streamCreationTimes?.set(streamName, now);
  }
  return { enabled: true, cloudwatchLogGroup: groupName, cloudwatchLogStream: streamName };
}

const VPN_PORTS = [443, 1194];
const SESSION_TIMEOUTS = [8, 10, 12, 24];

export const modifyClientVpnEndpoint: Handler = (world, call) => {
  const region = world.region(call.accountId, call.region);
  const reader = ec2Params(call);
  const id = reader.requiredString('ClientVpnEndpointId');
  const endpoint = lookupIds([id], region.clientVpnEndpoints, endpointNotFound)[0]!;
  if (endpoint.status === 'deleting' || endpoint.status === 'deleted') {
    throw incorrectState(`The Client VPN endpoint ${id} is ${endpoint.status} and cannot be modified.`);
  }
  const description = reader.string('Description');
  const splitTunnel = reader.bool('SplitTunnel');
  const vpnPort = reader.int('VpnPort');
  if (vpnPort !== undefined && !VPN_PORTS.includes(vpnPort)) throw invalidParameterValue(`Value (${vpnPort}) for parameter VpnPort is invalid. Valid values: 443, 1194`);
  const sessionTimeoutHours = reader.int('SessionTimeoutHours');
  if (sessionTimeoutHours !== undefined && !SESSION_TIMEOUTS.includes(sessionTimeoutHours)) {
    throw invalidParameterValue(`Value (${sessionTimeoutHours}) for parameter SessionTimeoutHours is invalid. Valid values: 8, 10, 12, 24`);
  }
  const dns = reader.object('DnsServers');
  const dnsServers = dns === undefined ? undefined : dns.Enabled === 'false' ? [] : stringListOf(dns.CustomDnsServers);
  const securityGroupIds = call.params.SecurityGroupId === undefined ? undefined : stringList(reader, 'SecurityGroupId', call.params);
  const vpcId = reader.string('VpcId');
  const serverCertificateArn = reader.string('ServerCertificateArn');
  const logOptions = connectionLogOptions(reader.object('ConnectionLogOptions'), endpoint, region, call.now);
  checkDryRun(call);
  if (description !== undefined) endpoint.description = description;
  if (splitTunnel !== undefined) endpoint.splitTunnel = splitTunnel;
  if (vpnPort !== undefined) endpoint.vpnPort = vpnPort;
  if (sessionTimeoutHours !== undefined) endpoint.sessionTimeoutHours = sessionTimeoutHours;
  if (dnsServers !== undefined) endpoint.dnsServers = dnsServers;
  if (securityGroupIds !== undefined) endpoint.securityGroupIds = securityGroupIds;
  if (vpcId !== undefined) endpoint.vpcId = vpcId;
  if (serverCertificateArn !== undefined) endpoint.serverCertificateArn = serverCertificateArn;
  if (logOptions !== undefined) endpoint.connectionLogOptions = logOptions;
  return { return: true };
};

function stringListOf(value: unknown): string[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  if (list.some((entry) => typeof entry !== 'string')) throw invalidParameterValue('DnsServers.CustomDnsServers must be strings.');
  return list as string[];
}
