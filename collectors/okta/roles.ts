import type { CollectorEvent } from '../../src/types.js';
import type { OktaHandle } from './client.js';
import { enumeration, record, type Ctx } from './common.js';
import { iso } from './plain.js';
import type { UserRef } from './users.js';

/**
 * `okta.admin-role`: one record per admin role assigned to a user (directly or through a group).
 * `/api/v1/iam/assignees/users` answers a RoleAssignedUsers object, not a Collection: paged by hand.
 */
export function collectAdminRoles(ctx: Ctx, h: OktaHandle, users: Map<string, UserRef>): AsyncGenerator<CollectorEvent> {
  return enumeration('okta.admin-role', h.scope, 'GET /api/v1/iam/assignees/users', async function* (progress) {
    let after: string | undefined;
    const seen = new Set<string>();
    for (let page = 1; page <= 10_000; page++) {
      const res: any = await h.client.roleAssignmentApi.listUsersWithRoleAssignments({ after, limit: 100 });
      await ctx.raw(h.scope, 'ListUsersWithRoleAssignments', JSON.parse(JSON.stringify(res)), page);
      progress.pages = page;
      for (const a of (res?.value ?? []) as Array<{ id?: string } | null>) {
        if (!a?.id || seen.has(a.id)) continue;
        seen.add(a.id);
        const roles = await h.client.roleAssignmentApi.listAssignedRolesForUser({ userId: a.id });
        const list: any[] = [];
        for await (const r of roles as AsyncIterable<any>) if (r) list.push(r);
        await ctx.raw(h.scope, `ListAssignedRolesForUser.${a.id}`, JSON.parse(JSON.stringify(list)));
        const u = users.get(a.id);
        for (const r of list) {
          yield record('okta.admin-role', h.scope, 'GET /api/v1/users/{id}/roles', {
            userId: a.id,
            login: u?.login ?? null,
            userStatus: u?.status ?? null,
            roleId: r.id ?? null,
            roleType: String(r.type),
            roleLabel: r.label ?? null,
            assignmentType: r.assignmentType ?? null,
            status: r.status ?? null,
            created: iso(r.created),
          });
        }
      }
      const next = res?._links?.next?.href as string | undefined;
      if (!next) return;
      after = new URL(next).searchParams.get('after') ?? undefined;
      if (!after) throw new Error('RoleAssignedUsers next link without an after cursor');
    }
    throw new Error('role assignee pagination did not end within 10,000 pages');
  });
}
