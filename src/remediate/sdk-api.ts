// RemediationApi over AWS SDK v3 clients. Reads keep only the fields the safety rules use: the raw
// response (pre-shared keys, customer gateway configuration) never leaves this file.
import {
  DescribeClientVpnEndpointsCommand,
  DescribeVpnConnectionsCommand,
  ModifyClientVpnEndpointCommand,
  ModifyVpnTunnelOptionsCommand,
  type EC2Client,
  type ModifyVpnTunnelOptionsSpecification,
  type VpnConnection,
} from '@aws-sdk/client-ec2';
import {
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  PutRetentionPolicyCommand,
  type CloudWatchLogsClient,
} from '@aws-sdk/client-cloudwatch-logs';
import type { IkeVersion } from '../model/types.js';
import { errorCode, type LiveConnection, type LiveTunnel, type RemediationApi } from './api.js';
import type { TunnelChange } from './types.js';

export interface SdkClients {
  ec2: EC2Client;
  logs: CloudWatchLogsClient;
}

function toLive(raw: VpnConnection): LiveConnection {
  const telemetry = new Map((raw.VgwTelemetry ?? []).map((t) => [t.OutsideIpAddress ?? '', t]));
  const tunnels: LiveTunnel[] = (raw.Options?.TunnelOptions ?? []).map((t) => {
    const ip = t.OutsideIpAddress ?? '';
    const tel = telemetry.get(ip);
    const cw = t.LogOptions?.CloudWatchLogOptions;
    const ike = t.IkeVersions?.map((v) => v.Value).filter((v): v is IkeVersion => v === 'ikev1' || v === 'ikev2');
    const status = tel?.Status === 'UP' || tel?.Status === 'DOWN' ? tel.Status : 'UNKNOWN';
    return {
      outsideIpAddress: ip,
      ikeVersions: ike && ike.length > 0 ? ike : undefined,
      startupAction: t.StartupAction === 'start' || t.StartupAction === 'add' ? t.StartupAction : undefined,
      logging: {
        enabled: cw?.LogEnabled === true,
        logGroupArn: cw?.LogGroupArn,
        outputFormat: cw?.LogOutputFormat === 'json' || cw?.LogOutputFormat === 'text' ? cw.LogOutputFormat : undefined,
      },
      status,
      lastStatusChange: tel?.LastStatusChange ? new Date(tel.LastStatusChange).getTime() : undefined,
    };
  });
  return { vpnConnectionId: raw.VpnConnectionId ?? '', state: String(raw.State ?? 'unknown'), tunnels };
}

export function toTunnelOptions(change: TunnelChange): ModifyVpnTunnelOptionsSpecification {
  const spec: ModifyVpnTunnelOptionsSpecification = {};
  if (change.ikeVersions) spec.IKEVersions = change.ikeVersions.map((Value) => ({ Value }));
  if (change.startupAction) spec.StartupAction = change.startupAction;
  if (change.logging) {
    spec.LogOptions = {
      CloudWatchLogOptions: { LogEnabled: true, LogGroupArn: change.logging.logGroupArn, LogOutputFormat: change.logging.outputFormat },
    };
  }
  return spec;
}

export function sdkRemediationApi(clients: SdkClients): RemediationApi {
  const { ec2, logs } = clients;
  return {
    async describeVpnConnections(ids) {
      const out = await ec2.send(new DescribeVpnConnectionsCommand({ VpnConnectionIds: ids }));
      return (out.VpnConnections ?? []).map(toLive);
    },
    async modifyVpnTunnelOptions(vpnConnectionId, outsideIpAddress, change) {
      const out = await ec2.send(
        new ModifyVpnTunnelOptionsCommand({
          VpnConnectionId: vpnConnectionId,
          VpnTunnelOutsideIpAddress: outsideIpAddress,
          TunnelOptions: toTunnelOptions(change),
        }),
      );
      return { state: out.VpnConnection?.State === undefined ? undefined : String(out.VpnConnection.State) };
    },
    async describeLogGroup(name) {
      let nextToken: string | undefined;
      do {
        const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, limit: 50, nextToken }));
        const hit = out.logGroups?.find((g) => g.logGroupName === name);
        if (hit) {
          const arn = hit.logGroupArn ?? hit.arn?.replace(/:\*$/, '');
          return { exists: true, arn, retentionInDays: hit.retentionInDays };
        }
        nextToken = out.nextToken || undefined;
      } while (nextToken);
      return { exists: false, arn: undefined, retentionInDays: undefined };
    },
    async createLogGroup(name) {
      try {
        await logs.send(new CreateLogGroupCommand({ logGroupName: name, tags: { 'managed-by': 'vpnguard' } }));
      } catch (err) {
        if (errorCode(err) !== 'ResourceAlreadyExistsException') throw err;
      }
    },
    async putRetentionPolicy(name, days) {
      await logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: days }));
    },
    async describeClientVpnEndpoint(id) {
      const out = await ec2.send(new DescribeClientVpnEndpointsCommand({ ClientVpnEndpointIds: [id] }));
      const raw = out.ClientVpnEndpoints?.find((e) => e.ClientVpnEndpointId === id);
      if (!raw) return undefined;
      return {
        clientVpnEndpointId: id,
        status: String(raw.Status?.Code ?? 'unknown'),
        logging: { enabled: raw.ConnectionLogOptions?.Enabled, cloudwatchLogGroup: raw.ConnectionLogOptions?.CloudwatchLogGroup },
      };
    },
    async enableClientVpnLogging(id, logGroupName) {
      // Only ConnectionLogOptions: other fields (DNS servers, split tunnel, ...) can reset every client session.
      await ec2.send(
        new ModifyClientVpnEndpointCommand({
          ClientVpnEndpointId: id,
          ConnectionLogOptions: { Enabled: true, CloudwatchLogGroup: logGroupName },
        }),
      );
    },
  };
}
