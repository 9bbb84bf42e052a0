// AWS STS (awsQuery, Version 2011-06-15): who am I, and AssumeRole into another account of the world.
// A role exists when the target account lists it in `roles`; the management account (and the account
// itself) may assume it. The issued ASIA… keys are bound to the target account and expire on the lab clock.
import type { World } from '../world/world.js';
import { derivedId, randomId, randomSecret } from './ids.js';
import { readParams } from './params.js';
import { LabError, type LabCall, type ServiceDefinition } from './types.js';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
/** Roles in the lab keep AWS's default maximum session duration. */
const MAX_SESSION_SECONDS = 3600;

const validation = (message: string): LabError => new LabError('ValidationError', message);

export function userIdFor(accountId: string): string {
  return derivedId('AIDA', `user/${accountId}`);
}

function getCallerIdentity(world: World, call: LabCall): unknown {
  const temporary = world.temporaryCredentials.get(call.accessKeyId);
  const userId = temporary
    ? `${derivedId('AROA', `role/${temporary.accountId}/${temporary.roleName}`)}:${temporary.sessionName}`
    : userIdFor(call.accountId);
  return { UserId: userId, Account: call.accountId, Arn: call.callerArn };
}

function assumeRole(world: World, call: LabCall): unknown {
  const params = readParams(call.params, validation);
  const roleArn = params.string('RoleArn');
  const sessionName = params.string('RoleSessionName');
  if (roleArn === undefined)
    throw validation(
      "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null",
    );
  if (sessionName === undefined) {
    throw validation(
      "1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null",
    );
  }
  if (!SESSION_NAME.test(sessionName)) {
    throw validation(
      `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
  }
  const durationSeconds = params.int('DurationSeconds', { min: 900, max: 43200 }) ?? 3600;
  if (durationSeconds > MAX_SESSION_SECONDS) {
    throw validation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  const match = ROLE_ARN.exec(roleArn);
  if (!match) throw validation(`${roleArn} is invalid`);
  const [, targetAccountId, roleName] = match as unknown as [string, string, string];

  const target = world.account(targetAccountId);
  const caller = world.account(call.accountId);
  const trusted = caller !== undefined && (caller.management || caller.accountId === targetAccountId);
  if (!target || !target.roles.includes(roleName) || !trusted) {
    throw new LabError(
      'AccessDenied',
      `User: ${call.callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      403,
    );
  }

  const accessKeyId = randomId('ASIA', 16);
  const secretAccessKey = randomSecret(40);
  const sessionToken = Buffer.from(`${randomSecret(64)}${randomSecret(64)}`).toString('base64');
  const expiresAt = call.now + durationSeconds * 1000;
  world.temporaryCredentials.set(accessKeyId, {
    accessKeyId,
    secretAccessKey,
    sessionToken,
    accountId: targetAccountId,
    roleName,
    sessionName,
    expiresAt,
  });
  return {
    Credentials: {
      AccessKeyId: accessKeyId,
      SecretAccessKey: secretAccessKey,
      SessionToken: sessionToken,
      Expiration: new Date(expiresAt),
    },
    AssumedRoleUser: {
      AssumedRoleId: `${derivedId('AROA', `role/${targetAccountId}/${roleName}`)}:${sessionName}`,
      Arn: `arn:aws:sts::${targetAccountId}:assumed-role/${roleName}/${sessionName}`,
    },
  };
}

export const stsService: ServiceDefinition = {
  name: 'sts',
  operations: { GetCallerIdentity: getCallerIdentity, AssumeRole: assumeRole },
  mutating: new Set(['AssumeRole']),
};
