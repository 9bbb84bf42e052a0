// DescribeClientVpnEndpoints output -> ClientVpnEndpoint model. Pure: no SDK client, no IO.
// Only the fields the model names are copied (no certificates, authentication options or DNS details).
import type { ClientVpnEndpoint as AwsClientVpnEndpoint } from '@aws-sdk/client-ec2';
import type { ClientVpnEndpoint, Scope } from '../model/types.js';
import { tagsToRecord } from './tags.js';

/** IAM actions this collector needs (read-only); the engine builds the least-privilege policy from these. */
export const permissions = ['ec2:DescribeClientVpnEndpoints'] as const;

export class MalformedClientVpnEndpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedClientVpnEndpointError';
  }
}

export function toClientVpnEndpoints(
  endpoints: readonly AwsClientVpnEndpoint[],
  scope: Scope,
): ClientVpnEndpoint[] {
  return endpoints.map((endpoint) => toClientVpnEndpoint(endpoint, scope));
}

export function toClientVpnEndpoint(endpoint: AwsClientVpnEndpoint, scope: Scope): ClientVpnEndpoint {
  const id = endpoint.ClientVpnEndpointId;
  if (id === undefined || id === '') {
    throw new MalformedClientVpnEndpointError(
      `DescribeClientVpnEndpoints returned an endpoint without ClientVpnEndpointId in ${scope.accountId}/${scope.region}`,
    );
  }
  const log = endpoint.ConnectionLogOptions;
  return {
    kind: 'client-vpn',
    accountId: scope.accountId,
    region: scope.region,
    clientVpnEndpointId: id,
    status: endpoint.Status?.Code ?? 'unknown',
    description: endpoint.Description,
    connectionLogging: {
      // undefined is kept: "AWS did not say" must not read as "off" (EC2.51 reports ERROR for it).
      enabled: log?.Enabled,
      cloudwatchLogGroup: log?.CloudwatchLogGroup,
      cloudwatchLogStream: log?.CloudwatchLogStream,
    },
    tags: tagsToRecord(endpoint.Tags),
  };
}
