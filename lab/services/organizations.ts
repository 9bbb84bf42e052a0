// AWS Organizations (JSON 1.1). The world's accounts form one organization when one of them is the
// management account; only that account may list the accounts (members get AccessDeniedException,
// and with no management account at all every call gets AWSOrganizationsNotInUseException).
import type { Account } from '../world/types.js';
import type { World } from '../world/world.js';
import { derivedId } from './ids.js';
import { compareStrings, paginate, readParams } from './params.js';
import { LabError, type LabCall, type ServiceDefinition } from './types.js';

const invalidInput = (message: string): LabError => new LabError('InvalidInputException', message);
/** Accounts "joined" on a fixed date: the lab has no account history, and a stable value keeps output diffable. */
const JOINED = new Date('2020-01-06T09:00:00.000Z');

function managementAccount(world: World): Account {
  for (const account of world.accounts.values()) if (account.management) return account;
  throw new LabError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
}

export function organizationIdFor(managementAccountId: string): string {
  return `o-${derivedId('', `org/${managementAccountId}`, 10).toLowerCase()}`;
}

function describeAccount(account: Account, management: Account): Record<string, unknown> {
  const orgId = organizationIdFor(management.accountId);
  return {
    Id: account.accountId,
    Arn: `arn:aws:organizations::${management.accountId}:account/${orgId}/${account.accountId}`,
    Email: account.email,
    Name: account.name,
    Status: 'ACTIVE',
    State: 'ACTIVE',
    JoinedMethod: account.management ? 'CREATED' : 'INVITED',
    JoinedTimestamp: JOINED,
  };
}

function listAccounts(world: World, call: LabCall): unknown {
  const management = managementAccount(world);
  if (call.accountId !== management.accountId) {
    throw new LabError('AccessDeniedException', "You don't have permissions to access this resource.");
  }
  const params = readParams(call.params, invalidInput);
  const maxResults = params.int('MaxResults', { min: 1, max: 20 }) ?? 20;
  const accounts = [...world.accounts.values()].sort((a, b) => compareStrings(a.accountId, b.accountId));
  const { page, nextToken } = paginate(
    accounts,
    (account) => account.accountId,
    maxResults,
    params.string('NextToken'),
    () => invalidInput('The specified value for NextToken is not valid.'),
  );
  return { Accounts: page.map((account) => describeAccount(account, management)), NextToken: nextToken };
}

function describeOrganization(world: World, call: LabCall): unknown {
  const management = managementAccount(world);
  if (!world.account(call.accountId)) {
    throw new LabError(
      'AWSOrganizationsNotInUseException',
      'Your account is not a member of an organization.',
    );
  }
  const orgId = organizationIdFor(management.accountId);
  return {
    Organization: {
      Id: orgId,
      Arn: `arn:aws:organizations::${management.accountId}:organization/${orgId}`,
      FeatureSet: 'ALL',
      MasterAccountArn: `arn:aws:organizations::${management.accountId}:account/${orgId}/${management.accountId}`,
      MasterAccountId: management.accountId,
      MasterAccountEmail: management.email,
      AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
    },
  };
}

export const organizationsService: ServiceDefinition = {
  name: 'organizations',
  operations: { ListAccounts: listAccounts, DescribeOrganization: describeOrganization },
  mutating: new Set(),
};
