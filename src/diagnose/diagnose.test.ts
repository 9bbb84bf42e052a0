import { describe, expect, it } from 'vitest';
import { diagnoseConnection, hasDownTunnel } from './diagnose.js';
import { rankDiagnoses } from './priority.js';
import { A, B, DAY_MS, NOW, logRead, vpn, type TunnelSpec } from './test-fixtures.js';

const UP: TunnelSpec = { status: 'UP' };
const down = (days: number, spec: TunnelSpec = {}): TunnelSpec => ({
  status: 'DOWN',
  changedAgo: days * DAY_MS,
  ...spec,
});

describe('diagnoseConnection', () => {
  it('the seed story: 91 days DOWN, twin UP, no logs -> far-side firewall first, logs note says not retroactive', () => {
    const d = diagnoseConnection(vpn(UP, down(91)), { now: NOW });
    expect(d.causes[0]!.cause).toBe('far-side-firewall');
    expect(d.causes[0]!.confidenceLabel).toBe('high');
    expect(d.causes[0]!.nextStep).toMatch(/before touching crypto/);
    expect(d.priority.tier).toBe('redundancy-lost');
    expect(d.priority.downForSeconds).toBe(91 * 86_400);
    expect(d.logNotes.join(' ')).toMatch(
      /logging is off on 203\.0\.113\.20.*would have answered.*not retroactive.*vpnguard fix --connection vpn-/,
    );
    // The alternatives stay visible, ranked below.
    expect(d.causes.map((c) => c.cause)).toEqual(['far-side-firewall', 'no-initiator', 'dpd-clear']);
  });

  it('every rule result carries evidence, a next step and a label matching its confidence', () => {
    const d = diagnoseConnection(vpn(down(2), down(2)), { now: NOW });
    for (const c of d.causes) {
      expect(c.evidence.length).toBeGreaterThan(0);
      expect(c.nextStep).not.toBe('');
      expect(c.confidenceLabel).toBe(c.confidence >= 0.75 ? 'high' : c.confidence >= 0.5 ? 'medium' : 'low');
    }
  });

  it('both DOWN together -> gateway offline is the top cause and explains both tunnels (merged)', () => {
    const d = diagnoseConnection(vpn(down(2), down(2)), { now: NOW });
    expect(d.causes[0]!.cause).toBe('gateway-offline');
    expect(d.causes[0]!.tunnels).toEqual([A, B]);
    expect(d.causes.filter((c) => c.cause === 'gateway-offline')).toHaveLength(1);
    expect(d.priority.tier).toBe('outage');
  });

  describe('mixed cases (ranking stated)', () => {
    it('log evidence beats telemetry inference: PSK mismatch (0.95) over far-side firewall (capped 0.15)', () => {
      const logs = {
        [B]: logRead([
          {
            detail: 'AWS tunnel payload decryption was unsuccessful due to invalid Pre-shared Key',
            ago: 60_000,
          },
        ]),
      };
      const d = diagnoseConnection(vpn(UP, down(91, { logging: true })), { now: NOW, logs });
      expect(d.causes[0]!.cause).toBe('psk-mismatch');
      const firewall = d.causes.find((c) => c.cause === 'far-side-firewall')!;
      expect(firewall.confidence).toBe(0.15);
      expect(d.causes.indexOf(firewall)).toBeGreaterThan(0);
    });

    it('an IKE version asymmetry with the UP twin beats the firewall and "no proposal" readings', () => {
      const logs = {
        [B]: logRead([
          { detail: 'No Proposal Match Found. Notifying with "No proposal chosen"', ago: 60_000 },
        ]),
      };
      const d = diagnoseConnection(vpn(UP, down(30, { ikeVersions: ['ikev2'], logging: true })), {
        now: NOW,
        logs,
      });
      expect(d.causes.map((c) => c.cause).slice(0, 2)).toEqual(['ike-version-mismatch', 'proposal-mismatch']);
      expect(d.causes[0]!.confidence).toBe(0.85);
    });

    it('StartupAction asymmetry with the UP twin beats the firewall reading', () => {
      const d = diagnoseConnection(vpn({ status: 'UP', startupAction: 'start' }, down(30)), { now: NOW });
      expect(d.causes[0]!.cause).toBe('no-initiator');
      expect(d.causes[1]!.cause).toBe('far-side-firewall');
      expect(d.causes[1]!.confidence).toBeLessThan(d.causes[0]!.confidence);
    });

    it('DPD asymmetry with the UP twin beats the firewall reading', () => {
      const d = diagnoseConnection(
        vpn({ status: 'UP', dpdTimeoutAction: 'restart', startupAction: 'add' }, down(30)),
        { now: NOW },
      );
      expect(d.causes[0]!.cause).toBe('dpd-clear');
    });

    it('BGP down with IPsec up is first; the firewall rule does not fire', () => {
      const d = diagnoseConnection(
        vpn(
          { status: 'UP', statusMessage: '2 BGP ROUTES', routes: 2 },
          down(5, { statusMessage: 'IPSEC IS UP' }),
          { routing: 'bgp' },
        ),
        { now: NOW },
      );
      expect(d.causes[0]!.cause).toBe('bgp-down');
      expect(d.causes.some((c) => c.cause === 'far-side-firewall')).toBe(false);
    });

    it('two DOWN tunnels with different log causes: both causes listed, gateway offline ruled out', () => {
      const logs = {
        [A]: logRead([{ ip: A, detail: 'No Proposal Match Found by AWS', ago: 60_000 }]),
        [B]: logRead([{ detail: 'AWS tunnel is sending AUTHENTICATION_FAILED', ago: 60_000 }]),
      };
      const d = diagnoseConnection(vpn(down(1, { logging: true }), down(1, { logging: true })), {
        now: NOW,
        logs,
      });
      expect(d.causes.map((c) => c.cause).slice(0, 2)).toEqual(['psk-mismatch', 'proposal-mismatch']);
      expect(d.causes.some((c) => c.cause === 'gateway-offline')).toBe(false);
    });
  });

  describe('unknown', () => {
    it('says "unknown" with what was seen when nothing explains the tunnel', () => {
      const logs = { [B]: logRead([{ detail: 'something AWS never documented', ago: 60_000 }]) };
      const d = diagnoseConnection(
        vpn(
          UP,
          down(0.2, {
            logging: true,
            startupAction: 'start',
            dpdTimeoutAction: 'restart',
            statusMessage: 'WEIRD',
          }),
        ),
        {
          now: NOW,
          logs,
        },
      );
      expect(d.causes[0]!.cause).toBe('unknown');
      expect(d.causes[0]!.confidence).toBe(0);
      const seen = d.causes[0]!.evidence.join(' ');
      expect(seen).toContain('"WEIRD"');
      expect(seen).toContain('Twin 203.0.113.10: UP');
      expect(seen).toContain('unrecognised: "something AWS never documented"');
    });
    it('ranks "unknown" above low-confidence guesses', () => {
      const d = diagnoseConnection(
        vpn(down(1, { startupAction: 'start' }), down(1, { startupAction: 'start' })),
        { now: NOW },
      );
      // both DOWN together -> gateway offline 0.65 explains; no unknown
      expect(d.causes[0]!.cause).toBe('gateway-offline');
      const lone = diagnoseConnection(
        vpn(
          { status: 'UNKNOWN', noTelemetry: true },
          down(1, { startupAction: 'start', dpdTimeoutAction: 'restart' }),
        ),
        {
          now: NOW,
        },
      );
      expect(lone.causes[0]!.cause).toBe('unknown');
      expect(lone.priority.tier).toBe('degraded-unknown');
    });
  });

  describe('log access', () => {
    it('denied logs lower the confidence and say so; no crash', () => {
      const logs = {
        [B]: {
          state: 'denied' as const,
          message: 'AccessDeniedException: not authorized to perform logs:FilterLogEvents',
        },
      };
      const d = diagnoseConnection(vpn(UP, down(91, { logging: true })), { now: NOW, logs });
      expect(d.causes[0]!.cause).toBe('far-side-firewall');
      expect(d.causes[0]!.confidence).toBe(0.7);
      expect(d.causes[0]!.evidence.join(' ')).toMatch(/could not be read \(denied\): confidence lowered/);
      expect(d.logNotes.join(' ')).toMatch(/reading it was denied.*logs:FilterLogEvents/);
      expect(d.tunnels.find((t) => t.outsideIpAddress === B)!.logs).toMatchObject({
        enabled: true,
        read: 'denied',
      });
    });
    it('logging on but not read (scan attachment) says how to read it', () => {
      const d = diagnoseConnection(vpn(UP, down(91, { logging: true })), { now: NOW });
      expect(d.logNotes.join(' ')).toMatch(/was not read.*vpnguard diagnose vpn-0123456789abcdef0/);
    });
  });

  it('never puts secrets in the diagnosis', () => {
    const d = diagnoseConnection(vpn(UP, down(91)), { now: NOW });
    expect(JSON.stringify(d)).not.toMatch(/PreSharedKey|CustomerGatewayConfiguration/);
  });

  it('hasDownTunnel', () => {
    expect(hasDownTunnel(vpn(UP, UP))).toBe(false);
    expect(hasDownTunnel(vpn(UP, down(1)))).toBe(true);
  });
});

describe('ranking across connections', () => {
  const make = (id: string, a: TunnelSpec, b: TunnelSpec) =>
    diagnoseConnection(vpn(a, b, { vpnConnectionId: id }), { now: NOW });

  it('redundancy lost first (longest DOWN first), then outages (longest first), then unknown twins', () => {
    const ranked = rankDiagnoses([
      make('vpn-outage-new', down(0.01), down(0.01)),
      make('vpn-lost-3d', UP, down(3)),
      make('vpn-unknown', { status: 'UNKNOWN', noTelemetry: true }, down(200)),
      make('vpn-outage-old', down(40), down(40)),
      make('vpn-lost-91d', UP, down(91)),
    ]);
    expect(ranked.map((d) => d.vpnConnectionId)).toEqual([
      'vpn-lost-91d',
      'vpn-lost-3d',
      'vpn-outage-old',
      'vpn-outage-new',
      'vpn-unknown',
    ]);
  });
  it('is deterministic on ties (account, region, id)', () => {
    const ranked = rankDiagnoses([make('vpn-b', UP, down(3)), make('vpn-a', UP, down(3))]);
    expect(ranked.map((d) => d.vpnConnectionId)).toEqual(['vpn-a', 'vpn-b']);
  });
});
