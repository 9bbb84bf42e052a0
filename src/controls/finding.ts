// Shared helpers for the control files: resource identity, applicability and finding construction.
import type {
  ClientVpnEndpoint,
  Finding,
  Resource,
  ResultStatus,
  SiteToSiteVpn,
  Tunnel,
  TunnelDetail,
} from '../model/types.js';
import type { ControlMetadata } from './types.js';

/** Site-to-Site states that are not evaluated: the resource is being created or is gone. */
export const SITE_TO_SITE_NOT_APPLICABLE_STATES: readonly string[] = ['pending', 'deleting', 'deleted'];
/** Client VPN statuses that are not evaluated ('pending' = waiting for a Transit Gateway attachment). */
export const CLIENT_VPN_NOT_APPLICABLE_STATES: readonly string[] = [
  'pending-associate',
  'pending',
  'deleting',
  'deleted',
];

export function resourceIdOf(resource: Resource): string {
  return resource.kind === 'site-to-site' ? resource.vpnConnectionId : resource.clientVpnEndpointId;
}

export function resourceArnOf(resource: Resource): string {
  const partition = partitionOf(resource.region);
  return resource.kind === 'site-to-site'
    ? `arn:${partition}:ec2:${resource.region}:${resource.accountId}:vpn-connection/${resource.vpnConnectionId}`
    : `arn:${partition}:ec2:${resource.region}:${resource.accountId}:client-vpn-endpoint/${resource.clientVpnEndpointId}`;
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function makeFinding(
  control: ControlMetadata,
  resource: Resource,
  status: ResultStatus,
  reason: string,
  tunnels?: TunnelDetail[],
): Finding {
  const finding: Finding = {
    control: control.id,
    checkId: control.checkId,
    accountId: resource.accountId,
    region: resource.region,
    resourceId: resourceIdOf(resource),
    resourceType: control.resourceType,
    resourceArn: resourceArnOf(resource),
    status,
    severity: control.severity,
    reason,
    tags: { ...resource.tags },
  };
  if (tunnels !== undefined) finding.tunnels = tunnels;
  return finding;
}

/** The NOT_APPLICABLE finding for a resource in a transitional or terminal state, or undefined to evaluate. */
export function notApplicable(
  control: ControlMetadata,
  resource: SiteToSiteVpn | ClientVpnEndpoint,
): Finding | undefined {
  if (resource.kind === 'site-to-site') {
    if (!SITE_TO_SITE_NOT_APPLICABLE_STATES.includes(resource.state)) return undefined;
    return makeFinding(
      control,
      resource,
      'NOT_APPLICABLE',
      `Connection is ${resource.state}; only existing connections are evaluated.`,
    );
  }
  if (!CLIENT_VPN_NOT_APPLICABLE_STATES.includes(resource.status)) return undefined;
  return makeFinding(
    control,
    resource,
    'NOT_APPLICABLE',
    `Endpoint is ${resource.status}; only existing endpoints are evaluated.`,
  );
}

export function tunnelDetail(tunnel: Tunnel, now: Date): TunnelDetail {
  const telemetry = tunnel.telemetry;
  const status = telemetry?.status ?? 'UNKNOWN';
  return {
    outsideIpAddress: tunnel.outsideIpAddress,
    status,
    statusMessage: telemetry?.statusMessage ?? '',
    lastStatusChange: telemetry?.lastStatusChange,
    downForSeconds: status === 'DOWN' ? secondsSince(telemetry?.lastStatusChange, now) : undefined,
    ikeVersions: tunnel.ikeVersions,
    loggingEnabled: tunnel.logging.enabled,
  };
}

export function secondsSince(iso: string | undefined, now: Date): number | undefined {
  if (iso === undefined) return undefined;
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return undefined;
  return Math.max(0, Math.floor((now.getTime() - then) / 1000));
}

/** "91 days", "5 hours", "12 minutes", "40 seconds": the largest whole unit. */
export function humanDuration(seconds: number): string {
  const units: [string, number][] = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) {
    if (seconds >= size) {
      const n = Math.floor(seconds / size);
      return `${n} ${unit}${n === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

/** "a and b", "a, b and c" */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export const EXPECTED_TUNNELS = 2;

/** Appended to a reason when AWS returned fewer identifiable tunnels than a connection has. */
export function tunnelCountNote(vpn: SiteToSiteVpn): string {
  const n = vpn.tunnels.length;
  return ` AWS returned ${n} identifiable tunnel${n === 1 ? '' : 's'}; a connection has ${EXPECTED_TUNNELS}.`;
}
