import { describe, expect, it } from 'vitest';
import {
  SCP_MAX_CHARACTERS,
  buildScpGuardrail,
  renderScpJson,
  renderScpNotes,
  renderScpText,
} from './scp.js';

const guardrail = buildScpGuardrail();
const statements = guardrail.policy.Statement;
const bySid = (sid: string) => statements.find((s) => s.Sid === sid)!;
const actionsOf = (s: { Action: string | string[] }) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('SCP guardrail', () => {
  it('is a valid IAM policy document within the SCP size limit', () => {
    const json = renderScpJson(guardrail);
    const parsed = JSON.parse(json);
    expect(parsed.Version).toBe('2012-10-17');
    expect(json.length).toBeLessThan(SCP_MAX_CHARACTERS);
    // Whitespace counts towards the limit, so the pretty-printed form is the one measured.
    expect(SCP_MAX_CHARACTERS).toBe(5120);
    const sids = statements.map((s) => s.Sid);
    expect(new Set(sids).size).toBe(sids.length);
    for (const statement of statements) {
      expect(statement.Sid).toMatch(/^[A-Za-z0-9]+$/);
      expect(statement.Effect).toBe('Deny');
      expect(statement.Resource).toBe('*');
      for (const action of actionsOf(statement)) expect(action).toMatch(/^ec2:[A-Z][A-Za-z]+$/);
    }
  });

  it('denies ikev1 on create and tunnel modification with ForAnyValue on the multi-valued key', () => {
    const deny = bySid('DenyIKEv1OnSiteToSiteVpnTunnels');
    expect(actionsOf(deny).sort()).toEqual(['ec2:CreateVpnConnection', 'ec2:ModifyVpnTunnelOptions']);
    expect(deny.Condition).toEqual({ 'ForAnyValue:StringEqualsIgnoreCase': { 'ec2:IKEVersions': 'ikev1' } });
  });

  it('denies creates without IKE versions, but never modifications without the key', () => {
    const nullDenies = statements.filter((s) => s.Condition.Null?.['ec2:IKEVersions'] === 'true');
    expect(nullDenies).toHaveLength(1);
    expect(actionsOf(nullDenies[0]!)).toEqual(['ec2:CreateVpnConnection']);
    const why = guardrail.explanations.find((e) => e.sid === nullDenies[0]!.Sid)!.why;
    expect(why).toMatch(/ModifyVpnTunnelOptions/);
    expect(why).toMatch(/logging/);
  });

  it('never uses ForAllValues, which is true on an absent key', () => {
    expect(renderScpJson(guardrail)).not.toMatch(/ForAllValues/);
  });

  it('denies Client VPN create and modify without a log group ARN, and flags it as unverified', () => {
    const clientStatements = statements.filter(
      (s) => s.Condition.Null?.['ec2:CloudwatchLogGroupArn'] === 'true',
    );
    expect(clientStatements.flatMap(actionsOf).sort()).toEqual([
      'ec2:CreateClientVpnEndpoint',
      'ec2:ModifyClientVpnEndpoint',
    ]);
    expect(guardrail.unverified.some((note) => note.includes('ec2:CloudwatchLogGroupArn'))).toBe(true);
  });

  it('states what it cannot enforce and what covers it', () => {
    const notes = renderScpNotes(guardrail);
    for (const gap of [
      /tunnel logging/i,
      /StartupAction/,
      /already exist/,
      /management account/,
      /service-linked roles/,
    ]) {
      expect(notes).toMatch(gap);
    }
    expect(notes).toMatch(/ec2-vpn-connection-logging-enabled/);
    expect(notes).toMatch(/vpnguard scan/);
    expect(notes).toMatch(/TunnelState/);
  });

  it('lists unverified facts in one place, the notes', () => {
    const text = renderScpText(guardrail);
    expect(text.match(/unverified/gi)).toHaveLength(1);
    expect(guardrail.unverified.length).toBeGreaterThanOrEqual(3);
    expect(text).toContain(JSON.stringify(guardrail.policy, null, 2));
  });
});
