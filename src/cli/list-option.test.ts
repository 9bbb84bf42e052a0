import { afterEach, describe, expect, it, vi } from 'vitest';
import { EXIT } from './exit-codes.js';
import { collectList } from './list-option.js';
import { run } from './program.js';

describe('collectList', () => {
  it('accumulates repeated and comma-separated values', () => {
    expect(collectList('b, c', collectList('a', undefined))).toEqual(['a', 'b', 'c']);
  });

  it('refuses an empty value', () => {
    expect(() => collectList(' , ', undefined)).toThrow(/at least one value/);
  });
});

describe('an empty list value is a usage error on every command that narrows by it', () => {
  afterEach(() => vi.restoreAllMocks());
  const cases = [
    ['scan', '--region='],
    ['diagnose', '--region='],
    ['fix', '--connection='],
    ['fix', '--only='],
    ['alarms', '--topic-name', 'oncall', '--region='],
  ];
  it.each(cases)('%s %s', async (...argv) => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const code = await run(['node', 'vpnguard', ...argv]);
    expect(code).toBe(EXIT.usage);
    const printed = stderr.mock.calls.map((c) => String(c[0])).join('');
    expect(printed).toMatch(/at least one value/);
    expect(printed.trim().split('\n')).toHaveLength(1);
  });
});
