// The one place that builds AWS SDK clients: credentials, endpoint override, retries, connection reuse and
// the cross-cutting middleware (read-only guard, request counter, trace). Everything else asks this factory.
import http from 'node:http';
import https from 'node:https';
import { EC2Client } from '@aws-sdk/client-ec2';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { instrument, type RequestCounter } from './middleware.js';

export type Credentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

/** Who calls and where: the account id only labels the request counter and the trace. */
export interface ClientTarget {
  accountId: string;
  region: string;
  credentials: Credentials;
}

/** Scans retry harder than the SDK's default 3 attempts: a throttled region should still be read (facts §6.2). */
export const SCAN_MAX_ATTEMPTS = 8;

/**
 * SDK settings that every client would otherwise resolve from env and shared config on its first call (each
 * miss throws and catches internally: ~0.3 ms of CPU per client, and a scan builds one client per
 * account-region). Resolved once per scan with `loadSdkSettings`, so the user's FIPS/dual-stack choices hold.
 */
export interface SdkSettings {
  useFipsEndpoint: boolean;
  useDualstackEndpoint: boolean;
  userAgentAppId: string | undefined;
}

export const DEFAULT_SDK_SETTINGS: SdkSettings = { useFipsEndpoint: false, useDualstackEndpoint: false, userAgentAppId: undefined };

export async function loadSdkSettings(profile: string | undefined): Promise<SdkSettings> {
  const probe = new EC2Client({ region: 'us-east-1', ...(profile === undefined ? {} : { profile }) });
  try {
    const [useFipsEndpoint, useDualstackEndpoint, userAgentAppId] = await Promise.all([
      probe.config.useFipsEndpoint(),
      probe.config.useDualstackEndpoint(),
      probe.config.userAgentAppId(),
    ]);
    return { useFipsEndpoint, useDualstackEndpoint, userAgentAppId };
  } catch {
    return DEFAULT_SDK_SETTINGS;
  } finally {
    probe.destroy();
  }
}

export interface ClientFactoryOptions {
  /** Endpoint override for every service (the lab). The SDK also honours AWS_ENDPOINT_URL by itself. */
  endpointUrl?: string | undefined;
  /** Scans: every client refuses operations that are not Describe*, List*, Get* (or sts:AssumeRole). */
  readOnly: boolean;
  maxAttempts?: number;
  /** Sockets kept per host: at least the number of calls in flight. */
  maxSockets: number;
  counter?: RequestCounter | undefined;
  trace?: ((line: string) => void) | undefined;
  sdkSettings?: SdkSettings;
}

export interface ClientFactory {
  readonly readOnly: boolean;
  ec2(target: ClientTarget): EC2Client;
  sts(target: ClientTarget): STSClient;
  organizations(target: ClientTarget): OrganizationsClient;
  /** Closes the shared keep-alive sockets. */
  destroy(): void;
}

/** AWS_MAX_ATTEMPTS, the SDK's own setting, wins over the scan default when the user sets it. */
function maxAttemptsFromEnv(): number | undefined {
  const value = Number(process.env.AWS_MAX_ATTEMPTS);
  return Number.isInteger(value) && value >= 1 ? value : undefined;
}

export function createClientFactory(options: ClientFactoryOptions): ClientFactory {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets, maxFreeSockets: options.maxSockets };
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent(agentOptions);

  const settings = options.sdkSettings ?? DEFAULT_SDK_SETTINGS;
  function common(target: ClientTarget) {
    return {
      region: target.region,
      useFipsEndpoint: settings.useFipsEndpoint,
      useDualstackEndpoint: settings.useDualstackEndpoint,
      // '' and [] are "resolved, nothing set": without them each client reads env and config files again.
      userAgentAppId: settings.userAgentAppId ?? '',
      authSchemePreference: [] as string[],
      defaultsMode: 'legacy' as const,
      credentials: target.credentials,
      retryMode: 'standard',
      maxAttempts: options.maxAttempts ?? maxAttemptsFromEnv() ?? SCAN_MAX_ATTEMPTS,
      requestHandler: { httpAgent, httpsAgent, connectionTimeout: 10_000, requestTimeout: 60_000 },
      ...(options.endpointUrl === undefined ? {} : { endpoint: options.endpointUrl }),
    };
  }
  function wire<C extends EC2Client | STSClient | OrganizationsClient>(client: C, service: string, target: ClientTarget): C {
    return instrument(client, {
      service,
      accountId: target.accountId,
      region: target.region,
      readOnly: options.readOnly,
      counter: options.counter,
      trace: options.trace,
    });
  }

  return {
    readOnly: options.readOnly,
    ec2: (target) => wire(new EC2Client(common(target)), 'ec2', target),
    sts: (target) => wire(new STSClient(common(target)), 'sts', target),
    organizations: (target) => wire(new OrganizationsClient(common(target)), 'organizations', target),
    destroy() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

/** The SDK default chain (env, SSO, profiles, process, container, instance metadata), or one profile. */
export function defaultCredentials(profile: string | undefined): AwsCredentialIdentityProvider {
  return fromNodeProviderChain(profile === undefined ? {} : { profile });
}

/**
 * The region used for account-level calls (STS, DescribeRegions, Organizations): AWS_REGION,
 * AWS_DEFAULT_REGION, the profile's `region`, else us-east-1.
 */
export async function resolveHomeRegion(profile: string | undefined): Promise<string> {
  const fromEnv = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (fromEnv) return fromEnv;
  const probe = new STSClient(profile === undefined ? {} : { profile });
  try {
    return await probe.config.region();
  } catch {
    return 'us-east-1';
  } finally {
    probe.destroy();
  }
}
