/** sso-admin reads: permission sets with their policies and provisioned accounts, and the account assignments. */
import type { EvidenceRecord } from '../../../src/types.js';
import { iso, paginate, rawOf, send } from '../call.js';
import { AwsCallError } from '../errors.js';
import { need } from '../regional.js';
import { IC_ASSIGNMENT, type IcAssignment, type IcInstance, type IcPermissionSet } from './evidence.js';
import { concurrency, icRecord, mapLimit, MAX, type Clients, type Ctx, type Sdk } from './kit.js';

export async function permissionSets(ctx: Ctx, sdk: Sdk, c: Clients, scope: string, instances: IcInstance[]): Promise<IcPermissionSet[]> {
  const all: IcPermissionSet[] = [];
  for (const inst of instances) {
    const arns: string[] = [];
    for await (const { out, page } of paginate<import('@aws-sdk/client-sso-admin').ListPermissionSetsCommandOutput>(
      ctx,
      c.admin,
      'sso:ListPermissionSets',
      (t) => new sdk.admin.ListPermissionSetsCommand({ InstanceArn: inst.instanceArn, NextToken: t, MaxResults: MAX }),
      (o) => o.NextToken,
    )) {
      await ctx.raw(scope, 'ListPermissionSets', rawOf(out), page);
      arns.push(...need(out.PermissionSets, 'PermissionSets', 'sso:ListPermissionSets', page));
    }
    all.push(...(await mapLimit(arns, concurrency(ctx), (arn) => permissionSet(ctx, sdk, c, scope, inst.instanceArn, arn))));
  }
  return all;
}

async function permissionSet(ctx: Ctx, sdk: Sdk, c: Clients, scope: string, instanceArn: string, arn: string): Promise<IcPermissionSet> {
  const id = arn.split('/').pop()!;
  const d = await send<import('@aws-sdk/client-sso-admin').DescribePermissionSetCommandOutput>(
    ctx,
    c.admin,
    new sdk.admin.DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn }),
    'sso:DescribePermissionSet',
  );
  await ctx.raw(scope, `DescribePermissionSet-${id}`, rawOf(d));
  const ps = need(d.PermissionSet, 'PermissionSet', 'sso:DescribePermissionSet');
  const managedPolicies: IcPermissionSet['managedPolicies'] = [];
  for await (const { out, page } of paginate<import('@aws-sdk/client-sso-admin').ListManagedPoliciesInPermissionSetCommandOutput>(
    ctx,
    c.admin,
    'sso:ListManagedPoliciesInPermissionSet',
    (t) => new sdk.admin.ListManagedPoliciesInPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn, NextToken: t, MaxResults: MAX }),
    (o) => o.NextToken,
  )) {
    await ctx.raw(scope, `ListManagedPoliciesInPermissionSet-${id}`, rawOf(out), page);
    for (const p of out.AttachedManagedPolicies ?? [])
      managedPolicies.push({
        name: need(p.Name, 'Name', 'sso:ListManagedPoliciesInPermissionSet', page),
        arn: need(p.Arn, 'Arn', 'sso:ListManagedPoliciesInPermissionSet', page),
      });
  }
  const inline = await send<import('@aws-sdk/client-sso-admin').GetInlinePolicyForPermissionSetCommandOutput>(
    ctx,
    c.admin,
    new sdk.admin.GetInlinePolicyForPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn }),
    'sso:GetInlinePolicyForPermissionSet',
  );
  await ctx.raw(scope, `GetInlinePolicyForPermissionSet-${id}`, rawOf(inline));
  const accounts: string[] = [];
  for await (const { out, page } of paginate<import('@aws-sdk/client-sso-admin').ListAccountsForProvisionedPermissionSetCommandOutput>(
    ctx,
    c.admin,
    'sso:ListAccountsForProvisionedPermissionSet',
    (t) => new sdk.admin.ListAccountsForProvisionedPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn, NextToken: t, MaxResults: MAX }),
    (o) => o.NextToken,
  )) {
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

export async function* assignments(ctx: Ctx, sdk: Sdk, c: Clients, scope: string, sets: IcPermissionSet[]): AsyncGenerator<EvidenceRecord<IcAssignment>> {
  const op = 'sso:ListAccountAssignments';
  const pairs = sets.flatMap((p) => p.accounts.map((accountId) => ({ p, accountId })));
  const lists = await mapLimit(pairs, concurrency(ctx), async ({ p, accountId }) => {
    const out: IcAssignment[] = [];
    const id = p.arn.split('/').pop()!;
    for await (const { out: o, page } of paginate<import('@aws-sdk/client-sso-admin').ListAccountAssignmentsCommandOutput>(
      ctx,
      c.admin,
      op,
      (t) =>
        new sdk.admin.ListAccountAssignmentsCommand({
          InstanceArn: p.instanceArn,
          AccountId: accountId,
          PermissionSetArn: p.arn,
          NextToken: t,
          MaxResults: MAX,
        }),
      (x) => x.NextToken,
    )) {
      await ctx.raw(scope, `ListAccountAssignments-${accountId}-${id}`, rawOf(o), page);
      for (const a of need(o.AccountAssignments, 'AccountAssignments', op, page)) {
        const principalType = need(a.PrincipalType, 'PrincipalType', op, page);
        if (principalType !== 'USER' && principalType !== 'GROUP')
          throw new AwsCallError(op, new SyntaxError(`unknown PrincipalType ${String(principalType)}`), page);
        out.push({ instanceArn: p.instanceArn, accountId, permissionSetArn: p.arn, principalType, principalId: need(a.PrincipalId, 'PrincipalId', op, page) });
      }
    }
    return out;
  });
  for (const list of lists) for (const a of list) yield icRecord(IC_ASSIGNMENT, scope, op, a);
}
