// Keeping a 170,000-connection scan in a few hundred MB. Three effects make the naive model several times
// larger than its content:
// - strings parsed from a response can be slices of the whole response body (which holds the customer
//   gateway configuration) and keep it alive; strings built by template literals are trees of fragments;
// - the same values repeat across the whole estate (states, regions, status messages, log group ARNs, IKE
//   version lists, logging settings);
// - the same values repeat across the findings of one resource (its ARN, tags, tunnel details).
// `Compactor` holds the estate-wide pools (low-cardinality values only, so the pools stay small); a `Batch`
// (one per account-region, dropped when the region is done) dedupes the per-resource values. Every copied
// string is flat and detached; shared objects are frozen so nothing can change one through another.
import type { ClientVpnEndpoint, Finding, SiteToSiteVpn, Tunnel, TunnelDetail } from '../model/types.js';

/** A fresh sequential string that shares no storage with its source (the JSON round trip guarantees it). */
function detached(value: string): string {
  return JSON.parse(JSON.stringify(value)) as string;
}

class Pool {
  private readonly strings = new Map<string, string>();
  private readonly objects = new Map<string, object>();

  string<T extends string | undefined>(value: T): T {
    if (value === undefined) return value;
    const pooled = this.strings.get(value);
    if (pooled !== undefined) return pooled as T;
    const copy = detached(value);
    this.strings.set(copy, copy);
    return copy as T;
  }

  /** One frozen instance per content; `key` must identify the content. */
  object<T extends object>(key: string, copy: () => T): T {
    const pooled = this.objects.get(key);
    if (pooled !== undefined) return pooled as T;
    const fresh = Object.freeze(copy());
    this.objects.set(key, fresh);
    return fresh;
  }
}

export class Compactor {
  /** Estate-wide: values with few distinct contents. */
  readonly shared = new Pool();

  list<T extends string>(list: readonly T[] | undefined): T[] | undefined {
    if (list === undefined) return undefined;
    return this.shared.object(`list:${list.join('\u0000')}`, () => list.map((s) => this.shared.string(s)));
  }

  logging(l: Tunnel['logging']): Tunnel['logging'] {
    return this.shared.object(`logging:${l.enabled}:${l.logGroupArn ?? ''}:${l.outputFormat ?? ''}:${l.bgpEnabled}`, () => ({
      enabled: l.enabled,
      logGroupArn: this.shared.string(l.logGroupArn),
      outputFormat: l.outputFormat,
      bgpEnabled: l.bgpEnabled,
    }));
  }

  /** Pools for one account-region; drop the batch when the region is done. */
  batch(): Batch {
    return new Batch(this);
  }
}

export class Batch {
  private readonly local = new Pool();

  constructor(private readonly root: Compactor) {}

  private shared<T extends string | undefined>(value: T): T {
    return this.root.shared.string(value);
  }

  private string<T extends string | undefined>(value: T): T {
    return this.local.string(value);
  }

  record(tags: Record<string, string>): Record<string, string> {
    return this.local.object(`record:${JSON.stringify(tags)}`, () => {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(tags)) out[this.shared(k)] = this.string(v);
      return out;
    });
  }

  connection(c: SiteToSiteVpn): SiteToSiteVpn {
    return {
      kind: 'site-to-site',
      accountId: this.shared(c.accountId),
      region: this.shared(c.region),
      vpnConnectionId: this.string(c.vpnConnectionId),
      state: this.shared(c.state),
      customerGatewayId: this.string(c.customerGatewayId),
      gatewayType: c.gatewayType,
      gatewayId: this.string(c.gatewayId),
      routing: c.routing,
      category: this.shared(c.category),
      tags: this.record(c.tags),
      tunnels: c.tunnels.map((t) => ({
        outsideIpAddress: this.string(t.outsideIpAddress),
        ikeVersions: this.root.list(t.ikeVersions),
        startupAction: t.startupAction,
        dpdTimeoutAction: t.dpdTimeoutAction,
        dpdTimeoutSeconds: t.dpdTimeoutSeconds,
        logging: this.root.logging(t.logging),
        telemetry: t.telemetry && {
          status: t.telemetry.status,
          statusMessage: this.shared(t.telemetry.statusMessage),
          lastStatusChange: this.string(t.telemetry.lastStatusChange),
          acceptedRouteCount: t.telemetry.acceptedRouteCount,
        },
      })),
      unmatchedTelemetry: this.root.list(c.unmatchedTelemetry) ?? [],
    };
  }

  clientVpnEndpoint(e: ClientVpnEndpoint): ClientVpnEndpoint {
    return {
      kind: 'client-vpn',
      accountId: this.shared(e.accountId),
      region: this.shared(e.region),
      clientVpnEndpointId: this.string(e.clientVpnEndpointId),
      status: this.shared(e.status),
      description: this.string(e.description),
      connectionLogging: {
        enabled: e.connectionLogging.enabled,
        cloudwatchLogGroup: this.shared(e.connectionLogging.cloudwatchLogGroup),
        cloudwatchLogStream: this.string(e.connectionLogging.cloudwatchLogStream),
      },
      tags: this.record(e.tags),
    };
  }

  private tunnelDetail(t: TunnelDetail): TunnelDetail {
    return this.local.object(`tunnel:${JSON.stringify(t)}`, () => ({
      outsideIpAddress: this.string(t.outsideIpAddress),
      status: t.status,
      statusMessage: this.shared(t.statusMessage),
      lastStatusChange: this.string(t.lastStatusChange),
      downForSeconds: t.downForSeconds,
      ikeVersions: this.root.list(t.ikeVersions),
      loggingEnabled: t.loggingEnabled,
    }));
  }

  /** Findings keep their object; strings, tags and tunnel details are replaced by pooled ones. */
  finding(f: Finding): Finding {
    f.control = this.shared(f.control);
    f.checkId = this.shared(f.checkId);
    f.accountId = this.shared(f.accountId);
    f.region = this.shared(f.region);
    f.resourceId = this.string(f.resourceId);
    f.resourceArn = this.string(f.resourceArn);
    f.reason = this.string(f.reason);
    f.tags = this.record(f.tags);
    if (f.tunnels !== undefined) {
      const details = f.tunnels.map((t) => this.tunnelDetail(t));
      // The same tunnels in the same order (usually EC2.183 and EC2.171) share one array.
      f.tunnels = this.local.object(`tunnels:${JSON.stringify(details)}`, () => details);
    }
    return f;
  }
}
