// A bounded fuzz run against the live server: random and garbled requests (content types, targets, bodies,
// headers, broken and valid signatures, valid signatures over nonsense parameters, empty and huge bodies).
// The lab must stay up and answer every one with an AWS-shaped 4xx (or a 2xx for a valid call): never an
// unexpected 5xx, never a hang, never a crash.
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type LabHandle } from './index.js';
import { services } from './services/index.js';
import { addSingleAccount } from './testing.js';

let lab: LabHandle;
beforeAll(async () => {
  lab = await startLab({ setup: addSingleAccount, throttling: false, maxBodyBytes: 256 * 1024 });
});
afterAll(async () => {
  await lab.stop();
});

const FORM_VERSIONS: Record<string, string> = {
  ec2: '2016-11-15',
  sts: '2011-06-15',
  monitoring: '2010-08-01',
  sns: '2010-03-31',
};
const JSON_TARGETS: Record<string, [string, string]> = {
  monitoring: ['application/x-amz-json-1.0', 'GraniteServiceVersion20100801.'],
  logs: ['application/x-amz-json-1.1', 'Logs_20140328.'],
  organizations: ['application/x-amz-json-1.1', 'AWSOrganizationsV20161128.'],
};
const PARAM_NAMES = [
  'AlarmName',
  'AlarmNames',
  'AlarmNamePrefix',
  'MetricName',
  'Namespace',
  'Statistic',
  'ExtendedStatistic',
  'Period',
  'EvaluationPeriods',
  'DatapointsToAlarm',
  'Threshold',
  'ComparisonOperator',
  'Dimensions',
  'Tags',
  'MaxRecords',
  'NextToken',
  'StateValue',
  'ResourceARN',
  'logGroupName',
  'logGroupIdentifier',
  'logStreamName',
  'logStreamNames',
  'logEvents',
  'limit',
  'nextToken',
  'retentionInDays',
  'filterPattern',
  'startTime',
  'endTime',
  'startFromHead',
  'logGroupNamePrefix',
  'tags',
  'RoleArn',
  'RoleSessionName',
  'DurationSeconds',
  'MaxResults',
  'Name',
  'Attributes',
  'TopicArn',
  'Message',
  'Subject',
  'VpnConnectionId',
  'VpnTunnelOutsideIpAddress',
  'TunnelOptions',
  'Filter',
  'ClientVpnEndpointId',
  'ConnectionLogOptions',
  'CustomerGatewayId',
  'VpnGatewayId',
  'ResourceId',
  'Tag',
  'DryRun',
  'AllRegions',
  'RegionName',
  'Type',
  'BgpAsn',
  'IpAddress',
  'Options',
  'TagSpecification',
  'SkipTunnelReplacement',
];

const leaf = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    'true',
    'false',
    '0',
    '-1',
    '300',
    '1e309',
    'NaN',
    'arn:aws:sns:us-east-1:123456789012:t',
    '/vpn/x',
    'vpn-00000000',
    '52.0.0.1',
    'ikev2',
    '{ $.a = "b" }',
    '%',
    '__proto__',
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(
      fc.constantFrom(
        ...PARAM_NAMES,
        'Key',
        'Value',
        'key',
        'value',
        'timestamp',
        'message',
        'member',
        'entry',
        '1',
        'Values',
        'constructor',
      ),
      tie('node'),
      { maxKeys: 4 },
    ),
  ),
})).node;
const params = fc.dictionary(fc.constantFrom(...PARAM_NAMES), value, { maxKeys: 8 });

/** Query-protocol form encoding of nested params (lists 1-based, as the SDKs flatten them). */
function toForm(prefix: string, input: unknown, out: string[]): void {
  if (Array.isArray(input)) input.forEach((entry, index) => toForm(`${prefix}.${index + 1}`, entry, out));
  else if (input !== null && typeof input === 'object')
    for (const [key, entry] of Object.entries(input)) toForm(prefix ? `${prefix}.${key}` : key, entry, out);
  else if (prefix) out.push(`${encodeURIComponent(prefix)}=${encodeURIComponent(String(input))}`);
}

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  sign: 'none' | 'valid' | 'broken' | 'garbage';
  scope: string;
}

