// One place that turns a handler's output or a LabError into the wire format of the request's protocol.
import type { LabError, Protocol, ServiceName } from '../services/types.js';
import { ec2Error, ec2Success } from './ec2-query.js';
import { jsonError, jsonSuccess, type QueryCompatibility } from './json.js';
import { queryError, querySuccess } from './query.js';
import { restJsonError, restJsonSuccess } from './rest-json.js';
import type { HttpReply } from './reply.js';

const QUERY_XMLNS: Readonly<Record<ServiceName, string>> = {
  ec2: 'http://ec2.amazonaws.com/doc/2016-11-15/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  monitoring: 'http://monitoring.amazonaws.com/doc/2010-08-01/',
  sns: 'http://sns.amazonaws.com/doc/2010-03-31/',
  logs: 'http://logs.amazonaws.com/doc/2014-03-28/',
  organizations: 'http://organizations.amazonaws.com/doc/2016-11-28/',
  securityhub: 'http://securityhub.amazonaws.com/doc/2018-10-26/',
};

export interface RenderTarget {
  protocol: Protocol;
  service: ServiceName | undefined;
  operation: string;
  /** CloudWatch's awsQueryCompatible error mapping, when the service is CloudWatch */
  queryCompatibility?: QueryCompatibility;
}

export function renderSuccess(target: RenderTarget, output: unknown, requestId: string): HttpReply {
  switch (target.protocol) {
    case 'ec2':
      return ec2Success(target.operation, output, requestId);
    case 'query':
      return querySuccess(target.operation, output, requestId, QUERY_XMLNS[target.service ?? 'sts']);
    case 'json1.0':
      return jsonSuccess('1.0', output, requestId);
    case 'json1.1':
      return jsonSuccess('1.1', output, requestId);
    case 'rest-json':
      return restJsonSuccess(output, requestId);
  }
}

export function renderError(target: RenderTarget, error: LabError, requestId: string): HttpReply {
  switch (target.protocol) {
    case 'ec2':
      return ec2Error(error, requestId);
    case 'query':
      return queryError(error, requestId, QUERY_XMLNS[target.service ?? 'sts']);
    case 'json1.0':
      return jsonError('1.0', error, requestId, target.queryCompatibility);
    case 'json1.1':
      return jsonError('1.1', error, requestId, target.queryCompatibility);
    case 'rest-json':
      return restJsonError(error, requestId);
  }
}
