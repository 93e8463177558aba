import type { SandboxResponse } from '../server.js';
import type { OktaIndex } from './data.js';
import { compileFilter } from './filter.js';
import { fail, limitOf, links, ok, pageOf, slice, type Answer } from './http.js';
import { ORIGIN, type OktaUser } from './models.js';
import { securityRoutes } from './security.js';

/** One Okta endpoint: path pattern, operation name (faults, rate-limit bucket, request log) and OAuth scope. */
export interface Route {
  method: string;
  pattern: RegExp;
  op: string;
  scope: string;
  /** Attributes for fault matching before the handler runs (page numbers are added by the handler). */
  attrs(m: RegExpExecArray, a: Answer, idx: OktaIndex): Record<string, string | number | undefined>;
  handle(m: RegExpExecArray, a: Answer, idx: OktaIndex): SandboxResponse;
}

const noAttrs = (): Record<string, string | number | undefined> => ({});

/** Sends one cursor page, honouring the scenario's `emptyPages` option. */
function pageAnswer<T>(
  a: Answer,
  idx: OktaIndex,
  list: T[],
  pos: Map<string, number> | ((id: string) => number | undefined),
  idOf: (t: T) => string,
  def: number,
  max: number,
): SandboxResponse {
  let after = a.req.url.searchParams.get('after');
  // Okta may answer an empty page that still links onwards; the SDK yields `null` for it.
  if (idx.options.emptyPages && after && !after.endsWith('~e')) return ok(a, [], links(a.req, `${after}~e`));
  if (after?.endsWith('~e')) after = after.slice(0, -2);
  const limit = limitOf(a.req, def, max);
  const p = slice(list, pos, idOf, after, limit);
  if (!p) return fail(a, 400, 'E0000001', 'Api validation failed: after');
  return ok(a, p.items, links(a.req, p.next));
}

interface UserList {
  list: OktaUser[];
  pos: Map<string, number>;
}

const userLists = new WeakMap<OktaIndex, Map<string, UserList>>();

/** The user list a query selects, computed once per distinct filter so every later page is O(page). */
function usersFor(a: Answer, idx: OktaIndex): UserList {
  const q = a.req.url.searchParams;
  const expr = q.get('search') ?? q.get('filter') ?? '';
  let cache = userLists.get(idx);
  if (!cache) userLists.set(idx, (cache = new Map()));
  let hit = cache.get(expr);
  if (!hit) {
    const statusOnly = /^\s*status eq "([A-Z_]+)"\s*$/.exec(expr);
    // The default listing omits DEPROVISIONED users; they need `filter`/`search` on status (Users API docs).
    const list = !expr ? idx.listed : statusOnly ? (idx.byStatus.get(statusOnly[1]!) ?? []) : idx.users.filter(compileFilter(expr));
    hit = { list, pos: new Map(list.map((u, i) => [u.id, i])) };
    cache.set(expr, hit);
  }
  return hit;
}

function afterPos(a: Answer, pos: Map<string, number>): number | undefined {
  const after = a.req.url.searchParams.get('after')?.replace(/~e$/, '');
  return after ? pos.get(after) : undefined;
}

function usersAttrs(_m: RegExpExecArray, a: Answer, idx: OktaIndex): Record<string, string | number | undefined> {
  try {
    return { page: pageOf(afterPos(a, usersFor(a, idx).pos), limitOf(a.req, 200, 200)) };
  } catch {
    return {};
  }
}

function usersHandler(_m: RegExpExecArray, a: Answer, idx: OktaIndex): SandboxResponse {
  let users: UserList;
  try {
    users = usersFor(a, idx);
  } catch (err) {
    return fail(a, 400, 'E0000031', (err as Error).message);
  }
  return pageAnswer(a, idx, users.list, users.pos, (u) => u.id, 200, 200);
}

function logsAttrs(_m: RegExpExecArray, a: Answer, idx: OktaIndex): Record<string, string | number | undefined> {
  // Approximate for filtered queries: counts positions in the unfiltered log.
  const since = a.req.url.searchParams.get('since');
  const start = since ? lowerBound(idx.logs, new Date(since).toISOString()) : 0;
  const p = afterPos(a, idx.logPos);
  return { page: p === undefined ? 1 : Math.floor((p - start + 1) / limitOf(a.req, 100, 1000)) + 1 };
}

function logsHandler(_m: RegExpExecArray, a: Answer, idx: OktaIndex): SandboxResponse {
  const q = a.req.url.searchParams;
  const since = q.get('since') ? new Date(q.get('since')!).toISOString() : new Date(a.now.getTime() - 7 * 86_400_000).toISOString();
  const until = q.get('until') ? new Date(q.get('until')!).toISOString() : undefined;
  const limit = limitOf(a.req, 100, 1000);
  let pred: (e: Record<string, unknown>) => boolean = () => true;
  try {
    if (q.get('filter')) pred = compileFilter(q.get('filter')!);
  } catch (err) {
    return fail(a, 400, 'E0000031', (err as Error).message);
  }
  const qword = q.get('q');
  const after = q.get('after');
  let i = after ? (idx.logPos.get(after) ?? -2) + 1 : lowerBound(idx.logs, since);
  if (i < 0) return fail(a, 400, 'E0000001', 'Api validation failed: after');
  const items = [];
  for (; i < idx.logs.length && items.length < limit; i++) {
    const e = idx.logs[i]!;
    if (until && e.published >= until) break;
    if (pred(e) && (!qword || JSON.stringify(e).includes(qword))) items.push(e);
  }
  const exhausted = i >= idx.logs.length || (until !== undefined && idx.logs[i]!.published >= until);
  // A polling request (no `until`) always links onwards; a bounded one stops at the end of the window.
  const next = !exhausted || !until ? (items.length ? items[items.length - 1]!.uuid : (after ?? undefined)) : undefined;
  return ok(a, items, links(a.req, next));
}

