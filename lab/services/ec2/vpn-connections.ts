// Site-to-Site VPN connections: Describe, Create, Delete and ModifyVpnTunnelOptions.
import { newVpnConnection, type TunnelSpec } from '../../world/factory.js';
import { applyTunnelPatch, defaultTunnelOptions, optionsViolation, parseLogGroupArn, type TunnelOptionsPatch } from '../../world/tunnel-options.js';
import type { RegionState, VpnConnection } from '../../world/types.js';
import { deleteConnection, replaceTunnel, scheduleAvailable } from '../../world/vpn.js';
import type { World } from '../../world/world.js';
import { LabError, type Handler, type LabCall } from '../types.js';
import {
  checkDryRun,
  ec2Params,
  filterPredicate,
  incorrectState,
  invalidCombination,
  invalidParameterValue,
  lookupIds,
  missingParameter,
  quoteIds,
  readFilters,
  stringList,
  tagsFromSpecifications,
  type FilterFields,
} from './common.js';
import { vpnConnectionShape } from './shapes.js';
import { isEmptyPatch, parseTunnelSpecification } from './tunnel-spec.js';

const connectionNotFound = (ids: string[]): LabError =>
  new LabError(
    'InvalidVpnConnectionID.NotFound',
    ids.length === 1 ? `The vpnConnection ID '${ids[0]}' does not exist` : `The vpnConnection IDs ${quoteIds(ids)} do not exist`,
  );

/** Connections past their retention are gone, even if the scheduled removal has not run yet. */
const isVisible = (now: number) => (conn: VpnConnection): boolean => conn.forgetAt === undefined || conn.forgetAt > now;

const CONNECTION_FILTERS: FilterFields<VpnConnection> = {
  state: (conn) => conn.state,
  'vpn-connection-id': (conn) => conn.vpnConnectionId,
  'customer-gateway-id': (conn) => conn.customerGatewayId,
  'vpn-gateway-id': (conn) => conn.vpnGatewayId,
  'transit-gateway-id': (conn) => conn.transitGatewayId,
  type: (conn) => conn.type,
  'option.static-routes-only': (conn) => String(conn.staticRoutesOnly),
  'route.destination-cidr-block': (conn) => conn.routes.map((route) => route.destinationCidrBlock),
};

function regionOf(world: World, call: LabCall): RegionState {
  return world.region(call.accountId, call.region);
}

export const describeVpnConnections: Handler = (world, call) => {
  const region = regionOf(world, call);
  const reader = ec2Params(call);
  const ids = stringList(reader, 'VpnConnectionId', call.params);
  const matches = filterPredicate(readFilters(call), CONNECTION_FILTERS, (conn) => conn.tags);
  checkDryRun(call);
  const visible = isVisible(call.now);
  const candidates =
    ids.length > 0 ? lookupIds(ids, region.vpnConnections, connectionNotFound, visible) : [...region.vpnConnections.values()].filter(visible);
  return { vpnConnectionSet: candidates.filter(matches).map((conn) => vpnConnectionShape(world, conn, region)) };
};

function readTunnelSpecs(options: Record<string, unknown> | undefined): TunnelSpec[] {
  const raw = options?.TunnelOptions;
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length > 2) throw invalidParameterValue('A VPN connection has exactly two tunnels: specify at most two TunnelOptions.');
  return list.map((entry, index) => ({ options: parseTunnelSpecification(entry, `Options.TunnelOptions.${index + 1}`) }));
}

function requireLogGroupsExist(world: World, call: LabCall, patch: TunnelOptionsPatch): void {
  for (const arn of [patch.logOptions?.logGroupArn, patch.logOptions?.bgpLogGroupArn]) {
    if (arn === undefined) continue;
    const parsed = parseLogGroupArn(arn);
    const exists =
      parsed !== undefined &&
      parsed.accountId === call.accountId &&
      parsed.region === call.region &&
      regionOf(world, call).logGroups.has(parsed.logGroupName);
    if (!exists) throw invalidParameterValue(`The CloudWatch Logs log group ${arn} does not exist or is not in this account and Region.`);
  }
}

function optionBool(options: Record<string, unknown> | undefined, name: string): boolean | undefined {
  const value = options?.[name];
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') throw invalidParameterValue(`Value for parameter Options.${name} is invalid: expected true or false.`);
  return value === 'true';
}

