// plan(input, options) -> Plan. Pure: same input, same plan; no clock, no IO.
// Decides, per connection and endpoint, the ordered steps that close EC2.183 / EC2.171 / EC2.51 (and
// repair EC2.20 where an option change can), and why anything is left alone.
import type { ClientVpnEndpoint, Inventory, SiteToSiteVpn, Tunnel } from '../model/types.js';
import {
  defaultLogGroupName,
  FIXABLE_CONTROLS,
  type ClientVpnStep,
  type ConnectionPlan,
  type EndpointPlan,
  type FixControl,
  type LogGroupInfo,
  type LogGroupStep,
  type Plan,
  type PlanOptions,
  type SkippedResource,
  type TunnelChange,
  type TunnelDiagnosisInput,
  type TunnelSettings,
  type TunnelStep,
} from './types.js';

export interface PlanInput {
  inventory: Inventory;
  /** Log groups read before planning (missing entry = assumed absent). */
  logGroups: LogGroupInfo[];
  /** Diagnoses of DOWN tunnels, when available. */
  diagnoses: TunnelDiagnosisInput[];
}

export function logGroupArn(accountId: string, region: string, name: string): string {
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return `arn:${partition}:logs:${region}:${accountId}:log-group:${name}`;
}

export function tunnelStepId(accountId: string, region: string, vpnConnectionId: string, ip: string): string {
  return `tunnel:${accountId}/${region}/${vpnConnectionId}/${ip}`;
}

function isIkev2Only(versions: readonly string[] | undefined): boolean {
  return versions !== undefined && versions.length === 1 && versions[0] === 'ikev2';
}

/** Does a tunnel already carry every option of `after`? (reconciliation on resume uses the same test) */
export function settingsSatisfy(current: TunnelSettings, after: TunnelSettings): boolean {
  const ikeOk = isIkev2Only(after.ikeVersions) ? isIkev2Only(current.ikeVersions) : true;
  const startOk = after.startupAction === 'start' ? current.startupAction === 'start' : true;
  const logOk = after.logging.enabled ? current.logging.enabled : true;
  return ikeOk && startOk && logOk;
}

/** Does a tunnel carry exactly the IKE versions / startup action of a rollback request? */
export function rollbackSatisfied(current: TunnelSettings, rollback: TunnelChange): boolean {
  if (rollback.ikeVersions) {
    const want = [...rollback.ikeVersions].sort().join(',');
    const have = [...(current.ikeVersions ?? ['ikev1', 'ikev2'])].sort().join(',');
    if (want !== have) return false;
  }
  if (rollback.startupAction && (current.startupAction ?? 'add') !== rollback.startupAction) return false;
  return true;
}

function ipKey(ip: string): string {
  return ip
    .split('.')
    .map((part) => part.padStart(3, '0'))
    .join('.');
}

function settingsOf(tunnel: Tunnel): TunnelSettings {
  return {
    ikeVersions: tunnel.ikeVersions ? [...tunnel.ikeVersions] : undefined,
    startupAction: tunnel.startupAction,
    logging: {
      enabled: tunnel.logging.enabled,
      logGroupArn: tunnel.logging.logGroupArn,
      outputFormat: tunnel.logging.outputFormat,
    },
  };
}

function describeIke(versions: readonly string[] | undefined): string {
  return versions === undefined ? 'ikev1+ikev2 (AWS default)' : versions.join('+');
}

function isConfirmed(options: PlanOptions, vpn: SiteToSiteVpn): boolean {
  if (options.confirmIkev2 === 'all') return true;
  return (
    options.confirmIkev2.includes(vpn.vpnConnectionId) ||
    (vpn.customerGatewayId !== undefined && options.confirmIkev2.includes(vpn.customerGatewayId))
  );
}

interface Context {
  notes: Set<string>;
  options: PlanOptions;
  controls: Set<FixControl>;
  logGroups: Map<string, LogGroupInfo>;
  logGroupSteps: Map<string, LogGroupStep>;
  diagnoses: Map<string, TunnelDiagnosisInput>;
}

