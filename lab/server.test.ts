// The server's own behaviour: signatures, routing errors, throttling, every fault kind and the world API,
// observed through the real SDK clients and raw HTTP.
import { createHash } from 'node:crypto';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type LabHandle } from './index.js';
import { addSingleAccount, sdkClientConfig } from './testing.js';

let lab: LabHandle;
let now = 0;

beforeAll(async () => {
  // Throttling runs on a time the tests control, so bucket arithmetic is exact.
  lab = await startLab({
    setup: addSingleAccount,
    throttling: { buckets: { 'non-mutating': { capacity: 3, refillPerSecond: 1 } }, now: () => now },
  });
});
afterAll(async () => {
  await lab.stop();
});
afterEach(() => {
  lab.faults.clear();
  lab.throttle.reset();
});

const config = (overrides: Record<string, unknown> = {}) => ({ ...sdkClientConfig(lab), ...overrides });
const wrongSecret = { credentials: { accessKeyId: '', secretAccessKey: 'wrong-secret' } };

function failure(
  promise: Promise<unknown>,
): Promise<{ name?: string; $metadata?: { httpStatusCode?: number; attempts?: number } }> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error as { name?: string; $metadata?: { httpStatusCode?: number } },
  );
}

async function signedFetch(options: {
  body: string;
  contentType: string;
  service: string;
  target?: string;
  secret?: string;
}): Promise<Response> {
  const account = lab.accounts[0]!;
  const url = new URL(lab.endpoint);
  const headers: Record<string, string> = { host: url.host, 'content-type': options.contentType };
  if (options.target) headers['x-amz-target'] = options.target;
  const signed = await new SignatureV4({
    credentials: {
      accessKeyId: account.accessKeyId,
      secretAccessKey: options.secret ?? account.secretAccessKey,
    },
    region: 'us-east-1',
    service: options.service,
    sha256: Sha256,
  }).sign(
    new HttpRequest({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      headers,
      body: options.body,
    }),
  );
  return fetch(lab.endpoint, { method: 'POST', headers: signed.headers, body: options.body });
}

