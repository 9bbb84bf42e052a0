import { mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileJournal, findResumableJournal, journalState, lockJournal, newRunId, parseJournal, readJournal, type RunRecord } from './journal.js';
import { TokenBucket } from './token-bucket.js';
import { fixPolicy, fixPolicyActions, FIX_PERMISSIONS } from './permissions.js';
import { parseConfirmIkev2, parseControls, parseDuration, parseResourceIds, parseRetentionDays } from './options.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'vpnguard-journal-'));
  dirs.push(d);
  return d;
}

const run: RunRecord = {
  type: 'run',
  v: 1,
  runId: 'r1',
  at: '2026-12-04T00:00:00.000Z',
  plan: { schemaVersion: '1.0', options: { logGroupName: undefined, logRetentionDays: 365, confirmIkev2: [], only: [], resourceIds: [] }, logGroups: [], connections: [], endpoints: [], skipped: [], notes: [], summary: { steps: 0, tunnelChanges: 0, interruptingChanges: 0, blockedSteps: 0, connections: 0, endpoints: 0 } },
  settings: {},
};

describe('journal', () => {
  it('appends one JSON line per record and reads back the latest phase per step', () => {
    const path = join(tmp(), 'sub', 'journal-r1.jsonl');
    const j = new FileJournal(path);
    j.append(run);
    j.append({ type: 'step', at: '2026-12-04T00:00:01.000Z', stepId: 's1', phase: 'started', request: { ikeVersions: ['ikev2'] } });
    j.append({ type: 'step', at: '2026-12-04T00:00:02.000Z', stepId: 's1', phase: 'called' });
    j.close();
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(3);
    const state = journalState(readJournal(path));
    expect(state.steps.get('s1')).toEqual({ phase: 'called', detail: undefined, at: Date.parse('2026-12-04T00:00:02.000Z') });
    expect(state.ended).toBeUndefined();
  });

  it('ignores a torn last line (kill -9 mid-write) but not a torn line in the middle', () => {
    const text = `${JSON.stringify(run)}\n{"type":"step","stepId":"s1","pha`;
    expect(parseJournal(text)).toHaveLength(1);
    expect(() => parseJournal(`${JSON.stringify(run)}\n{"type":\n${JSON.stringify(run)}\n`)).toThrow(/line 2/);
    expect(() => parseJournal('{"type":"step"}\n')).toThrow(/not a vpnguard fix journal/);
  });

  it('finds the newest unfinished journal for --resume', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'journal-a.jsonl'), `${JSON.stringify(run)}\n${JSON.stringify({ type: 'end', at: '', outcome: 'completed' })}\n`);
    writeFileSync(join(dir, 'journal-b.jsonl'), `${JSON.stringify({ ...run, runId: 'b' })}\n`);
    expect(findResumableJournal(dir)).toBe(join(dir, 'journal-b.jsonl'));
    appendFileSync(join(dir, 'journal-b.jsonl'), `${JSON.stringify({ type: 'end', at: '', outcome: 'interrupted' })}\n`);
    expect(findResumableJournal(dir)).toBe(join(dir, 'journal-b.jsonl'));
    appendFileSync(join(dir, 'journal-b.jsonl'), `${JSON.stringify({ type: 'end', at: '', outcome: 'stopped' })}\n`);
    expect(findResumableJournal(dir)).toBeUndefined();
    expect(findResumableJournal(join(dir, 'missing'))).toBeUndefined();
  });

  it('locks a journal against a second live process and takes over a stale lock', () => {
    const path = join(tmp(), 'journal-x.jsonl');
    const unlock = lockJournal(path);
    writeFileSync(`${path}.lock`, String(process.ppid));
    expect(() => lockJournal(path)).toThrow(/in use by process/);
    writeFileSync(`${path}.lock`, '999999999');
    const unlock2 = lockJournal(path);
    unlock2();
    expect(existsSync(`${path}.lock`)).toBe(false);
    unlock();
  });

  it('run ids sort by time', () => {
    expect(newRunId(new Date('2026-12-04T10:11:12.345Z'), () => 0.5)).toBe('20261204T101112Z-7fffff');
  });
});

describe('token bucket', () => {
  it('serves a burst, then the refill rate, highest priority first', async () => {
    let now = 0;
    const clock = { now: () => now };
    const sleep = (ms: number) => {
      now += ms;
      return Promise.resolve();
    };
    const bucket = new TokenBucket({ capacity: 2, refillPerSecond: 5 }, clock, sleep);
    const order: string[] = [];
    const times: number[] = [];
    const wait = (name: string, p: number) => bucket.take(p).then(() => (order.push(name), times.push(now)));
    await Promise.all([wait('a', 0), wait('b', 0), wait('c', 0), wait('d', 5), wait('e', 0)]);
    expect(order.slice(0, 2)).toEqual(['a', 'b']);
    expect(order[2]).toBe('d');
    expect(times[2]).toBeGreaterThanOrEqual(200);
    expect(times[4]).toBeGreaterThanOrEqual(600);
  });
});

describe('fix IAM policy', () => {
  it('covers exactly the declared actions, including log delivery', () => {
    const declared = FIX_PERMISSIONS.map((p) => p.action).sort();
    expect(fixPolicyActions()).toEqual(declared);
    for (const a of ['logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery', 'logs:ListLogDeliveries', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups', 'logs:CreateLogGroup', 'logs:PutRetentionPolicy', 'ec2:ModifyVpnTunnelOptions', 'ec2:ModifyClientVpnEndpoint', 'ec2:DescribeVpnConnections', 'ec2:DescribeClientVpnEndpoints']) {
      expect(declared).toContain(a);
    }
    expect(fixPolicy({ organization: true }).Statement.at(-1)!.Action).toEqual(['organizations:ListAccounts', 'sts:AssumeRole']);
    const modify = fixPolicy().Statement.find((s) => s.Action.includes('ec2:ModifyVpnTunnelOptions'))!;
    expect(modify.Resource).toBe('arn:aws:ec2:*:*:vpn-connection/*');
  });
});

describe('fix option values', () => {
  it('parses durations, retention, controls, ids', () => {
    expect(parseDuration('15m', '--wait-timeout')).toBe(900_000);
    expect(parseDuration('0.5s', '--poll-interval')).toBe(500);
    expect(parseDuration('250ms', '--poll-interval')).toBe(250);
    expect(parseDuration('20', '--poll-interval')).toBe(20_000);
    expect(() => parseDuration('soon', '--wait-timeout')).toThrow(/--wait-timeout: 'soon' is not a duration/);
    expect(parseRetentionDays('90')).toBe(90);
    expect(() => parseRetentionDays('100')).toThrow(/choose one of 1, 3, 5/);
    expect(parseControls(['ec2.171', 'EC2.183', 'EC2.171'])).toEqual(['EC2.171', 'EC2.183']);
    expect(() => parseControls(['EC2.99'])).toThrow(/--only/);
    expect(parseConfirmIkev2(['all'])).toBe('all');
    expect(parseConfirmIkev2(['vpn-0a1', 'cgw-0b2'])).toEqual(['vpn-0a1', 'cgw-0b2']);
    expect(() => parseConfirmIkev2(['all', 'vpn-1'])).toThrow(/cannot be combined/);
    expect(() => parseConfirmIkev2(['legacy'])).toThrow(/not a VPN connection id/);
    expect(parseResourceIds(['vpn-01', 'cvpn-endpoint-0a'])).toEqual(['vpn-01', 'cvpn-endpoint-0a']);
    expect(() => parseResourceIds(['i-123'])).toThrow(/--connection/);
  });
});
