import { describe, expect, it } from 'vitest';
import { buildEvidence } from '../evidence.js';
import { A, B, DAY_MS, NOW, logRead, vpn, type LogLine, type TunnelSpec } from '../test-fixtures.js';
import type { LogRead, Rule, RuleFinding } from '../types.js';
import { bgpDown } from './bgp-down.js';
import { dpdClear } from './dpd-clear.js';
import { endpointReplacement } from './endpoint-replacement.js';
import { farSideFirewall } from './far-side-firewall.js';
import { gatewayOffline } from './gateway-offline.js';
import { ikeVersionMismatch } from './ike-version-mismatch.js';
import { noInitiator } from './no-initiator.js';
import { proposalMismatch } from './proposal-mismatch.js';
import { pskMismatch } from './psk-mismatch.js';
import { trafficSelectorMismatch } from './traffic-selector.js';

const UP: TunnelSpec = { status: 'UP' };

/** Runs `rule` on tunnel `ip` (default B) of a connection built from the two specs. */
function run(
  rule: Rule,
  a: TunnelSpec,
  b: TunnelSpec,
  opts: { ip?: string; logs?: Record<string, LogRead>; extra?: Parameters<typeof vpn>[2] } = {},
): RuleFinding | undefined {
  const evidence = buildEvidence(vpn(a, b, opts.extra), { now: NOW, logs: opts.logs });
  const tunnel = evidence.tunnels.find((t) => t.outsideIpAddress === (opts.ip ?? B))!;
  const twin = evidence.tunnels.find((t) => t !== tunnel);
  return rule({ connection: evidence, tunnel, twin });
}

const logsB = (lines: LogLine[]) => ({ [B]: logRead(lines) });
const down = (days: number, spec: TunnelSpec = {}): TunnelSpec => ({
  status: 'DOWN',
  changedAgo: days * DAY_MS,
  ...spec,
});

describe('far-side firewall', () => {
  it('finds it: one tunnel DOWN 91 days, twin UP, configured alike (0.8 without logs)', () => {
    const f = run(farSideFirewall, UP, down(91))!;
    expect(f.cause).toBe('far-side-firewall');
    expect(f.confidence).toBe(0.8);
    expect(f.tunnels).toEqual([B]);
    expect(f.evidence.join(' ')).toMatch(/DOWN for 91 days.*twin 203\.0\.113\.10.*is UP/);
    expect(f.evidence.join(' ')).toMatch(/configured alike/);
    expect(f.nextStep).toMatch(
      /^Fix the far-side firewall rule for UDP 500\/4500 to 203\.0\.113\.20 before touching crypto/,
    );
    expect(f.command).toContain('before touching crypto');
  });
  it('is medium when DOWN only for hours (0.55)', () => {
    expect(run(farSideFirewall, UP, down(0.1))!.confidence).toBe(0.55);
  });
  it('rises to 0.95 when the log shows only un-answered phase 1 attempts', () => {
    const logs = logsB([
      { detail: 'Timeout: deleting un-established Phase 1 IKE_SA with CGW', ago: 3600_000 },
    ]);
    const f = run(farSideFirewall, UP, down(91, { logging: true }), { logs })!;
    expect(f.confidence).toBe(0.95);
    expect(f.evidence.join(' ')).toMatch(/only un-answered negotiation/);
  });
  it('rises a little (0.6) when the log shows only DPD timeouts, more (0.85) with un-answered phase 1 after them', () => {
    const dpdOnly = logsB([
      { detail: 'AWS tunnel DPD timed out after 3 retransmits', ago: 3600_000 },
      { detail: 'Peer is not responsive - Declaring peer dead', ago: 3599_000 },
    ]);
    expect(run(farSideFirewall, UP, down(0.04, { logging: true }), { logs: dpdOnly })!.confidence).toBe(0.6);
    const withRetries = logsB([
      { detail: 'AWS tunnel DPD timed out after 3 retransmits', ago: 3600_000 },
      { detail: 'Timeout: deleting un-established Phase 1 IKE_SA', ago: 3500_000 },
    ]);
    const f = run(
      farSideFirewall,
      { status: 'UP', startupAction: 'start' },
      down(0.04, { logging: true, startupAction: 'start' }),
      { logs: withRetries },
    )!;
    expect(f.confidence).toBe(0.7);
    expect(f.evidence.join(' ')).toMatch(/after dead-peer detection timed out/);
  });
  it('rises when the log is silent', () => {
    const f = run(farSideFirewall, UP, down(2, { logging: true }), { logs: logsB([]) })!;
    expect(f.confidence).toBe(0.85);
    expect(f.evidence.join(' ')).toMatch(/no events in the last 1 day/);
  });
  it('non-finding 1: drops to 0.15 when the log shows the gateway reaching AWS', () => {
    const logs = logsB([
      { detail: 'AWS tunnel payload decryption was unsuccessful due to invalid Pre-shared Key', ago: 60_000 },
    ]);
    const f = run(farSideFirewall, UP, down(91, { logging: true }), { logs })!;
    expect(f.confidence).toBe(0.15);
    expect(f.evidence.join(' ')).toMatch(/do reach AWS/);
  });
  it('non-finding 2: lower when the tunnels are configured differently', () => {
    const f = run(
      farSideFirewall,
      { status: 'UP', startupAction: 'start' },
      down(91, { startupAction: 'add' }),
    )!;
    expect(f.confidence).toBe(0.5);
    expect(f.evidence.join(' ')).toMatch(/differ in StartupAction/);
  });
  it('not applicable: twin DOWN, twin UP but IPsec up (BGP), connection not available', () => {
    expect(run(farSideFirewall, down(1), down(91))).toBeUndefined();
    expect(run(farSideFirewall, UP, down(91, { statusMessage: 'IPSEC IS UP' }))).toBeUndefined();
    expect(run(farSideFirewall, UP, down(91), { extra: { state: 'modifying' } })).toBeUndefined();
    expect(run(farSideFirewall, UP, UP)).toBeUndefined();
  });
});

