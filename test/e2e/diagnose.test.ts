// `vpnguard diagnose` end to end: the built CLI against a lab on 127.0.0.1 through the real AWS SDK. Each cause
// is created in the lab (a scenario file plus a world event, so the lab writes its tunnel log lines), then the
// top-ranked cause and its evidence are asserted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type LabHandle } from '../../lab/index.js';
import { appendEvent, tunnelLogStreamName } from '../../lab/world/tunnel-logs.js';
import {
  ACCOUNT,
  LOG_GROUP,
  REGION,
  diagnoseJson,
  diagnoseText,
  estate,
  scenarioFile,
  type CaseSpec,
} from './diagnose.helpers.js';
import { assertBuilt, labSecrets } from './scan.helpers.js';

beforeAll(() => assertBuilt());

describe('seed-story', () => {
  let lab: LabHandle;
  beforeAll(async () => {
    lab = await startLab({ scenario: 'seed-story' });
  });
  afterAll(() => lab.stop());

  it('puts the 91-days-DOWN tunnel first, diagnosed as the far-side firewall, fix the firewall before crypto', async () => {
    const { code, report, stdout, stderr } = await diagnoseJson(lab, []);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    // deleted and pending connections report DOWN telemetry but are not diagnosed
    expect(report.diagnoses.map((d) => d.vpnConnectionId)).toEqual(['vpn-0a1b2c3d4e5f6a7b8']);
    const first = report.diagnoses[0]!;
    expect(first.rank).toBe(1);
    expect(first.priority.tier).toBe('redundancy-lost');
    expect(Math.round(first.priority.downForSeconds! / 86_400)).toBe(91);
    const top = first.causes[0]!;
    expect(top.cause).toBe('far-side-firewall');
    expect(top.tunnels).toEqual(['203.0.113.20']);
    expect(top.confidenceLabel).toBe('high');
    expect(top.evidence.join(' ')).toMatch(
      /DOWN for 91 days .* twin 203\.0\.113\.10, through the same customer gateway, is UP/,
    );
    expect(top.nextStep).toMatch(
      /^Fix the far-side firewall rule for UDP 500\/4500 to 203\.0\.113\.20 before touching crypto/,
    );
    expect(first.logNotes.join(' ')).toMatch(
      /logging is off on 203\.0\.113\.20.*not retroactive.*vpnguard fix --connection vpn-0a1b2c3d4e5f6a7b8/,
    );
    for (const secret of labSecrets(lab)) expect(stdout).not.toContain(secret);
  });

  it('prints the same first in the terminal format', async () => {
    const { code, stdout } = await diagnoseText(lab, []);
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^1 connection with a DOWN tunnel/);
    expect(lines[2]).toMatch(/^1\. vpn-0a1b2c3d4e5f6a7b8 /);
    expect(stdout).toMatch(
      /1\) Far-side firewall blocks UDP 500\/4500 to AWS endpoint 203\.0\.113\.20 {2}\[far-side-firewall, high/,
    );
    expect(stdout).toContain(
      'next step: Fix the far-side firewall rule for UDP 500/4500 to 203.0.113.20 before touching crypto',
    );
  });

  it('after the firewall is fixed the tunnel is UP and there is nothing to diagnose', async () => {
    lab.applyEvent({ type: 'fix-firewall', customerGatewayId: 'cgw-0a1b2c3d4e5f6a7b8' });
    const { code, report } = await diagnoseJson(lab, ['vpn-0a1b2c3d4e5f6a7b8']);
    expect(code).toBe(0);
    expect(report.diagnoses).toEqual([]);
    expect(report.skipped).toEqual([
      expect.objectContaining({ vpnConnectionId: 'vpn-0a1b2c3d4e5f6a7b8', reason: 'no-down-tunnel' }),
    ]);
  });
});

