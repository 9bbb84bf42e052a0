// Keeping a 170,000-connection scan in a few hundred MB. Two effects make the naive model several times larger
// than its content:
// - strings parsed from a response can be slices of the whole response body (which holds the customer
//   gateway configuration) and keep it alive; strings built by template literals are trees of fragments;
// - the same values repeat across resources (states, regions, log group ARNs, tag values, reasons) and the
//   same small objects repeat across the findings of one resource (tags, tunnel details).
// `Compactor` copies values with every string pooled (one flat copy per distinct content) and shares
// identical small leaf objects (string arrays, tag records, tunnel details), frozen so that nothing can
// change one through another.
import type { ClientVpnEndpoint, Finding, SiteToSiteVpn, TunnelDetail } from '../model/types.js';

export class Compactor {
  private readonly strings = new Map<string, string>();
  private readonly leaves = new Map<string, object>();

  /** One flat, detached copy per distinct string content. */
  string<T extends string | undefined>(value: T): T {
    if (value === undefined) return value;
    const pooled = this.strings.get(value);
    if (pooled !== undefined) return pooled as T;
    // JSON round trip: the only portable way to get a fresh sequential string that shares no storage.
    const copy = JSON.parse(JSON.stringify(value)) as string;
    this.strings.set(copy, copy);
    return copy as T;
  }

  /** A frozen shared instance per distinct content (leaf objects only: no nested objects to mutate). */
  private leaf<T extends object>(kind: string, value: T, copy: () => T): T {
    const key = `${kind}:${JSON.stringify(value)}`;
    const pooled = this.leaves.get(key);
    if (pooled !== undefined) return pooled as T;
    const fresh = Object.freeze(copy());
    this.leaves.set(this.string(key), fresh);
    return fresh;
  }

  list<T extends string>(list: readonly T[] | undefined): T[] | undefined {
    if (list === undefined) return undefined;
    return this.leaf('list', list as T[], () => list.map((s) => this.string(s)));
  }

  record(tags: Record<string, string>): Record<string, string> {
    return this.leaf('record', tags, () => {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(tags)) out[this.string(k)] = this.string(v);
      return out;
    });
  }

  connection(c: SiteToSiteVpn): SiteToSiteVpn {
    return {
      kind: 'site-to-site',
      accountId: this.string(c.accountId),
      region: this.string(c.region),
      vpnConnectionId: this.string(c.vpnConnectionId),
      state: this.string(c.state),
      customerGatewayId: this.string(c.customerGatewayId),
      gatewayType: c.gatewayType,
      gatewayId: this.string(c.gatewayId),
      routing: c.routing,
      category: this.string(c.category),
      tags: this.record(c.tags),
      tunnels: c.tunnels.map((t) => ({
        outsideIpAddress: this.string(t.outsideIpAddress),
        ikeVersions: this.list(t.ikeVersions),
        startupAction: t.startupAction,
        dpdTimeoutAction: t.dpdTimeoutAction,
        dpdTimeoutSeconds: t.dpdTimeoutSeconds,
        logging: {
          enabled: t.logging.enabled,
          logGroupArn: this.string(t.logging.logGroupArn),
          outputFormat: t.logging.outputFormat,
          bgpEnabled: t.logging.bgpEnabled,
        },
        telemetry: t.telemetry && {
          status: t.telemetry.status,
          statusMessage: this.string(t.telemetry.statusMessage),
          lastStatusChange: this.string(t.telemetry.lastStatusChange),
          acceptedRouteCount: t.telemetry.acceptedRouteCount,
        },
      })),
      unmatchedTelemetry: this.list(c.unmatchedTelemetry) ?? [],
    };
  }

  clientVpnEndpoint(e: ClientVpnEndpoint): ClientVpnEndpoint {
    return {
      kind: 'client-vpn',
      accountId: this.string(e.accountId),
      region: this.string(e.region),
      clientVpnEndpointId: this.string(e.clientVpnEndpointId),
      status: this.string(e.status),
      description: this.string(e.description),
      connectionLogging: {
        enabled: e.connectionLogging.enabled,
        cloudwatchLogGroup: this.string(e.connectionLogging.cloudwatchLogGroup),
        cloudwatchLogStream: this.string(e.connectionLogging.cloudwatchLogStream),
      },
      tags: this.record(e.tags),
    };
  }

  private tunnelDetail(t: TunnelDetail): TunnelDetail {
    return this.leaf('tunnel', t, () => ({
      outsideIpAddress: this.string(t.outsideIpAddress),
      status: t.status,
      statusMessage: this.string(t.statusMessage),
      lastStatusChange: this.string(t.lastStatusChange),
      downForSeconds: t.downForSeconds,
      ikeVersions: this.list(t.ikeVersions),
      loggingEnabled: t.loggingEnabled,
    }));
  }

  /** Findings keep their object; strings, tags and tunnel details are replaced by pooled ones. */
  finding(f: Finding): Finding {
    f.control = this.string(f.control);
    f.checkId = this.string(f.checkId);
    f.accountId = this.string(f.accountId);
    f.region = this.string(f.region);
    f.resourceId = this.string(f.resourceId);
    f.resourceArn = this.string(f.resourceArn);
    f.reason = this.string(f.reason);
    f.tags = this.record(f.tags);
    if (f.tunnels !== undefined) f.tunnels = f.tunnels.map((t) => this.tunnelDetail(t));
    return f;
  }
}
