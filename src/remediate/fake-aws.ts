// An in-memory RemediationApi for the executor's unit tests: connections whose tunnels go DOWN for a
// replacement time after each modify, then come back (or not) according to a small customer-gateway model.
// It records every status change so tests can check that no connection ever had both tunnels DOWN.
import type { IkeVersion, Inventory } from '../model/types.js';
import type { LiveConnection, LiveEndpoint, LiveLogGroup, RemediationApi } from './api.js';
import type { TunnelChange, TunnelSettings } from './types.js';

export interface FakeGateway {
  ikeVersions: IkeVersion[];
  initiates: boolean;
  blocked: string[];
}

interface FakeTunnel {
  ip: string;
  settings: TunnelSettings;
  status: 'UP' | 'DOWN';
  lastStatusChange: number;
}

interface FakeConnection {
  id: string;
  state: string;
  tunnels: [FakeTunnel, FakeTunnel];
  gateway: FakeGateway;
}

export interface StatusEvent {
  time: number;
  vpnConnectionId: string;
  ip: string;
  status: 'UP' | 'DOWN';
}

class FakeAwsError extends Error {
  constructor(code: string, message: string) {
    super(message);
    this.name = code;
  }
}

export class FakeAws {
  readonly connections = new Map<string, FakeConnection>();
  readonly endpoints = new Map<string, LiveEndpoint>();
  readonly logGroups = new Map<string, { retentionInDays: number | undefined }>();
  readonly history: StatusEvent[] = [];
  readonly modifyLog: { time: number; vpnConnectionId: string; ip: string; change: TunnelChange; outcome: string }[] = [];
  readonly calls: string[] = [];
  /** Next N modify calls fail with this code before doing anything. */
  failNext: { code: string; count: number } | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(readonly replacementMs: number | ((id: string) => number)) {}

  addConnection(id: string, options: { ips?: [string, string]; gateway?: Partial<FakeGateway>; tunnels?: Partial<TunnelSettings>[]; down?: string[] } = {}): void {
    const ips = options.ips ?? [`10.0.${this.connections.size % 250}.1`, `10.0.${this.connections.size % 250}.2`];
    const gateway: FakeGateway = { ikeVersions: ['ikev1', 'ikev2'], initiates: true, blocked: [], ...options.gateway };
    const make = (ip: string, i: number): FakeTunnel => ({
      ip,
      settings: {
        ikeVersions: undefined,
        startupAction: 'add',
        logging: { enabled: false, logGroupArn: undefined, outputFormat: undefined },
        ...options.tunnels?.[i],
      },
      status: 'UP',
      lastStatusChange: Date.now() - 86_400_000,
    });
    const conn: FakeConnection = { id, state: 'available', tunnels: [make(ips[0], 0), make(ips[1], 1)], gateway };
    for (const t of conn.tunnels) t.status = options.down?.includes(t.ip) ? 'DOWN' : this.derive(conn, t);
    this.connections.set(id, conn);
  }

  /** Would this tunnel be UP given its options and the gateway? */
  private derive(conn: FakeConnection, t: FakeTunnel): 'UP' | 'DOWN' {
    const gw = conn.gateway;
    if (gw.blocked.includes(t.ip)) return 'DOWN';
    const accepted = t.settings.ikeVersions ?? ['ikev1', 'ikev2'];
    const common = accepted.filter((v) => gw.ikeVersions.includes(v));
    if (common.length === 0) return 'DOWN';
    const awsStarts = t.settings.startupAction === 'start' && common.includes('ikev2') && accepted.length === 1;
    return gw.initiates || awsStarts ? 'UP' : 'DOWN';
  }

  private setStatus(conn: FakeConnection, t: FakeTunnel, status: 'UP' | 'DOWN'): void {
    if (t.status === status) return;
    t.status = status;
    t.lastStatusChange = Date.now();
    this.history.push({ time: Date.now(), vpnConnectionId: conn.id, ip: t.ip, status });
  }

  /** World event: the far-side firewall stops blocking. */
  fixFirewall(id: string): void {
    const conn = this.connections.get(id)!;
    conn.gateway.blocked = [];
    for (const t of conn.tunnels) if (conn.state === 'available') this.setStatus(conn, t, this.derive(conn, t));
  }

  tunnel(id: string, ip: string): FakeTunnel {
    return this.connections.get(id)!.tunnels.find((t) => t.ip === ip)!;
  }

  /** Both tunnels of one connection DOWN at the same time, at any point of the history? */
  bothDownEver(id: string): boolean {
    const status = new Map<string, 'UP' | 'DOWN'>();
    const conn = this.connections.get(id)!;
    // initial statuses: replay from the first event backwards is overkill; tests start with known statuses
    for (const t of conn.tunnels) status.set(t.ip, 'UP');
    for (const e of this.history.filter((h) => h.vpnConnectionId === id)) {
      status.set(e.ip, e.status);
      if ([...status.values()].every((s) => s === 'DOWN')) return true;
    }
    return false;
  }

