/**
 * Collector for the Acme admin console's JSON API: GET <endpoint>/api/admins?page=N with a bearer token,
 * answering `{ "items": [...], "next": <page number or null> }`.
 * It follows the same rules as the built-in collectors: every page or nothing (a failure after the
 * first page is `truncated`), a denied call is `denied`, and a bounded page loop.
 */
const TYPE = 'acme-admin.admin';
const MAX_PAGES = 1000;

/** @type {import('soc2').Collector} */
export const acmeAdminCollector = {
  meta: {
    id: 'acme-admin',
    source: 'acme-admin',
    title: 'Acme admin console administrators',
    produces: [TYPE],
    permissions: ['admins:read'],
  },
  async *collect(ctx) {
    const { endpoint, token } = ctx.config;
    const scope = new URL(endpoint).host;
    yield { kind: 'plan', type: TYPE, scope };
    for (let page = 1, pages = 0; page && pages < MAX_PAGES; pages++) {
      let res;
      try {
        res = await fetch(`${endpoint.replace(/\/$/, '')}/api/admins?page=${page}`, {
          headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
          signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(ctx.limits.timeoutMs)]),
        });
      } catch (err) {
        yield fail(scope, err.name === 'TimeoutError' ? 'timeout' : 'network', err.message, pages);
        return;
      }
      ctx.stats.page('GET /api/admins');
      if (res.status === 401 || res.status === 403) {
        yield {
          kind: 'error',
          type: TYPE,
          scope,
          cause: res.status === 401 ? 'auth' : 'denied',
          operation: 'GET /api/admins',
          message: `HTTP ${res.status}`,
          missingPermission: 'admins:read',
        };
        return;
      }
      if (!res.ok) {
        yield fail(scope, 'server', `HTTP ${res.status}`, pages);
        return;
      }
      const body = await res.json();
      await ctx.raw(scope, 'ListAdmins', body, page);
      for (const a of body.items ?? []) {
        yield {
          kind: 'record',
          type: TYPE,
          scope,
          source: { operation: 'GET /api/admins', fetchedAt: new Date().toISOString() },
          data: { login: a.login, role: a.role, mfa: a.mfa === true, lastLogin: a.last_login ?? null },
        };
      }
      page = body.next ?? 0;
      if (!page) yield { kind: 'done', type: TYPE, scope };
    }
  },
};

function fail(scope, cause, message, pagesRead) {
  return { kind: 'error', type: TYPE, scope, cause: pagesRead > 0 ? 'truncated' : cause, operation: 'GET /api/admins', message };
}
