// Per-rule tests in the cdk-nag style: compliance, non-compliance N, unknown.
import { describe, expect, it } from 'vitest';
import { ikeVerdict, loggingVerdict } from './evaluate.js';
import { ABSENT, known, unknown } from './values.js';

const at = (value: Parameters<typeof ikeVerdict>[1]['value']) => ({ value, line: 7 });

describe('EC2.183 at plan time', () => {
  it('compliance: exactly ikev2, in any case, says where the value came from', () => {
    expect(ikeVerdict('tunnel1', at(known(['ikev2'])))).toMatchObject({ status: 'PASS', line: 7 });
    expect(ikeVerdict('tunnel1', at(known(['IKEv2'], 'the default of var.v'))).message).toBe(
      'tunnel1: ikev2 only (from the default of var.v)',
    );
  });
  it('non-compliance 1: absent list (AWS default allows ikev1)', () => {
    expect(ikeVerdict('tunnel2', at(ABSENT))).toMatchObject({
      status: 'FAIL',
      message: "tunnel2: IKE versions not set; AWS's default allows ikev1 and ikev2",
    });
  });
  it('non-compliance 2: empty list', () => {
    expect(ikeVerdict('t', at(known([]))).status).toBe('FAIL');
  });
  it('non-compliance 3: ikev1 listed, in any case', () => {
    expect(ikeVerdict('t', at(known(['ikev2', 'IKEV1']))).status).toBe('FAIL');
  });
  it('non-compliance 4: a value that is not ikev2', () => {
    expect(ikeVerdict('t', at(known(['ikev3']))).message).toMatch(/not exactly \["ikev2"\]/);
  });
  it('unknown: never PASS, keeps the reason', () => {
    expect(ikeVerdict('t', at(unknown('var.x has no default')))).toMatchObject({
      status: 'UNKNOWN',
      message: 't: IKE versions unknown at plan time: var.x has no default',
    });
  });
});

describe('EC2.171 / EC2.51 logging at plan time', () => {
  it('compliance: true, or the string "true" (CloudFormation)', () => {
    expect(loggingVerdict('t', at(known(true)), 'logging').status).toBe('PASS');
    expect(loggingVerdict('t', at(known('true')), 'logging').status).toBe('PASS');
  });
  it('non-compliance 1: not configured (off by default)', () => {
    expect(loggingVerdict('t', at(ABSENT), 'logging')).toMatchObject({
      status: 'FAIL',
      message: 't: logging not configured (off by default)',
    });
  });
  it('non-compliance 2: false, or "false"', () => {
    expect(loggingVerdict('t', at(known(false)), 'logging').status).toBe('FAIL');
    expect(loggingVerdict('t', at(known('false')), 'logging').status).toBe('FAIL');
  });
  it('unknown', () => {
    expect(loggingVerdict('t', at(unknown('dynamic block')), 'logging').status).toBe('UNKNOWN');
  });
});
