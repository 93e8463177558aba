/**
 * The `aws-identity-center` collector: IAM Identity Center users, groups and memberships (identitystore), permission
 * sets with their policies and provisioned accounts, and account assignments (sso-admin). Identity Center lives in
 * one region of the management (or delegated-administrator) account: the base credentials' account and
 * `identityCenter.region` (default: the first configured region) are the one scope of every type.
 */
import type { CollectContext, Collector, CollectorEvent, EvidenceRecord } from '../../../src/types.js';
import { iso, paginate, rawOf, record, send } from '../call.js';
import { clientConfig } from '../clients.js';
import { regionsOf, type AwsConfig } from '../config.js';
import { AwsCallError, collectionError } from '../errors.js';
import { need, regionalStep } from '../regional.js';
import { IC_ASSIGNMENT, IC_GROUP, IC_INSTANCE, IC_PERMISSION_SET, IC_TYPES, IC_USER, type IcAssignment, type IcGroup, type IcInstance, type IcPermissionSet, type IcUser } from './evidence.js';

type Admin = typeof import('@aws-sdk/client-sso-admin');
type Store = typeof import('@aws-sdk/client-identitystore');
interface Sdk { admin: Admin; store: Store }
interface Clients { admin: InstanceType<Admin['SSOAdminClient']>; store: InstanceType<Store['IdentitystoreClient']> }
type Ctx = CollectContext<AwsConfig>;

let loading: Promise<Sdk> | undefined;
// Why on demand: runs without Identity Center in scope never load the two clients' models.
const load = (): Promise<Sdk> => (loading ??= Promise.all([import('@aws-sdk/client-sso-admin'), import('@aws-sdk/client-identitystore')]).then(([admin, store]) => ({ admin, store })));

/** Every list is read with the largest page the API allows (100 for every Identity Center list). */
const MAX = 100;

export const awsIdentityCenterCollector: Collector<AwsConfig> = {
  meta: {
    id: 'aws-identity-center',
    source: 'aws',
    title: 'AWS IAM Identity Center: users, groups, permission sets and account assignments',
    produces: IC_TYPES,
    permissions: [
      'sts:GetCallerIdentity',
      'sso:ListInstances',
      'sso:ListPermissionSets',
      'sso:DescribePermissionSet',
      'sso:ListManagedPoliciesInPermissionSet',
      'sso:GetInlinePolicyForPermissionSet',
      'sso:ListAccountsForProvisionedPermissionSet',
      'sso:ListAccountAssignments',
      'identitystore:ListUsers',
      'identitystore:ListGroups',
      'identitystore:ListGroupMemberships',
    ],
  },
  async prepare() {
    await load();
  },
  async *collect(ctx) {
    const region = ctx.config.identityCenter?.region ?? regionsOf(ctx.config)[0]!;
    const sdk = await load();
    let account: string;
    try {
      const { GetCallerIdentityCommand, STSClient } = await import('@aws-sdk/client-sts');
      const sts = new STSClient(clientConfig(ctx, region));
      account = need((await send<{ Account?: string }>(ctx, sts, new GetCallerIdentityCommand({}), 'sts:GetCallerIdentity')).Account, 'Account', 'sts:GetCallerIdentity');
      sts.destroy();
    } catch (err) {
      for (const type of IC_TYPES) yield collectionError(type, '*', err, 'sts:GetCallerIdentity');
      return;
    }
    const scope = `${account}/${region}`;
    if (!ctx.shard.owns(scope)) return;
    for (const type of IC_TYPES) yield { kind: 'plan', type, scope };
    const cfg = clientConfig(ctx, region);
    const clients: Clients = { admin: new sdk.admin.SSOAdminClient(cfg), store: new sdk.store.IdentitystoreClient(cfg) };
    try {
      yield* identityCenter(ctx, sdk, clients, scope);
    } finally {
      clients.admin.destroy();
      clients.store.destroy();
    }
  },
};

