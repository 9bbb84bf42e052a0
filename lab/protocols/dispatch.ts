// Which service, protocol and operation a request is for, decided exactly as reference/aws-wire.md §1.2
// describes: content type (startsWith, since botocore appends `; charset=utf-8`), then the form's Version or
// the JSON X-Amz-Target prefix. The SigV4 scope service is the fallback key when those say nothing.
import { LabError, type Params, type Protocol, type ServiceName } from '../services/types.js';
import { parseForm } from './form.js';
import { REST_JSON_SERVICES, routeRest } from './rest-json.js';

export interface Route {
  protocol: Protocol;
  service: ServiceName;
  operation: string;
  params: Params;
}

/** Where to render an error when the request could not be routed (best guess at the caller's protocol). */
export interface RouteFailure {
  protocol: Protocol;
  service: ServiceName | undefined;
  error: LabError;
}

export interface RoutableRequest {
  method: string;
  contentType: string;
  target: string;
  body: string;
  /** the URL's query string without `?` */
  query: string;
  /** the URL's path (REST protocols route on it); absent = '/' */
  path?: string;
  /** service named in the SigV4 credential scope, if the Authorization header parsed */
  scopeService: string | undefined;
}

const FORM_VERSIONS: Readonly<Record<string, ServiceName>> = {
  '2016-11-15': 'ec2',
  '2011-06-15': 'sts',
  '2010-08-01': 'monitoring',
  '2010-03-31': 'sns',
};

const JSON_TARGETS: readonly { prefix: string; service: ServiceName; protocol: Protocol }[] = [
  { prefix: 'GraniteServiceVersion20100801.', service: 'monitoring', protocol: 'json1.0' },
  { prefix: 'Logs_20140328.', service: 'logs', protocol: 'json1.1' },
  { prefix: 'AWSOrganizationsV20161128.', service: 'organizations', protocol: 'json1.1' },
];

const SCOPE_SERVICES: Readonly<Record<string, ServiceName>> = {
  ec2: 'ec2',
  sts: 'sts',
  monitoring: 'monitoring',
  sns: 'sns',
  logs: 'logs',
  organizations: 'organizations',
  securityhub: 'securityhub',
};

/** The protocol a service's errors are rendered in when nothing better is known. */
export const DEFAULT_PROTOCOL: Readonly<Record<ServiceName, Protocol>> = {
  ec2: 'ec2',
  sts: 'query',
  sns: 'query',
  monitoring: 'json1.0',
  logs: 'json1.1',
  organizations: 'json1.1',
  securityhub: 'rest-json',
};

export function scopeServiceName(scope: string | undefined): ServiceName | undefined {
  return scope !== undefined && Object.hasOwn(SCOPE_SERVICES, scope) ? SCOPE_SERVICES[scope] : undefined;
}

export function routeRequest(request: RoutableRequest): Route | RouteFailure {
  const contentType = request.contentType.toLowerCase();
  const scopeService = scopeServiceName(request.scopeService);
  // REST-JSON services route on method + path; only the signing name says which service it is.
  if (scopeService !== undefined && REST_JSON_SERVICES.has(scopeService)) {
    const rest = routeRest(scopeService, request.method, request.path ?? '/', request.body);
    return rest instanceof LabError
      ? { protocol: 'rest-json', service: scopeService, error: rest }
      : { protocol: 'rest-json', service: scopeService, ...rest };
  }
  if (contentType.startsWith('application/x-www-form-urlencoded'))
    return routeForm(request.body, scopeService);
  if (
    contentType.startsWith('application/x-amz-json-1.0') ||
    contentType.startsWith('application/x-amz-json-1.1')
  ) {
    return routeJson(
      contentType.startsWith('application/x-amz-json-1.0') ? 'json1.0' : 'json1.1',
      request,
      scopeService,
    );
  }
  // awsQuery also allows GET with the form in the URL (no client of ours sends it, but AWS accepts it).
  if (request.method === 'GET' && new URLSearchParams(request.query).has('Action')) {
    return routeForm(request.query, scopeService);
  }
  const protocol = scopeService ? DEFAULT_PROTOCOL[scopeService] : 'query';
  return {
    protocol,
    service: scopeService,
    error: unknownOperation(protocol, `Unsupported content type '${truncate(request.contentType)}'`),
  };
}

function routeForm(body: string, scopeService: ServiceName | undefined): Route | RouteFailure {
  const params = parseForm(body);
  const version = typeof params.Version === 'string' ? params.Version : undefined;
  const service =
    version !== undefined && Object.hasOwn(FORM_VERSIONS, version) ? FORM_VERSIONS[version] : scopeService;
  const protocol: Protocol = service === 'ec2' ? 'ec2' : 'query';
  if (service === undefined || (DEFAULT_PROTOCOL[service].startsWith('json') && service !== 'monitoring')) {
    return {
      protocol,
      service,
      error: new LabError(
        'NoSuchVersion',
        `The requested version (${truncate(version ?? '')}) of service is not supported.`,
      ),
    };
  }
  const action = params.Action;
  if (typeof action !== 'string' || action === '') {
    return {
      protocol,
      service,
      error: new LabError('MissingAction', 'The request must contain the parameter Action.'),
    };
  }
  delete params.Action;
  delete params.Version;
  return { protocol, service, operation: action, params };
}

function routeJson(
  protocol: Protocol,
  request: RoutableRequest,
  scopeService: ServiceName | undefined,
): Route | RouteFailure {
  const match = JSON_TARGETS.find(
    (entry) => entry.protocol === protocol && request.target.startsWith(entry.prefix),
  );
  const service = match?.service ?? scopeService;
  if (!match) {
    return {
      protocol,
      service,
      error: unknownOperation(protocol, `Unknown target '${truncate(request.target)}'`),
    };
  }
  const operation = request.target.slice(match.prefix.length);
  let params: unknown;
  try {
    params = request.body.trim() === '' ? {} : JSON.parse(request.body);
  } catch {
    return {
      protocol,
      service,
      error: new LabError('SerializationException', 'The request body is not valid JSON.'),
    };
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    return {
      protocol,
      service,
      error: new LabError('SerializationException', 'The request body must be a JSON object.'),
    };
  }
  return { protocol, service: match.service, operation, params: params as Params };
}

export function unknownOperation(protocol: Protocol, message: string): LabError {
  return protocol.startsWith('json')
    ? new LabError('UnknownOperationException', message)
    : new LabError('InvalidAction', message);
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

export function isRoute(value: Route | RouteFailure): value is Route {
  return !('error' in value);
}