// One connection per cause, each behind its own customer gateway, every tunnel logging to LOG_GROUP.
const CASES = {
  blocked: { id: 'vpn-0000000000000a001', a: '192.0.2.1', b: '192.0.2.2' },
  offline: { id: 'vpn-0000000000000a002', a: '192.0.2.3', b: '192.0.2.4' },
  ike: { id: 'vpn-0000000000000a003', a: '192.0.2.5', b: '192.0.2.6', tunnelB: { ikeVersions: ['ikev2'] } },
  noInitiator: {
    id: 'vpn-0000000000000a004',
    a: '192.0.2.7',
    b: '192.0.2.8',
    tunnelA: { startupAction: 'start', ikeVersions: ['ikev2'] },
  },
  dpd: {
    id: 'vpn-0000000000000a005',
    a: '192.0.2.9',
    b: '192.0.2.10',
    tunnelA: { ikeVersions: ['ikev2'], startupAction: 'start', dpdTimeoutAction: 'restart' },
    tunnelB: { ikeVersions: ['ikev2'], startupAction: 'start', dpdTimeoutAction: 'clear' },
  },
  bgp: { id: 'vpn-0000000000000a006', a: '192.0.2.11', b: '192.0.2.12', bgp: true },
  psk: { id: 'vpn-0000000000000a007', a: '192.0.2.13', b: '192.0.2.14' },
  proposal: { id: 'vpn-0000000000000a008', a: '192.0.2.15', b: '192.0.2.16' },
  unknown: {
    id: 'vpn-0000000000000a009',
    a: '192.0.2.17',
    b: '192.0.2.18',
    tunnelA: { ikeVersions: ['ikev2'], startupAction: 'start' },
    tunnelB: { ikeVersions: ['ikev2'], startupAction: 'start' },
  },
  pskText: {
    id: 'vpn-0000000000000a010',
    a: '192.0.2.19',
    b: '192.0.2.20',
    tunnelA: { logging: { logGroup: LOG_GROUP, format: 'text' } },
    tunnelB: { logging: { logGroup: LOG_GROUP, format: 'text' } },
  },
} satisfies Record<string, CaseSpec>;

