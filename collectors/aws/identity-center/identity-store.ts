/** Identity store reads: users, and groups with their members (every page of each). */
import type { EvidenceRecord } from '../../../src/types.js';
import { iso, paginate, rawOf, record } from '../call.js';
import { need } from '../regional.js';
import { IC_GROUP, IC_USER, type IcGroup, type IcInstance, type IcUser } from './evidence.js';
import { concurrency, icRecord, mapLimit, MAX, type Clients, type Ctx, type Sdk } from './kit.js';

export async function* users(ctx: Ctx, sdk: Sdk, c: Clients, scope: string, instances: IcInstance[]): AsyncGenerator<EvidenceRecord<IcUser>> {
  const op = 'identitystore:ListUsers';
  for (const inst of instances) {
    for await (const { out, page } of paginate<import('@aws-sdk/client-identitystore').ListUsersCommandOutput>(
      ctx,
      c.store,
      op,
      (t) => new sdk.store.ListUsersCommand({ IdentityStoreId: inst.identityStoreId, NextToken: t, MaxResults: MAX }),
      (o) => o.NextToken,
    )) {
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

export async function* groups(ctx: Ctx, sdk: Sdk, c: Clients, scope: string, instances: IcInstance[]): AsyncGenerator<EvidenceRecord<IcGroup>> {
  const op = 'identitystore:ListGroups';
  for (const inst of instances) {
    const found: Array<{ groupId: string; displayName: string }> = [];
    for await (const { out, page } of paginate<import('@aws-sdk/client-identitystore').ListGroupsCommandOutput>(
      ctx,
      c.store,
      op,
      (t) => new sdk.store.ListGroupsCommand({ IdentityStoreId: inst.identityStoreId, NextToken: t, MaxResults: MAX }),
      (o) => o.NextToken,
    )) {
      await ctx.raw(scope, `ListGroups-${inst.identityStoreId}`, rawOf(out), page);
      for (const g of need(out.Groups, 'Groups', op, page)) {
        const groupId = need(g.GroupId, 'GroupId', op, page);
        found.push({ groupId, displayName: g.DisplayName ?? groupId });
      }
    }
    const withMembers = await mapLimit(found, concurrency(ctx), async (g) => ({ ...g, members: await members(ctx, sdk, c, scope, inst, g.groupId) }));
    for (const g of withMembers)
      yield icRecord(IC_GROUP, scope, 'identitystore:ListGroupMemberships', { instanceArn: inst.instanceArn, identityStoreId: inst.identityStoreId, ...g });
  }
}

async function members(ctx: Ctx, sdk: Sdk, c: Clients, scope: string, inst: IcInstance, groupId: string): Promise<string[]> {
  const op = 'identitystore:ListGroupMemberships';
  const out: string[] = [];
  for await (const { out: o, page } of paginate<import('@aws-sdk/client-identitystore').ListGroupMembershipsCommandOutput>(
    ctx,
    c.store,
    op,
    (t) => new sdk.store.ListGroupMembershipsCommand({ IdentityStoreId: inst.identityStoreId, GroupId: groupId, NextToken: t, MaxResults: MAX }),
    (o) => o.NextToken,
  )) {
    await ctx.raw(scope, `ListGroupMemberships-${groupId}`, rawOf(o), page);
    for (const m of need(o.GroupMemberships, 'GroupMemberships', op, page)) {
      // Why: a member that is not a user (a future member kind) is not a person; it is skipped, not guessed.
      if (m.MemberId?.UserId) out.push(m.MemberId.UserId);
    }
  }
  return out;
}