async function* identityCenter(ctx: Ctx, sdk: Sdk, c: Clients, scope: string): AsyncGenerator<CollectorEvent> {
  let instances: IcInstance[];
  try {
    instances = await listInstances(ctx, sdk, c, scope);
  } catch (err) {
    // Why every type: without the instance list no user, group or assignment can be proven complete.
    for (const type of IC_TYPES) yield collectionError(type, scope, err, 'sso:ListInstances');
    return;
  }
  const wanted = ctx.config.identityCenter?.instanceArn;
  if (wanted) {
    instances = instances.filter((i) => i.instanceArn === wanted);
    if (instances.length === 0) {
      for (const type of IC_TYPES) yield { kind: 'error', type, scope, cause: 'unknown', operation: 'sso:ListInstances', message: `Identity Center instance ${wanted} (sources.aws.identityCenter.instanceArn) is not among the instances ListInstances returned in ${scope}` };
      return;
    }
  }
  if (instances.length === 0) {
    // Why complete and empty: ListInstances answered, to the last page, that this account runs no Identity Center.
    ctx.log.info('aws identity center not in use', { scope });
    ctx.stats.fact(`aws.identityCenter.${scope}`, { inUse: false });
  }
  yield* regionalStep(ctx, IC_INSTANCE, scope, 'sso:ListInstances', async function* () {
    for (const i of instances) yield icRecord(IC_INSTANCE, scope, 'sso:ListInstances', i);
  });
  yield* regionalStep(ctx, IC_USER, scope, 'identitystore:ListUsers', () => users(ctx, sdk, c, scope, instances));
  yield* regionalStep(ctx, IC_GROUP, scope, 'identitystore:ListGroups', () => groups(ctx, sdk, c, scope, instances));
  let sets: IcPermissionSet[] = [];
  let setsFailed: unknown;
  yield* regionalStep(ctx, IC_PERMISSION_SET, scope, 'sso:ListPermissionSets', async function* () {
    try {
      sets = await permissionSets(ctx, sdk, c, scope, instances);
    } catch (err) {
      setsFailed = err;
      throw err;
    }
    for (const p of sets) yield icRecord(IC_PERMISSION_SET, scope, 'sso:DescribePermissionSet', p);
  });
  // Why: assignments are listed per permission set and provisioned account; without every set they cannot be complete.
  if (setsFailed) {
    yield collectionError(IC_ASSIGNMENT, scope, setsFailed, 'sso:ListPermissionSets');
    return;
  }
  yield* regionalStep(ctx, IC_ASSIGNMENT, scope, 'sso:ListAccountAssignments', () => assignments(ctx, sdk, c, scope, sets));
}

function icRecord<T>(type: string, scope: string, operation: string, data: T): EvidenceRecord<T> {
  return record(type, scope, operation, {}, data);
}

async function listInstances(ctx: Ctx, sdk: Sdk, c: Clients, scope: string): Promise<IcInstance[]> {
  const op = 'sso:ListInstances';
  const out: IcInstance[] = [];
  for await (const { out: o, page } of paginate<import('@aws-sdk/client-sso-admin').ListInstancesCommandOutput>(ctx, c.admin, op, (t) => new sdk.admin.ListInstancesCommand({ NextToken: t, MaxResults: MAX }), (o) => o.NextToken)) {
    await ctx.raw(scope, 'ListInstances', rawOf(o), page);
    for (const i of o.Instances ?? []) {
      out.push({
        instanceArn: need(i.InstanceArn, 'InstanceArn', op, page),
        identityStoreId: need(i.IdentityStoreId, 'IdentityStoreId', op, page),
        ...(i.OwnerAccountId ? { ownerAccountId: i.OwnerAccountId } : {}),
        ...(i.Name ? { name: i.Name } : {}),
        status: need(i.Status, 'Status', op, page),
        ...(i.CreatedDate ? { createdDate: iso(i.CreatedDate) } : {}),
        mfaReadable: false,
      });
    }
  }
  return out;
}

async function* users(ctx: Ctx, sdk: Sdk, c: Clients, scope: string, instances: IcInstance[]): AsyncGenerator<EvidenceRecord<IcUser>> {
  const op = 'identitystore:ListUsers';
  for (const inst of instances) {
    for await (const { out, page } of paginate<import('@aws-sdk/client-identitystore').ListUsersCommandOutput>(ctx, c.store, op, (t) => new sdk.store.ListUsersCommand({ IdentityStoreId: inst.identityStoreId, NextToken: t, MaxResults: MAX }), (o) => o.NextToken)) {
      await ctx.raw(scope, `ListUsers-${inst.identityStoreId}`, rawOf(out), page);
      for (const u of need(out.Users, 'Users', op, page)) {
        const email = (u.Emails ?? []).find((e) => e.Primary)?.Value ?? u.Emails?.[0]?.Value;
        yield record(IC_USER, scope, op, out, {
          instanceArn: inst.instanceArn,
          identityStoreId: inst.identityStoreId,
          userId: need(u.UserId, 'UserId', op, page),
          userName: need(u.UserName, 'UserName', op, page),
          ...(u.DisplayName ? { displayName: u.DisplayName } : {}),
          ...(email ? { email } : {}),
          // Why required: whether a leaver can still sign in is the question; an answer without it cannot say.
          status: need(u.UserStatus, 'UserStatus', op, page),
          createdAt: iso(u.CreatedAt) ?? null,
        });
      }
    }
  }
}

