import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeRegionsCommand, DeleteVpnConnectionCommand, ModifyVpnTunnelOptionsCommand } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { createClientFactory, type ClientTarget } from './clients.js';
import { isReadOnlyOperation, MutatingCallBlockedError, RequestCounter } from './middleware.js';

const REGIONS_XML = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r1</requestId>
<regionInfo><item><regionName>eu-west-1</regionName><regionEndpoint>ec2.eu-west-1.amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item></regionInfo>
</DescribeRegionsResponse>`;

let server: http.Server;
let endpoint: string;
const received: { body: string; authorization: string | undefined }[] = [];
let throttleNext = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ body, authorization: req.headers.authorization });
      if (throttleNext > 0) {
        throttleNext--;
        res.writeHead(503, { 'content-type': 'text/xml' });
        res.end('<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors></Response>');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8' });
      res.end(REGIONS_XML);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const target: ClientTarget = {
  accountId: '111122223333',
  region: 'eu-west-1',
  credentials: { accessKeyId: 'AKIAUNITTEST', secretAccessKey: 'unit-secret' },
};

describe('read-only guard', () => {
  it('classifies operations by name', () => {
    expect(isReadOnlyOperation('ec2', 'DescribeVpnConnections')).toBe(true);
    expect(isReadOnlyOperation('organizations', 'ListAccounts')).toBe(true);
    expect(isReadOnlyOperation('sts', 'GetCallerIdentity')).toBe(true);
    expect(isReadOnlyOperation('sts', 'AssumeRole')).toBe(true);
    expect(isReadOnlyOperation('ec2', 'ModifyVpnTunnelOptions')).toBe(false);
    expect(isReadOnlyOperation('ec2', 'Describer')).toBe(false);
    expect(isReadOnlyOperation('ec2', 'AssumeRole')).toBe(false);
  });

  it('rejects a mutating call before any HTTP request, and lets reads through', async () => {
    const counter = new RequestCounter();
    const clients = createClientFactory({ endpointUrl: endpoint, readOnly: true, maxSockets: 4, counter });
    const ec2 = clients.ec2(target);
    const before = received.length;
    await expect(
      ec2.send(new ModifyVpnTunnelOptionsCommand({ VpnConnectionId: 'vpn-1', VpnTunnelOutsideIpAddress: '192.0.2.1', TunnelOptions: {} })),
    ).rejects.toBeInstanceOf(MutatingCallBlockedError);
    await expect(ec2.send(new DeleteVpnConnectionCommand({ VpnConnectionId: 'vpn-1' }))).rejects.toThrow(/read-only/);
    expect(received.length).toBe(before);
    expect(counter.totalCalls).toBe(0);

    const out = await ec2.send(new DescribeRegionsCommand({}));
    expect(out.Regions?.[0]?.RegionName).toBe('eu-west-1');
    expect(received.length).toBe(before + 1);
    expect(received.at(-1)?.body).toContain('Action=DescribeRegions');
    expect(counter.rows()).toEqual([
      { accountId: '111122223333', region: 'eu-west-1', service: 'ec2', operation: 'DescribeRegions', calls: 1, attempts: 1 },
    ]);
    clients.destroy();
  });

  it('allows sts:AssumeRole (credentials for member accounts, no resource change)', async () => {
    const clients = createClientFactory({ endpointUrl: endpoint, readOnly: true, maxSockets: 4 });
    const before = received.length;
    // The test server answers with EC2 XML, so the STS parse fails; what matters is that the request went out.
    await clients
      .sts(target)
      .send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::444455556666:role/R', RoleSessionName: 's' }))
      .catch(() => undefined);
    expect(received.length).toBe(before + 1);
    clients.destroy();
  });

  it('a client built for changes is not guarded', async () => {
    const clients = createClientFactory({ endpointUrl: endpoint, readOnly: false, maxSockets: 4, maxAttempts: 1 });
    const before = received.length;
    await clients
      .ec2(target)
      .send(new DeleteVpnConnectionCommand({ VpnConnectionId: 'vpn-1' }))
      .catch(() => undefined);
    expect(received.length).toBe(before + 1);
    clients.destroy();
  });
});

describe('request counter and retries', () => {
  it('counts one call and every attempt of a throttled call', async () => {
    const counter = new RequestCounter();
    const clients = createClientFactory({ endpointUrl: endpoint, readOnly: true, maxSockets: 4, counter });
    throttleNext = 1;
    await clients.ec2(target).send(new DescribeRegionsCommand({}));
    expect(counter.totalCalls).toBe(1);
    expect(counter.totalAttempts).toBe(2);
    clients.destroy();
  });

  it('traces operation names only, never credentials or bodies', async () => {
    const lines: string[] = [];
    const clients = createClientFactory({ endpointUrl: endpoint, readOnly: true, maxSockets: 4, trace: (l) => lines.push(l) });
    await clients.ec2(target).send(new DescribeRegionsCommand({}));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ec2:DescribeRegions 111122223333\/eu-west-1 ok \d+ms$/);
    expect(lines.join('\n')).not.toContain('unit-secret');
    expect(lines.join('\n')).not.toContain('AKIAUNITTEST');
    clients.destroy();
  });
});
