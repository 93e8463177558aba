/**
 * IAM Identity Center (awsJson1_1): sso-admin (`SWBExternalService.<Op>`, SigV4 service `sso`) and identitystore
 * (`AWSIdentityStore.<Op>`, SigV4 service `identitystore`). The instance lives in one region of the account whose
 * scenario has `identityCenter`; elsewhere ListInstances answers an empty list, as the real service does in an
 * account that never enabled it. Every list pages by opaque NextToken with MaxResults 1..100.
 */
import type { AwsCall } from './index.js';
import { memo, type World } from './world.js';
import { stableId, timeOf, type TimeSpec } from './model.js';
import { limitOf, pageOf } from './pages.js';
import { epoch, fail, okJson, type AwsAnswer } from './query.js';

export interface IdentityCenterSpec {
  /** The instance's region (default us-east-1). */
  region?: string;
  name?: string;
  created?: TimeSpec;
  /** ACTIVE unless said otherwise. */
  status?: string;
  users?: Array<{ name: string; display?: string; email?: string; status?: 'ENABLED' | 'DISABLED'; created?: TimeSpec }>;
  /** Members are user names. */
  groups?: Array<{ name: string; members?: string[] }>;
  /** Managed policies: AWS managed names (`AdministratorAccess`) or ARNs; inline: a policy document. */
  permissionSets?: Array<{ name: string; description?: string; sessionDuration?: string; policies?: string[]; inline?: unknown; created?: TimeSpec }>;
  /** Who may use which permission set in which account; provisioning follows the assignments. */
  assignments?: Array<{ account: string; permissionSet: string; user?: string; group?: string }>;
}

interface Index {
  instanceArn: string;
  storeId: string;
  users: Array<Record<string, unknown>>;
  userIds: Map<string, string>;
  groups: Array<{ GroupId: string; DisplayName: string; members: string[] }>;
  groupById: Map<string, { members: string[] }>;
  sets: Array<{ arn: string; spec: NonNullable<IdentityCenterSpec['permissionSets']>[number]; accounts: string[] }>;
  setByArn: Map<string, Index['sets'][number]>;
  /** `<account>|<permissionSetArn>` → assignments. */
  assigned: Map<string, Array<{ AccountId: string; PermissionSetArn: string; PrincipalType: string; PrincipalId: string }>>;
}

const HEX = '0123456789abcdef';
const uuid = (seed: string) => stableId(seed, 32, HEX).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

function indexOf(call: AwsCall): Index | undefined {
  const spec = call.account.spec.identityCenter;
  if (!spec || (spec.region ?? 'us-east-1') !== call.region) return undefined;
  return identityCenterIndex(call.world, call.account.id, spec);
}

/** The account's Identity Center, indexed once (the provider builds it before serving). */
export function identityCenterIndex(world: World, a: string, spec: IdentityCenterSpec): Index {
  return memo(world, `identity-center:${a}`, () => build(world, a, spec));
}

function build(world: World, a: string, spec: IdentityCenterSpec): Index {
  const instanceId = `ssoins-${stableId(`${a}#ins`, 16, HEX)}`;
  const instanceArn = `arn:aws:sso:::instance/${instanceId}`;
  const storeId = `d-${stableId(`${a}#store`, 10, HEX)}`;
  const userIds = new Map<string, string>();
  const users = (spec.users ?? []).map((u) => {
    const id = `${stableId(`${a}#u`, 10, HEX)}-${uuid(`${a}#u#${u.name}`)}`;
    userIds.set(u.name, id);
    const created = epoch(timeOf(u.created ?? '-400d', world.base));
    return {
      IdentityStoreId: storeId,
      UserId: id,
      UserName: u.name,
      DisplayName: u.display ?? u.name,
      ...(u.email ? { Emails: [{ Value: u.email, Type: 'work', Primary: true }] } : {}),
      UserStatus: u.status ?? 'ENABLED',
      CreatedAt: created,
      UpdatedAt: created,
    };
  });
  const groups = (spec.groups ?? []).map((g) => ({
    GroupId: `${stableId(`${a}#g`, 10, HEX)}-${uuid(`${a}#g#${g.name}`)}`,
    DisplayName: g.name,
    members: (g.members ?? []).map((m) => userIds.get(m)).filter((x): x is string => Boolean(x)),
  }));
  const groupIds = new Map(groups.map((g) => [g.DisplayName, g.GroupId]));
  const sets: Index['sets'] = (spec.permissionSets ?? []).map((p) => ({
    arn: `arn:aws:sso:::permissionSet/${instanceId}/ps-${stableId(`${a}#ps#${p.name}`, 16, HEX)}`,
    spec: p,
    accounts: [],
  }));
  const setByName = new Map(sets.map((s) => [s.spec.name, s]));
  const assigned: Index['assigned'] = new Map();
  for (const x of spec.assignments ?? []) {
    const set = setByName.get(x.permissionSet);
    const principal = x.user ? userIds.get(x.user) : x.group ? groupIds.get(x.group) : undefined;
    if (!set || !principal) throw new Error(`aws scenario: identityCenter assignment names an unknown permission set or principal: ${JSON.stringify(x)}`);
    if (!set.accounts.includes(x.account)) set.accounts.push(x.account);
    const key = `${x.account}|${set.arn}`;
    assigned.set(key, [
      ...(assigned.get(key) ?? []),
      { AccountId: x.account, PermissionSetArn: set.arn, PrincipalType: x.user ? 'USER' : 'GROUP', PrincipalId: principal },
    ]);
  }
  return {
    instanceArn,
    storeId,
    users,
    userIds,
    groups,
    groupById: new Map(groups.map((g) => [g.GroupId, g])),
    sets,
    setByArn: new Map(sets.map((s) => [s.arn, s])),
    assigned,
  };
}

