import pLimit from 'p-limit';
import type { CollectorEvent } from '../../src/types.js';
import type { OktaHandle } from './client.js';
import { enumeration, record, type Ctx } from './common.js';
import { iso } from './plain.js';
import { SIGN_IN_STATUSES, type UserRef } from './users.js';

/**
 * `okta.user.factors`: one record per user who can sign in, listing the enrolled factors (an empty list is
 * a user without any factor). Lookups run with bounded concurrency, in batches so memory stays flat.
 */
export function collectFactors(ctx: Ctx, h: OktaHandle, users: Map<string, UserRef>): AsyncGenerator<CollectorEvent> {
  return enumeration('okta.user.factors', h.scope, 'GET /api/v1/users/{id}/factors', async function* () {
    const limit = pLimit(ctx.config.concurrency ?? ctx.limits.concurrency);
    const ids = [...users].filter(([, u]) => SIGN_IN_STATUSES.includes(u.status));
    const batch = Math.max(50, (ctx.config.concurrency ?? ctx.limits.concurrency) * 10);
    let done = 0;
    for (let i = 0; i < ids.length; i += batch) {
      const slice = ids.slice(i, i + batch);
      const results = await Promise.all(slice.map(([id]) => limit(() => factorsOf(h, id))));
      const raw: Record<string, unknown> = {};
      for (const [k, [id, u]] of slice.entries()) {
        const factors = results[k];
        // 404: the user was deleted after the listing; it is no longer in the population.
        if (factors === undefined) continue;
        raw[id] = factors;
        yield record('okta.user.factors', h.scope, 'GET /api/v1/users/{id}/factors', { userId: id, login: u.login, status: u.status, factors });
      }
      await ctx.raw(h.scope, 'ListFactors', raw, i / batch + 1);
      done += slice.length;
      ctx.stats.progress(done, ids.length, 'okta factor lookups');
    }
  });
}

async function factorsOf(h: OktaHandle, userId: string): Promise<Array<Record<string, unknown>> | undefined> {
  try {
    const out: Array<Record<string, unknown>> = [];
    const coll = await h.client.userFactorApi.listFactors({ userId });
    for await (const f of coll as AsyncIterable<any>) {
      if (!f) continue;
      out.push({ id: f.id, factorType: f.factorType, provider: f.provider, vendorName: f.vendorName ?? null, status: f.status, created: iso(f.created), lastUpdated: iso(f.lastUpdated) });
    }
    return out;
  } catch (err) {
    if ((err as { status?: number; errorCode?: string }).errorCode === 'E0000007') return undefined;
    throw err;
  }
}
