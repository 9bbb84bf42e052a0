// AWS/VPN TunnelState, derived from the tunnel status history (never stored as numbers). AWS publishes one
// value per tunnel every 5 minutes (aws-vpn-facts §4: 1 = UP, for BGP 1 only while BGP is established,
// which the lab's UP already means; 0 otherwise). The lab samples the tunnel's status at every multiple of
// TUNNEL_STATE_PUBLISH_SECONDS since the epoch; a connection that is not available (pending, deleting,
// deleted, forgotten) publishes nothing, so alarms see missing data there.
//
// Three dimension sets exist per tunnel, as AWS publishes them: {VpnId, TunnelIpAddress}, {TunnelIpAddress}
// and {VpnId} (both tunnels' samples together: Average 0.5 means one tunnel DOWN).
import type { RegionState, StatusChange, TelemetryStatus, VpnConnection } from './types.js';
import type { World } from './world.js';

export const VPN_NAMESPACE = 'AWS/VPN';
export const TUNNEL_STATE = 'TunnelState';
/** AWS/VPN publication period (the lab's; AWS guidance uses Period=300 for these metrics). */
export const TUNNEL_STATE_PUBLISH_SECONDS = 300;
const PUBLISH_MS = TUNNEL_STATE_PUBLISH_SECONDS * 1000;
/** TunnelState carries no unit (CloudWatch reports `None`). */
export const TUNNEL_STATE_UNIT = 'None';

export interface Dimension {
  Name: string;
  Value: string;
}

/** One stretch of a tunnel's timeline: from `from` (epoch ms) until the next segment starts. */
interface Segment {
  from: number;
  status: TelemetryStatus;
  /** false while the connection is not available: no datapoint is published */
  publishing: boolean;
}

interface TunnelSeries {
  vpnConnectionId: string;
  outsideIpAddress: string;
  segments: Segment[];
}

interface RegionMetrics {
  /** `vpnId/ip` -> series */
  tunnels: Map<string, TunnelSeries>;
  /** vpnId -> its series (every tunnel it ever had) */
  byVpn: Map<string, TunnelSeries[]>;
}

function addSeries(metrics: RegionMetrics, key: string, series: TunnelSeries): void {
  metrics.tunnels.set(key, series);
  const list = metrics.byVpn.get(series.vpnConnectionId);
  if (list) list.push(series);
  else metrics.byVpn.set(series.vpnConnectionId, [series]);
}

interface MetricIndex {
  /** history entries already folded into the series */
  cursor: number;
  regions: Map<string, RegionMetrics>;
}

const indexes = new WeakMap<World, MetricIndex>();

const regionKey = (accountId: string, region: string): string => `${accountId}/${region}`;
const tunnelKey = (vpnConnectionId: string, ip: string): string => `${vpnConnectionId}/${ip}`;

function regionMetrics(index: MetricIndex, accountId: string, region: string): RegionMetrics {
  const key = regionKey(accountId, region);
  let found = index.regions.get(key);
  if (!found) {
    found = { tunnels: new Map(), byVpn: new Map() };
    index.regions.set(key, found);
  }
  return found;
}

function insertSegment(series: TunnelSeries, segment: Segment): void {
  const segments = series.segments;
  let at = segments.length;
  while (at > 0 && segments[at - 1]!.from > segment.from) at--;
  segments.splice(at, 0, segment);
}

/**
 * A tunnel seen for the first time at `firstAt` with `firstStatus`: the history holds no earlier state. A
 * tunnel first seen DOWN after its connection was created was UP before (the scenarios record each state
 * since `statusSince` as the end of such a transition, and the tunnel logs say the same). A tunnel first seen
 * UP may as well have been pending before, so nothing is assumed published before it.
 */
function newSeries(
  conn: VpnConnection | undefined,
  vpnConnectionId: string,
  ip: string,
  firstAt: number,
  firstStatus: TelemetryStatus,
): TunnelSeries {
  const series: TunnelSeries = { vpnConnectionId, outsideIpAddress: ip, segments: [] };
  if (conn && conn.createdAt < firstAt && firstStatus === 'DOWN')
    series.segments.push({ from: conn.createdAt, status: 'UP', publishing: true });
  return series;
}