  /** The inventory a scan of this fake would produce (account 111122223333, us-east-1). */
  inventory(accountId = '111122223333', region = 'us-east-1'): Inventory {
    return {
      connections: [...this.connections.values()].map((c) => ({
        kind: 'site-to-site' as const,
        accountId,
        region,
        vpnConnectionId: c.id,
        state: c.state,
        customerGatewayId: `cgw-${c.id.slice(4)}`,
        gatewayType: 'VGW' as const,
        gatewayId: 'vgw-0123',
        routing: 'static' as const,
        category: 'VPN',
        tags: {},
        unmatchedTelemetry: [],
        tunnels: c.tunnels.map((t) => ({
          outsideIpAddress: t.ip,
          ikeVersions: t.settings.ikeVersions ? [...t.settings.ikeVersions] : undefined,
          startupAction: t.settings.startupAction,
          dpdTimeoutAction: 'clear' as const,
          dpdTimeoutSeconds: 30,
          logging: { ...t.settings.logging, bgpEnabled: false },
          telemetry: {
            status: t.status,
            statusMessage: t.status === 'UP' ? 'IPSEC IS UP' : 'IPSEC IS DOWN',
            lastStatusChange: new Date(t.lastStatusChange).toISOString(),
            acceptedRouteCount: 0,
          },
        })),
      })),
      clientVpnEndpoints: [...this.endpoints.values()].map((e) => ({
        kind: 'client-vpn' as const,
        accountId,
        region,
        clientVpnEndpointId: e.clientVpnEndpointId,
        status: e.status,
        description: undefined,
        connectionLogging: { enabled: e.logging.enabled, cloudwatchLogGroup: e.logging.cloudwatchLogGroup, cloudwatchLogStream: undefined },
        tags: {},
      })),
    };
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
  }

  api(): RemediationApi {
    return {
      describeVpnConnections: (ids) => {
        this.calls.push('DescribeVpnConnections');
        const out: LiveConnection[] = [];
        for (const id of ids) {
          const c = this.connections.get(id);
          if (!c) continue;
          out.push({
            vpnConnectionId: c.id,
            state: c.state,
            tunnels: c.tunnels.map((t) => ({
              outsideIpAddress: t.ip,
              ...structuredClone(t.settings),
              status: t.status,
              lastStatusChange: t.lastStatusChange,
            })),
          });
        }
        return Promise.resolve(out);
      },
      modifyVpnTunnelOptions: (id, ip, change) => {
        this.calls.push('ModifyVpnTunnelOptions');
        const conn = this.connections.get(id);
        if (this.failNext && this.failNext.count > 0) {
          this.failNext.count--;
          this.modifyLog.push({ time: Date.now(), vpnConnectionId: id, ip, change, outcome: this.failNext.code });
          return Promise.reject(new FakeAwsError(this.failNext.code, 'injected'));
        }
        if (!conn) return Promise.reject(new FakeAwsError('InvalidVpnConnectionID.NotFound', id));
        if (conn.state !== 'available') {
          this.modifyLog.push({ time: Date.now(), vpnConnectionId: id, ip, change, outcome: 'IncorrectState' });
          return Promise.reject(new FakeAwsError('IncorrectState', `connection ${id} is ${conn.state}`));
        }
        const t = conn.tunnels.find((x) => x.ip === ip);
        if (!t) return Promise.reject(new FakeAwsError('InvalidParameterValue', ip));
        this.modifyLog.push({ time: Date.now(), vpnConnectionId: id, ip, change, outcome: 'ok' });
        if (change.ikeVersions) t.settings.ikeVersions = [...change.ikeVersions];
        if (change.startupAction) t.settings.startupAction = change.startupAction;
        if (change.logging) t.settings.logging = { enabled: true, logGroupArn: change.logging.logGroupArn, outputFormat: 'json' };
        conn.state = 'modifying';
        this.setStatus(conn, t, 'DOWN');
        const ms = typeof this.replacementMs === 'function' ? this.replacementMs(id) : this.replacementMs;
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          conn.state = 'available';
          this.setStatus(conn, t, this.derive(conn, t));
        }, ms);
        this.timers.add(timer);
        return Promise.resolve({ state: 'modifying' });
      },
      describeLogGroup: (name) => {
        this.calls.push('DescribeLogGroups');
        const g = this.logGroups.get(name);
        const out: LiveLogGroup = g
          ? { exists: true, arn: `arn:aws:logs:us-east-1:111122223333:log-group:${name}`, retentionInDays: g.retentionInDays }
          : { exists: false, arn: undefined, retentionInDays: undefined };
        return Promise.resolve(out);
      },
      createLogGroup: (name) => {
        this.calls.push('CreateLogGroup');
        if (!this.logGroups.has(name)) this.logGroups.set(name, { retentionInDays: undefined });
        return Promise.resolve();
      },
      putRetentionPolicy: (name, days) => {
        this.calls.push('PutRetentionPolicy');
        const g = this.logGroups.get(name);
        if (!g) return Promise.reject(new FakeAwsError('ResourceNotFoundException', name));
        g.retentionInDays = days;
        return Promise.resolve();
      },
      describeClientVpnEndpoint: (id) => {
        this.calls.push('DescribeClientVpnEndpoints');
        const e = this.endpoints.get(id);
        return Promise.resolve(e ? structuredClone(e) : undefined);
      },
      enableClientVpnLogging: (id, group) => {
        this.calls.push('ModifyClientVpnEndpoint');
        const e = this.endpoints.get(id);
        if (!e) return Promise.reject(new FakeAwsError('InvalidClientVpnEndpointId.NotFound', id));
        if (!this.logGroups.has(group)) return Promise.reject(new FakeAwsError('InvalidParameterValue', `log group ${group} does not exist`));
        e.logging = { enabled: true, cloudwatchLogGroup: group };
        return Promise.resolve();
      },
    };
  }
}
