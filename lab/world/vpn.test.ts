import { describe, expect, it } from 'vitest';
import { modernDevice, newCustomerGateway, newVpnConnection, newVpnGateway } from './factory.js';
import { applyTunnelPatch } from './tunnel-options.js';
import type { DownCause, GatewayDevice, IkeVersion, VpnConnection } from './types.js';
import { deriveTunnel, refresh, replaceTunnel } from './vpn.js';
import { OffsetClock, World } from './world.js';

function estate(device: Partial<GatewayDevice> = {}, staticRoutesOnly = false) {
  const world = new World({ clock: new OffsetClock(), replacementSeconds: 10 });
  const region = world.region('111122223333', 'us-east-1');
  const cgw = newCustomerGateway(world, region, { device: modernDevice(device) });
  const vgw = newVpnGateway(region);
  const conn = newVpnConnection(world, region, { customerGatewayId: cgw.customerGatewayId, vpnGatewayId: vgw.vpnGatewayId, staticRoutesOnly });
  return { world, region, cgw, conn };
}

const ipOf = (conn: VpnConnection, index: 0 | 1): string => conn.tunnels[index].options.outsideIpAddress;

describe('deriveTunnel', () => {
  it('is UP with N BGP ROUTES on a BGP connection whose gateway is healthy', () => {
    const { conn, cgw, world } = estate({ advertisedRoutes: 7 });
    expect(deriveTunnel(conn, conn.tunnels[0], cgw.device, world.now())).toEqual({
      status: 'UP',
      statusMessage: '7 BGP ROUTES',
      acceptedRouteCount: 7,
      cause: undefined,
    });
  });

  it('is UP with IPSEC IS UP on a static connection', () => {
    const { conn, cgw, world } = estate({}, true);
    expect(deriveTunnel(conn, conn.tunnels[1], cgw.device, world.now())).toMatchObject({ status: 'UP', statusMessage: 'IPSEC IS UP' });
  });

  type Case = { cause: DownCause; message: string; arrange: (conn: VpnConnection, device: GatewayDevice) => void };
  const cases: Case[] = [
    { cause: 'replacing', message: '', arrange: (conn) => (conn.tunnels[0].replacingUntil = Date.now() + 60_000) },
    { cause: 'connection-not-available', message: 'IPSEC IS DOWN', arrange: (conn) => (conn.state = 'pending') },
    { cause: 'scenario', message: 'IPSEC IS DOWN', arrange: (conn) => (conn.tunnels[0].forcedDown = true) },
    { cause: 'gateway-offline', message: 'IPSEC IS DOWN', arrange: (_, device) => (device.online = false) },
    { cause: 'endpoint-blocked', message: 'IPSEC IS DOWN', arrange: (conn, device) => (device.blockedEndpoints = [ipOf(conn, 0)]) },
    {
      cause: 'ike-version-mismatch',
      message: 'IPSEC IS DOWN',
      arrange: (conn, device) => {
        device.ikeVersions = ['ikev1'];
        conn.tunnels[0].options = applyTunnelPatch(conn.tunnels[0].options, { ikeVersions: ['ikev2'] });
      },
    },
    { cause: 'psk-mismatch', message: 'IPSEC IS DOWN', arrange: (conn, device) => (device.pskMismatch = [ipOf(conn, 0)]) },
    { cause: 'proposal-mismatch', message: 'IPSEC IS DOWN', arrange: (conn, device) => (device.proposalMismatch = [ipOf(conn, 0)]) },
    { cause: 'no-initiator', message: 'IPSEC IS DOWN', arrange: (_, device) => (device.initiates = false) },
    {
      cause: 'dpd-clear-idle',
      message: 'IPSEC IS DOWN',
      arrange: (conn, device) => {
        device.initiates = false;
        device.idle = true;
        conn.tunnels[0].options = applyTunnelPatch(conn.tunnels[0].options, { ikeVersions: ['ikev2'], startupAction: 'start' });
      },
    },
    { cause: 'bgp-down', message: 'IPSEC IS UP', arrange: (_, device) => (device.bgpSessionUp = false) },
  ];

  it.each(cases)('is DOWN for $cause', ({ cause, message, arrange }) => {
    const { conn, cgw } = estate();
    const device = { ...cgw.device };
    arrange(conn, device);
    expect(deriveTunnel(conn, conn.tunnels[0], device, Date.now())).toEqual({ status: 'DOWN', statusMessage: message, acceptedRouteCount: 0, cause });
  });

  it('treats an absent IKE version list as both versions', () => {
    const { conn, cgw } = estate({ ikeVersions: ['ikev1'] });
    expect(conn.tunnels[0].options.ikeVersions).toBeUndefined();
    expect(deriveTunnel(conn, conn.tunnels[0], cgw.device, Date.now()).status).toBe('UP');
  });

  it('comes UP without a gateway initiator when AWS starts IKEv2, and stays DOWN when start cannot use IKEv2', () => {
    const { conn, cgw } = estate({ initiates: false });
    const start = (ikeVersions: IkeVersion[]) => applyTunnelPatch(conn.tunnels[0].options, { ikeVersions, startupAction: 'start' });
    conn.tunnels[0].options = start(['ikev2']);
    expect(deriveTunnel(conn, conn.tunnels[0], cgw.device, Date.now()).status).toBe('UP');
    const legacy = { ...cgw.device, ikeVersions: ['ikev1'] as IkeVersion[] };
    conn.tunnels[0].options = start(['ikev1', 'ikev2']);
    expect(deriveTunnel(conn, conn.tunnels[0], legacy, Date.now()).cause).toBe('no-initiator');
  });

  it('keeps a DPD restart tunnel UP on an idle gateway', () => {
    const { conn, cgw } = estate({ initiates: false, idle: true });
    conn.tunnels[0].options = applyTunnelPatch(conn.tunnels[0].options, { ikeVersions: ['ikev2'], startupAction: 'start', dpdTimeoutAction: 'restart' });
    expect(deriveTunnel(conn, conn.tunnels[0], cgw.device, Date.now()).status).toBe('UP');
  });
});

