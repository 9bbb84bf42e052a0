// Scope resolution: which accounts (current, --org, --accounts FILE) and which regions a scan covers.
// Planning makes the few calls that decide the scope (caller identity, the caller's regions, the
// organization's accounts); per-account work (AssumeRole, DescribeRegions) happens in run.ts, inside the
// concurrency limit, so a 100-account organization does not wait for one account at a time.
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { ClientFactory, Credentials } from '../aws/clients.js';
import {
  assumeRole,
  DEFAULT_ROLE,
  getCallerIdentity,
  listOrganizationAccounts,
  readAccountsFile,
  roleArn,
  type AccountsFileEntry,
  type CallerIdentity,
} from '../aws/accounts.js';
import { errorCode } from '../aws/errors.js';
import {
  checkRegionShape,
  checkRegionsExist,
  describeAccountRegions,
  KNOWN_REGIONS,
  type AccountRegion,
} from '../aws/regions.js';
import { UsageError } from '../cli/exit-codes.js';

export interface ScopeRequest {
  profile?: string | undefined;
  /** --region, repeatable; undefined = every enabled region of each account */
  regions?: string[] | undefined;
  org: boolean;
  /** --role; applies to --org members and to --accounts entries without their own role */
  role?: string | undefined;
  accountsFile?: string | undefined;
}

export interface AccountPlan {
  accountId: string;
  name: string | undefined;
  /** Role to assume; undefined = the caller's own credentials (the caller's account). */
  roleArn: string | undefined;
  /** Regions asked for this account; undefined = every enabled region. */
  regions: string[] | undefined;
  /** Already known (the caller's account, read while planning): saves a second DescribeRegions. */
  knownRegions?: AccountRegion[] | { error: unknown } | undefined;
}

export interface ScopePlan {
  caller: CallerIdentity;
  /** Region for account-level calls (STS, DescribeRegions, Organizations). */
  homeRegion: string;
  baseCredentials: Credentials | AwsCredentialIdentityProvider;
  accounts: AccountPlan[];
}

export interface ScopeDeps {
  clients: ClientFactory;
  credentials: Credentials;
  homeRegion: string;
  readAccounts?: (file: string) => Promise<AccountsFileEntry[]>;
}

/** Checks everything the user typed before any network call, then resolves the accounts. */
export async function planScope(request: ScopeRequest, deps: ScopeDeps): Promise<ScopePlan> {
  if (request.org && request.accountsFile !== undefined) {
    throw new UsageError(
      '--org and --accounts are exclusive: scan the organization, or the accounts the file lists',
    );
  }
  if (request.role !== undefined && !request.org && request.accountsFile === undefined) {
    throw new UsageError(
      '--role needs --org or --accounts FILE: it names the role to assume in each member account',
    );
  }
  const globalRegions = request.regions === undefined ? undefined : checkRegionShape(request.regions);
  const entries =
    request.accountsFile === undefined
      ? undefined
      : await (deps.readAccounts ?? readAccountsFile)(request.accountsFile);
  for (const entry of entries ?? []) {
    if (entry.regions)
      entry.regions = checkRegionShape(
        entry.regions,
        ` (--accounts ${request.accountsFile}, account ${entry.accountId})`,
      );
  }

  const callerTarget = { accountId: 'caller', region: deps.homeRegion, credentials: deps.credentials };
  const caller = await getCallerIdentity(deps.clients.sts(callerTarget), request.profile);

  // The caller's region list validates what the user asked for, and is reused when the caller's account is scanned.
  let callerRegions: AccountRegion[] | { error: unknown };
  try {
    callerRegions = await describeAccountRegions(
      deps.clients.ec2({
        accountId: caller.accountId,
        region: deps.homeRegion,
        credentials: deps.credentials,
      }),
    );
  } catch (error) {
    callerRegions = { error };
  }
  const partitionRegions = Array.isArray(callerRegions)
    ? callerRegions.map((r) => r.regionName)
    : KNOWN_REGIONS;
  if (globalRegions) checkRegionsExist(globalRegions, partitionRegions);
  for (const entry of entries ?? []) {
    if (entry.regions)
      checkRegionsExist(
        entry.regions,
        partitionRegions,
        ` (--accounts ${request.accountsFile}, account ${entry.accountId})`,
      );
  }

  const role = request.role ?? DEFAULT_ROLE;
  let accounts: AccountPlan[];
  if (request.org) {
    const members = await listOrganizationAccounts(
      deps.clients.organizations({
        accountId: caller.accountId,
        region: deps.homeRegion,
        credentials: deps.credentials,
      }),
      caller,
    );
    accounts = members.map((m) => ({
      accountId: m.accountId,
      name: m.name || undefined,
      roleArn: m.accountId === caller.accountId ? undefined : roleArn(role, m.accountId, caller.partition),
      regions: globalRegions,
    }));
  } else if (entries) {
    accounts = entries.map((e) => ({
      accountId: e.accountId,
      name: undefined,
      // The caller's own account is read with the caller's credentials unless the file names a role for it.
      roleArn:
        e.accountId === caller.accountId && e.role === undefined
          ? undefined
          : roleArn(e.role ?? role, e.accountId, caller.partition),
      regions: e.regions ?? globalRegions,
    }));
  } else {
    accounts = [{ accountId: caller.accountId, name: undefined, roleArn: undefined, regions: globalRegions }];
  }
  for (const account of accounts) {
    if (account.accountId === caller.accountId && account.roleArn === undefined)
      account.knownRegions = callerRegions;
  }
  return { caller, homeRegion: deps.homeRegion, baseCredentials: deps.credentials, accounts };
}

/** True when DescribeRegions failed because the caller may not call it (the scan can still read asked-for regions). */
export function isDenied(err: unknown): boolean {
  return /AccessDenied|UnauthorizedOperation/.test(errorCode(err));
}

/** Credentials per account: the caller's own, or AssumeRole into a member (once per account, renewed by the provider). */
export function credentialsFor(scope: ScopePlan, clients: ClientFactory): (accountId: string) => Credentials {
  const assumed = new Map<string, Promise<Credentials>>();
  return (accountId) => {
    const plan = scope.accounts.find((a) => a.accountId === accountId);
    if (!plan?.roleArn) return scope.baseCredentials;
    const memberRole = plan.roleArn;
    return async () => {
      let pending = assumed.get(accountId);
      if (!pending) {
        pending = assumeRole(
          clients.sts({ accountId, region: scope.homeRegion, credentials: scope.baseCredentials }),
          memberRole,
        );
        assumed.set(accountId, pending);
      }
      const provider = await pending;
      return typeof provider === 'function' ? provider() : provider;
    };
  };
}

/** The scope request from the shared scope flags (--profile, --region, --org, --role, --accounts). */
export function scopeRequestFromFlags(flags: {
  profile?: string | undefined;
  region?: string[] | undefined;
  org?: boolean | undefined;
  role?: string | undefined;
  accounts?: string | undefined;
}): ScopeRequest {
  return {
    profile: flags.profile,
    regions: flags.region,
    org: flags.org === true,
    role: flags.role,
    accountsFile: flags.accounts,
  };
}
