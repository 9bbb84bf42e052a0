import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEvent, EventError } from '../world/events.js';
import { PSK_PATTERN } from '../world/ids.js';
import type { VpnConnection } from '../world/types.js';
import { OffsetClock, World } from '../world/world.js';
import { loadScenario, ScenarioError } from './load.js';

const RETAIL = 'vpn-0a1b2c3d4e5f6a7b8';

function seed() {
  // A still clock, so "now" in a test is the instant the event happened.
  const world = new World({ clock: new OffsetClock({ now: () => Date.UTC(2026, 11, 4, 12) }), replacementSeconds: 5 });
  const loaded = loadScenario(world, 'seed-story');
  const east = world.region('111122223333', 'us-east-1');
  return { world, loaded, east };
}

const tunnelByIp = (conn: VpnConnection, ip: string) => conn.tunnels.find((t) => t.options.outsideIpAddress === ip)!;
const downIds = (world: World, region: string) =>
  [...world.region('111122223333', region).vpnConnections.values()]
    .filter((conn) => conn.tunnels.some((t) => t.telemetry.status === 'DOWN'))
    .map((conn) => conn.vpnConnectionId)
    .sort();

describe('seed-story', () => {
  it('loads one account with generated keys and us-east-1 as the default region', () => {
    const { loaded } = seed();
    expect(loaded.name).toBe('seed-story');
    expect(loaded.defaultRegion).toBe('us-east-1');
    expect(loaded.accounts).toEqual([
      expect.objectContaining({ accountId: '111122223333', accessKeyId: expect.stringMatching(/^AKIA[A-Z2-7]{16}$/), management: false }),
    ]);
    expect(loaded.accounts[0]!.secretAccessKey).toHaveLength(40);
  });

  it('has the retail tunnel DOWN for 91 days behind the firewall while its twin is UP', () => {
    const { world, east } = seed();
    const retail = east.vpnConnections.get(RETAIL)!;
    const down = tunnelByIp(retail, '203.0.113.20').telemetry;
    expect(down).toMatchObject({ status: 'DOWN', statusMessage: 'IPSEC IS DOWN', cause: 'endpoint-blocked' });
    expect(Math.round((world.now() - down.lastStatusChange) / 86_400_000)).toBe(91);
    expect(tunnelByIp(retail, '203.0.113.10').telemetry.status).toBe('UP');
    expect(retail.telemetryReversed).toBe(true);
    expect(world.history.some((change) => change.vpnConnectionId === RETAIL && change.cause === 'endpoint-blocked')).toBe(true);
  });

  it('matches the DOWN list documented at the top of the file', () => {
    const { world } = seed();
    expect(downIds(world, 'us-east-1')).toEqual(['vpn-04d5e6f7a8b9c0d1e', 'vpn-05e6f7a8b9c0d1e2f', RETAIL]);
    expect(downIds(world, 'eu-west-1')).toEqual([]);
  });

  it('documents the control-relevant settings of its connections', () => {
    const { east } = seed();
    const ike = (id: string) => east.vpnConnections.get(id)!.tunnels.map((t) => t.options.ikeVersions?.join('+') ?? 'unset');
    const logging = (id: string) => east.vpnConnections.get(id)!.tunnels.map((t) => t.options.logOptions.logEnabled);
    expect(ike('vpn-0b2c3d4e5f6a7b8c9')).toEqual(['ikev1', 'ikev1']);
    expect(ike('vpn-0c3d4e5f6a7b8c9d0')).toEqual(['unset', 'unset']);
    expect(ike('vpn-02b3c4d5e6f7a8b9c')).toEqual(['ikev2', 'ikev2']);
    expect(logging('vpn-0d4e5f6a7b8c9d0e1')).toEqual([false, false]);
    expect(logging('vpn-0f6a7b8c9d0e1f2a3')).toEqual([true, false]);
    expect(logging('vpn-02b3c4d5e6f7a8b9c')).toEqual([true, true]);
    expect(east.customerGateways.get(east.vpnConnections.get('vpn-01a2b3c4d5e6f7a8b')!.customerGatewayId)!.device.ikeVersions).toEqual(['ikev1']);
    expect([...east.clientVpnEndpoints.values()].map((e) => [e.clientVpnEndpointId, e.status, e.connectionLogOptions.enabled])).toEqual([
      ['cvpn-endpoint-0a1b2c3d4e5f6a7b8', 'available', false],
      ['cvpn-endpoint-0b1c2d3e4f5a6b7c8', 'available', true],
      ['cvpn-endpoint-0c1d2e3f4a5b6c7d8', 'deleted', false],
    ]);
  });

  it('gives every tunnel its own pre-shared key, never a fixed one', () => {
    const keys = (world: World) =>
      [...world.allRegions()].flatMap((region) => [...region.vpnConnections.values()].flatMap((conn) => conn.tunnels.map((t) => t.options.preSharedKey)));
    const first = keys(seed().world);
    const second = keys(seed().world);
    expect(new Set(first).size).toBe(first.length);
    expect(first.every((key) => PSK_PATTERN.test(key) && key.length === 32 && !key.startsWith('0'))).toBe(true);
    expect(first.filter((key) => second.includes(key))).toEqual([]);
  });

  it('writes tunnel logs for logging tunnels and none carry a pre-shared key', () => {
    const { east } = seed();
    const group = east.logGroups.get('/aws/vpn/s2s')!;
    const stream = group.streams.get('vpn-02b3c4d5e6f7a8b9c-' + east.vpnConnections.get('vpn-02b3c4d5e6f7a8b9c')!.tunnels[0].options.outsideIpAddress + '-IKE')!;
    expect(stream.map((e) => (JSON.parse(e.message) as { VpnLogDetail: string }).VpnLogDetail)).toContain('AWS tunnel Phase 2 (CHILD_SA) is established');
    const psks = [...east.vpnConnections.values()].flatMap((c) => c.tunnels.map((t) => t.options.preSharedKey));
    const messages = [...east.logGroups.values()].flatMap((g) => [...g.streams.values()].flat().map((e) => e.message));
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.filter((m) => psks.some((psk) => m.includes(psk)))).toEqual([]);
  });
});