describe('SigV4 verification', () => {
  it('accepts the SDK signature and identifies account and region from key and scope', async () => {
    const out = await new EC2Client(config({ region: 'eu-west-1' })).send(new DescribeRegionsCommand({}));
    expect(out.Regions?.length).toBeGreaterThan(10);
    expect(lab.world.requestLog.at(-1)).toMatchObject({
      accountId: lab.accounts[0]!.accountId,
      region: 'eu-west-1',
      operation: 'DescribeRegions',
      outcome: 'ok',
    });
  });

  it('a wrong secret gets each service family its own code, never a 5xx', async () => {
    const creds = { credentials: { ...wrongSecret.credentials, accessKeyId: lab.accounts[0]!.accessKeyId } };
    expect(await failure(new EC2Client(config(creds)).send(new DescribeRegionsCommand({})))).toMatchObject({
      name: 'AuthFailure',
      $metadata: { httpStatusCode: 401 },
    });
    expect(await failure(new STSClient(config(creds)).send(new GetCallerIdentityCommand({})))).toMatchObject({
      name: 'SignatureDoesNotMatch',
      $metadata: { httpStatusCode: 403 },
    });
    expect(
      await failure(new CloudWatchLogsClient(config(creds)).send(new DescribeLogGroupsCommand({}))),
    ).toMatchObject({
      name: 'InvalidSignatureException',
      $metadata: { httpStatusCode: 400 },
    });
    expect(
      await failure(new CloudWatchClient(config(creds)).send(new DescribeAlarmsCommand({}))),
    ).toMatchObject({
      name: 'SignatureDoesNotMatch',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('an unknown access key is AuthFailure / InvalidClientTokenId / UnrecognizedClientException', async () => {
    const creds = { credentials: { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'whatever' } };
    expect(await failure(new EC2Client(config(creds)).send(new DescribeRegionsCommand({})))).toMatchObject({
      name: 'AuthFailure',
      $metadata: { httpStatusCode: 401 },
    });
    expect(await failure(new STSClient(config(creds)).send(new GetCallerIdentityCommand({})))).toMatchObject({
      name: 'InvalidClientTokenId',
      $metadata: { httpStatusCode: 403 },
    });
    expect(
      await failure(new OrganizationsClient(config(creds)).send(new ListAccountsCommand({}))),
    ).toMatchObject({ name: 'UnrecognizedClientException' });
  });

  it('a request with no Authorization header is refused in the caller protocol', async () => {
    const ec2 = await fetch(lab.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=DescribeRegions&Version=2016-11-15',
    });
    expect(ec2.status).toBe(401);
    expect(await ec2.text()).toContain('<Code>AuthFailure</Code>');
    const sts = await fetch(lab.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(sts.status).toBe(403);
    expect(await sts.text()).toContain('<Code>MissingAuthenticationToken</Code>');
    const logs = await fetch(lab.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'Logs_20140328.DescribeLogGroups',
      },
      body: '{}',
    });
    expect(logs.status).toBe(403);
    expect(await logs.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
  });

  it('a body that does not match its signed hash is refused', async () => {
    const account = lab.accounts[0]!;
    const url = new URL(lab.endpoint);
    const body = 'Action=GetCallerIdentity&Version=2011-06-15';
    const signed = await new SignatureV4({
      credentials: { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey },
      region: 'us-east-1',
      service: 'sts',
      sha256: Sha256,
    }).sign(
      new HttpRequest({
        method: 'POST',
        protocol: 'http:',
        hostname: url.hostname,
        path: '/',
        headers: {
          host: url.host,
          'content-type': 'application/x-www-form-urlencoded',
          'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
        },
        body,
      }),
    );
    const tampered = await fetch(lab.endpoint, {
      method: 'POST',
      headers: signed.headers,
      body: `${body}&Extra=1`,
    });
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('temporary credentials need their session token and expire on the lab clock', async () => {
    const accountId = lab.accounts[0]!.accountId;
    const lab2 = await startLab({ setup: addSingleAccount });
    try {
      lab2.world.account(lab2.accounts[0]!.accountId)!.roles.push('Audit');
      const sts = new STSClient(sdkClientConfig(lab2));
      const { Credentials } = await sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${lab2.accounts[0]!.accountId}:role/Audit`,
          RoleSessionName: 'expiry',
          DurationSeconds: 900,
        }),
      );
      const temporary = {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: Credentials!.SessionToken!,
      };
      const withToken = new STSClient({ ...sdkClientConfig(lab2), credentials: temporary });
      await expect(withToken.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({
        Account: accountId,
      });
      const withoutToken = new STSClient({
        ...sdkClientConfig(lab2),
        credentials: { ...temporary, sessionToken: undefined },
      });
      expect(await failure(withoutToken.send(new GetCallerIdentityCommand({})))).toMatchObject({
        name: 'InvalidClientTokenId',
      });
      lab2.advanceClock(901_000);
      expect(await failure(withToken.send(new GetCallerIdentityCommand({})))).toMatchObject({
        name: 'ExpiredToken',
        $metadata: { httpStatusCode: 403 },
      });
      const ec2 = new EC2Client({ ...sdkClientConfig(lab2), credentials: temporary });
      expect(await failure(ec2.send(new DescribeRegionsCommand({})))).toMatchObject({
        name: 'RequestExpired',
        $metadata: { httpStatusCode: 400 },
      });
      const logs = new CloudWatchLogsClient({ ...sdkClientConfig(lab2), credentials: temporary });
      expect(await failure(logs.send(new DescribeLogGroupsCommand({})))).toMatchObject({
        name: 'ExpiredTokenException',
      });
    } finally {
      await lab2.stop();
    }
  });
});

describe('routing errors', () => {
  it('an unknown action or target is a 400 in the caller protocol', async () => {
    const ec2 = await signedFetch({
      body: 'Action=DescribeUnicorns&Version=2016-11-15',
      contentType: 'application/x-www-form-urlencoded',
      service: 'ec2',
    });
    expect(ec2.status).toBe(400);
    expect(await ec2.text()).toContain('<Code>InvalidAction</Code>');
    const logs = await signedFetch({
      body: '{}',
      contentType: 'application/x-amz-json-1.1',
      service: 'logs',
      target: 'Logs_20140328.DescribeUnicorns',
    });
    expect(logs.status).toBe(400);
    expect(await logs.json()).toMatchObject({ __type: 'UnknownOperationException' });
    const garbage = await signedFetch({
      body: '{not json',
      contentType: 'application/x-amz-json-1.1',
      service: 'logs',
      target: 'Logs_20140328.DescribeLogGroups',
    });
    expect(garbage.status).toBe(400);
    expect(await garbage.json()).toMatchObject({ __type: 'SerializationException' });
    const noType = await signedFetch({ body: 'hello', contentType: 'text/plain', service: 'sts' });
    expect(noType.status).toBe(400);
    expect(await noType.text()).toContain('<Code>InvalidAction</Code>');
  });

  it('an oversized body is a 413, and the server keeps serving', async () => {
    const big = await signedFetch({
      body: `Action=GetCallerIdentity&Version=2011-06-15&Pad=${'x'.repeat(3 * 1024 * 1024)}`,
      contentType: 'application/x-www-form-urlencoded',
      service: 'sts',
    });
    expect(big.status).toBe(413);
    await expect(new STSClient(config()).send(new GetCallerIdentityCommand({}))).resolves.toBeDefined();
  });
});

describe('EC2 throttling', () => {
  it('a burst beyond the bucket gets RequestLimitExceeded (503); tokens refill per second', async () => {
    const ec2 = new EC2Client(config());
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        ec2.send(new DescribeRegionsCommand({})).then(
          () => 200,
          (e: { $metadata: { httpStatusCode: number }; name: string }) =>
            `${e.$metadata.httpStatusCode} ${e.name}`,
        ),
      ),
    );
    expect(results.filter((r) => r === 200)).toHaveLength(3);
    expect(results.filter((r) => r === '503 RequestLimitExceeded')).toHaveLength(2);
    // Another region has its own bucket; STS is not EC2-throttled.
    await expect(
      new EC2Client(config({ region: 'eu-west-1' })).send(new DescribeRegionsCommand({})),
    ).resolves.toBeDefined();
    now += 1000;
    await expect(ec2.send(new DescribeRegionsCommand({}))).resolves.toBeDefined();
    expect(await failure(ec2.send(new DescribeRegionsCommand({})))).toMatchObject({
      name: 'RequestLimitExceeded',
    });
  });

  it('the SDK retries RequestLimitExceeded and succeeds once tokens are back', async () => {
    // Each admission moves throttle time by half a token: every other request is refused, deterministically.
    let tick = 0;
    const fast = await startLab({
      setup: addSingleAccount,
      throttling: {
        buckets: { 'non-mutating': { capacity: 1, refillPerSecond: 1 } },
        now: () => (tick += 500),
      },
    });
    try {
      const ec2 = new EC2Client({ ...sdkClientConfig(fast), maxAttempts: 5 });
      await ec2.send(new DescribeRegionsCommand({}));
      const results = await Promise.all(
        Array.from({ length: 3 }, () => ec2.send(new DescribeRegionsCommand({}))),
      );
      expect(results.every((result) => result.Regions!.length > 0)).toBe(true);
      expect(Math.max(...results.map((result) => result.$metadata.attempts ?? 1))).toBeGreaterThan(1);
      expect(
        fast.world.requestLog.some(
          (entry) => entry.outcome === 'RequestLimitExceeded' && entry.httpStatus === 503,
        ),
      ).toBe(true);
    } finally {
      await fast.stop();
    }
  });

  it('can be turned off', async () => {
    const off = await startLab({ setup: addSingleAccount, throttling: false });
    try {
      const ec2 = new EC2Client(sdkClientConfig(off));
      await Promise.all(Array.from({ length: 120 }, () => ec2.send(new DescribeRegionsCommand({}))));
      expect(off.world.requestLog.every((entry) => entry.outcome === 'ok')).toBe(true);
    } finally {
      await off.stop();
    }
  });
});

describe('fault injection', () => {
  it('internal-error and unavailable are 500/503 and the SDK retries through a counted fault', async () => {
    lab.faults.add({ kind: 'internal-error', service: 'sts', count: 1 });
    expect(await failure(new STSClient(config()).send(new GetCallerIdentityCommand({})))).toMatchObject({
      name: 'InternalError',
      $metadata: { httpStatusCode: 500 },
    });
    lab.faults.add({ kind: 'unavailable', service: 'ec2', operation: 'DescribeRegions', count: 2 });
    const retried = await new EC2Client(config({ maxAttempts: 3 })).send(new DescribeRegionsCommand({}));
    expect(retried.$metadata.attempts).toBe(3);
    expect(lab.faults.list()).toEqual([]);
  });

  it('access-denied uses each service family’s code', async () => {
    lab.faults.add({ kind: 'access-denied' });
    expect(await failure(new EC2Client(config()).send(new DescribeRegionsCommand({})))).toMatchObject({
      name: 'UnauthorizedOperation',
      $metadata: { httpStatusCode: 403 },
    });
    expect(
      await failure(new CloudWatchLogsClient(config()).send(new DescribeLogGroupsCommand({}))),
    ).toMatchObject({ name: 'AccessDeniedException' });
    expect(await failure(new STSClient(config()).send(new GetCallerIdentityCommand({})))).toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('throttle uses each service’s throttling error', async () => {
    lab.faults.add({ kind: 'throttle' });
    expect(await failure(new CloudWatchClient(config()).send(new DescribeAlarmsCommand({})))).toMatchObject({
      name: 'Throttling',
      $metadata: { httpStatusCode: 400 },
    });
    expect(
      await failure(new CloudWatchLogsClient(config()).send(new DescribeLogGroupsCommand({}))),
    ).toMatchObject({ name: 'ThrottlingException' });
    expect(await failure(new OrganizationsClient(config()).send(new ListAccountsCommand({})))).toMatchObject({
      name: 'TooManyRequestsException',
    });
    expect(await failure(new EC2Client(config()).send(new DescribeRegionsCommand({})))).toMatchObject({
      name: 'RequestLimitExceeded',
      $metadata: { httpStatusCode: 503 },
    });
    const raw = await signedFetch({
      body: '{}',
      contentType: 'application/x-amz-json-1.0',
      service: 'monitoring',
      target: 'GraniteServiceVersion20100801.DescribeAlarms',
    });
    expect(raw.headers.get('x-amzn-query-error')).toBe('Throttling;Sender');
  });

  it('reset drops the connection; the next request is served', async () => {
    lab.faults.add({ kind: 'reset', service: 'sts', count: 1 });
    const error = await failure(new STSClient(config()).send(new GetCallerIdentityCommand({})));
    expect(String((error as { code?: string }).code ?? error.name)).toMatch(
      /ECONNRESET|socket hang up|EPIPE/i,
    );
    await expect(new STSClient(config()).send(new GetCallerIdentityCommand({}))).resolves.toBeDefined();
    expect(lab.world.requestLog.some((entry) => entry.outcome === 'reset')).toBe(true);
  });

  it('slow delays the response by delayMs', async () => {
    lab.faults.add({ kind: 'slow', service: 'sts', delayMs: 300, count: 1 });
    const started = Date.now();
    await new STSClient(config()).send(new GetCallerIdentityCommand({}));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('malformed answers 200 with a truncated body the SDK cannot parse', async () => {
    lab.faults.add({ kind: 'malformed', service: 'logs', count: 1 });
    const error = await failure(new CloudWatchLogsClient(config()).send(new DescribeLogGroupsCommand({})));
    expect(error.$metadata?.httpStatusCode ?? 200).toBe(200);
    expect(lab.world.requestLog.at(-1)).toMatchObject({ outcome: 'malformed', httpStatus: 200 });
  });

  it('rules match by account and region, and rate is reproducible with a seed', async () => {
    lab.faults.add({ kind: 'internal-error', region: 'ap-south-1' });
    await expect(new STSClient(config()).send(new GetCallerIdentityCommand({}))).resolves.toBeDefined();
    expect(
      await failure(new STSClient(config({ region: 'ap-south-1' })).send(new GetCallerIdentityCommand({}))),
    ).toMatchObject({ name: 'InternalError' });
    lab.faults.clear();
    const { Faults } = await import('./world/faults.js');
    const hits = (seed: number) => {
      const faults = new Faults(seed);
      faults.add({ kind: 'unavailable', rate: 0.3 });
      return Array.from(
        { length: 1000 },
        () => faults.pick({ service: 'ec2', operation: 'X', accountId: '1', region: 'r' }) !== undefined,
      );
    };
    const first = hits(7);
    expect(first).toEqual(hits(7));
    const count = first.filter(Boolean).length;
    expect(count).toBeGreaterThan(230);
    expect(count).toBeLessThan(370);
  });
});

describe('latency knob', () => {
  it('delays every AWS response by latencyMs', async () => {
    const slow = await startLab({ setup: addSingleAccount, latencyMs: 250 });
    try {
      const started = Date.now();
      await new STSClient(sdkClientConfig(slow)).send(new GetCallerIdentityCommand({}));
      expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    } finally {
      await slow.stop();
    }
  });
});

describe('world API', () => {
  const api = (path: string, init?: RequestInit) => fetch(`${lab.endpoint}${path}`, init);

  it('health, request log with filters, deliveries', async () => {
    expect(await (await api('/_lab/health')).json()).toMatchObject({ ok: true, accounts: 1 });
    await new STSClient(config({ region: 'sa-east-1' })).send(new GetCallerIdentityCommand({}));
    const entries = (await (await api('/_lab/requests?region=sa-east-1&service=sts')).json()) as {
      operation: string;
    }[];
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((entry) => entry.operation === 'GetCallerIdentity')).toBe(true);
    expect(await (await api('/_lab/deliveries')).json()).toEqual([]);
    expect(await (await api('/_lab/history')).json()).toEqual([]);
  });

  it('faults can be added and cleared over HTTP; bad input is a one-line 400', async () => {
    const added = await api('/_lab/faults', {
      method: 'POST',
      body: JSON.stringify({ kind: 'internal-error', service: 'sts', count: 1 }),
    });
    expect(added.status).toBe(200);
    expect(lab.faults.list()).toHaveLength(1);
    expect((await api('/_lab/faults', { method: 'DELETE' })).status).toBe(200);
    expect(lab.faults.list()).toEqual([]);
    const badJson = await api('/_lab/faults', { method: 'POST', body: '{oops' });
    expect(badJson.status).toBe(400);
    const message = ((await badJson.json()) as { error: string }).error;
    expect(message).toMatch(/^bad JSON/);
    expect(message).not.toContain('\n');
    const badKind = await api('/_lab/faults', { method: 'POST', body: '{"kind":"meteor"}' });
    expect(badKind.status).toBe(400);
    expect((await api('/_lab/nowhere')).status).toBe(404);
  });

  it('advances the lab clock', async () => {
    const before = lab.world.now();
    const response = await api('/_lab/clock/advance', { method: 'POST', body: '{"seconds": 3600}' });
    expect(response.status).toBe(200);
    expect(lab.world.now() - before).toBeGreaterThanOrEqual(3_600_000);
  });

  it('events: a bad event is a one-line 400', async () => {
    const response = await api('/_lab/events', { method: 'POST', body: '{"type":"no-such-event"}' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/^event/);
  });
});
