// Accounts: who the caller is, the organization's accounts, member credentials through sts:AssumeRole,
// and the --accounts file.
import { readFile } from 'node:fs/promises';
import { GetCallerIdentityCommand, AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { paginateListAccounts, type OrganizationsClient } from '@aws-sdk/client-organizations';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CliError, CredentialsError, EXIT, UsageError } from '../cli/exit-codes.js';
import { errorCode, oneLine } from './errors.js';

/** IAM actions: the caller's identity (every scan) and, with --org, the organization and member roles. */
export const permissions = {
  caller: ['sts:GetCallerIdentity'],
  organization: ['organizations:ListAccounts', 'sts:AssumeRole'],
} as const;

export const DEFAULT_ROLE = 'OrganizationAccountAccessRole';
export const SESSION_NAME = 'vpnguard-scan';

export interface CallerIdentity {
  accountId: string;
  arn: string;
  partition: string;
}

const CREDENTIAL_ERROR_CODES = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'AuthFailure',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'InvalidSecurity',
]);

export function isCredentialsError(err: unknown): boolean {
  const code = errorCode(err);
  return CREDENTIAL_ERROR_CODES.has(code) || code === 'CredentialsProviderError' || code === 'TokenProviderError';
}

/**
 * The first call of every scan. Credential problems (none found, unreadable profile, rejected or expired
 * keys) become one line and exit code 4; an unreachable endpoint means nothing could be scanned (exit 2).
 */
export async function getCallerIdentity(sts: STSClient, profile: string | undefined): Promise<CallerIdentity> {
  try {
    const out = await sts.send(new GetCallerIdentityCommand({}));
    const arn = out.Arn ?? '';
    const accountId = out.Account ?? '';
    if (!/^\d{12}$/.test(accountId)) throw new CliError(`sts:GetCallerIdentity returned no account id`, EXIT.incomplete);
    return { accountId, arn, partition: arn.split(':')[1] || 'aws' };
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw callerError(err, profile);
  }
}

export function callerError(err: unknown, profile: string | undefined): CliError {
  const code = errorCode(err);
  const message = oneLine(err);
  const source = profile === undefined ? 'the default credential chain' : `profile '${profile}'`;
  if (code === 'CredentialsProviderError' || code === 'TokenProviderError') {
    const fix =
      profile === undefined
        ? 'set AWS_PROFILE or pass --profile, run `aws configure` or `aws sso login`, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY'
        : `check that profile '${profile}' exists in ~/.aws/config or ~/.aws/credentials (aws configure list-profiles), or run \`aws sso login --profile ${profile}\``;
    return new CredentialsError(`no usable AWS credentials from ${source} (${message}): ${fix}`);
  }
  if (CREDENTIAL_ERROR_CODES.has(code)) {
    return new CredentialsError(
      `AWS rejected the credentials from ${source} (${code}: ${message}): refresh them (aws sso login, new keys) and check the system clock`,
    );
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|TimeoutError/.test(`${code} ${message}`)) {
    return new CliError(`could not reach AWS (${code}: ${message}): check --endpoint-url, the network and the proxy settings`, EXIT.incomplete);
  }
  return new CliError(`sts:GetCallerIdentity failed (${code}: ${message})`, EXIT.incomplete);
}

export interface OrgAccount {
  accountId: string;
  name: string;
}

/** Every ACTIVE account of the organization (ListAccounts from the management or a delegated administrator). */
export async function listOrganizationAccounts(organizations: OrganizationsClient, caller: CallerIdentity): Promise<OrgAccount[]> {
  const accounts: OrgAccount[] = [];
  try {
    for await (const page of paginateListAccounts({ client: organizations }, {})) {
      for (const account of page.Accounts ?? []) {
        // `State` replaces the deprecated `Status`; suspended and closing accounts hold nothing to scan.
        const state = (account as { State?: string }).State ?? account.Status;
        if (account.Id && state === 'ACTIVE') accounts.push({ accountId: account.Id, name: account.Name ?? '' });
      }
    }
  } catch (err) {
    const code = errorCode(err);
    if (code === 'AWSOrganizationsNotInUseException') {
      throw new UsageError(`--org: account ${caller.accountId} is not in an organization: drop --org, or list accounts with --accounts FILE`);
    }
    if (code === 'AccessDeniedException' || code === 'AccessDenied') {
      throw new CredentialsError(
        `--org: organizations:ListAccounts was denied for ${caller.arn}: run from the management account or a delegated administrator, or use --accounts FILE`,
      );
    }
    if (isCredentialsError(err)) throw callerError(err, undefined);
    throw new CliError(`--org: could not list the organization's accounts (${code}: ${oneLine(err)})`, EXIT.incomplete);
  }
  return accounts.sort((a, b) => a.accountId.localeCompare(b.accountId));
}

export function roleArn(role: string, accountId: string, partition: string): string {
  return role.startsWith('arn:') ? role : `arn:${partition}:iam::${accountId}:role/${role}`;
}