/** The log group for an account-region: its ARN, and the step that creates it when missing. */
function ensureLogGroup(ctx: Context, accountId: string, region: string): { arn: string; name: string; stepId?: string } {
  const name = ctx.options.logGroupName ?? defaultLogGroupName(region);
  const key = `${accountId}/${region}/${name}`;
  const info = ctx.logGroups.get(key);
  const arn = info?.arn?.replace(/:\*$/, '') ?? logGroupArn(accountId, region, name);
  if (info?.exists) {
    if (info.retentionInDays === undefined) {
      ctx.notes.add(`log group ${name} (${accountId}/${region}) exists with no retention (logs kept forever); it is used as is: set one with aws logs put-retention-policy`);
    }
    return { arn, name };
  }
  const id = `log-group:${key}`;
  if (!ctx.logGroupSteps.has(key)) {
    ctx.logGroupSteps.set(key, {
      kind: 'log-group',
      id,
      accountId,
      region,
      logGroupName: name,
      logGroupArn: arn,
      create: true,
      retentionInDays: ctx.options.logRetentionDays,
      closes: [],
      interruptsTraffic: false,
      summary: `create log group ${name} with ${ctx.options.logRetentionDays}-day retention`,
    });
  }
  return { arn, name, stepId: id };
}

function planConnection(ctx: Context, vpn: SiteToSiteVpn): ConnectionPlan | SkippedResource {
  const skip = (reason: string): SkippedResource => ({
    accountId: vpn.accountId,
    region: vpn.region,
    resourceId: vpn.vpnConnectionId,
    reason,
  });
  if (vpn.state !== 'available') {
    return skip(
      vpn.state === 'modifying'
        ? 'connection is being modified right now; run the plan again when it is available'
        : `connection is ${vpn.state}; only available connections are changed`,
    );
  }
  const [first, second] = vpn.tunnels;
  if (vpn.tunnels.length !== 2 || !first || !second) {
    return skip(`expected two tunnels, AWS returned ${vpn.tunnels.length}`);
  }

  const notes: string[] = [];
  const confirmed = isConfirmed(ctx.options, vpn);
  const wantsIke = ctx.controls.has('EC2.183');
  const wantsLogs = ctx.controls.has('EC2.171');
  const wantsUp = ctx.controls.has('EC2.20');
  const statusOf = (t: Tunnel): 'UP' | 'DOWN' | 'UNKNOWN' => t.telemetry?.status ?? 'UNKNOWN';

  if (wantsIke && !confirmed && vpn.tunnels.some((t) => !isIkev2Only(t.ikeVersions))) {
    notes.push(
      `EC2.183 stays open: IKEv2 not confirmed for ${vpn.vpnConnectionId}` +
        (vpn.customerGatewayId ? ` (customer gateway ${vpn.customerGatewayId})` : '') +
        '; locking a tunnel to IKEv2 in front of a gateway that speaks only IKEv1 takes it DOWN. ' +
        'Confirm the gateway speaks IKEv2, then rerun with --confirm-ikev2 ' +
        (vpn.customerGatewayId ?? vpn.vpnConnectionId),
    );
  }

  const steps: TunnelStep[] = [];
  const idle: Tunnel[] = [];
  for (const tunnel of vpn.tunnels) {
    const twin = tunnel === first ? second : first;
    const before = settingsOf(tunnel);
    const status = statusOf(tunnel);
    const change: TunnelChange = {};
    const closes: FixControl[] = [];
    const reasons: string[] = [];

    const setIke = wantsIke && confirmed && !isIkev2Only(tunnel.ikeVersions);
    if (setIke) {
      change.ikeVersions = ['ikev2'];
      closes.push('EC2.183');
      reasons.push(`IKE ${describeIke(tunnel.ikeVersions)} -> ikev2`);
    }
    let logTo: { arn: string; stepId?: string } | undefined;
    if (wantsLogs && !tunnel.logging.enabled) {
      logTo = ensureLogGroup(ctx, vpn.accountId, vpn.region);
      change.logging = { logGroupArn: logTo.arn, outputFormat: 'json' };
      closes.push('EC2.171');
      reasons.push(`logging off -> ${logTo.arn} (json)`);
    }
    const ikev2After = setIke || isIkev2Only(tunnel.ikeVersions);
    // StartupAction start is IKEv2-only; it rides on a replacement we make anyway (so AWS re-initiates IKE
    // after it), or repairs a DOWN tunnel whose gateway does not initiate.
    const setStart =
      ikev2After &&
      tunnel.startupAction !== 'start' &&
      (setIke || ((wantsUp || wantsIke) && change.logging !== undefined) || (wantsUp && status === 'DOWN'));
    if (setStart) {
      change.startupAction = 'start';
      reasons.push(`startup ${tunnel.startupAction ?? 'add'} -> start`);
      if (status === 'DOWN' && wantsUp) closes.push('EC2.20');
    }
    if (Object.keys(change).length === 0) {
      idle.push(tunnel);
      continue;
    }

    const after: TunnelSettings = {
      ikeVersions: change.ikeVersions ?? before.ikeVersions,
      startupAction: change.startupAction ?? before.startupAction,
      logging: change.logging
        ? { enabled: true, logGroupArn: change.logging.logGroupArn, outputFormat: 'json' }
        : before.logging,
    };
    let rollback: TunnelChange | undefined;
    if (change.ikeVersions || change.startupAction) {
      rollback = {};
      if (change.ikeVersions) rollback.ikeVersions = before.ikeVersions ? [...before.ikeVersions] : ['ikev1', 'ikev2'];
      if (change.startupAction) rollback.startupAction = before.startupAction ?? 'add';
    }
    const diagnosis = status === 'DOWN' ? ctx.diagnoses.get(`${vpn.vpnConnectionId}/${tunnel.outsideIpAddress}`) : undefined;
    const interrupts = status !== 'DOWN';
    steps.push({
      kind: 'tunnel',
      id: tunnelStepId(vpn.accountId, vpn.region, vpn.vpnConnectionId, tunnel.outsideIpAddress),
      accountId: vpn.accountId,
      region: vpn.region,
      vpnConnectionId: vpn.vpnConnectionId,
      outsideIpAddress: tunnel.outsideIpAddress,
      twinOutsideIpAddress: twin.outsideIpAddress,
      statusAtPlan: status,
      before,
      after,
      change,
      rollback,
      requires: logTo?.stepId,
      blocked: diagnosis?.farSide ? `DOWN and needs the far side fixed first: ${diagnosis.summary}` : undefined,
      closes,
      interruptsTraffic: interrupts,
      summary:
        `tunnel ${tunnel.outsideIpAddress} (${status}): ${reasons.join('; ')}` +
        (interrupts
          ? `; replaces this tunnel (DOWN for several minutes) while ${twin.outsideIpAddress} carries traffic`
          : '; already DOWN, so the change interrupts nothing'),
    });
  }

  // Order: a DOWN tunnel is repaired first; the UP twin only after it is back. Ties by outside IP.
  const rank = (s: TunnelStep): number => (s.statusAtPlan === 'DOWN' ? 0 : s.statusAtPlan === 'UP' ? 1 : 2);
  steps.sort((a, b) => rank(a) - rank(b) || ipKey(a.outsideIpAddress).localeCompare(ipKey(b.outsideIpAddress)));

  const statuses = vpn.tunnels.map(statusOf);
  if (steps.length > 0 && statuses.every((s) => s !== 'UP')) {
    for (const step of steps) {
      step.blocked ??= 'no tunnel of this connection is UP: a tunnel is changed only while its twin is UP';
    }
  }
  for (const down of idle.filter((t) => statusOf(t) !== 'UP')) {
    const diagnosis = ctx.diagnoses.get(`${vpn.vpnConnectionId}/${down.outsideIpAddress}`);
    const why = diagnosis ? diagnosis.summary : 'no option change can bring it UP; run vpnguard diagnose';
    notes.push(`tunnel ${down.outsideIpAddress} is ${statusOf(down)} and needs no option change: ${why}`);
    for (const step of steps) {
      step.blocked ??= `its twin ${down.outsideIpAddress} is ${statusOf(down)}: a tunnel is changed only while its twin is UP`;
    }
  }
  // A blocked step stops the connection: later steps wait for it.
  const firstBlocked = steps.findIndex((s) => s.blocked !== undefined);
  if (firstBlocked >= 0) {
    const blocker = steps[firstBlocked]!;
    for (const step of steps.slice(firstBlocked + 1)) {
      step.blocked ??= `waits for tunnel ${blocker.outsideIpAddress}, which is blocked`;
    }
  }
  return {
    kind: 'site-to-site',
    accountId: vpn.accountId,
    region: vpn.region,
    vpnConnectionId: vpn.vpnConnectionId,
    customerGatewayId: vpn.customerGatewayId,
    steps,
    notes,
  };
}

