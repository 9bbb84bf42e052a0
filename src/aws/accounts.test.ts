import { describe, expect, it } from 'vitest';
import { UsageError } from '../cli/exit-codes.js';
import { callerError, parseAccountsFile, roleArn } from './accounts.js';

describe('parseAccountsFile', () => {
  it('reads a YAML list of ids and objects', () => {
    const text = ['- "111122223333"', '- 012345678901', '- id: "444455556666"', '  role: Auditor', '  regions: [eu-west-1, us-east-1]'].join('\n');
    expect(parseAccountsFile(text, 'a.yaml')).toEqual([
      { accountId: '111122223333', role: undefined, regions: undefined },
      { accountId: '012345678901', role: undefined, regions: undefined },
      { accountId: '444455556666', role: 'Auditor', regions: ['eu-west-1', 'us-east-1'] },
    ]);
  });

  it('reads JSON with an accounts key', () => {
    expect(parseAccountsFile('{"accounts": ["111122223333", {"id": "444455556666"}]}', 'a.json')).toEqual([
      { accountId: '111122223333', role: undefined, regions: undefined },
      { accountId: '444455556666', role: undefined, regions: undefined },
    ]);
  });

  const bad: [string, string, RegExp][] = [
    ['short id', '- "1234"', /--accounts f\.yaml: entry 1 is not valid: '1234' is not a 12-digit account id/],
    ['bad field in entry 2', '- "111122223333"\n- id: "444455556666"\n  regoins: [eu-west-1]', /entry 2 is not valid: .*regoins/],
    ['bad id in an object', '- id: abc', /entry 1 \(id\) is not valid: 'abc' is not a 12-digit account id/],
    ['empty regions', '- id: "444455556666"\n  regions: []', /entry 1 \(regions\) is not valid: regions must list at least one region/],
    ['a scalar file', 'hello', /--accounts f\.yaml: the file is not valid/],
    ['broken YAML', '- [unclosed', /not valid YAML or JSON/],
    ['no accounts', '[]', /lists no accounts/],
    ['a duplicate', '- "111122223333"\n- "111122223333"', /entry 2 repeats account 111122223333/],
  ];
  for (const [name, text, message] of bad) {
    it(`rejects ${name} with one line naming the file, the entry and the fix`, () => {
      let error: unknown;
      try {
        parseAccountsFile(text, 'f.yaml');
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(UsageError);
      const text2 = (error as Error).message;
      expect(text2).toMatch(message);
      expect(text2).not.toContain('\n');
      if (!/repeats/.test(text2)) expect(text2).toContain('e.g.');
    });
  }
});

describe('credentials errors', () => {
  it('maps a missing credential chain to exit 4 with a fix', () => {
    const err = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    const cli = callerError(err, undefined);
    expect(cli.exitCode).toBe(4);
    expect(cli.message).toMatch(/no usable AWS credentials from the default credential chain .*aws configure/);
  });
  it('maps rejected keys to exit 4', () => {
    const err = Object.assign(new Error('The security token included in the request is invalid.'), { name: 'InvalidClientTokenId' });
    expect(callerError(err, 'prod').exitCode).toBe(4);
    expect(callerError(err, 'prod').message).toContain("profile 'prod'");
  });
  it('maps an unreachable endpoint to exit 2 (nothing scanned)', () => {
    const err = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    expect(callerError(err, undefined).exitCode).toBe(2);
  });
});

it('builds role ARNs in the caller partition', () => {
  expect(roleArn('OrganizationAccountAccessRole', '111122223333', 'aws')).toBe('arn:aws:iam::111122223333:role/OrganizationAccountAccessRole');
  expect(roleArn('arn:aws-us-gov:iam::111122223333:role/X', '111122223333', 'aws')).toBe('arn:aws-us-gov:iam::111122223333:role/X');
});