const operationCall = fc
  .constantFrom(
    ...Object.values(services).flatMap((service) =>
      Object.keys(service.operations).map((operation) => [service.name, operation] as const),
    ),
  )
  .chain(([service, operation]) =>
    fc.record({
      service: fc.constant(service),
      operation: fc.oneof(fc.constant(operation), fc.string({ maxLength: 12 })),
      params,
      dialect: fc.boolean(),
    }),
  )
  .map(({ service, operation, params: input, dialect }): FuzzRequest => {
    const json = JSON_TARGETS[service];
    if (json && (dialect || !FORM_VERSIONS[service])) {
      return {
        method: 'POST',
        path: '/',
        headers: { 'content-type': json[0], 'x-amz-target': `${json[1]}${operation}` },
        body: JSON.stringify(input),
        sign: 'valid',
        scope: service,
      };
    }
    const form = [`Action=${encodeURIComponent(operation)}`, `Version=${FORM_VERSIONS[service]!}`];
    toForm('', input, form);
    return {
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: form.join('&'),
      sign: 'valid',
      scope: service,
    };
  });

const garbled = fc.record({
  method: fc.constantFrom('POST', 'GET', 'PUT', 'DELETE', 'OPTIONS'),
  path: fc.oneof(
    fc.constant('/'),
    fc.constantFrom('/?Action=GetCallerIdentity&Version=2011-06-15', '/%zz', '/a/../b', '/?x=%'),
    fc.webPath(),
  ),
  headers: fc.record({
    'content-type': fc.oneof(
      fc.constantFrom(
        'application/x-www-form-urlencoded',
        'application/x-amz-json-1.0',
        'application/x-amz-json-1.1',
        'application/cbor',
        'text/xml',
        '',
      ),
      fc.string({ maxLength: 30 }).map((text) => text.replace(/[^\x20-\x7e]/g, '')),
    ),
    'x-amz-target': fc.oneof(
      fc.constantFrom(
        'Logs_20140328.DescribeLogGroups',
        'AWSOrganizationsV20161128.ListAccounts',
        'GraniteServiceVersion20100801.DescribeAlarms',
        'Logs_20140328.',
        'Nope.Nope',
      ),
      fc.string({ maxLength: 30 }).map((text) => text.replace(/[^\x20-\x7e]/g, '')),
    ),
  }),
  body: fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.constantFrom(
      '',
      '{',
      '[]',
      'null',
      '{"__proto__":{"x":1}}',
      'Action=&Version=',
      'Action=DescribeRegions&Version=2016-11-15',
      'Version=2011-06-15&Action=GetCallerIdentity',
      '\u0000\u0001',
    ),
    fc.json(),
  ),
  sign: fc.constantFrom('none', 'valid', 'broken', 'garbage'),
  scope: fc.constantFrom('ec2', 'sts', 'logs', 'monitoring', 'organizations', 'sns', 's3', 'x'),
}) as fc.Arbitrary<FuzzRequest>;