async function* groups(ctx: Ctx, sdk: Sdk, c: Clients, scope: string, instances: IcInstance[]): AsyncGenerator<EvidenceRecord<IcGroup>> {
  const op = 'identitystore:ListGroups';
  for (const inst of instances) {
    const found: Array<{ groupId: string; displayName: string }> = [];
    for await (const { out, page } of paginate<import('@aws-sdk/client-identitystore').ListGroupsCommandOutput>(ctx, c.store, op, (t) => new sdk.store.ListGroupsCommand({ IdentityStoreId: inst.identityStoreId, NextToken: t, MaxResults: MAX }), (o) => o.NextToken)) {
      await ctx.raw(scope, `ListGroups-${inst.identityStoreId}`, rawOf(out), page);
      for (const g of need(out.Groups, 'Groups', op, page)) {
        const groupId = need(g.GroupId, 'GroupId', op, page);
        found.push({ groupId, displayName: g.DisplayName ?? groupId });
      }
    }
    const withMembers = await mapLimit(found, concurrency(ctx), async (g) => ({ ...g, members: await members(ctx, sdk, c, scope, inst, g.groupId) }));
    for (const g of withMembers) yield icRecord(IC_GROUP, scope, 'identitystore:ListGroupMemberships', { instanceArn: inst.instanceArn, identityStoreId: inst.identityStoreId, ...g });
  }
}

async function members(ctx: Ctx, sdk: Sdk, c: Clients, scope: string, inst: IcInstance, groupId: string): Promise<string[]> {
  const op = 'identitystore:ListGroupMemberships';
  const out: string[] = [];
  for await (const { out: o, page } of paginate<import('@aws-sdk/client-identitystore').ListGroupMembershipsCommandOutput>(ctx, c.store, op, (t) => new sdk.store.ListGroupMembershipsCommand({ IdentityStoreId: inst.identityStoreId, GroupId: groupId, NextToken: t, MaxResults: MAX }), (o) => o.NextToken)) {
    await ctx.raw(scope, `ListGroupMemberships-${groupId}`, rawOf(o), page);
    for (const m of need(o.GroupMemberships, 'GroupMemberships', op, page)) {
      // Why: a member that is not a user (a future member kind) is not a person; it is skipped, not guessed.
      if (m.MemberId?.UserId) out.push(m.MemberId.UserId);
    }
  }
  return out;
}

async function permissionSets(ctx: Ctx, sdk: Sdk, c: Clients, scope: string, instances: IcInstance[]): Promise<IcPermissionSet[]> {
  const all: IcPermissionSet[] = [];
  for (const inst of instances) {
    const arns: string[] = [];
    for await (const { out, page } of paginate<import('@aws-sdk/client-sso-admin').ListPermissionSetsCommandOutput>(ctx, c.admin, 'sso:ListPermissionSets', (t) => new sdk.admin.ListPermissionSetsCommand({ InstanceArn: inst.instanceArn, NextToken: t, MaxResults: MAX }), (o) => o.NextToken)) {
      await ctx.raw(scope, 'ListPermissionSets', rawOf(out), page);
      arns.push(...need(out.PermissionSets, 'PermissionSets', 'sso:ListPermissionSets', page));
    }
    all.push(...(await mapLimit(arns, concurrency(ctx), (arn) => permissionSet(ctx, sdk, c, scope, inst.instanceArn, arn))));
  }
  return all;
}