function fold(world: World, index: MetricIndex): void {
  const history = world.history;
  for (; index.cursor < history.length; index.cursor++) {
    const change: StatusChange = history[index.cursor]!;
    const metrics = regionMetrics(index, change.accountId, change.region);
    const key = tunnelKey(change.vpnConnectionId, change.outsideIpAddress);
    let series = metrics.tunnels.get(key);
    if (!series) {
      const conn = world.region(change.accountId, change.region).vpnConnections.get(change.vpnConnectionId);
      series = newSeries(conn, change.vpnConnectionId, change.outsideIpAddress, change.time, change.status);
      addSeries(metrics, key, series);
    }
    insertSegment(series, {
      from: change.time,
      status: change.status,
      publishing: change.cause !== 'connection-not-available',
    });
  }
}

/** Connections whose tunnels never changed since they were built (generated estates) enter from their telemetry. */
function seedConnection(metrics: RegionMetrics, conn: VpnConnection): void {
  for (const tunnel of conn.tunnels) {
    const ip = tunnel.options.outsideIpAddress;
    const key = tunnelKey(conn.vpnConnectionId, ip);
    if (metrics.tunnels.has(key)) continue;
    const telemetry = tunnel.telemetry;
    const since = Math.max(telemetry.lastStatusChange, conn.createdAt);
    const series = newSeries(conn, conn.vpnConnectionId, ip, since, telemetry.status);
    series.segments.push({
      from: since,
      status: telemetry.status,
      publishing: telemetry.cause !== 'connection-not-available',
    });
    addSeries(metrics, key, series);
  }
}

function indexOf(world: World): MetricIndex {
  let index = indexes.get(world);
  if (!index) {
    index = { cursor: 0, regions: new Map() };
    indexes.set(world, index);
  }
  fold(world, index);
  return index;
}

/** Every tunnel series of an account-region (history first, then connections that have none). */
function regionSeries(world: World, region: RegionState): RegionMetrics {
  const index = indexOf(world);
  const metrics = regionMetrics(index, region.accountId, region.region);
  for (const conn of region.vpnConnections.values()) seedConnection(metrics, conn);
  return metrics;
}

/** The series of one connection (both tunnels, plus any tunnel it had before). */
function connectionSeries(world: World, region: RegionState, vpnConnectionId: string): TunnelSeries[] {
  const metrics = regionMetrics(indexOf(world), region.accountId, region.region);
  const conn = region.vpnConnections.get(vpnConnectionId);
  if (conn) seedConnection(metrics, conn);
  return metrics.byVpn.get(vpnConnectionId) ?? [];
}

/** 1 UP, 0 DOWN, undefined when nothing is published at `time`. */
function valueAt(series: TunnelSeries, time: number): number | undefined {
  const segments = series.segments;
  let low = 0;
  let high = segments.length - 1;
  let found: Segment | undefined;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (segments[mid]!.from <= time) {
      found = segments[mid];
      low = mid + 1;
    } else high = mid - 1;
  }
  if (!found?.publishing) return undefined;
  return found.status === 'UP' ? 1 : 0;
}

export interface Sample {
  /** epoch ms, a multiple of the publication period */
  time: number;
  value: number;
}

/** The published samples of some series in [from, to), never after `now`, oldest first. */
function samplesOf(seriesList: readonly TunnelSeries[], from: number, to: number, now: number): Sample[] {
  const samples: Sample[] = [];
  const end = Math.min(to, now + 1);
  for (let time = Math.ceil(from / PUBLISH_MS) * PUBLISH_MS; time < end; time += PUBLISH_MS) {
    for (const series of seriesList) {
      const value = valueAt(series, time);
      if (value !== undefined) samples.push({ time, value });
    }
  }
  return samples;
}

/** The series a metric (namespace, name, exact dimension set) refers to; [] when it is not one the lab has. */
function seriesForMetric(
  world: World,
  region: RegionState,
  namespace: string,
  metricName: string,
  dimensions: readonly Dimension[],
): TunnelSeries[] {
  if (namespace !== VPN_NAMESPACE || metricName !== TUNNEL_STATE) return [];
  const byName = new Map(dimensions.map((d) => [d.Name, d.Value]));
  if (byName.size !== dimensions.length) return [];
  const vpnId = byName.get('VpnId');
  const ip = byName.get('TunnelIpAddress');
  if (byName.size === 2 && vpnId !== undefined && ip !== undefined) {
    return connectionSeries(world, region, vpnId).filter((series) => series.outsideIpAddress === ip);
  }
  if (byName.size === 1 && vpnId !== undefined) return connectionSeries(world, region, vpnId);
  if (byName.size === 1 && ip !== undefined) {
    return [...regionSeries(world, region).tunnels.values()].filter(
      (series) => series.outsideIpAddress === ip,
    );
  }
  return [];
}