function lowerBound(list: Array<{ published: string }>, t: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.published < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const userAttrs = (m: RegExpExecArray): Record<string, string> => ({ userId: m[1]! });

export const routes: Route[] = [
  { method: 'GET', pattern: /^\/api\/v1\/users$/, op: 'GET /api/v1/users', scope: 'okta.users.read', attrs: usersAttrs, handle: usersHandler },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/users\/([^/]+)\/factors$/,
    op: 'GET /api/v1/users/{id}/factors',
    scope: 'okta.users.read',
    attrs: userAttrs,
    handle: (m, a, idx) =>
      idx.userPos.has(m[1]!) ? ok(a, idx.factors.get(m[1]!) ?? []) : fail(a, 404, 'E0000007', `Not found: Resource not found: ${m[1]} (User)`),
  },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/users\/([^/]+)\/roles$/,
    op: 'GET /api/v1/users/{id}/roles',
    scope: 'okta.roles.read',
    attrs: userAttrs,
    handle: (m, a, idx) =>
      idx.userPos.has(m[1]!) ? ok(a, idx.roles.get(m[1]!) ?? []) : fail(a, 404, 'E0000007', `Not found: Resource not found: ${m[1]} (User)`),
  },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/groups$/,
    op: 'GET /api/v1/groups',
    scope: 'okta.groups.read',
    attrs: noAttrs,
    handle: (_m, a, idx) => pageAnswer(a, idx, idx.groups, new Map(idx.groups.map((g, i) => [g.id, i])), (g) => g.id, 10000, 10000),
  },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/groups\/([^/]+)\/users$/,
    op: 'GET /api/v1/groups/{id}/users',
    scope: 'okta.groups.read',
    attrs: (m) => ({ groupId: m[1]! }),
    handle: (m, a, idx) => {
      const list = idx.members.get(m[1]!);
      if (!list) return fail(a, 404, 'E0000007', `Not found: Resource not found: ${m[1]} (UserGroup)`);
      return pageAnswer(
        a,
        idx,
        list,
        (id: string) => list.findIndex((u) => u.id === id),
        (u) => u.id,
        1000,
        1000,
      );
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/policies$/,
    op: 'GET /api/v1/policies',
    scope: 'okta.policies.read',
    attrs: (_m, a) => ({ type: a.req.url.searchParams.get('type') ?? undefined }),
    handle: (_m, a, idx) => {
      const type = a.req.url.searchParams.get('type');
      if (!type) return fail(a, 400, 'E0000001', 'Api validation failed: type');
      return ok(
        a,
        idx.policies.filter((p) => p.type === type),
      );
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/policies\/([^/]+)\/rules$/,
    op: 'GET /api/v1/policies/{id}/rules',
    scope: 'okta.policies.read',
    attrs: (m) => ({ policyId: m[1]! }),
    handle: (m, a, idx) => {
      const rules = idx.rules.get(m[1]!);
      return rules ? ok(a, rules) : fail(a, 404, 'E0000007', `Not found: Resource not found: ${m[1]} (Policy)`);
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/iam\/assignees\/users$/,
    op: 'GET /api/v1/iam/assignees/users',
    scope: 'okta.roles.read',
    attrs: noAttrs,
    handle: (_m, a, idx) => {
      // RoleAssignedUsers: `{ value: [...], _links: { next } }`, not a bare array.
      const limit = limitOf(a.req, 100, 100);
      const after = a.req.url.searchParams.get('after');
      const p = slice(
        idx.admins,
        (id) => idx.admins.findIndex((u) => u.id === id),
        (u) => u.id,
        after,
        limit,
      );
      if (!p) return fail(a, 400, 'E0000001', 'Api validation failed: after');
      const nextUrl = p.next ? `${ORIGIN}/api/v1/iam/assignees/users?limit=${limit}&after=${p.next}` : undefined;
      a.attrs.page = pageOf(after ? idx.admins.findIndex((u) => u.id === after) : undefined, limit);
      return ok(a, {
        value: p.items.map((u) => ({
          id: u.id,
          orn: `orn:okta:directory:00o1sandbox:users:${u.id}`,
          _links: { self: { href: `${ORIGIN}/api/v1/users/${u.id}` } },
        })),
        _links: { next: nextUrl ? { href: nextUrl } : null },
      });
    },
  },
  { method: 'GET', pattern: /^\/api\/v1\/logs$/, op: 'GET /api/v1/logs', scope: 'okta.logs.read', attrs: logsAttrs, handle: logsHandler },
  ...securityRoutes,
];
