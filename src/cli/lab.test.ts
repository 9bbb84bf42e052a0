import { describe, expect, it } from 'vitest';
import { UsageError } from './exit-codes.js';
import { exportLines, labSummary, parseLabOptions } from './lab.js';

describe('parseLabOptions', () => {
  it('defaults to the empty scenario on any free port', () => {
    expect(parseLabOptions({})).toEqual({
      scenario: 'empty',
      scenarioParams: {},
      port: 0,
      replacementSeconds: undefined,
      latencyMs: undefined,
    });
  });

  it('reads every flag', () => {
    expect(
      parseLabOptions({
        scenario: 'large',
        param: ['accounts=3', 'regions=eu-west-1,us-east-1'],
        port: '4566',
        replacementSeconds: '0.5',
        latencyMs: '20',
      }),
    ).toEqual({
      scenario: 'large',
      scenarioParams: { accounts: '3', regions: 'eu-west-1,us-east-1' },
      port: 4566,
      replacementSeconds: 0.5,
      latencyMs: 20,
    });
  });

  it.each([
    [{ port: '-1' }, /--port/],
    [{ port: 'abc' }, /--port/],
    [{ port: '65536' }, /--port/],
    [{ latencyMs: '1.5' }, /--latency-ms/],
    [{ replacementSeconds: 'soon' }, /--replacement-seconds/],
    [{ replacementSeconds: '' }, /--replacement-seconds/],
    [{ param: ['noequals'] }, /--param expects key=value/],
    [{ scenario: ' ' }, /--scenario/],
  ])('rejects %o with a usage error', (raw, message) => {
    expect(() => parseLabOptions(raw)).toThrow(UsageError);
    expect(() => parseLabOptions(raw)).toThrow(message);
  });
});

describe('exportLines', () => {
  const lab = {
    endpoint: 'http://127.0.0.1:4566',
    defaultRegion: 'eu-west-1',
    scenario: 'org',
    accounts: [
      {
        accountId: '111111111111',
        name: 'management',
        accessKeyId: 'AKIAAAAA',
        secretAccessKey: 'abc+/=',
        management: true,
      },
      {
        accountId: '222222222222',
        name: "dev's",
        accessKeyId: 'AKIABBBB',
        secretAccessKey: 'x y',
        management: false,
      },
    ],
  };

  it('exports the first account and comments the others, quoting only when needed', () => {
    expect(exportLines(lab)).toBe(
      [
        'unset AWS_SESSION_TOKEN AWS_PROFILE',
        'export AWS_ENDPOINT_URL=http://127.0.0.1:4566',
        'export AWS_ACCESS_KEY_ID=AKIAAAAA',
        'export AWS_SECRET_ACCESS_KEY=abc+/=',
        'export AWS_REGION=eu-west-1',
        'export AWS_DEFAULT_REGION=eu-west-1',
        "# account 222222222222 (dev's): AWS_ACCESS_KEY_ID=AKIABBBB AWS_SECRET_ACCESS_KEY='x y'",
        '',
      ].join('\n'),
    );
  });

  it('summarises on two lines without secrets', () => {
    const summary = labSummary(lab);
    expect(summary.trim().split('\n')).toHaveLength(2);
    expect(summary).toContain('scenario org, 2 accounts');
    expect(summary).not.toContain('abc+/=');
  });
});