export interface MetricQuery {
  namespace: string;
  metricName: string;
  dimensions: readonly Dimension[];
}

/** Raw samples of one metric in [from, to) as of `now`. */
export function metricSamples(
  world: World,
  region: RegionState,
  query: MetricQuery,
  from: number,
  to: number,
  now: number,
): Sample[] {
  return samplesOf(
    seriesForMetric(world, region, query.namespace, query.metricName, query.dimensions),
    from,
    to,
    now,
  );
}

export interface Bucket {
  /** period start, epoch ms */
  time: number;
  values: number[];
}

/** Samples grouped into periods aligned on multiples of `periodSeconds`, oldest first; empty periods absent. */
export function bucketize(samples: readonly Sample[], periodSeconds: number): Bucket[] {
  const periodMs = periodSeconds * 1000;
  const buckets: Bucket[] = [];
  for (const sample of samples) {
    const time = Math.floor(sample.time / periodMs) * periodMs;
    const last = buckets.at(-1);
    if (last?.time === time) last.values.push(sample.value);
    else buckets.push({ time, values: [sample.value] });
  }
  return buckets;
}

const BASIC_STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;
const PERCENTILE = /^p(\d{1,2}(\.\d{1,10})?|100)$/;

/** Whether the lab can compute this statistic (the basic five and pNN percentiles). */
export function supportedStatistic(statistic: string): boolean {
  return (BASIC_STATISTICS as readonly string[]).includes(statistic) || PERCENTILE.test(statistic);
}

/** One statistic over a period's values (nearest-rank percentiles). */
export function statistic(name: string, values: readonly number[]): number {
  const sum = values.reduce((total, value) => total + value, 0);
  switch (name) {
    case 'SampleCount':
      return values.length;
    case 'Sum':
      return sum;
    case 'Average':
      return sum / values.length;
    case 'Minimum':
      return Math.min(...values);
    case 'Maximum':
      return Math.max(...values);
  }
  const match = PERCENTILE.exec(name);
  if (!match) throw new Error(`unsupported statistic ${name}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((Number(match[1]) / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export interface ListedMetric {
  Namespace: string;
  MetricName: string;
  Dimensions: Dimension[];
}

/** How long a metric stays listed after its last datapoint (ListMetrics: two weeks). */
const LISTED_FOR_MS = 14 * 86_400_000;

/**
 * Every metric of an account-region with a datapoint in the last two weeks (or within `recentMs`), each
 * dimension set once: {VpnId}, {VpnId, TunnelIpAddress} and {TunnelIpAddress} per tunnel.
 */
export function listTunnelMetrics(
  world: World,
  region: RegionState,
  now: number,
  recentMs = LISTED_FOR_MS,
): ListedMetric[] {
  const listed: ListedMetric[] = [];
  const vpnIds = new Set<string>();
  const from = now - recentMs;
  for (const series of regionSeries(world, region).tunnels.values()) {
    if (samplesOf([series], from, now + 1, now).length === 0) continue;
    vpnIds.add(series.vpnConnectionId);
    listed.push(
      {
        Namespace: VPN_NAMESPACE,
        MetricName: TUNNEL_STATE,
        Dimensions: [
          { Name: 'VpnId', Value: series.vpnConnectionId },
          { Name: 'TunnelIpAddress', Value: series.outsideIpAddress },
        ],
      },
      {
        Namespace: VPN_NAMESPACE,
        MetricName: TUNNEL_STATE,
        Dimensions: [{ Name: 'TunnelIpAddress', Value: series.outsideIpAddress }],
      },
    );
  }
  for (const vpnId of vpnIds) {
    listed.push({
      Namespace: VPN_NAMESPACE,
      MetricName: TUNNEL_STATE,
      Dimensions: [{ Name: 'VpnId', Value: vpnId }],
    });
  }
  return listed;
}

/**
 * The latest time at which a metric's timeline changed (a status change, a connection leaving or entering
 * `available`), or undefined when it has no timeline. Alarm evaluation uses it to skip stretches where the
 * data cannot change.
 */
export function lastChangeAt(world: World, region: RegionState, query: MetricQuery): number | undefined {
  let latest: number | undefined;
  for (const series of seriesForMetric(world, region, query.namespace, query.metricName, query.dimensions)) {
    const from = series.segments.at(-1)?.from;
    if (from !== undefined && (latest === undefined || from > latest)) latest = from;
  }
  return latest;
}