describe('refresh', () => {
  it('records a status change with its cause, moves lastStatusChange and leaves the twin alone', () => {
    const { world, region, cgw, conn } = estate();
    const twinBefore = { ...conn.tunnels[1].telemetry };
    const later = world.now() + 5_000;
    cgw.device = { ...cgw.device, blockedEndpoints: [ipOf(conn, 0)] };
    refresh(world, region, conn, later);
    expect(conn.tunnels[0].telemetry).toMatchObject({ status: 'DOWN', lastStatusChange: later, cause: 'endpoint-blocked' });
    expect(conn.tunnels[1].telemetry).toEqual(twinBefore);
    expect(world.history).toEqual([
      expect.objectContaining({ vpnConnectionId: conn.vpnConnectionId, outsideIpAddress: ipOf(conn, 0), status: 'DOWN', cause: 'endpoint-blocked', time: later }),
    ]);
  });

  it('records nothing when nothing changed', () => {
    const { world, region, conn } = estate();
    refresh(world, region, conn, world.now());
    expect(world.history).toEqual([]);
  });
});

describe('replaceTunnel', () => {
  it('takes only the modified tunnel DOWN while the connection is modifying, then re-derives it', () => {
    const { world, region, conn } = estate();
    const clock = world.clock as OffsetClock;
    const next = applyTunnelPatch(conn.tunnels[1].options, { ikeVersions: ['ikev2'] });
    replaceTunnel(world, region, conn, conn.tunnels[1], next, world.now());
    expect(conn.state).toBe('modifying');
    expect(conn.tunnels[1].telemetry).toMatchObject({ status: 'DOWN', statusMessage: '', cause: 'replacing' });
    expect(conn.tunnels[0].telemetry.status).toBe('UP');
    clock.advance(9_000);
    world.settle();
    expect(conn.state).toBe('modifying');
    clock.advance(1_000);
    world.settle();
    expect(conn.state).toBe('available');
    expect(conn.tunnels[1].telemetry).toMatchObject({ status: 'UP', cause: undefined });
  });

  it('leaves a tunnel locked to IKEv2 DOWN against an IKEv1-only gateway', () => {
    const { world, region, conn } = estate({ ikeVersions: ['ikev1'] });
    replaceTunnel(world, region, conn, conn.tunnels[0], applyTunnelPatch(conn.tunnels[0].options, { ikeVersions: ['ikev2'] }), world.now());
    (world.clock as OffsetClock).advance(10_000);
    world.settle();
    expect(conn.state).toBe('available');
    expect(conn.tunnels[0].telemetry).toMatchObject({ status: 'DOWN', cause: 'ike-version-mismatch' });
  });
});
