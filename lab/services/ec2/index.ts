// The EC2 service of the lab: the VPN operations vpnguard uses, with AWS's shapes, validation and errors.
import type { ServiceDefinition } from '../types.js';
import { describeClientVpnEndpoints, modifyClientVpnEndpoint } from './client-vpn.js';
import { createCustomerGateway, createVpnGateway, describeCustomerGateways, describeVpnGateways } from './gateways.js';
import { describeRegions } from './regions.js';
import { createTags, deleteTags } from './tags.js';
import {
  createVpnConnection,
  deleteVpnConnection,
  describeVpnConnections,
  modifyTarget,
  modifyVpnTunnelOptions,
} from './vpn-connections.js';

export { modifyTarget };

export const ec2Service: ServiceDefinition = {
  name: 'ec2',
  operations: {
    DescribeRegions: describeRegions,
    DescribeVpnConnections: describeVpnConnections,
    DescribeCustomerGateways: describeCustomerGateways,
    DescribeVpnGateways: describeVpnGateways,
    DescribeClientVpnEndpoints: describeClientVpnEndpoints,
    CreateCustomerGateway: createCustomerGateway,
    CreateVpnGateway: createVpnGateway,
    CreateVpnConnection: createVpnConnection,
    DeleteVpnConnection: deleteVpnConnection,
    ModifyVpnTunnelOptions: modifyVpnTunnelOptions,
    ModifyClientVpnEndpoint: modifyClientVpnEndpoint,
    CreateTags: createTags,
    DeleteTags: deleteTags,
  },
  mutating: new Set([
    'CreateCustomerGateway',
    'CreateVpnGateway',
    'CreateVpnConnection',
    'DeleteVpnConnection',
    'ModifyVpnTunnelOptions',
    'ModifyClientVpnEndpoint',
    'CreateTags',
    'DeleteTags',
  ]),
};
