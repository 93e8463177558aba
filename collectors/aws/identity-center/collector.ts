/**
 * The `aws-identity-center` collector: IAM Identity Center users, groups and memberships (identitystore), permission
 * sets with their policies and provisioned accounts, and account assignments (sso-admin). Identity Center lives in
 * one region of the management (or delegated-administrator) account: the base credentials' account and
 * `identityCenter.region` (default: the first configured region) are the one scope of every type.
 */
import type { Collector, CollectorEvent } from '../../../src/types.js';
import { iso, paginate, rawOf, send } from '../call.js';
import { clientConfig } from '../clients.js';
import { regionsOf, type AwsConfig } from '../config.js';
import { errorEvent } from '../errors.js';
import { need, regionalStep } from '../regional.js';
import { IC_ASSIGNMENT, IC_GROUP, IC_INSTANCE, IC_PERMISSION_SET, IC_TYPES, IC_USER, type IcInstance, type IcPermissionSet } from './evidence.js';
import { groups, users } from './identity-store.js';
import { icRecord, MAX, type Clients, type Ctx, type Sdk } from './kit.js';
import { assignments, permissionSets } from './permission-sets.js';

let loading: Promise<Sdk> | undefined;
// Why on demand: runs without Identity Center in scope never load the two clients' models.
const load = (): Promise<Sdk> =>
  (loading ??= Promise.all([import('@aws-sdk/client-sso-admin'), import('@aws-sdk/client-identitystore')]).then(([admin, store]) => ({ admin, store })));

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
      account = need(
        (await send<{ Account?: string }>(ctx, sts, new GetCallerIdentityCommand({}), 'sts:GetCallerIdentity')).Account,
        'Account',
        'sts:GetCallerIdentity',
      );
      sts.destroy();
    } catch (err) {
      for (const type of IC_TYPES) yield errorEvent(type, '*', 'sts:GetCallerIdentity', err);
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
    for (const type of IC_TYPES) yield errorEvent(type, scope, 'sso:ListInstances', err);
    return;
  }
  const wanted = ctx.config.identityCenter?.instanceArn;
  if (wanted) {
    instances = instances.filter((i) => i.instanceArn === wanted);
    if (instances.length === 0) {
      for (const type of IC_TYPES)
        yield {
          kind: 'error',
          type,
          scope,
          cause: 'unknown',
          operation: 'sso:ListInstances',
          message: `Identity Center instance ${wanted} (sources.aws.identityCenter.instanceArn) is not among the instances ListInstances returned in ${scope}`,
        };
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
    yield errorEvent(IC_ASSIGNMENT, scope, 'sso:ListPermissionSets', setsFailed);
    return;
  }
  yield* regionalStep(ctx, IC_ASSIGNMENT, scope, 'sso:ListAccountAssignments', () => assignments(ctx, sdk, c, scope, sets));
}

async function listInstances(ctx: Ctx, sdk: Sdk, c: Clients, scope: string): Promise<IcInstance[]> {
  const op = 'sso:ListInstances';
  const out: IcInstance[] = [];
  for await (const { out: o, page } of paginate<import('@aws-sdk/client-sso-admin').ListInstancesCommandOutput>(
    ctx,
    c.admin,
    op,
    (t) => new sdk.admin.ListInstancesCommand({ NextToken: t, MaxResults: MAX }),
    (o) => o.NextToken,
  )) {
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