describe('IKE version mismatch', () => {
  it('finds it: tunnel ikev2-only DOWN, twin (default both) UP: 0.75', () => {
    const f = run(ikeVersionMismatch, UP, down(2, { ikeVersions: ['ikev2'] }))!;
    expect(f.cause).toBe('ike-version-mismatch');
    expect(f.confidence).toBe(0.75);
    expect(f.evidence[0]).toMatch(/accepts only ikev2/);
    expect(f.evidence[1]).toMatch(/twin 203\.0\.113\.10.*accepts ikev1\+ikev2 \(AWS default/);
    expect(f.command).toContain('describe-vpn-connections');
    expect(f.command).not.toMatch(/PreSharedKey/i);
  });
  it('0.85 when the twin allows only the other version, 0.95 with "No proposal chosen"', () => {
    expect(
      run(ikeVersionMismatch, { status: 'UP', ikeVersions: ['ikev1'] }, down(2, { ikeVersions: ['ikev2'] }))!
        .confidence,
    ).toBe(0.85);
    const logs = logsB([
      { detail: 'No Proposal Match Found. Notifying with "No proposal chosen"', ago: 60_000 },
    ]);
    const f = run(
      ikeVersionMismatch,
      { status: 'UP', ikeVersions: ['ikev1'] },
      down(2, { ikeVersions: ['ikev2'], logging: true }),
      { logs },
    )!;
    expect(f.confidence).toBe(0.95);
    expect(f.evidence.join(' ')).toMatch(/No proposal chosen/);
  });
  it('low (0.25) without a twin UP and without logs; 0.5 with "No proposal" in the log', () => {
    expect(
      run(ikeVersionMismatch, down(2, { ikeVersions: ['ikev2'] }), down(2, { ikeVersions: ['ikev2'] }))!
        .confidence,
    ).toBe(0.25);
    const logs = logsB([{ detail: 'No Proposal Match Found by AWS', ago: 60_000 }]);
    expect(
      run(ikeVersionMismatch, down(2), down(2, { ikeVersions: ['ikev2'], logging: true }), { logs })!
        .confidence,
    ).toBe(0.5);
  });
  it('not applicable: tunnel accepts both versions, or UP', () => {
    expect(run(ikeVersionMismatch, UP, down(2))).toBeUndefined();
    expect(run(ikeVersionMismatch, UP, down(2, { ikeVersions: ['ikev1', 'ikev2'] }))).toBeUndefined();
    expect(run(ikeVersionMismatch, UP, { status: 'UP', ikeVersions: ['ikev2'] })).toBeUndefined();
  });
});

describe('no initiator (idle SA expired, StartupAction add)', () => {
  it('finds it: twin UP with StartupAction start, this one add: 0.75', () => {
    const f = run(noInitiator, { status: 'UP', startupAction: 'start' }, down(1))!;
    expect(f.cause).toBe('no-initiator');
    expect(f.confidence).toBe(0.75);
    expect(f.evidence.join(' ')).toMatch(/StartupAction add.*AWS never starts IKE/);
    expect(f.evidence.join(' ')).toMatch(/StartupAction start: AWS re-initiates/);
    expect(f.command).toContain(
      '\'{"IKEVersions":[{"Value":"ikev2"}],"StartupAction":"start","DPDTimeoutAction":"restart"}\'',
    );
    expect(f.command).toContain(`--vpn-tunnel-outside-ip-address ${B}`);
  });
  it('0.8 from the log: the SA expired and nobody initiated since; 0.9 with the twin fact', () => {
    const lines = [
      {
        detail: 'IKE_SA established',
        ago: 20 * 3600_000,
        phase1: 'Established' as const,
        phase2: 'Established' as const,
      },
      { detail: 'AWS tunnel received DELETE for IKE_SA from CGW', ago: 10 * 3600_000 },
    ];
    expect(run(noInitiator, UP, down(0.4, { logging: true }), { logs: logsB(lines) })!.confidence).toBe(0.8);
    const f = run(noInitiator, { status: 'UP', startupAction: 'start' }, down(0.4, { logging: true }), {
      logs: logsB(lines),
    })!;
    expect(f.confidence).toBe(0.9);
    expect(f.evidence.join(' ')).toMatch(/received DELETE for IKE_SA/);
  });
  it('low (0.3) with only StartupAction add as evidence; 0.2 when the log shows attempts after the SA ended', () => {
    expect(run(noInitiator, UP, down(1))!.confidence).toBe(0.3);
    const lines = [
      { detail: 'AWS tunnel received DELETE for IKE_SA from CGW', ago: 10 * 3600_000 },
      { detail: 'Initiating IKE_SA_INIT', ago: 5 * 3600_000 },
    ];
    expect(run(noInitiator, UP, down(0.4, { logging: true }), { logs: logsB(lines) })!.confidence).toBe(0.2);
  });
  it('leaves IKEVersions alone in the command when the tunnel is already ikev2-only', () => {
    const f = run(noInitiator, UP, down(1, { ikeVersions: ['ikev2'] }))!;
    expect(f.command).toContain('\'{"StartupAction":"start","DPDTimeoutAction":"restart"}\'');
  });
  it('not applicable: StartupAction start', () => {
    expect(run(noInitiator, UP, down(1, { startupAction: 'start' }))).toBeUndefined();
  });
});

describe('DPD timeout action clear', () => {
  const dpdLines = [
    { detail: 'AWS tunnel DPD timed out after 3 retransmits', ago: 5 * 3600_000 },
    { detail: 'Peer is not responsive - Declaring peer dead', ago: 5 * 3600_000 - 1000 },
  ];
  it('finds it from DPD log lines when only this tunnel clears (twin UP with restart): 0.9', () => {
    const f = run(dpdClear, { status: 'UP', dpdTimeoutAction: 'restart' }, down(0.3, { logging: true }), {
      logs: logsB(dpdLines),
    })!;
    expect(f.cause).toBe('dpd-clear');
    expect(f.confidence).toBe(0.9);
    expect(f.evidence.join(' ')).toMatch(/DPD timed out after 3 retransmits/);
    expect(f.evidence.join(' ')).toMatch(/nobody re-initiated/);
    expect(f.command).toContain('"DPDTimeoutAction":"restart"');
  });
  it('0.5 when the twin has the same DPD action and stayed UP (idle alone does not explain it)', () => {
    const f = run(dpdClear, UP, down(0.3, { logging: true }), { logs: logsB(dpdLines) })!;
    expect(f.confidence).toBe(0.5);
    expect(f.evidence.join(' ')).toMatch(/same DPD action and stayed UP/);
  });
  it('lower when un-answered IKE attempts follow the DPD timeout', () => {
    const lines = [...dpdLines, { detail: 'Timeout: deleting un-established Phase 1 IKE_SA', ago: 3600_000 }];
    const f = run(dpdClear, { status: 'UP', dpdTimeoutAction: 'restart' }, down(0.3, { logging: true }), {
      logs: logsB(lines),
    })!;
    expect(f.confidence).toBe(0.65);
  });
  it('0.6 without logs when only this tunnel clears; 0.25 with the default alone', () => {
    expect(run(dpdClear, { status: 'UP', dpdTimeoutAction: 'restart' }, down(1))!.confidence).toBe(0.6);
    expect(run(dpdClear, UP, down(1))!.confidence).toBe(0.25);
  });
  it('0.6 with both tunnels DOWN (an offline gateway writes the same lines)', () => {
    const f = run(dpdClear, down(0.3), down(0.3, { logging: true }), { logs: logsB(dpdLines) })!;
    expect(f.confidence).toBe(0.6);
    expect(f.evidence.join(' ')).toMatch(/offline gateway produces the same DPD lines/);
  });
  it('not applicable: DPD action restart, or established after the DPD timeout', () => {
    expect(run(dpdClear, UP, down(1, { dpdTimeoutAction: 'restart' }))).toBeUndefined();
    const lines = [
      ...dpdLines,
      {
        detail: 'CHILD_SA established',
        ago: 3600_000,
        phase1: 'Established' as const,
        phase2: 'Established' as const,
      },
    ];
    expect(run(dpdClear, UP, down(0.01, { logging: true }), { logs: logsB(lines) })).toBeUndefined();
  });
});

describe('BGP down while IPsec up', () => {
  it('finds it: BGP connection, DOWN with "IPSEC IS UP", 0 routes: 0.9', () => {
    const f = run(
      bgpDown,
      { status: 'UP', statusMessage: '3 BGP ROUTES', routes: 3 },
      down(1, { statusMessage: 'IPSEC IS UP' }),
      {
        extra: { routing: 'bgp' },
      },
    )!;
    expect(f.cause).toBe('bgp-down');
    expect(f.confidence).toBe(0.9);
    expect(f.evidence.join(' ')).toMatch(/"IPSEC IS UP".*BGP/);
    expect(f.evidence.join(' ')).toMatch(/accepted 0 routes/);
  });
  it('not applicable: static routing, or IPsec down', () => {
    expect(run(bgpDown, UP, down(1, { statusMessage: 'IPSEC IS UP' }))).toBeUndefined();
    expect(run(bgpDown, UP, down(1), { extra: { routing: 'bgp' } })).toBeUndefined();
  });
});

describe('pre-shared key mismatch', () => {
  it('finds it from the log: 0.95 with the message quoted', () => {
    const logs = logsB([
      { detail: 'AWS tunnel payload decryption was unsuccessful due to invalid Pre-shared Key', ago: 60_000 },
    ]);
    const f = run(pskMismatch, UP, down(1, { logging: true }), { logs })!;
    expect(f.cause).toBe('psk-mismatch');
    expect(f.confidence).toBe(0.95);
    expect(f.evidence[0]).toMatch(/different pre-shared keys.*invalid Pre-shared Key/);
  });
  it('recognises AUTHENTICATION_FAILED; 0.5 when established since', () => {
    const lines = [
      { detail: 'AWS tunnel is sending AUTHENTICATION_FAILED', ago: 7200_000 },
      {
        detail: 'IKE_SA established',
        ago: 3600_000,
        phase1: 'Established' as const,
        phase2: 'Established' as const,
      },
    ];
    expect(run(pskMismatch, UP, down(0.01, { logging: true }), { logs: logsB(lines) })!.confidence).toBe(0.5);
  });
  it('not applicable without log evidence', () => {
    expect(run(pskMismatch, UP, down(1))).toBeUndefined();
    expect(run(pskMismatch, UP, down(1, { logging: true }), { logs: logsB([]) })).toBeUndefined();
  });
});

describe('no proposal chosen', () => {
  it('finds it from the log: 0.85', () => {
    const logs = logsB([
      { detail: 'No Proposal Match Found. Notifying with "No proposal chosen"', ago: 60_000 },
    ]);
    const f = run(proposalMismatch, down(1), down(1, { logging: true }), { logs })!;
    expect(f.cause).toBe('proposal-mismatch');
    expect(f.confidence).toBe(0.85);
    expect(f.evidence[0]).toMatch(/no phase 1\/2 proposal/);
  });
  it('0.55 when the IKE version lists differ from the UP twin (version is likelier)', () => {
    const logs = logsB([{ detail: 'No Proposal Match Found by AWS', ago: 60_000 }]);
    expect(
      run(proposalMismatch, UP, down(1, { ikeVersions: ['ikev2'], logging: true }), { logs })!.confidence,
    ).toBe(0.55);
  });
  it('not applicable without log evidence', () => {
    expect(run(proposalMismatch, UP, down(1))).toBeUndefined();
  });
});

describe('traffic selector mismatch', () => {
  it('finds TS_UNACCEPTABLE (0.85) and the phase 2 message (0.7)', () => {
    expect(
      run(trafficSelectorMismatch, UP, down(1, { logging: true }), {
        logs: logsB([{ detail: 'received TS_UNACCEPTABLE notify', ago: 1000 }]),
      })!.confidence,
    ).toBe(0.85);
    const f = run(trafficSelectorMismatch, UP, down(1, { logging: true }), {
      logs: logsB([{ detail: 'Phase 2 was unable to establish while keeping Phase 1', ago: 1000 }]),
    })!;
    expect(f.confidence).toBe(0.7);
    expect(f.cause).toBe('traffic-selector-mismatch');
  });
});

describe('gateway offline (both tunnels DOWN)', () => {
  it('finds it: both DOWN together: 0.65; with DPD-only logs 0.8', () => {
    const f = run(gatewayOffline, down(2), down(2))!;
    expect(f.cause).toBe('gateway-offline');
    expect(f.confidence).toBe(0.65);
    expect(f.tunnels).toEqual([A, B]);
    expect(f.evidence.join(' ')).toMatch(/Every tunnel .* DOWN.*went DOWN together/);
    const logs = logsB([{ detail: 'AWS tunnel DPD timed out after 3 retransmits', ago: 60_000 }]);
    expect(run(gatewayOffline, down(2), down(2, { logging: true }), { logs })!.confidence).toBe(0.8);
  });
  it('0.5 when they went DOWN days apart; 0.3 when the gateway deleted the SAs', () => {
    expect(run(gatewayOffline, down(10), down(2))!.confidence).toBe(0.5);
    const logs = logsB([{ detail: 'AWS tunnel received DELETE for IKE_SA from CGW', ago: 60_000 }]);
    expect(run(gatewayOffline, down(2), down(2, { logging: true }), { logs })!.confidence).toBe(0.3);
  });
  it('not applicable: one tunnel UP, negotiation errors in a log, IPsec up on both', () => {
    expect(run(gatewayOffline, UP, down(2))).toBeUndefined();
    const logs = logsB([{ detail: 'No Proposal Match Found by AWS', ago: 60_000 }]);
    expect(run(gatewayOffline, down(2), down(2, { logging: true }), { logs })).toBeUndefined();
    expect(
      run(
        gatewayOffline,
        down(2, { statusMessage: 'IPSEC IS UP' }),
        down(2, { statusMessage: 'IPSEC IS UP' }),
      ),
    ).toBeUndefined();
  });
});

describe('endpoint replacement', () => {
  it('finds it while the connection is modifying (0.8), or a fresh DOWN with an empty message (0.6)', () => {
    const f = run(endpointReplacement, UP, down(0.001), { extra: { state: 'modifying' } })!;
    expect(f.confidence).toBe(0.8);
    expect(f.command).toContain('aws ec2 wait vpn-connection-available');
    expect(
      run(endpointReplacement, UP, { status: 'DOWN', statusMessage: '', changedAgo: 60_000 })!.confidence,
    ).toBe(0.6);
  });
  it('not applicable: an old DOWN with an empty message', () => {
    expect(
      run(endpointReplacement, UP, { status: 'DOWN', statusMessage: '', changedAgo: 2 * DAY_MS }),
    ).toBeUndefined();
  });
});