function planEndpoint(ctx: Context, endpoint: ClientVpnEndpoint): EndpointPlan | SkippedResource | undefined {
  if (!ctx.controls.has('EC2.51')) return undefined;
  if (endpoint.status !== 'available' && endpoint.status !== 'pending-associate') {
    return {
      accountId: endpoint.accountId,
      region: endpoint.region,
      resourceId: endpoint.clientVpnEndpointId,
      reason: `endpoint is ${endpoint.status}; only available or pending-associate endpoints are changed`,
    };
  }
  const plan: EndpointPlan = {
    kind: 'client-vpn',
    accountId: endpoint.accountId,
    region: endpoint.region,
    clientVpnEndpointId: endpoint.clientVpnEndpointId,
    steps: [],
    notes: [],
  };
  if (endpoint.connectionLogging.enabled === true) return plan;
  const group = ensureLogGroup(ctx, endpoint.accountId, endpoint.region);
  const step: ClientVpnStep = {
    kind: 'client-vpn-logging',
    id: `client-vpn:${endpoint.accountId}/${endpoint.region}/${endpoint.clientVpnEndpointId}`,
    accountId: endpoint.accountId,
    region: endpoint.region,
    clientVpnEndpointId: endpoint.clientVpnEndpointId,
    before: { enabled: endpoint.connectionLogging.enabled, cloudwatchLogGroup: endpoint.connectionLogging.cloudwatchLogGroup },
    after: { enabled: true, cloudwatchLogGroup: group.name },
    requires: group.stepId,
    closes: ['EC2.51'],
    interruptsTraffic: false,
    summary: `connection logging off -> log group ${group.name} (only ConnectionLogOptions is sent; client sessions are not reset)`,
  };
  plan.steps.push(step);
  return plan;
}

