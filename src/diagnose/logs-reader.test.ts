import { describe, expect, it } from 'vitest';
import type { FilterLogEventsCommandInput } from '@aws-sdk/client-cloudwatch-logs';
import {
  classifyLogError,
  parseLogGroupArn,
  readTunnelLogs,
  windowSlices,
  type LogsApi,
} from './logs-reader.js';
import { A, B, DAY_MS, NOW, jsonLine, vpn } from './test-fixtures.js';

function fakeApi(
  pages: { message: string; timestamp: number }[][],
): LogsApi & { calls: FilterLogEventsCommandInput[] } {
  const calls: FilterLogEventsCommandInput[] = [];
  return {
    calls,
    filterLogEvents(input) {
      calls.push(input);
      const index = input.nextToken === undefined ? 0 : Number(input.nextToken);
      const next = index + 1 < pages.length ? String(index + 1) : undefined;
      const inWindow = (pages[index] ?? []).filter(
        (e) => e.timestamp >= input.startTime! && e.timestamp <= input.endTime!,
      );
      return Promise.resolve({ events: inWindow, nextToken: next });
    },
  };
}

const both = () => vpn({ status: 'UP', logging: true }, { status: 'DOWN', logging: true });

describe('readTunnelLogs', () => {
  it('reads the shared group once, over the window, filtered on the connection, split by tunnel', async () => {
    const api = fakeApi([
      [
        {
          message: jsonLine({
            ip: A,
            detail: 'IKE_SA established',
            ago: 1000,
            phase1: 'Established',
            phase2: 'Established',
          }),
          timestamp: NOW - 1000,
        },
        {
          message: jsonLine({ ip: B, detail: 'Timeout: deleting un-established Phase 1 IKE_SA', ago: 500 }),
          timestamp: NOW - 500,
        },
        {
          message: jsonLine({ ip: B, detail: 'DPD timed out after 3 retransmits', ago: 400 }, 'vpn-other'),
          timestamp: NOW - 400,
        },
      ],
    ]);
    const logs = await readTunnelLogs(both(), () => api, { now: NOW });
    // one log group, one call: the whole window fits in a page
    expect(api.calls).toHaveLength(1);
    expect(api.calls[0]).toMatchObject({
      logGroupName: '/aws/vendedlogs/vpn',
      startTime: NOW - DAY_MS,
      endTime: NOW,
      filterPattern: '"vpn-0123456789abcdef0"',
    });
    const b = logs[B]!;
    expect(b.state).toBe('read');
    if (b.state === 'read') {
      expect(b.events.map((e) => e.signals)).toEqual([['phase1-timeout']]);
      expect(b.truncated).toBe(false);
    }
    const a = logs[A]!;
    if (a.state === 'read') expect(a.events.map((e) => e.signals)).toEqual([['established']]);
  });

  it('reads the newest slice first and stops at the page limit, saying the read was truncated', async () => {
    const line = { message: jsonLine({ detail: 'x', ago: 1 }), timestamp: NOW };
    const api = fakeApi([[line], [line], [line], [line]]);
    const logs = await readTunnelLogs(both(), () => api, { now: NOW, maxPages: 3, windowMs: DAY_MS });
    // the whole-window page was full (a next token), so the newest hour is read first, within the page limit
    expect(api.calls).toHaveLength(3);
    expect(api.calls[0]).toMatchObject({ startTime: NOW - DAY_MS, endTime: NOW });
    expect(api.calls[1]).toMatchObject({ startTime: NOW - 3600_000, endTime: NOW });
    expect(api.calls[1]!.nextToken).toBeUndefined();
    const b = logs[B]!;
    expect(b.state === 'read' && b.truncated).toBe(true);
  });

  it('AccessDenied becomes "denied" for every tunnel of the group; never throws', async () => {
    const api: LogsApi = {
      filterLogEvents: () =>
        Promise.reject(
          Object.assign(new Error('User is not authorized to perform: logs:FilterLogEvents'), {
            name: 'AccessDeniedException',
          }),
        ),
    };
    const logs = await readTunnelLogs(both(), () => api, { now: NOW });
    expect(logs[A]).toEqual({
      state: 'denied',
      message: 'AccessDeniedException: User is not authorized to perform: logs:FilterLogEvents',
    });
    expect(logs[B]!.state).toBe('denied');
  });

  it('other failures become "error"; logging off becomes "disabled"', async () => {
    const api: LogsApi = {
      filterLogEvents: () =>
        Promise.reject(
          Object.assign(new Error('The specified log group does not exist.'), {
            name: 'ResourceNotFoundException',
          }),
        ),
    };
    const logs = await readTunnelLogs(vpn({ status: 'UP' }, { status: 'DOWN', logging: true }), () => api, {
      now: NOW,
    });
    expect(logs[A]).toEqual({ state: 'disabled' });
    expect(logs[B]).toEqual({
      state: 'error',
      message: 'log group not found (The specified log group does not exist.)',
    });
  });
});

describe('helpers', () => {
  it('slices the window newest first, doubling, covering it exactly', () => {
    const h = 3600_000;
    expect(windowSlices(NOW - 24 * h, NOW)).toEqual([
      [NOW - h, NOW],
      [NOW - 3 * h - 1, NOW - h - 1],
      [NOW - 7 * h - 2, NOW - 3 * h - 2],
      [NOW - 15 * h - 3, NOW - 7 * h - 3],
      [NOW - 24 * h, NOW - 15 * h - 4],
    ]);
  });
  it('parses log group ARNs (with and without :*) and bare names', () => {
    expect(parseLogGroupArn('arn:aws:logs:eu-west-1:111122223333:log-group:/aws/vpn/s2s:*')).toEqual({
      region: 'eu-west-1',
      accountId: '111122223333',
      name: '/aws/vpn/s2s',
    });
    expect(parseLogGroupArn('arn:aws:logs:eu-west-1:111122223333:log-group:vpn')).toMatchObject({
      name: 'vpn',
    });
    expect(parseLogGroupArn('/aws/vpn')).toEqual({
      region: undefined,
      accountId: undefined,
      name: '/aws/vpn',
    });
  });
  it('classifies errors', () => {
    expect(classifyLogError(Object.assign(new Error('x'), { name: 'ThrottlingException' }))).toEqual({
      state: 'error',
      message: 'ThrottlingException: x',
    });
    expect(classifyLogError(new Error('not authorized')).state).toBe('denied');
  });
});
