// Customer gateways and virtual private gateways: Describe and Create.
import { IPV4_PATTERN } from '../../world/ids.js';
import { newCustomerGateway, newVpnGateway } from '../../world/factory.js';
import type { CustomerGateway, VpnGateway } from '../../world/types.js';
import { LabError, type Handler } from '../types.js';
import {
  checkDryRun,
  ec2Params,
  filterPredicate,
  invalidParameterValue,
  lookupIds,
  missingParameter,
  quoteIds,
  readFilters,
  stringList,
  tagsFromSpecifications,
  type FilterFields,
} from './common.js';
import { customerGatewayShape, vpnGatewayShape } from './shapes.js';

const customerGatewayNotFound = (ids: string[]): LabError =>
  new LabError(
    'InvalidCustomerGatewayID.NotFound',
    ids.length === 1 ? `The customerGateway ID '${ids[0]}' does not exist` : `The customerGateway IDs ${quoteIds(ids)} do not exist`,
  );
const vpnGatewayNotFound = (ids: string[]): LabError =>
  new LabError(
    'InvalidVpnGatewayID.NotFound',
    ids.length === 1 ? `The vpnGateway ID '${ids[0]}' does not exist` : `The vpnGateway IDs ${quoteIds(ids)} do not exist`,
  );

const CUSTOMER_GATEWAY_FILTERS: FilterFields<CustomerGateway> = {
  'bgp-asn': (cgw) => cgw.bgpAsn,
  'customer-gateway-id': (cgw) => cgw.customerGatewayId,
  'ip-address': (cgw) => cgw.ipAddress,
  state: (cgw) => cgw.state,
  type: (cgw) => cgw.type,
};

const VPN_GATEWAY_FILTERS: FilterFields<VpnGateway> = {
  'amazon-side-asn': (vgw) => String(vgw.amazonSideAsn),
  'attachment.state': (vgw) => vgw.vpcAttachments.map((attachment) => attachment.state),
  'attachment.vpc-id': (vgw) => vgw.vpcAttachments.map((attachment) => attachment.vpcId),
  state: (vgw) => vgw.state,
  type: (vgw) => vgw.type,
  'vpn-gateway-id': (vgw) => vgw.vpnGatewayId,
};

export const describeCustomerGateways: Handler = (world, call) => {
  const region = world.region(call.accountId, call.region);
  const ids = stringList(ec2Params(call), 'CustomerGatewayId', call.params);
  const matches = filterPredicate(readFilters(call), CUSTOMER_GATEWAY_FILTERS, (cgw) => cgw.tags);
  checkDryRun(call);
  const candidates = ids.length > 0 ? lookupIds(ids, region.customerGateways, customerGatewayNotFound) : [...region.customerGateways.values()];
  return { customerGatewaySet: candidates.filter(matches).map(customerGatewayShape) };
};

export const describeVpnGateways: Handler = (world, call) => {
  const region = world.region(call.accountId, call.region);
  const ids = stringList(ec2Params(call), 'VpnGatewayId', call.params);
  const matches = filterPredicate(readFilters(call), VPN_GATEWAY_FILTERS, (vgw) => vgw.tags);
  checkDryRun(call);
  const candidates = ids.length > 0 ? lookupIds(ids, region.vpnGateways, vpnGatewayNotFound) : [...region.vpnGateways.values()];
  return { vpnGatewaySet: candidates.filter(matches).map(vpnGatewayShape) };
};

function asn(value: number | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidParameterValue(`Value (${value}) for parameter ${name} is invalid. It must be between ${min} and ${max}.`);
  }
  return value;
}

export const createCustomerGateway: Handler = (world, call) => {
  const region = world.region(call.accountId, call.region);
  const reader = ec2Params(call);
  const type = reader.requiredString('Type');
  if (type !== 'ipsec.1') throw invalidParameterValue(`Value (${type}) for parameter type is invalid. Valid values: ipsec.1`);
  const ipAddress = reader.string('IpAddress') ?? reader.string('PublicIp');
  if (ipAddress === undefined && reader.string('CertificateArn') === undefined) {
    throw missingParameter('The request must contain the parameter IpAddress');
  }
  if (ipAddress !== undefined && !IPV4_PATTERN.test(ipAddress)) {
    throw invalidParameterValue(`Value (${ipAddress}) for parameter ipAddress is invalid. Invalid Format.`);
  }
  const bgpAsn = asn(reader.int('BgpAsn'), 'BgpAsn', 1, 2_147_483_647) ?? asn(reader.number('BgpAsnExtended'), 'BgpAsnExtended', 2_147_483_648, 4_294_967_295) ?? 65000;
  const deviceName = reader.string('DeviceName');
  const tags = tagsFromSpecifications(call, 'customer-gateway');
  checkDryRun(call);
  // AWS returns the existing gateway when one with the same IP and ASN is still available.
  for (const existing of region.customerGateways.values()) {
    if (existing.state === 'available' && existing.ipAddress === ipAddress && existing.bgpAsn === String(bgpAsn)) {
      return { customerGateway: customerGatewayShape(existing) };
    }
  }
  const cgw = newCustomerGateway(world, region, { ipAddress, bgpAsn: String(bgpAsn), deviceName, tags });
  return { customerGateway: customerGatewayShape(cgw) };
};

export const createVpnGateway: Handler = (world, call) => {
  const region = world.region(call.accountId, call.region);
  const reader = ec2Params(call);
  const type = reader.requiredString('Type');
  if (type !== 'ipsec.1') throw invalidParameterValue(`Value (${type}) for parameter type is invalid. Valid values: ipsec.1`);
  const amazonSideAsn = reader.number('AmazonSideAsn');
  const validAsn =
    amazonSideAsn === undefined ||
    amazonSideAsn === 7224 ||
    amazonSideAsn === 9059 ||
    amazonSideAsn === 10124 ||
    amazonSideAsn === 17943 ||
    (amazonSideAsn >= 64512 && amazonSideAsn <= 65534) ||
    (amazonSideAsn >= 4_200_000_000 && amazonSideAsn <= 4_294_967_294);
  if (!validAsn) throw invalidParameterValue(`The ASN ${amazonSideAsn} is not a valid private ASN.`);
  const tags = tagsFromSpecifications(call, 'vpn-gateway');
  checkDryRun(call);
  const vgw = newVpnGateway(region, { amazonSideAsn, tags });
  return { vpnGateway: vpnGatewayShape(vgw) };
};