async function send(request: FuzzRequest): Promise<{ status: number; body: string }> {
  const url = new URL(lab.endpoint);
  const account = lab.accounts[0]!;
  let headers: Record<string, string> = { ...request.headers, host: url.host };
  if (request.sign === 'valid' || request.sign === 'broken') {
    const questionMark = request.path.indexOf('?');
    const signed = await new SignatureV4({
      credentials: {
        accessKeyId: account.accessKeyId,
        secretAccessKey: request.sign === 'valid' ? account.secretAccessKey : 'not-the-secret',
      },
      region: 'us-east-1',
      service: request.scope,
      sha256: Sha256,
    })
      .sign(
        new HttpRequest({
          method: request.method,
          protocol: 'http:',
          hostname: url.hostname,
          path: questionMark === -1 ? request.path : request.path.slice(0, questionMark),
          headers,
          body: request.body,
        }),
      )
      .catch(() => undefined);
    if (signed) headers = signed.headers;
  } else if (request.sign === 'garbage') {
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${account.accessKeyId}/2026/us-east-1/${request.scope}/aws4_request, SignedHeaders=host, Signature=zz`;
  }
  const hasBody = request.method !== 'GET' && request.method !== 'OPTIONS';
  const response = await fetch(`${lab.endpoint}${request.path}`, {
    method: request.method,
    headers,
    ...(hasBody ? { body: request.body } : {}),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: await response.text() };
}

describe('fuzz', () => {
  it('thousands of random requests: the lab stays up, every answer is 2xx or an AWS-shaped 4xx', async () => {
    const unexpected: string[] = [];
    // AWS-shaped 4xx: EC2/query XML <Code>, JSON __type, REST-JSON (Security Hub) {"Code", "Message"}.
    const check = async (request: FuzzRequest) => {
      const { status, body } = await send(request);
      if (status >= 500 || status < 200)
        unexpected.push(
          `${status} ${request.method} ${request.headers['content-type']} ${request.body.slice(0, 120)} -> ${body.slice(0, 300)}`,
        );
      if (status >= 400 && status < 500 && !/<Code>|"__type"|"error"|"Code"/.test(body))
        unexpected.push(`unshaped ${status}: ${body.slice(0, 200)}`);
    };
    await fc.assert(fc.asyncProperty(garbled, check), { numRuns: 1000, seed: 20261204, endOnFailure: true });
    const logged = lab.world.requestLog.length;
    await fc.assert(fc.asyncProperty(operationCall, check), { numRuns: 2000, seed: 42, endOnFailure: true });
    // The signed calls must really reach the handlers (not bounce off auth or routing), or they test nothing.
    const handled = lab.world.requestLog
      .slice(logged)
      .filter(
        (entry) =>
          entry.accountId !== undefined &&
          !/InvalidAction|UnknownOperation|Signature|AuthFailure/.test(entry.outcome),
      );
    expect(handled.length).toBeGreaterThan(1000);
    expect(handled.filter((entry) => entry.outcome === 'ok').length).toBeGreaterThan(50);
    // Edges no generator aims at: empty and oversized bodies.
    await check({
      method: 'POST',
      path: '/',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'Logs_20140328.DescribeLogGroups',
      },
      body: '',
      sign: 'valid',
      scope: 'logs',
    });
    const huge = await send({
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'x'.repeat(1024 * 1024),
      sign: 'none',
      scope: 'sts',
    });
    expect(huge.status).toBe(413);
    expect(unexpected.slice(0, 10)).toEqual([]);
    // Still alive and correct.
    const health = await fetch(`${lab.endpoint}/_lab/health`);
    expect(health.status).toBe(200);
    expect(lab.world.requestLog.length).toBeGreaterThan(2900);
  }, 120_000);

  it('with faults injected, 5xx come only from the injected kinds', async () => {
    lab.faults.add({ kind: 'internal-error', rate: 0.1 });
    lab.faults.add({ kind: 'unavailable', rate: 0.1 });
    lab.faults.add({ kind: 'reset', rate: 0.05 });
    const statuses = new Set<number>();
    const unexpected: string[] = [];
    await fc.assert(
      fc.asyncProperty(operationCall, async (request) => {
        const result = await send(request).catch((error: unknown) => ({ status: 0, body: String(error) }));
        statuses.add(result.status);
        if (result.status >= 500 && !/InternalError|ServiceUnavailable/.test(result.body))
          unexpected.push(`${result.status}: ${result.body.slice(0, 200)}`);
      }),
      { numRuns: 400, seed: 7 },
    );
    lab.faults.clear();
    expect(unexpected).toEqual([]);
    expect(statuses.has(500) && statuses.has(503) && statuses.has(0)).toBe(true);
    expect((await fetch(`${lab.endpoint}/_lab/health`)).status).toBe(200);
  }, 60_000);
});
