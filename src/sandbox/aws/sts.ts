/** STS (awsQuery, 2011-06-15): GetCallerIdentity and AssumeRole handing out sandbox session credentials. */
import type { AwsCall } from './index.js';
import { isoSec, stableId } from './model.js';
import { el, fail, ok, type AwsAnswer } from './query.js';

let counter = 0;

export function sts(call: AwsCall): AwsAnswer {
  switch (call.op) {
    case 'GetCallerIdentity':
      return callerIdentity(call);
    case 'AssumeRole':
      return assumeRole(call);
    default:
      return fail('InvalidAction', `Could not find operation ${call.op} for version 2011-06-15`);
  }
}

function callerIdentity({ world, account, session }: AwsCall): AwsAnswer {
  if (session) {
    return ok(
      el('Arn', `arn:aws:sts::${account.id}:assumed-role/${session.roleName}/${session.sessionName}`) +
        el('UserId', `${session.roleId}:${session.sessionName}`) +
        el('Account', account.id),
    );
  }
  const name = world.scenario.callerName ?? 'soc2-collector';
  return ok(el('Arn', `arn:aws:iam::${account.id}:user/${name}`) + el('UserId', `AIDA${stableId(`${account.id}/${name}`)}`) + el('Account', account.id));
}

function assumeRole({ world, form, account: caller }: AwsCall): AwsAnswer {
  const m = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(form.RoleArn ?? '');
  const sessionName = form.RoleSessionName ?? '';
  if (!m || !/^[\w+=,.@-]{2,64}$/.test(sessionName)) return fail('ValidationError', 'RoleArn or RoleSessionName is invalid');
  const [, accountId, roleName] = m as unknown as [string, string, string];
  const target = world.accounts.get(accountId);
  const callerArn = `arn:aws:iam::${caller.id}:user/${world.scenario.callerName ?? 'soc2-collector'}`;
  if (!target || target.spec.assumeRole === false || target.spec.status === 'SUSPENDED') {
    return fail('AccessDenied', `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${form.RoleArn}`, 403);
  }
  counter++;
  // Why: ASIA… ids are what real STS hands out for temporary credentials; the marker lets tests prove no secret leaks.
  const keyId = `ASIA${stableId(`${accountId}/${sessionName}/${counter}`, 16)}`;
  const roleId = `AROA${stableId(`${accountId}/${roleName}`)}`;
  world.sessions.set(keyId, { account: accountId, roleName, sessionName, roleId });
  const seconds = Math.min(Math.max(Number(form.DurationSeconds ?? 3600), 900), 43_200);
  // Why real time: a credential lifetime must hold against the SDK's wall clock, even when tests pin the data clock.
  const expiration = new Date(Date.now() + seconds * 1000);
  return ok(
    '<Credentials>' +
      el('AccessKeyId', keyId) +
      el('SecretAccessKey', `SANDBOXSECRET${stableId(keyId, 24)}`) +
      el('SessionToken', `FwoGZXIvYXdzSANDBOXSECRET${stableId(`${keyId}/token`, 64)}`) +
      el('Expiration', isoSec(expiration)) +
      '</Credentials><AssumedRoleUser>' +
      el('AssumedRoleId', `${roleId}:${sessionName}`) +
      el('Arn', `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`) +
      '</AssumedRoleUser>' +
      el('PackedPolicySize', 6),
  );
}