/**
 * Credentials for a member account through sts:AssumeRole, renewed five minutes before they expire (a long
 * scan outlives one session). The first assume happens here so that a missing role is known at once.
 */
export async function assumeRole(sts: STSClient, arn: string): Promise<AwsCredentialIdentityProvider> {
  const fetch = async (): Promise<AwsCredentialIdentity> => {
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: SESSION_NAME }));
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('sts:AssumeRole returned no credentials');
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
  };
  let current = await fetch();
  let pending: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    const expires = current.expiration?.getTime();
    if (expires === undefined || expires - Date.now() > 5 * 60_000) return current;
    pending ??= fetch().then(
      (fresh) => {
        current = fresh;
        pending = undefined;
        return fresh;
      },
      (err: unknown) => {
        pending = undefined;
        throw err;
      },
    );
    return pending;
  };
}

// ---- --accounts FILE ----

export interface AccountsFileEntry {
  accountId: string;
  role: string | undefined;
  regions: string[] | undefined;
}

const accountId = z.union([z.string(), z.number()]).transform((value, ctx) => {
  // YAML reads an unquoted id as a number and drops leading zeros; ids are always 12 digits.
  const text = typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value).padStart(12, '0') : String(value);
  if (!/^\d{12}$/.test(text)) {
    ctx.addIssue({ code: 'custom', message: `'${String(value)}' is not a 12-digit account id (write it quoted, e.g. "111122223333")` });
    return z.NEVER;
  }
  return text;
});

const entrySchema = z.union([
  accountId,
  z.strictObject({
    id: accountId,
    role: z.string().min(1, 'role must be a role name or ARN').optional(),
    regions: z.array(z.string().min(1)).min(1, 'regions must list at least one region (or be left out)').optional(),
  }),
]);

const fileSchema = z.union([z.array(entrySchema), z.strictObject({ accounts: z.array(entrySchema) })]);

const FILE_FIX =
  'expected a list of account ids or {id, role?, regions?} objects, e.g. - "111122223333" or - {id: "444455556666", role: Auditor, regions: [eu-west-1]}';

/** Parses an accounts file (YAML or JSON). Any problem is one UsageError naming the file, the entry and the fix. */
export function parseAccountsFile(text: string, file: string): AccountsFileEntry[] {
  let data: unknown;
  try {
    data = parseYaml(text, { logLevel: 'error' }); // JSON is YAML; warnings (e.g. %YAML 9.9) must not print Node warnings
  } catch (err) {
    throw new UsageError(`--accounts ${file}: not valid YAML or JSON (${oneLine(err)}); ${FILE_FIX}`);
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = deepestIssue(parsed.error.issues);
    const path = issue?.path ?? [];
    const where = path.length === 0 ? 'the file' : path.length === 1 && path[0] === 'accounts' ? "'accounts'" : `entry ${describePath(path)}`;
    const detail = issue && issue.code !== 'invalid_union' ? `: ${issue.message}` : '';
    throw new UsageError(`--accounts ${file}: ${where} is not valid${detail}; ${FILE_FIX}`);
  }
  const entries = Array.isArray(parsed.data) ? parsed.data : parsed.data.accounts;
  if (entries.length === 0) throw new UsageError(`--accounts ${file}: the file lists no accounts; ${FILE_FIX}`);
  const seen = new Set<string>();
  const result: AccountsFileEntry[] = [];
  entries.forEach((entry, index) => {
    const normalized: AccountsFileEntry =
      typeof entry === 'string'
        ? { accountId: entry, role: undefined, regions: undefined }
        : { accountId: entry.id, role: entry.role, regions: entry.regions };
    if (seen.has(normalized.accountId)) {
      throw new UsageError(`--accounts ${file}: entry ${index + 1} repeats account ${normalized.accountId}: list each account once`);
    }
    seen.add(normalized.accountId);
    result.push(normalized);
  });
  return result;
}

export async function readAccountsFile(file: string): Promise<AccountsFileEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--accounts ${file}: cannot read the file (${errorCode(err)}): check the path`);
  }
  return parseAccountsFile(text, file);
}

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  errors?: Issue[][];
}

/** In a union failure, the most specific branch error (the longest path) tells the user what to fix. */
function deepestIssue(issues: readonly Issue[]): Issue | undefined {
  let best: Issue | undefined;
  const visit = (issue: Issue, prefix: PropertyKey[]) => {
    const full = { ...issue, path: [...prefix, ...issue.path] };
    if (!best || full.path.length > best.path.length || (full.path.length === best.path.length && best.code === 'invalid_union')) best = full;
    for (const branch of issue.errors ?? []) for (const inner of branch) visit(inner, full.path);
  };
  for (const issue of issues) visit(issue, []);
  return best;
}

function describePath(path: readonly PropertyKey[]): string {
  const parts = [...path];
  if (parts[0] === 'accounts') parts.shift();
  const [index, ...rest] = parts;
  const head = typeof index === 'number' ? `${index + 1}` : String(index);
  return rest.length === 0 ? head : `${head} (${rest.map(String).join('.')})`;
}
