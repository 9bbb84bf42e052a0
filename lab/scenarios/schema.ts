// The shape of a scenario file (YAML or JSON). A scenario describes an estate as AWS would report it plus
// the far side AWS cannot see: how each customer gateway behaves. Tunnel status is never written down; it is
// derived from that behaviour, so the story stays consistent when events change it.
import { z } from 'zod';
import { ALL_REGIONS, OPT_IN_REGIONS } from './regions.js';

/** How long ago: `91d`, `6h`, `30m`, `45s`. */
export const durationSchema = z.string().regex(/^\d+(\.\d+)?[smhd]$/, 'expected a duration such as 91d, 6h, 30m or 45s');

const ipv4 = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}$/, 'expected an IPv4 address such as 203.0.113.20');
const cidr = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, 'expected a CIDR such as 10.0.0.0/16');
const tags = z.record(z.string(), z.string());
const idOf = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}-[0-9a-f]{8}([0-9a-f]{9})?$`), `expected ${prefix}- followed by 8 or 17 hex digits`);
const ikeVersion = z.enum(['ikev1', 'ikev2']);

const tunnelLogging = z
  .object({
    /** A log group name in the same account and region (it must be listed under logGroups). */
    logGroup: z.string().min(1),
    format: z.enum(['json', 'text']).optional(),
  })
  .strict();

export const tunnelSchema = z
  .object({
    outsideIpAddress: ipv4.optional(),
    /** Omit for AWS's default (never set: ikev1 and ikev2 accepted, ikeVersionSet absent from responses). */
    ikeVersions: z.array(ikeVersion).min(1).optional(),
    startupAction: z.enum(['add', 'start']).optional(),
    dpdTimeoutAction: z.enum(['clear', 'none', 'restart']).optional(),
    dpdTimeoutSeconds: z.number().int().min(30).optional(),
    /** Present = tunnel logging on, to this group. */
    logging: tunnelLogging.optional(),
    /** The customer gateway's firewall blocks UDP 500/4500 to this tunnel's AWS endpoint. */
    firewallBlocked: z.boolean().optional(),
    /** The customer gateway holds a different pre-shared key for this tunnel. */
    pskMismatch: z.boolean().optional(),
    /** The customer gateway's phase 1/2 proposals do not overlap this tunnel's. */
    proposalMismatch: z.boolean().optional(),
    /** DOWN with no modelled cause until an event touches the gateway. */
    forcedDown: z.boolean().optional(),
    /** How long the tunnel has been in its current status (lastStatusChange); defaults to the connection's age. */
    statusSince: durationSchema.optional(),
  })
  .strict();

export const deviceSchema = z
  .object({
    ikeVersions: z.array(ikeVersion).min(1),
    initiates: z.boolean(),
    online: z.boolean(),
    bgpSessionUp: z.boolean(),
    advertisedRoutes: z.number().int().min(0),
    idle: z.boolean(),
  })
  .partial()
  .strict();

export const customerGatewaySchema = z
  .object({
    /** Local name other resources use to refer to this gateway. */
    name: z.string().min(1),
    id: idOf('cgw').optional(),
    ipAddress: ipv4.optional(),
    bgpAsn: z.number().int().min(1).optional(),
    deviceName: z.string().optional(),
    tags: tags.optional(),
    /** The far side's behaviour; omitted fields behave as a modern device (IKEv1+IKEv2, initiates, online, BGP up). */
    device: deviceSchema.optional(),
  })
  .strict();

export const vpnGatewaySchema = z
  .object({
    name: z.string().min(1),
    id: idOf('vgw').optional(),
    amazonSideAsn: z.number().int().optional(),
    vpcId: idOf('vpc').optional(),
    tags: tags.optional(),
  })
  .strict();

export const vpnConnectionSchema = z
  .object({
    id: idOf('vpn').optional(),
    /** A customer gateway's name (or id) from this region. */
    customerGateway: z.string().min(1),
    /** A VPN gateway's name (or id) from this region; or use transitGateway. */
    vpnGateway: z.string().min(1).optional(),
    /** A transit gateway id listed under transitGateways. */
    transitGateway: idOf('tgw').optional(),
    state: z.enum(['pending', 'available', 'deleting', 'deleted']).optional(),
    /** A `pending` connection becomes available after this long (lab time); omit to stay pending. */
    availableAfter: durationSchema.optional(),
    staticRoutesOnly: z.boolean().optional(),
    routes: z.array(cidr).optional(),
    tags: tags.optional(),
    createdAgo: durationSchema.optional(),
    /** Report vgwTelemetry in the opposite order to tunnelOptionSet (default: every other connection). */
    telemetryReversed: z.boolean().optional(),
    /** Up to two tunnels, in tunnelOptionSet order; missing ones get AWS's defaults. */
    tunnels: z.array(tunnelSchema).max(2, 'a VPN connection has exactly two tunnels').optional(),
  })
  .strict();

export const clientVpnEndpointSchema = z
  .object({
    id: idOf('cvpn-endpoint').optional(),
    description: z.string().optional(),
    status: z.enum(['pending-associate', 'available', 'deleting', 'deleted', 'pending']).optional(),
    transportProtocol: z.enum(['udp', 'tcp']).optional(),
    clientCidrBlock: cidr.optional(),
    /** Present = connection logging on, to this group (listed under logGroups). */
    logging: z.object({ logGroup: z.string().min(1), logStream: z.string().min(1).optional() }).strict().optional(),
    tags: tags.optional(),
    createdAgo: durationSchema.optional(),
  })
  .strict();

export const logGroupSchema = z
  .object({
    name: z.string().regex(/^[.\-_/#A-Za-z0-9]{1,512}$/, 'expected a log group name such as /aws/vpn/tunnels'),
    retentionInDays: z.number().int().positive().optional(),
    tags: tags.optional(),
  })
  .strict();

export const snsTopicSchema = z
  .object({ name: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'expected a topic name such as network-oncall'), tags: tags.optional() })
  .strict();

export const regionResourcesSchema = z
  .object({
    logGroups: z.array(logGroupSchema).optional(),
    snsTopics: z.array(snsTopicSchema).optional(),
    transitGateways: z.array(idOf('tgw')).optional(),
    customerGateways: z.array(customerGatewaySchema).optional(),
    vpnGateways: z.array(vpnGatewaySchema).optional(),
    vpnConnections: z.array(vpnConnectionSchema).optional(),
    clientVpnEndpoints: z.array(clientVpnEndpointSchema).optional(),
  })
  .strict();

export const accountSchema = z
  .object({
    id: z.string().regex(/^\d{12}$/, 'expected a 12-digit account id in quotes, such as "111122223333"'),
    name: z.string().min(1),
    email: z.string().optional(),
    /** The organization's management account. */
    management: z.boolean().optional(),
    /** IAM roles the management account can assume here (e.g. OrganizationAccountAccessRole). */
    roles: z.array(z.string().min(1)).optional(),
    /** Fixed keys for demos; generated when omitted (AKIA + 16 characters, random secret). */
    accessKeyId: z.string().regex(/^AKIA[A-Z0-9]{16}$/, 'expected AKIA followed by 16 upper-case letters or digits').optional(),
    secretAccessKey: z.string().min(16).optional(),
    /** Opt-in regions this account has enabled (the others stay not-opted-in). */
    optedInRegions: z.array(z.enum(OPT_IN_REGIONS as [string, ...string[]])).optional(),
    /** Resources per region name. */
    resources: z.partialRecord(z.enum(ALL_REGIONS as [string, ...string[]]), regionResourcesSchema).optional(),
  })
  .strict();

export const scenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    defaultRegion: z.enum(ALL_REGIONS as [string, ...string[]]).optional(),
    accounts: z.array(accountSchema).min(1, 'a scenario needs at least one account'),
  })
  .strict();

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioAccount = z.infer<typeof accountSchema>;
export type RegionResources = z.infer<typeof regionResourcesSchema>;
export type ScenarioTunnel = z.infer<typeof tunnelSchema>;
export type ScenarioConnection = z.infer<typeof vpnConnectionSchema>;

export function durationMs(duration: string): number {
  const unit = duration.at(-1)!;
  const amount = Number(duration.slice(0, -1));
  const perUnit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit] ?? 0;
  return Math.round(amount * perUnit);
}
