/** IAM (awsQuery, 2010-05-08): account summary, password policy, virtual MFA devices, admin entities. */
import { credentialReport } from './credential-report.js';
import { authorizationDetails, entitiesOf } from './iam-details.js';
import type { AwsCall } from './index.js';
import { decodeToken, encodeToken, policyArn, stableId, timeOf } from './model.js';
import { el, fail, members, ok, type AwsAnswer } from './query.js';

export function iam(call: AwsCall): AwsAnswer {
  switch (call.op) {
    case 'GenerateCredentialReport':
    case 'GetCredentialReport':
      return credentialReport(call);
    case 'GetAccountAuthorizationDetails':
      return authorizationDetails(call);
    case 'GetAccountSummary':
      return accountSummary(call);
    case 'GetAccountPasswordPolicy':
      return passwordPolicy(call);
    case 'ListVirtualMFADevices':
      return virtualMfa(call);
    case 'ListEntitiesForPolicy':
      return entitiesForPolicy(call);
    default:
      return fail('InvalidAction', `Could not find operation ${call.op} for version 2010-05-08`);
  }
}

/** Slices one page of a Marker-paginated list; MaxItems defaults to 100 and is capped at 1000, as in IAM. */
export function pageOf<T>(call: AwsCall, items: T[]): { items: T[]; tail: string } | AwsAnswer {
  const max = Math.min(Math.max(Number(call.form.MaxItems ?? 100) || 100, 1), 1000);
  const marker = decodeToken(call.form.Marker);
  if (call.form.Marker && !marker) return fail('InvalidInput', 'Invalid Marker.');
  const offset = marker?.offset ?? 0;
  const more = offset + max < items.length;
  const tail = el('IsTruncated', more) + (more ? el('Marker', encodeToken(offset + max, call.page + 1)) : '');
  return { items: items.slice(offset, offset + max), tail };
}

function accountSummary({ account }: AwsCall): AwsAnswer {
  const s = account.spec;
  const users = s.users ?? [];
  const map: Record<string, number> = {
    Users: users.length,
    Groups: (s.groups ?? []).length,
    Roles: (s.roles ?? []).length,
    Policies: (s.policies ?? []).length,
    MFADevices: users.filter((u) => u.mfa).length + (s.root?.mfa ? 1 : 0),
    MFADevicesInUse: users.filter((u) => u.mfa).length + (s.root?.mfa ? 1 : 0),
    AccountMFAEnabled: s.root?.mfa ? 1 : 0,
    AccountAccessKeysPresent: (s.root?.keys ?? []).some((k) => k.active !== false) ? 1 : 0,
    AccountSigningCertificatesPresent: 0,
    UsersQuota: 5000,
    GroupsQuota: 300,
    RolesQuota: 1000,
    PoliciesQuota: 1500,
    AccessKeysPerUserQuota: 2,
  };
  const entries = Object.entries(map)
    .map(([k, v]) => `<entry><key>${k}</key><value>${v}</value></entry>`)
    .join('');
  return ok(`<SummaryMap>${entries}</SummaryMap>`);
}

function passwordPolicy({ account }: AwsCall): AwsAnswer {
  const p = account.spec.passwordPolicy;
  // Why: real IAM answers NoSuchEntity (404) when the account never set a policy.
  if (!p) return fail('NoSuchEntity', `The Password Policy with domain name ${account.id} cannot be found.`, 404);
  const body = Object.entries({ ExpirePasswords: Boolean(p.MaxPasswordAge), ...p })
    .map(([k, v]) => el(k, v))
    .join('');
  return ok(`<PasswordPolicy>${body}</PasswordPolicy>`);
}

function virtualMfa(call: AwsCall): AwsAnswer {
  const { account, world } = call;
  const s = account.spec;
  const devices = [
    ...(s.root?.mfa === 'virtual'
      ? [{ serial: `arn:aws:iam::${account.id}:mfa/root-account-mfa-device`, user: 'root', arn: `arn:aws:iam::${account.id}:root` }]
      : []),
    ...(s.users ?? [])
      .filter((u) => u.mfa === 'virtual')
      .map((u) => ({ serial: `arn:aws:iam::${account.id}:mfa/${u.name}`, user: u.name, arn: `arn:aws:iam::${account.id}:user${u.path ?? '/'}${u.name}` })),
  ];
  // Why: unassigned devices are not returned when AssignmentStatus=Assigned; the sandbox has none anyway.
  const page = pageOf(call, call.form.AssignmentStatus === 'Unassigned' ? [] : devices);
  if ('ok' in page) return page;
  const enabled = timeOf('-300d', world.base)!;
  const list = members(
    'VirtualMFADevices',
    page.items,
    (d) =>
      el('SerialNumber', d.serial) +
      (d.user === 'root'
        ? `<User><Arn>${d.arn}</Arn><UserId>${account.id}</UserId><CreateDate>${enabled.toISOString()}</CreateDate></User>`
        : `<User><Path>/</Path><UserName>${d.user}</UserName><UserId>AIDA${stableId(d.arn)}</UserId><Arn>${d.arn}</Arn><CreateDate>${enabled.toISOString()}</CreateDate></User>`) +
      el('EnableDate', enabled),
  );
  return ok(list + page.tail);
}

function entitiesForPolicy(call: AwsCall): AwsAnswer {
  const arn = call.form.PolicyArn ?? '';
  const ents = entitiesOf(call.world, call.account.id);
  const attached = (refs: string[] | undefined) => (refs ?? []).some((r) => policyArn(call.account.id, r) === arn);
  if (arn.includes(':policy/') && !arn.startsWith('arn:aws:iam::aws:') && !ents.policies.some((p) => p.arn === arn)) {
    return fail('NoSuchEntity', `Policy ${arn} was not found.`, 404);
  }
  const groups = ents.groups.filter((g) => attached(g.spec.policies));
  const users = ents.users.filter((u) => attached(u.spec.policies));
  const roles = ents.roles.filter((r) => attached(r.spec.policies));
  const all = [...groups.map((g) => ({ k: 'g', e: g })), ...users.map((u) => ({ k: 'u', e: u })), ...roles.map((r) => ({ k: 'r', e: r }))];
  const page = pageOf(call, all);
  if ('ok' in page) return page;
  const pick = (k: string, tag: string, name: string, id: string) =>
    members(
      tag,
      page.items.filter((i) => i.k === k),
      (i) => el(name, i.e.spec.name) + el(id, i.e.id),
    );
  return ok(
    pick('g', 'PolicyGroups', 'GroupName', 'GroupId') +
      pick('u', 'PolicyUsers', 'UserName', 'UserId') +
      pick('r', 'PolicyRoles', 'RoleName', 'RoleId') +
      page.tail,
  );
}
