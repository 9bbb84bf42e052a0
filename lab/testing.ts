// Building accounts directly in a World (tests, and the built-in `empty` estate used until a scenario
// loader is available). Keys are random per lab, like the ones a scenario generates.
import { createHash, randomBytes } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Account, RegionInfo } from './world/types.js';
import type { World } from './world/world.js';

/** The regions enabled by default in every AWS account (opt-in regions excluded). */
export const DEFAULT_REGION_NAMES = [
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
] as const;

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomKeyId(prefix: string): string {
  let id = prefix;
  for (const byte of randomBytes(16)) id += KEY_ALPHABET[byte % KEY_ALPHABET.length];
  return id;
}

function randomSecretKey(): string {
  return randomBytes(30).toString('base64');
}

export interface TestAccountSpec {
  accountId?: string;
  name?: string;
  email?: string;
  management?: boolean;
  roles?: string[];
  regions?: RegionInfo[];
}

let nextAccountNumber = 111111111111;

/** Adds an account (with fresh long-term keys) to the world and returns it. */
export function addTestAccount(world: World, spec: TestAccountSpec = {}): Account {
  const accountId = spec.accountId ?? String(nextAccountNumber++);
  const name = spec.name ?? `account-${accountId}`;
  const account: Account = {
    accountId,
    name,
    email: spec.email ?? `${name}@example.com`,
    management: spec.management ?? false,
    roles: spec.roles ?? [],
    regions:
      spec.regions ??
      DEFAULT_REGION_NAMES.map((regionName) => ({ regionName, optInStatus: 'opt-in-not-required' as const })),
    accessKeyId: randomKeyId('AKIA'),
    secretAccessKey: randomSecretKey(),
  };
  world.addAccount(account);
  return account;
}

/** One management account, 123456789012, with the default regions: the smallest useful estate. */
export function addSingleAccount(world: World): Account {
  return addTestAccount(world, {
    accountId: '123456789012',
    name: 'lab',
    management: true,
    roles: ['OrganizationAccountAccessRole'],
  });
}

/** A small organization: a management account and members reachable through OrganizationAccountAccessRole. */
export function addTestOrganization(
  world: World,
  memberCount = 2,
): { management: Account; members: Account[] } {
  const management = addTestAccount(world, {
    accountId: '100000000001',
    name: 'management',
    management: true,
  });
  const members = Array.from({ length: memberCount }, (_, index) =>
    addTestAccount(world, {
      accountId: String(200000000001 + index),
      name: `member-${index + 1}`,
      roles: ['OrganizationAccountAccessRole'],
    }),
  );
  return { management, members };
}

/** Client config for an AWS SDK v3 client against a running lab (no retries unless asked: tests stay fast). */
export function sdkClientConfig(
  lab: {
    endpoint: string;
    defaultRegion: string;
    accounts: { accountId: string; accessKeyId: string; secretAccessKey: string }[];
  },
  options: { accountId?: string; region?: string; maxAttempts?: number } = {},
): {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  maxAttempts: number;
} {
  const account =
    options.accountId === undefined
      ? lab.accounts[0]
      : lab.accounts.find((entry) => entry.accountId === options.accountId);
  if (!account) throw new Error(`no account ${options.accountId ?? '(first)'} in this lab`);
  return {
    endpoint: lab.endpoint,
    region: options.region ?? lab.defaultRegion,
    credentials: { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey },
    maxAttempts: options.maxAttempts ?? 1,
  };
}

/**
 * A form-encoded request signed with SigV4 by hand, as an older SDK or the Debian AWS CLI sends the query
 * dialect of a service (e.g. CloudWatch `Action=DescribeAlarms&Version=2010-08-01`).
 */
export async function signedQueryRequest(
  endpoint: string,
  keys: { accessKeyId: string; secretAccessKey: string },
  service: string,
  body: string,
  region = 'us-east-1',
): Promise<{ status: number; text: string }> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({ credentials: keys, region, service, sha256: Sha256 });
  const request = new HttpRequest({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: {
      host: url.host,
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
    },
    body,
  });
  const signed = await signer.sign(request);
  const response = await fetch(endpoint, { method: 'POST', headers: signed.headers, body });
  return { status: response.status, text: await response.text() };
}