/** A page of `items` under `key`, or the service's error for a token it never issued. */
function page(call: AwsCall, key: string, items: unknown[], extra: Record<string, unknown> = {}): AwsAnswer {
  const p = pageOf(items, call.json.NextToken, limitOf(call.json.MaxResults, 100, 100));
  if (!p) return fail('ValidationException', 'The NextToken is invalid.');
  return okJson({ ...extra, [key]: p.items, ...(p.next ? { NextToken: p.next } : {}) });
}

const notFound = (what: string) => fail('ResourceNotFoundException', `${what} not found.`);

export function ssoAdmin(call: AwsCall): AwsAnswer {
  const ix = indexOf(call);
  const spec = call.account.spec.identityCenter;
  if (call.op === 'ListInstances') {
    const items =
      ix && spec
        ? [
            {
              InstanceArn: ix.instanceArn,
              IdentityStoreId: ix.storeId,
              OwnerAccountId: call.account.id,
              Name: spec.name ?? 'acme',
              CreatedDate: epoch(timeOf(spec.created ?? '-900d', call.world.base)),
              Status: spec.status ?? 'ACTIVE',
            },
          ]
        : [];
    return page(call, 'Instances', items);
  }
  if (!call.json.InstanceArn)
    return fail('ValidationException', "1 validation error detected: Value null at 'instanceArn' failed to satisfy constraint: Member must not be null");
  if (!ix || call.json.InstanceArn !== ix.instanceArn) return notFound(`Instance ${String(call.json.InstanceArn)}`);
  if (call.op === 'ListPermissionSets')
    return page(
      call,
      'PermissionSets',
      ix.sets.map((s) => s.arn),
    );
  const set = ix.setByArn.get(String(call.json.PermissionSetArn ?? ''));
  if (!set) return notFound(`PermissionSet ${String(call.json.PermissionSetArn)}`);
  switch (call.op) {
    case 'DescribePermissionSet':
      return okJson({
        PermissionSet: {
          Name: set.spec.name,
          PermissionSetArn: set.arn,
          ...(set.spec.description ? { Description: set.spec.description } : {}),
          CreatedDate: epoch(timeOf(set.spec.created ?? '-600d', call.world.base)),
          SessionDuration: set.spec.sessionDuration ?? 'PT1H',
        },
      });
    case 'ListManagedPoliciesInPermissionSet':
      return page(
        call,
        'AttachedManagedPolicies',
        (set.spec.policies ?? []).map((p) => (p.startsWith('arn:') ? { Name: p.split('/').pop(), Arn: p } : { Name: p, Arn: `arn:aws:iam::aws:policy/${p}` })),
      );
    case 'GetInlinePolicyForPermissionSet':
      // Why "": the service answers an empty string, not an absent member, when there is no inline policy.
      return okJson({ InlinePolicy: set.spec.inline ? JSON.stringify(set.spec.inline) : '' });
    case 'ListAccountsForProvisionedPermissionSet':
      return page(call, 'AccountIds', set.accounts);
    case 'ListAccountAssignments': {
      const account = String(call.json.AccountId ?? '');
      if (!/^\d{12}$/.test(account)) return fail('ValidationException', 'AccountId must be 12 digits.');
      return page(call, 'AccountAssignments', ix.assigned.get(`${account}|${set.arn}`) ?? []);
    }
    default:
      return fail('UnknownOperationException', `unknown operation ${call.op}`);
  }
}

export function identityStore(call: AwsCall): AwsAnswer {
  const ix = indexOf(call);
  if (!call.json.IdentityStoreId) return fail('ValidationException', 'IdentityStoreId is required.');
  if (!ix || call.json.IdentityStoreId !== ix.storeId) return notFound(`IdentityStore ${String(call.json.IdentityStoreId)}`);
  switch (call.op) {
    case 'ListUsers':
      return page(call, 'Users', ix.users);
    case 'ListGroups':
      return page(
        call,
        'Groups',
        ix.groups.map((g) => ({ GroupId: g.GroupId, DisplayName: g.DisplayName, IdentityStoreId: ix.storeId })),
      );
    case 'ListGroupMemberships': {
      const g = ix.groupById.get(String(call.json.GroupId ?? ''));
      if (!g) return notFound(`Group ${String(call.json.GroupId)}`);
      const gid = String(call.json.GroupId);
      return page(
        call,
        'GroupMemberships',
        g.members.map((u) => ({ IdentityStoreId: ix.storeId, MembershipId: uuid(`${gid}#${u}`), GroupId: gid, MemberId: { UserId: u } })),
      );
    }
    default:
      return fail('UnknownOperationException', `unknown operation ${call.op}`);
  }
}