async function permissionSet(ctx: Ctx, sdk: Sdk, c: Clients, scope: string, instanceArn: string, arn: string): Promise<IcPermissionSet> {
  const id = arn.split('/').pop()!;
  const d = await send<import('@aws-sdk/client-sso-admin').DescribePermissionSetCommandOutput>(ctx, c.admin, new sdk.admin.DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn }), 'sso:DescribePermissionSet');
  await ctx.raw(scope, `DescribePermissionSet-${id}`, rawOf(d));
  const ps = need(d.PermissionSet, 'PermissionSet', 'sso:DescribePermissionSet');
  const managedPolicies: IcPermissionSet['managedPolicies'] = [];
  for await (const { out, page } of paginate<import('@aws-sdk/client-sso-admin').ListManagedPoliciesInPermissionSetCommandOutput>(ctx, c.admin, 'sso:ListManagedPoliciesInPermissionSet', (t) => new sdk.admin.ListManagedPoliciesInPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn, NextToken: t, MaxResults: MAX }), (o) => o.NextToken)) {
    await ctx.raw(scope, `ListManagedPoliciesInPermissionSet-${id}`, rawOf(out), page);
    for (const p of out.AttachedManagedPolicies ?? []) managedPolicies.push({ name: need(p.Name, 'Name', 'sso:ListManagedPoliciesInPermissionSet', page), arn: need(p.Arn, 'Arn', 'sso:ListManagedPoliciesInPermissionSet', page) });
  }
  const inline = await send<import('@aws-sdk/client-sso-admin').GetInlinePolicyForPermissionSetCommandOutput>(ctx, c.admin, new sdk.admin.GetInlinePolicyForPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn }), 'sso:GetInlinePolicyForPermissionSet');
  await ctx.raw(scope, `GetInlinePolicyForPermissionSet-${id}`, rawOf(inline));
  const accounts: string[] = [];
  for await (const { out, page } of paginate<import('@aws-sdk/client-sso-admin').ListAccountsForProvisionedPermissionSetCommandOutput>(ctx, c.admin, 'sso:ListAccountsForProvisionedPermissionSet', (t) => new sdk.admin.ListAccountsForProvisionedPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn, NextToken: t, MaxResults: MAX }), (o) => o.NextToken)) {
    await ctx.raw(scope, `ListAccountsForProvisionedPermissionSet-${id}`, rawOf(out), page);
    accounts.push(...(out.AccountIds ?? []));
  }
  return {
    instanceArn,
    arn,
    name: need(ps.Name, 'Name', 'sso:DescribePermissionSet'),
    ...(ps.Description ? { description: ps.Description } : {}),
    ...(ps.SessionDuration ? { sessionDuration: ps.SessionDuration } : {}),
    ...(ps.CreatedDate ? { createdDate: iso(ps.CreatedDate) } : {}),
    managedPolicies,
    // Why null for "": the API answers an empty string for a permission set without an inline policy.
    inlinePolicy: inline.InlinePolicy ? inline.InlinePolicy : null,
    accounts: accounts.sort(),
  };
}

async function* assignments(ctx: Ctx, sdk: Sdk, c: Clients, scope: string, sets: IcPermissionSet[]): AsyncGenerator<EvidenceRecord<IcAssignment>> {
  const op = 'sso:ListAccountAssignments';
  const pairs = sets.flatMap((p) => p.accounts.map((accountId) => ({ p, accountId })));
  const lists = await mapLimit(pairs, concurrency(ctx), async ({ p, accountId }) => {
    const out: IcAssignment[] = [];
    const id = p.arn.split('/').pop()!;
    for await (const { out: o, page } of paginate<import('@aws-sdk/client-sso-admin').ListAccountAssignmentsCommandOutput>(ctx, c.admin, op, (t) => new sdk.admin.ListAccountAssignmentsCommand({ InstanceArn: p.instanceArn, AccountId: accountId, PermissionSetArn: p.arn, NextToken: t, MaxResults: MAX }), (x) => x.NextToken)) {
      await ctx.raw(scope, `ListAccountAssignments-${accountId}-${id}`, rawOf(o), page);
      for (const a of need(o.AccountAssignments, 'AccountAssignments', op, page)) {
        const principalType = need(a.PrincipalType, 'PrincipalType', op, page);
        if (principalType !== 'USER' && principalType !== 'GROUP') throw new AwsCallError(op, new SyntaxError(`unknown PrincipalType ${principalType}`), page);
        out.push({ instanceArn: p.instanceArn, accountId, permissionSetArn: p.arn, principalType, principalId: need(a.PrincipalId, 'PrincipalId', op, page) });
      }
    }
    return out;
  });
  for (const list of lists) for (const a of list) yield icRecord(IC_ASSIGNMENT, scope, op, a);
}

function concurrency(ctx: Ctx): number {
  return ctx.config.concurrency ?? ctx.limits.concurrency;
}

/** Runs `fn` over `items` with at most `n` at once; the first failure rejects (the others stop taking items). */
async function mapLimit<T, R>(items: T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i]!);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, worker));
  return out;
}