export const createVpnConnection: Handler = (world, call) => {
  const region = regionOf(world, call);
  const reader = ec2Params(call);
  const type = reader.requiredString('Type');
  if (type !== 'ipsec.1') throw invalidParameterValue(`Value (${type}) for parameter type is invalid. Valid values: ipsec.1`);
  const customerGatewayId = reader.requiredString('CustomerGatewayId');
  const vpnGatewayId = reader.string('VpnGatewayId');
  const transitGatewayId = reader.string('TransitGatewayId');
  if (vpnGatewayId && transitGatewayId) {
    throw invalidCombination('Specify either a VpnGatewayId or a TransitGatewayId, not both.');
  }
  if (!vpnGatewayId && !transitGatewayId) throw missingParameter('The request must contain the parameter VpnGatewayId or TransitGatewayId.');
  const cgw = region.customerGateways.get(customerGatewayId);
  if (!cgw || cgw.state === 'deleted') {
    throw new LabError('InvalidCustomerGatewayID.NotFound', `The customerGateway ID '${customerGatewayId}' does not exist`);
  }
  if (vpnGatewayId && !region.vpnGateways.has(vpnGatewayId)) {
    throw new LabError('InvalidVpnGatewayID.NotFound', `The vpnGateway ID '${vpnGatewayId}' does not exist`);
  }
  if (transitGatewayId && !region.transitGatewayIds.has(transitGatewayId)) {
    throw new LabError('InvalidTransitGatewayID.NotFound', `Transit Gateway ${transitGatewayId} was deleted or does not exist.`);
  }
  const options = reader.object('Options');
  const tunnels = readTunnelSpecs(options);
  for (const tunnel of tunnels) {
    // Relations (start without IKEv2, logging without a group) checked against a fresh tunnel's defaults.
    const violation = optionsViolation(applyTunnelPatch(defaultTunnelOptions('0.0.0.0', '169.254.10.0/30', 'probe'), tunnel.options ?? {}));
    if (violation) throw new LabError(violation.code, violation.message);
    requireLogGroupsExist(world, call, tunnel.options ?? {});
  }
  const tags = tagsFromSpecifications(call, 'vpn-connection');
  const staticRoutesOnly = optionBool(options, 'StaticRoutesOnly') ?? false;
  checkDryRun(call);
  const conn = newVpnConnection(world, region, {
    customerGatewayId,
    vpnGatewayId,
    transitGatewayId,
    staticRoutesOnly,
    state: 'pending',
    tunnels,
    tags,
    createdAt: call.now,
  });
  scheduleAvailable(world, region, conn, call.now);
  return { vpnConnection: vpnConnectionShape(world, conn, region) };
};

export const deleteVpnConnection: Handler = (world, call) => {
  const region = regionOf(world, call);
  const id = ec2Params(call).requiredString('VpnConnectionId');
  const conn = lookupIds([id], region.vpnConnections, connectionNotFound, isVisible(call.now))[0]!;
  checkDryRun(call);
  deleteConnection(world, region, conn, call.now);
  return { return: true };
};

/** The request-log target of a ModifyVpnTunnelOptions call: `vpn-id/outside-ip`. */
export function modifyTarget(params: Record<string, unknown>): string | undefined {
  const id = params.VpnConnectionId;
  const ip = params.VpnTunnelOutsideIpAddress;
  return typeof id === 'string' && typeof ip === 'string' ? `${id}/${ip}` : undefined;
}

export const modifyVpnTunnelOptions: Handler = (world, call) => {
  const region = regionOf(world, call);
  const reader = ec2Params(call);
  const id = reader.requiredString('VpnConnectionId');
  const outsideIp = reader.requiredString('VpnTunnelOutsideIpAddress');
  const rawOptions = reader.object('TunnelOptions');
  if (rawOptions === undefined) throw missingParameter('The request must contain the parameter TunnelOptions');
  const patch = parseTunnelSpecification(rawOptions, 'TunnelOptions');
  reader.bool('SkipTunnelReplacement');
  const storage = reader.string('PreSharedKeyStorage');
  if (storage !== undefined && storage !== 'Standard' && storage !== 'SecretsManager') {
    throw invalidParameterValue(`Value (${storage}) for parameter PreSharedKeyStorage is invalid. Valid values: Standard, SecretsManager`);
  }
  const conn = lookupIds([id], region.vpnConnections, connectionNotFound, isVisible(call.now))[0]!;
  call.target = `${conn.vpnConnectionId}/${outsideIp}`;
  const tunnel = conn.tunnels.find((candidate) => candidate.options.outsideIpAddress === outsideIp);
  if (!tunnel) {
    throw invalidParameterValue(`The VPN tunnel outside IP address ${outsideIp} does not belong to VPN connection ${id}.`);
  }
  if (conn.state !== 'available') {
    throw incorrectState(`The VPN connection ${id} is in state ${conn.state} and cannot be modified. Wait until it is available.`);
  }
  if (isEmptyPatch(patch)) throw missingParameter('The request must contain at least one tunnel option to modify.');
  const next = applyTunnelPatch(tunnel.options, patch);
  const violation = optionsViolation(next);
  if (violation) throw new LabError(violation.code, violation.message);
  requireLogGroupsExist(world, call, patch);
  checkDryRun(call);
  replaceTunnel(world, region, conn, tunnel, next, call.now);
  return { vpnConnection: vpnConnectionShape(world, conn, region) };
};
