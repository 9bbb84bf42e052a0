// Unit tests of the wire pieces, without a server: form nesting, XML and JSON rendering, routing, SigV4 parsing.
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { LabError } from '../services/types.js';
import { isRoute, routeRequest } from './dispatch.js';
import { ec2Error, ec2Success } from './ec2-query.js';
import { parseForm } from './form.js';
import { jsonError, jsonSuccess } from './json.js';
import { querySuccess } from './query.js';
import { parseAmzDate, parseAuthorization } from './sigv4.js';
import { escapeXml } from './xml.js';

describe('parseForm', () => {
  it('nests dotted keys, turns 1-based positions into arrays and drops member segments', () => {
    expect(
      parseForm(
        'Action=DescribeVpnConnections&Filter.1.Name=state&Filter.1.Value.1=available&Filter.1.Value.2=modifying' +
          '&Filter.2.Name=tag%3AName&Filter.2.Value.1=site+a&Dimensions.member.1.Name=VpnId&Dimensions.member.1.Value=vpn-1',
      ),
    ).toEqual({
      Action: 'DescribeVpnConnections',
      Filter: [
        { Name: 'state', Value: ['available', 'modifying'] },
        { Name: 'tag:Name', Value: ['site a'] },
      ],
      Dimensions: [{ Name: 'VpnId', Value: 'vpn-1' }],
    });
  });

  it('orders list entries by position, not by arrival', () => {
    expect(parseForm('X.2=b&X.10=c&X.1=a')).toEqual({ X: ['a', 'b', 'c'] });
  });

  it('ignores prototype-polluting keys', () => {
    const parsed = parseForm('__proto__.polluted=1&a.constructor.x=2&ok=1');
    expect(parsed).toEqual({ ok: '1' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('EC2 XML', () => {
  const parser = new XMLParser({ isArray: (name) => name === 'item' });

  it('renders wire names, <item> lists, ISO dates, escaped text and the request id header', () => {
    const reply = ec2Success(
      'DescribeThings',
      {
        thingSet: [
          {
            thingId: 't-1',
            createdAt: new Date(Date.UTC(2026, 10, 30, 8, 15)),
            note: 'a & <b>',
            empty: undefined,
          },
        ],
        connectionLogOptions: { Enabled: true },
        dnsServer: ['10.0.0.2'],
      },
      'req-1',
    );
    expect(reply.headers).toMatchObject({
      'content-type': 'text/xml;charset=UTF-8',
      'x-amzn-RequestId': 'req-1',
    });
    expect(reply.body).toContain('a &amp; &lt;b&gt;');
    expect(reply.body).not.toContain('<empty');
    const parsed = parser.parse(reply.body).DescribeThingsResponse;
    expect(parsed.requestId).toBe('req-1');
    expect(parsed.thingSet.item[0]).toMatchObject({ thingId: 't-1', createdAt: '2026-11-30T08:15:00.000Z' });
    expect(parsed.connectionLogOptions.Enabled).toBe(true);
    expect(parsed.dnsServer.item).toEqual(['10.0.0.2']);
  });

  it('renders errors as <Response><Errors><Error>', () => {
    const reply = ec2Error(
      new LabError('InvalidVpnConnectionID.NotFound', "The vpnConnection ID 'vpn-x' does not exist"),
      'r',
    );
    expect(reply.status).toBe(400);
    expect(parser.parse(reply.body).Response.Errors.Error).toEqual({
      Code: 'InvalidVpnConnectionID.NotFound',
      Message: "The vpnConnection ID 'vpn-x' does not exist",
    });
  });

  it('strips characters XML cannot carry', () => {
    expect(escapeXml('a\u0000b\u0007c')).toBe('abc');
  });
});

describe('awsQuery XML', () => {
  it('wraps output in <OpResult> with <member> lists, and unit outputs in ResponseMetadata only', () => {
    const reply = querySuccess(
      'ListTopics',
      { Topics: [{ TopicArn: 'arn:1' }] },
      'r',
      'http://sns.amazonaws.com/doc/2010-03-31/',
    );
    expect(reply.body).toContain(
      '<ListTopicsResult><Topics><member><TopicArn>arn:1</TopicArn></member></Topics></ListTopicsResult>',
    );
    expect(querySuccess('DeleteAlarms', undefined, 'r', 'x').body).toBe(
      '<DeleteAlarmsResponse xmlns="x"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteAlarmsResponse>',
    );
  });
});

describe('JSON', () => {
  it('sends Dates as epoch seconds and unit outputs as {}', () => {
    expect(
      JSON.parse(
        jsonSuccess('1.0', { At: new Date(1_796_400_000_123), Nested: [{ At: new Date(1000) }] }, 'r').body,
      ),
    ).toEqual({
      At: 1_796_400_000.123,
      Nested: [{ At: 1 }],
    });
    expect(jsonSuccess('1.1', undefined, 'r').body).toBe('{}');
  });

  it('query-compatible errors carry the modeled shape and x-amzn-query-error', () => {
    const reply = jsonError('1.0', new LabError('MissingParameter', 'm'), 'r', {
      namespace: 'com.amazonaws.cloudwatch',
      shapes: { MissingParameter: 'MissingRequiredParameterException' },
    });
    expect(JSON.parse(reply.body)).toEqual({
      __type: 'com.amazonaws.cloudwatch#MissingRequiredParameterException',
      message: 'm',
    });
    expect(reply.headers['x-amzn-query-error']).toBe('MissingParameter;Sender');
  });
});

describe('routeRequest', () => {
  const base = { method: 'POST', target: '', body: '', query: '', scopeService: undefined };

  it.each([
    [
      'application/x-www-form-urlencoded; charset=utf-8',
      '',
      'Action=GetCallerIdentity&Version=2011-06-15',
      'sts',
      'query',
      'GetCallerIdentity',
    ],
    [
      'application/x-www-form-urlencoded',
      '',
      'Action=DescribeRegions&Version=2016-11-15',
      'ec2',
      'ec2',
      'DescribeRegions',
    ],
    [
      'application/x-www-form-urlencoded',
      '',
      'Action=DescribeAlarms&Version=2010-08-01',
      'monitoring',
      'query',
      'DescribeAlarms',
    ],
    ['application/x-www-form-urlencoded', '', 'Action=Publish&Version=2010-03-31', 'sns', 'query', 'Publish'],
    [
      'application/x-amz-json-1.0',
      'GraniteServiceVersion20100801.PutMetricAlarm',
      '{}',
      'monitoring',
      'json1.0',
      'PutMetricAlarm',
    ],
    ['application/x-amz-json-1.1', 'Logs_20140328.CreateLogGroup', '', 'logs', 'json1.1', 'CreateLogGroup'],
    [
      'application/x-amz-json-1.1',
      'AWSOrganizationsV20161128.ListAccounts',
      '{}',
      'organizations',
      'json1.1',
      'ListAccounts',
    ],
  ])('%s %s %s -> %s', (contentType, target, body, service, protocol, operation) => {
    const route = routeRequest({ ...base, contentType, target, body });
    expect(isRoute(route)).toBe(true);
    expect(route).toMatchObject({ service, protocol, operation });
  });

  it('falls back on the SigV4 scope service when the form names no known version', () => {
    expect(
      routeRequest({
        ...base,
        contentType: 'application/x-www-form-urlencoded',
        body: 'Action=GetCallerIdentity',
        scopeService: 'sts',
      }),
    ).toMatchObject({
      service: 'sts',
      operation: 'GetCallerIdentity',
    });
  });

  it.each([
    ['application/x-www-form-urlencoded', '', 'Version=2011-06-15', 'MissingAction'],
    ['application/x-www-form-urlencoded', '', 'Action=X&Version=1999-01-01', 'NoSuchVersion'],
    ['application/x-amz-json-1.1', 'Nope.X', '{}', 'UnknownOperationException'],
    ['application/x-amz-json-1.1', 'Logs_20140328.X', '[1]', 'SerializationException'],
    ['application/x-amz-json-1.0', 'Logs_20140328.DescribeLogGroups', '{}', 'UnknownOperationException'],
    ['text/plain', '', 'hi', 'InvalidAction'],
  ])('%s %s %s is refused with %s', (contentType, target, body, code) => {
    const route = routeRequest({ ...base, contentType, target, body });
    expect(isRoute(route)).toBe(false);
    expect(route).toMatchObject({ error: { code } });
  });
});

describe('SigV4 header parsing', () => {
  it('reads the credential scope, signed headers and signature', () => {
    expect(
      parseAuthorization(
        `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261204/eu-west-1/organizations/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=${'a'.repeat(64)}`,
      ),
    ).toEqual({
      accessKeyId: 'AKIDEXAMPLE',
      date: '20261204',
      region: 'eu-west-1',
      service: 'organizations',
      signedHeaders: ['content-type', 'host', 'x-amz-date'],
      signature: 'a'.repeat(64),
    });
    expect(parseAuthorization('AWS AKID:sig')).toBeUndefined();
    expect(parseAmzDate('20261204T193741Z')?.toISOString()).toBe('2026-12-04T19:37:41.000Z');
    expect(parseAmzDate('2026-12-04')).toBeUndefined();
  });
});
