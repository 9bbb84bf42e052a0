// CreateTags / DeleteTags on the VPN resources the lab models.
import type { RegionState } from '../../world/types.js';
import { LabError, type Handler } from '../types.js';
import { checkDryRun, ec2Params, invalidParameterValue, missingParameter, readTags, stringList } from './common.js';

interface Taggable {
  tags: Record<string, string>;
}

/** The tag map of a resource by id, or the EC2 error for an unknown id (the code depends on the prefix). */
function taggable(region: RegionState, id: string): Taggable {
  const lookups: [string, Map<string, Taggable>, string, string][] = [
    ['cvpn-endpoint-', region.clientVpnEndpoints, 'InvalidClientVpnEndpointId.NotFound', `The Client VPN endpoint ID '${id}' does not exist`],
    ['vpn-', region.vpnConnections, 'InvalidVpnConnectionID.NotFound', `The vpnConnection ID '${id}' does not exist`],
    ['cgw-', region.customerGateways, 'InvalidCustomerGatewayID.NotFound', `The customerGateway ID '${id}' does not exist`],
    ['vgw-', region.vpnGateways, 'InvalidVpnGatewayID.NotFound', `The vpnGateway ID '${id}' does not exist`],
  ];
  for (const [prefix, store, code, message] of lookups) {
    if (!id.startsWith(prefix)) continue;
    const found = store.get(id);
    if (!found) throw new LabError(code, message);
    return found;
  }
  throw new LabError('InvalidID', `The ID '${id}' is not valid`);
}

function resources(call: Parameters<Handler>[1]): string[] {
  const ids = stringList(ec2Params(call), 'ResourceId', call.params);
  if (ids.length === 0) throw missingParameter('The request must contain the parameter ResourceId');
  return ids;
}

export const createTags: Handler = (world, call) => {
  const region = world.region(call.accountId, call.region);
  const targets = resources(call).map((id) => taggable(region, id));
  const tags = readTags(call.params.Tag);
  if (tags.length === 0) throw missingParameter('The request must contain the parameter Tag');
  if (tags.some((tag) => tag.key.toLowerCase().startsWith('aws:'))) {
    throw invalidParameterValue("Tag keys starting with 'aws:' are reserved for internal use");
  }
  checkDryRun(call);
  for (const target of targets) {
    for (const tag of tags) target.tags[tag.key] = tag.value ?? '';
    if (Object.keys(target.tags).length > 50) throw new LabError('TagLimitExceeded', 'The maximum number of tags for a resource is 50.');
  }
  return { return: true };
};

export const deleteTags: Handler = (world, call) => {
  const region = world.region(call.accountId, call.region);
  const targets = resources(call).map((id) => taggable(region, id));
  const tags = readTags(call.params.Tag);
  checkDryRun(call);
  for (const target of targets) {
    if (tags.length === 0) {
      // No Tag parameter: every tag of the resource is deleted.
      for (const key of Object.keys(target.tags)) delete target.tags[key];
      continue;
    }
    // With a value, a tag is deleted only when its value matches.
    for (const tag of tags) if (tag.value === undefined || target.tags[tag.key] === tag.value) delete target.tags[tag.key];
  }
  return { return: true };
};