describe('each cause, created in the lab', () => {
  let lab: LabHandle;
  const top = async (id: string) => {
    const { code, report, stderr } = await diagnoseJson(lab, [id]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(report.diagnoses).toHaveLength(1);
    return report.diagnoses[0]!;
  };

  beforeAll(async () => {
    lab = await startLab({
      scenario: scenarioFile('diagnose-causes', estate('diagnose-causes', Object.values(CASES))),
    });
    const c = CASES;
    lab.applyEvent({ type: 'block-endpoint', vpnConnectionId: c.blocked.id, outsideIpAddress: c.blocked.b });
    lab.applyEvent({ type: 'set-gateway', vpnConnectionId: c.offline.id, patch: { online: false } });
    lab.applyEvent({
      type: 'drop-tunnel',
      vpnConnectionId: c.ike.id,
      outsideIpAddress: c.ike.b,
      cause: 'ike-version-mismatch',
    });
    lab.applyEvent({ type: 'set-gateway', vpnConnectionId: c.noInitiator.id, patch: { initiates: false } });
    lab.applyEvent({
      type: 'drop-tunnel',
      vpnConnectionId: c.dpd.id,
      outsideIpAddress: c.dpd.b,
      cause: 'dpd-clear-idle',
    });
    lab.applyEvent({ type: 'set-gateway', vpnConnectionId: c.bgp.id, patch: { bgpSessionUp: false } });
    lab.applyEvent({
      type: 'drop-tunnel',
      vpnConnectionId: c.psk.id,
      outsideIpAddress: c.psk.b,
      cause: 'psk-mismatch',
    });
    lab.applyEvent({
      type: 'drop-tunnel',
      vpnConnectionId: c.proposal.id,
      outsideIpAddress: c.proposal.b,
      cause: 'proposal-mismatch',
    });
    lab.applyEvent({
      type: 'drop-tunnel',
      vpnConnectionId: c.pskText.id,
      outsideIpAddress: c.pskText.b,
      cause: 'psk-mismatch',
    });
    lab.applyEvent({ type: 'drop-tunnel', vpnConnectionId: c.unknown.id, outsideIpAddress: c.unknown.b });
    // A message no catalogue knows, as a new AWS release might write.
    const region = lab.world.region(ACCOUNT, REGION);
    const conn = region.vpnConnections.get(c.unknown.id)!;
    const tunnel = conn.tunnels.find((t) => t.options.outsideIpAddress === c.unknown.b)!;
    const now = lab.world.now();
    appendEvent(
      region.logGroups.get(LOG_GROUP)!,
      tunnelLogStreamName(conn, tunnel),
      now - 1000,
      JSON.stringify({
        VpnLogCreationTimestamp: new Date(now - 1000).toISOString(),
        VpnConnectionId: c.unknown.id,
        TunnelOutsideIPAddress: c.unknown.b,
        TunnelIKEPhase1State: 'Down',
        TunnelIKEPhase2State: 'Down',
        VpnLogDetail: 'AWS tunnel entered maintenance state 0x2a',
      }),
    );
  });
  afterAll(() => lab.stop());

  it('far-side firewall blocks one endpoint: twin UP, the log shows only DPD timeouts', async () => {
    const d = await top(CASES.blocked.id);
    expect(d.priority.tier).toBe('redundancy-lost');
    const cause = d.causes[0]!;
    expect(cause.cause).toBe('far-side-firewall');
    expect(cause.tunnels).toEqual([CASES.blocked.b]);
    expect(cause.evidence.join(' ')).toMatch(/twin 192\.0\.2\.1, through the same customer gateway, is UP/);
    expect(cause.evidence.join(' ')).toMatch(/dead-peer detection timing out and nothing after/);
    expect(cause.nextStep).toMatch(/before touching crypto/);
    expect(d.tunnels.find((t) => t.outsideIpAddress === CASES.blocked.b)!.logs).toMatchObject({
      enabled: true,
      read: 'read',
      events: 2,
    });
  });

  it('both tunnels DOWN: the gateway or its internet link', async () => {
    const d = await top(CASES.offline.id);
    expect(d.priority.tier).toBe('outage');
    const cause = d.causes[0]!;
    expect(cause.cause).toBe('gateway-offline');
    expect(cause.tunnels.sort()).toEqual([CASES.offline.a, CASES.offline.b].sort());
    expect(cause.confidenceLabel).toBe('high');
    expect(cause.evidence.join(' ')).toMatch(/went DOWN together/);
    expect(cause.evidence.join(' ')).toMatch(/only dead-peer detection timeouts/);
  });

  it('IKE version mismatch: ikev2-only tunnel DOWN, twin accepting ikev1 UP, "No proposal chosen" in the log', async () => {
    const d = await top(CASES.ike.id);
    const cause = d.causes[0]!;
    expect(cause.cause).toBe('ike-version-mismatch');
    expect(cause.tunnels).toEqual([CASES.ike.b]);
    expect(cause.evidence.join(' ')).toMatch(/accepts only ikev2/);
    expect(cause.evidence.join(' ')).toMatch(/twin 192\.0\.2\.5.*accepts ikev1\+ikev2/);
    expect(cause.evidence.join(' ')).toMatch(/No proposal chosen/);
    // mixed evidence, ranking stated: the version asymmetry explains the "No proposal chosen" better than a
    // generic proposal mismatch, and the twin's difference rules out a firewall reading
    expect(d.causes.map((c) => c.cause).slice(0, 2)).toEqual(['ike-version-mismatch', 'proposal-mismatch']);
    const firewall = d.causes.find((c) => c.cause === 'far-side-firewall');
    expect(firewall?.confidenceLabel ?? 'low').toBe('low');
  });

  it('nobody initiates: StartupAction add, the gateway deleted its SAs, the twin AWS starts stays UP', async () => {
    const d = await top(CASES.noInitiator.id);
    const cause = d.causes[0]!;
    expect(cause.cause).toBe('no-initiator');
    expect(cause.tunnels).toEqual([CASES.noInitiator.b]);
    expect(cause.confidence).toBeGreaterThanOrEqual(0.9);
    expect(cause.evidence.join(' ')).toMatch(
      /received DELETE for IKE_SA from CGW.*no negotiation attempt since/,
    );
    expect(cause.command).toContain(`--vpn-tunnel-outside-ip-address ${CASES.noInitiator.b}`);
    expect(cause.command).toContain(
      '{"IKEVersions":[{"Value":"ikev2"}],"StartupAction":"start","DPDTimeoutAction":"restart"}',
    );
  });

  it('DPD timeout action clear on an idle link: DPD lines, the twin with restart stays UP', async () => {
    const d = await top(CASES.dpd.id);
    const cause = d.causes[0]!;
    expect(cause.cause).toBe('dpd-clear');
    expect(cause.tunnels).toEqual([CASES.dpd.b]);
    expect(cause.evidence.join(' ')).toMatch(/DPD timed out after 3 retransmits/);
    expect(cause.evidence.join(' ')).toMatch(/DPDTimeoutAction restart: only this tunnel clears/);
    expect(cause.command).toContain('"DPDTimeoutAction":"restart"');
    // the twin's different DPD action explains the asymmetry: the firewall reading ranks below
    const firewall = d.causes.find((c) => c.cause === 'far-side-firewall')!;
    expect(firewall.confidence).toBeLessThan(cause.confidence);
  });

  it('BGP down while IPsec is up: "IPSEC IS UP", 0 routes, on both tunnels', async () => {
    const d = await top(CASES.bgp.id);
    expect(d.routing).toBe('bgp');
    expect(d.causes.map((c) => c.cause)).toEqual(['bgp-down', 'bgp-down']);
    expect(d.causes.flatMap((c) => c.tunnels).sort()).toEqual([CASES.bgp.a, CASES.bgp.b].sort());
    expect(d.causes[0]!.evidence.join(' ')).toMatch(/"IPSEC IS UP" on a BGP.*accepted 0 routes/);
  });

  it('pre-shared key mismatch, from the log', async () => {
    const d = await top(CASES.psk.id);
    const cause = d.causes[0]!;
    expect(cause.cause).toBe('psk-mismatch');
    expect(cause.confidence).toBe(0.95);
    expect(cause.evidence[0]).toMatch(/payload decryption was unsuccessful due to invalid Pre-shared Key/);
  });

  it('reads the text log format too', async () => {
    const d = await top(CASES.pskText.id);
    expect(d.causes[0]!.cause).toBe('psk-mismatch');
    expect(d.causes[0]!.evidence[0]).toMatch(/invalid Pre-shared Key/);
    expect(d.tunnels.find((t) => t.outsideIpAddress === CASES.pskText.b)!.logs).toMatchObject({
      read: 'read',
      events: 3,
    });
  });

  it('no proposal chosen, from the log', async () => {
    const d = await top(CASES.proposal.id);
    const cause = d.causes[0]!;
    expect(cause.cause).toBe('proposal-mismatch');
    expect(cause.evidence[0]).toMatch(/No Proposal Match Found/);
    expect(cause.command).toMatch(/describe-vpn-connections .*OutsideIpAddress=='192\.0\.2\.16'/);
  });

  it('an unknown pattern says "unknown" with what was seen', async () => {
    const d = await top(CASES.unknown.id);
    const cause = d.causes[0]!;
    expect(cause.cause).toBe('unknown');
    expect(cause.confidence).toBe(0);
    const seen = cause.evidence.join(' ');
    expect(seen).toContain(`Tunnel ${CASES.unknown.b}: DOWN, "IPSEC IS DOWN"`);
    expect(seen).toContain(`Twin ${CASES.unknown.a}: UP`);
    expect(seen).toContain('unrecognised: "AWS tunnel entered maintenance state 0x2a"');
  });

  it('logs access denied: the diagnosis says so, with lower confidence, and does not crash', async () => {
    const fault = lab.faults.add({ kind: 'access-denied', service: 'logs', operation: 'FilterLogEvents' });
    try {
      const d = await top(CASES.blocked.id);
      const cause = d.causes[0]!;
      expect(cause.cause).toBe('far-side-firewall');
      expect(cause.confidence).toBeLessThan(0.55);
      expect(cause.evidence.join(' ')).toMatch(/could not be read \(denied\): confidence lowered/);
      expect(d.logNotes.join(' ')).toMatch(/reading it was denied \(AccessDeniedException/);
    } finally {
      lab.faults.remove(fault);
    }
  });

  it('--no-logs diagnoses from telemetry and configuration only', async () => {
    const { report } = await diagnoseJson(lab, [CASES.psk.id, '--no-logs']);
    expect(report.logWindowSeconds).toBeNull();
    const d = report.diagnoses[0]!;
    expect(d.causes.some((c) => c.cause === 'psk-mismatch')).toBe(false);
    expect(d.logNotes.join(' ')).toMatch(/not read \(--no-logs\)/);
  });
});

describe('ranking across connections', () => {
  let lab: LabHandle;
  beforeAll(async () => {
    const cases: CaseSpec[] = [
      {
        id: 'vpn-0000000000000b001',
        a: '192.0.2.101',
        b: '192.0.2.102',
        firewallBlockedB: true,
        statusSince: ['120d', '3d'],
        logging: false,
      },
      {
        id: 'vpn-0000000000000b002',
        a: '192.0.2.103',
        b: '192.0.2.104',
        device: { online: false },
        statusSince: ['1h', '1h'],
        logging: false,
      },
      {
        id: 'vpn-0000000000000b003',
        a: '192.0.2.105',
        b: '192.0.2.106',
        firewallBlockedB: true,
        statusSince: ['120d', '40d'],
        logging: false,
      },
      { id: 'vpn-0000000000000b004', a: '192.0.2.107', b: '192.0.2.108', logging: false },
    ];
    lab = await startLab({ scenario: scenarioFile('diagnose-ranking', estate('diagnose-ranking', cases)) });
  });
  afterAll(() => lab.stop());

  it('redundancy lost silently first (longest DOWN first), then the outage; healthy connections are not listed', async () => {
    const { code, report } = await diagnoseJson(lab, []);
    expect(code).toBe(1);
    expect(report.diagnoses.map((d) => [d.rank, d.vpnConnectionId, d.priority.tier])).toEqual([
      [1, 'vpn-0000000000000b003', 'redundancy-lost'],
      [2, 'vpn-0000000000000b001', 'redundancy-lost'],
      [3, 'vpn-0000000000000b002', 'outage'],
    ]);
    expect(report.diagnoses[0]!.causes[0]!.cause).toBe('far-side-firewall');
    expect(report.diagnoses[2]!.causes[0]!.cause).toBe('gateway-offline');
  });

  it('a named healthy connection exits 0; an unknown one exits 3 (usage)', async () => {
    const healthy = await diagnoseJson(lab, ['vpn-0000000000000b004']);
    expect(healthy.code).toBe(0);
    expect(healthy.report.skipped).toEqual([expect.objectContaining({ reason: 'no-down-tunnel' })]);
    const missing = await diagnoseJson(lab, ['vpn-00000000000000fff']);
    expect(missing.code).toBe(3);
    expect(missing.report.skipped).toEqual([
      expect.objectContaining({ vpnConnectionId: 'vpn-00000000000000fff', reason: 'not-found' }),
    ]);
  });

  it('rejects a malformed connection id and a bad --log-window with exit 3 and one line', async () => {
    const bad = await diagnoseText(lab, ['not-a-vpn']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/^vpnguard: 'not-a-vpn' is not a Site-to-Site VPN connection id/);
    const window = await diagnoseText(lab, ['--log-window', 'forever']);
    expect(window.code).toBe(3);
    expect(window.stderr).toMatch(/--log-window: 'forever' is not a duration/);
  });
});