export function plan(input: PlanInput, options: PlanOptions): Plan {
  const ctx: Context = {
    notes: new Set(),
    options,
    controls: new Set(options.only.length > 0 ? options.only : FIXABLE_CONTROLS),
    logGroups: new Map(input.logGroups.map((g) => [`${g.accountId}/${g.region}/${g.logGroupName}`, g])),
    logGroupSteps: new Map(),
    diagnoses: new Map(input.diagnoses.map((d) => [`${d.vpnConnectionId}/${d.outsideIpAddress}`, d])),
  };
  const wanted = (id: string): boolean => options.resourceIds.length === 0 || options.resourceIds.includes(id);
  const byScope = <T extends { accountId: string; region: string }>(a: T, b: T, idA: string, idB: string): number =>
    a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region) || idA.localeCompare(idB);

  const connections: ConnectionPlan[] = [];
  const endpoints: EndpointPlan[] = [];
  const skipped: SkippedResource[] = [];
  const vpns = input.inventory.connections
    .filter((c) => wanted(c.vpnConnectionId))
    .sort((a, b) => byScope(a, b, a.vpnConnectionId, b.vpnConnectionId));
  for (const vpn of vpns) {
    const result = planConnection(ctx, vpn);
    if ('kind' in result) {
      if (result.steps.length > 0 || result.notes.length > 0) connections.push(result);
    } else skipped.push(result);
  }
  const cvpns = input.inventory.clientVpnEndpoints
    .filter((e) => wanted(e.clientVpnEndpointId))
    .sort((a, b) => byScope(a, b, a.clientVpnEndpointId, b.clientVpnEndpointId));
  for (const endpoint of cvpns) {
    const result = planEndpoint(ctx, endpoint);
    if (!result) continue;
    if ('kind' in result) {
      if (result.steps.length > 0 || result.notes.length > 0) endpoints.push(result);
    } else skipped.push(result);
  }

  const tunnelSteps = connections.flatMap((c) => c.steps);
  const cvpnSteps = endpoints.flatMap((e) => e.steps);
  // A log group is created only when a step that will run needs it.
  const needed = new Set([...tunnelSteps.filter((s) => !s.blocked), ...cvpnSteps].map((s) => s.requires));
  const logGroups = [...ctx.logGroupSteps.values()].filter((g) => needed.has(g.id)).sort((a, b) => a.id.localeCompare(b.id));
  return {
    schemaVersion: '1.0',
    options,
    logGroups,
    connections,
    endpoints,
    skipped,
    notes: [...ctx.notes],
    summary: {
      steps: logGroups.length + tunnelSteps.length + cvpnSteps.length,
      tunnelChanges: tunnelSteps.length,
      interruptingChanges: tunnelSteps.filter((s) => s.interruptsTraffic && !s.blocked).length,
      blockedSteps: tunnelSteps.filter((s) => s.blocked !== undefined).length,
      connections: connections.filter((c) => c.steps.length > 0).length,
      endpoints: cvpnSteps.length,
    },
  };
}

/** Steps that will actually run (not blocked). */
export function runnableSteps(p: Plan): number {
  return p.logGroups.length + p.connections.flatMap((c) => c.steps).filter((s) => !s.blocked).length + p.endpoints.flatMap((e) => e.steps).length;
}
