import { describe, expect, it } from 'vitest';
import { LOG_CATALOG, classifyDetail } from './catalog.js';
import { parseTunnelLogEvent } from './log-parse.js';

describe('AWS tunnel log catalog', () => {
  const cases: [string, string][] = [
    ['AWS tunnel payload decryption was unsuccessful due to invalid Pre-shared Key', 'psk-mismatch'],
    ['AWS tunnel is sending AUTHENTICATION_FAILED', 'psk-mismatch'],
    ['pre-shared key mismatch with cgw', 'psk-mismatch'],
    ['No Proposal Match Found by AWS', 'no-proposal'],
    ['No Proposal Match Found. Notifying with "No proposal chosen"', 'no-proposal'],
    ['received NO_PROPOSAL_CHOSEN notify error', 'no-proposal'],
    ['Timeout: deleting un-established Phase 1 IKE_SA with CGW', 'phase1-timeout'],
    ['AWS tunnel DPD timed out after 3 retransmits', 'dpd-timeout'],
    ['Peer is not responsive - Declaring peer dead', 'peer-dead'],
    ['AWS tunnel received DELETE for Phase 2 SA with SPI: 0xc0ffee', 'delete-received'],
    ['AWS tunnel received DELETE for IKE_SA from CGW', 'delete-received'],
    ['AWS tunnel detected a (CHILD_REKEY) collision as CHILD_DELETE', 'rekey-collision'],
    ['Phase 2 was unable to establish while keeping Phase 1', 'phase2-failed'],
    ['TS_UNACCEPTABLE', 'ts-unacceptable'],
    ['IKE_SA established between AWS and CGW', 'established'],
    ['Initiating IKE_SA_INIT request', 'negotiating'],
  ];
  for (const [detail, signal] of cases) {
    it(`"${detail}" -> ${signal}`, () => expect(classifyDetail(detail)).toEqual([signal]));
  }
  it('unknown text -> no signal', () => expect(classifyDetail('the weather is fine')).toEqual([]));
  it('every catalog entry has a meaning', () => {
    for (const e of LOG_CATALOG) expect(e.meaning.length).toBeGreaterThan(10);
  });
});

describe('parseTunnelLogEvent', () => {
  it('reads the json format', () => {
    const e = parseTunnelLogEvent(
      JSON.stringify({
        VpnLogCreationTimestamp: '2026-04-30T10:00:00Z',
        VpnConnectionId: 'vpn-1',
        TunnelOutsideIPAddress: '203.0.113.20',
        TunnelIKEPhase1State: 'Down',
        TunnelIKEPhase2State: 'Down',
        VpnLogDetail: 'AWS tunnel DPD timed out after 5 retransmits',
      }),
      1000,
    );
    expect(e).toEqual({
      timestamp: 1000,
      vpnConnectionId: 'vpn-1',
      tunnelOutsideIpAddress: '203.0.113.20',
      phase1State: 'Down',
      phase2State: 'Down',
      detail: 'AWS tunnel DPD timed out after 5 retransmits',
      signals: ['dpd-timeout'],
    });
  });
  it('reads the text format (Name: value pairs, detail to the end)', () => {
    const e = parseTunnelLogEvent(
      '2026-04-30 10:00:00 VpnConnectionId: vpn-1, TunnelOutsideIPAddress: 203.0.113.20, TunnelIKEPhase1State: Negotiating, ' +
        'TunnelIKEPhase2State: Down, VpnLogDetail: Timeout: deleting un-established Phase 1 IKE_SA with CGW',
      2000,
    );
    expect(e).toMatchObject({
      vpnConnectionId: 'vpn-1',
      tunnelOutsideIpAddress: '203.0.113.20',
      phase1State: 'Negotiating',
      phase2State: 'Down',
      detail: 'Timeout: deleting un-established Phase 1 IKE_SA with CGW',
      signals: ['phase1-timeout'],
    });
  });
  it('reads Name=value text too', () => {
    const e = parseTunnelLogEvent(
      'VpnConnectionId=vpn-1 TunnelOutsideIPAddress=203.0.113.20 VpnLogDetail="No Proposal Match Found by AWS"',
      1,
    );
    expect(e).toMatchObject({
      vpnConnectionId: 'vpn-1',
      tunnelOutsideIpAddress: '203.0.113.20',
      detail: 'No Proposal Match Found by AWS',
      signals: ['no-proposal'],
    });
  });
  it('treats both phases Established as an established event', () => {
    const e = parseTunnelLogEvent(
      JSON.stringify({
        TunnelIKEPhase1State: 'Established',
        TunnelIKEPhase2State: 'Established',
        VpnLogDetail: 'status',
      }),
      1,
    );
    expect(e.signals).toEqual(['established']);
  });
  it('never throws on garbage: the message becomes the detail', () => {
    const e = parseTunnelLogEvent('{not json', 5);
    expect(e).toMatchObject({ detail: '{not json', signals: [], vpnConnectionId: undefined });
  });
});

describe('parseTunnelLogEvent: positional text', () => {
  it('reads `<date> <time> <vpn> <ip> Key=Value ... <detail>`', () => {
    const e = parseTunnelLogEvent(
      '2026-04-30 10:00:00.000 vpn-0123456789abcdef0 203.0.113.20 DPDEnabled=True NATT=False Phase1=Negotiating Phase2=Down ' +
        'Timeout: deleting un-established Phase 1 IKE_SA',
      7,
    );
    expect(e).toEqual({
      timestamp: 7,
      vpnConnectionId: 'vpn-0123456789abcdef0',
      tunnelOutsideIpAddress: '203.0.113.20',
      phase1State: 'Negotiating',
      phase2State: 'Down',
      detail: 'Timeout: deleting un-established Phase 1 IKE_SA',
      signals: ['phase1-timeout'],
    });
  });
});