describe('events on seed-story', () => {
  it('fix-firewall brings the 91-day tunnel back UP and records the change', () => {
    const { world, east } = seed();
    const result = applyEvent(world, { type: 'fix-firewall', accountId: '111122223333', region: 'us-east-1', vpnConnectionId: RETAIL });
    expect(result.connections.find((c) => c.vpnConnectionId === RETAIL)!.tunnels.map((t) => t.status)).toEqual(['UP', 'UP']);
    expect(tunnelByIp(east.vpnConnections.get(RETAIL)!, '203.0.113.20').telemetry.lastStatusChange).toBe(world.now());
    expect(world.history.at(-1)).toMatchObject({ vpnConnectionId: RETAIL, outsideIpAddress: '203.0.113.20', status: 'UP' });
  });

  it.each([
    ['psk-mismatch', 'AWS tunnel payload decryption was unsuccessful due to invalid Pre-shared Key'],
    ['proposal-mismatch', 'No Proposal Match Found by AWS'],
    ['endpoint-blocked', 'AWS tunnel DPD timed out after 3 retransmits'],
  ] as const)('drop-tunnel %s on a logging tunnel writes the catalogue message', (cause, message) => {
    const { world, east } = seed();
    const conn = east.vpnConnections.get('vpn-02b3c4d5e6f7a8b9c')!;
    const ip = conn.tunnels[1].options.outsideIpAddress;
    const result = applyEvent(world, { type: 'drop-tunnel', vpnConnectionId: conn.vpnConnectionId, outsideIpAddress: ip, cause });
    expect(result.connections[0]!.tunnels.find((t) => t.outsideIpAddress === ip)).toMatchObject({ status: 'DOWN', cause });
    expect(conn.tunnels[0].telemetry.status).toBe('UP');
    const events = east.logGroups.get('/aws/vpn/s2s')!.streams.get(`${conn.vpnConnectionId}-${ip}-IKE`)!;
    expect(events.map((e) => (JSON.parse(e.message) as { VpnLogDetail: string }).VpnLogDetail)).toContain(message);
  });

  it('set-gateway to IKEv2 only takes the IKEv1-only connection DOWN (ike-version-mismatch) and restore does not fix it', () => {
    const { world, east } = seed();
    applyEvent(world, { type: 'set-gateway', vpnConnectionId: 'vpn-0b2c3d4e5f6a7b8c9', patch: { ikeVersions: ['ikev2'] } });
    expect(east.vpnConnections.get('vpn-0b2c3d4e5f6a7b8c9')!.tunnels.map((t) => t.telemetry.cause)).toEqual(['ike-version-mismatch', 'ike-version-mismatch']);
    // branch-default-ike shares the gateway and accepts both versions: still UP
    expect(east.vpnConnections.get('vpn-0c3d4e5f6a7b8c9d0')!.tunnels.map((t) => t.telemetry.status)).toEqual(['UP', 'UP']);
  });

  it('drop-tunnel without a cause forces it DOWN until the next event on its gateway', () => {
    const { world, east } = seed();
    const conn = east.vpnConnections.get('vpn-0d4e5f6a7b8c9d0e1')!;
    const ip = conn.tunnels[0].options.outsideIpAddress;
    applyEvent(world, { type: 'drop-tunnel', vpnConnectionId: conn.vpnConnectionId, outsideIpAddress: ip });
    expect(conn.tunnels[0].telemetry.cause).toBe('scenario');
    applyEvent(world, { type: 'restore', vpnConnectionId: conn.vpnConnectionId });
    expect(conn.tunnels[0].telemetry.status).toBe('UP');
  });

  it('advance-clock moves the lab clock and runs what is due', () => {
    const { world } = seed();
    const before = world.now();
    applyEvent(world, { type: 'advance-clock', seconds: 60 });
    expect(world.now() - before).toBeGreaterThanOrEqual(60_000);
  });

  it.each([
    [{ type: 'explode' }, /^event\.type: /],
    [{ type: 'set-gateway', vpnConnectionId: RETAIL, patch: { ikeVersions: ['ikev3'] } }, /^event\.patch\.ikeVersions\.0: /],
    [{ type: 'set-gateway', vpnConnectionId: RETAIL, patch: { colour: 'red' } }, /^event\.patch: /],
    [{ type: 'fix-firewall', customerGatewayId: 'cgw-0fffffffffffffff0' }, /^event: no customer gateway cgw-0fffffffffffffff0 in the lab$/],
    [{ type: 'drop-tunnel', vpnConnectionId: RETAIL, outsideIpAddress: '192.0.2.1' }, /^event\.outsideIpAddress: 192\.0\.2\.1 is not a tunnel of/],
  ])('rejects %j with one clear line', (event, message) => {
    const { world } = seed();
    expect(() => applyEvent(world, event)).toThrow(EventError);
    expect(() => applyEvent(world, event)).toThrow(message);
    try {
      applyEvent(world, event);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });
});

describe('bundled scenarios', () => {
  it('org: a management account, members with the access role, one without, one opt-in region', () => {
    const world = new World();
    const loaded = loadScenario(world, 'org');
    expect(loaded.accounts.filter((a) => a.management).map((a) => a.accountId)).toEqual(['999988887777']);
    const roles = [...world.accounts.values()].map((a) => [a.accountId, a.roles.includes('OrganizationAccountAccessRole')]);
    expect(roles.filter(([, has]) => !has).map(([id]) => id)).toEqual(['999988887777', '444455556666']);
    const retail = world.account('111122223333')!;
    expect(retail.regions.find((r) => r.regionName === 'af-south-1')!.optInStatus).toBe('opted-in');
    expect(world.account('222233334444')!.regions.find((r) => r.regionName === 'af-south-1')!.optInStatus).toBe('not-opted-in');
  });

  it('empty: one account and nothing in it', () => {
    const world = new World();
    expect(loadScenario(world, 'empty').accounts).toHaveLength(1);
    expect([...world.allRegions()].every((r) => r.vpnConnections.size === 0)).toBe(true);
  });

  it('large: a generated estate of mixed settings loads quickly and stays consistent', () => {
    const world = new World();
    const started = performance.now();
    const loaded = loadScenario(world, 'large', { accounts: '2', regions: '17', connectionsPerRegion: '100' });
    expect(performance.now() - started).toBeLessThan(5_000);
    const connections = [...world.allRegions()].flatMap((r) => [...r.vpnConnections.values()]);
    expect(loaded.accounts).toHaveLength(2);
    expect(connections).toHaveLength(3400);
    const statuses = new Set(connections.flatMap((c) => c.tunnels.map((t) => t.telemetry.cause ?? 'UP')));
    expect(statuses).toEqual(new Set(['UP', 'endpoint-blocked', 'connection-not-available', 'bgp-down', 'no-initiator', 'ike-version-mismatch']));
    const ips = connections.flatMap((c) => c.tunnels.map((t) => t.options.outsideIpAddress));
    expect(new Set(ips).size).toBe(ips.length);
  });
});

describe('scenario errors are one line naming the file, the path and the fix', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpnguard-scenario-'));
  const write = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const base = `name: t
accounts:
  - id: "111122223333"
    name: t
    resources:
      us-east-1:
        customerGateways: [{ name: fw }]
        vpnGateways: [{ name: vgw }]
        vpnConnections:
`;
  it.each([
    [
      'bad.yaml',
      `${base}          - { customerGateway: fw, vpnGateway: vgw }\n          - { customerGateway: fw, vpnGateway: vgw }\n          - { customerGateway: fw, vpnGateway: vgw, tunnels: [{ ikeVersions: [ikev3] }] }\n`,
      'bad.yaml: accounts[0].resources.us-east-1.vpnConnections[2].tunnels[0].ikeVersions[0]: expected ikev1|ikev2, got "ikev3"',
    ],
    ['ref.yaml', `${base}          - { customerGateway: nope, vpnGateway: vgw }\n`, 'ref.yaml: accounts[0].resources.us-east-1.vpnConnections[0].customerGateway: no customer gateway named nope in this region'],
    [
      'start.yaml',
      `${base}          - { customerGateway: fw, vpnGateway: vgw, tunnels: [{ startupAction: start }] }\n`,
      'start.yaml: accounts[0].resources.us-east-1.vpnConnections[0].tunnels[0]: StartupAction start is supported only for tunnels that use IKEv2: set IKEVersions to ikev2.',
    ],
    [
      'log.yaml',
      `${base}          - { customerGateway: fw, vpnGateway: vgw, tunnels: [{ logging: { logGroup: /missing } }] }\n`,
      'log.yaml: accounts[0].resources.us-east-1.vpnConnections[0].tunnels[0].logging.logGroup: log group /missing does not exist here: add it to logGroups of this region',
    ],
    ['typo.yaml', `${base}          - { customerGateway: fw, vpnGateway: vgw, tunels: [] }\n`, 'typo.yaml: accounts[0].resources.us-east-1.vpnConnections[0]: unknown key "tunels": remove it or fix the spelling'],
    ['acct.yaml', 'name: t\naccounts:\n  - { id: 1234, name: t }\n', 'acct.yaml: accounts[0].id: expected string, got 1234'],
    ['region.yaml', 'name: t\naccounts:\n  - { id: "111122223333", name: t, resources: { af-south-1: {} } }\n', 'region.yaml: accounts[0].resources.af-south-1: af-south-1 is an opt-in region this account has not enabled: add it to optedInRegions'],
    ['syntax.yaml', 'name: [unclosed\n', /^syntax\.yaml: not valid YAML: /],
    ['three.yaml', `${base}          - { customerGateway: fw, vpnGateway: vgw, tunnels: [{}, {}, {}] }\n`, 'three.yaml: accounts[0].resources.us-east-1.vpnConnections[0].tunnels: a VPN connection has exactly two tunnels, got [{},{},{}]'],
  ])('%s', (name, text, message) => {
    const path = write(name, text);
    let error: unknown;
    try {
      loadScenario(new World(), path);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    const text_ = (error as Error).message;
    expect(text_).not.toContain('\n');
    if (typeof message === 'string') expect(text_).toBe(message);
    else expect(text_).toMatch(message);
  });

  it('names the bundled scenarios when the name is unknown', () => {
    expect(() => loadScenario(new World(), 'seed')).toThrow('seed: no such scenario: use one of seed-story, org, empty, large or a path to a .yaml/.yml/.json file');
  });

  it('rejects bad large parameters', () => {
    expect(() => loadScenario(new World(), 'large', { accounts: 'many' })).toThrow('large: params.accounts: expected an integer from 1 to 10000, got "many"');
  });
});
