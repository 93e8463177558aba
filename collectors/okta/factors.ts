import pLimit from 'p-limit';
import type { CollectorEvent } from '../../src/types.js';
import type { OktaHandle } from './client.js';
import { enumeration, record, type Ctx } from './common.js';
import { iso } from './plain.js';
import { InvalidAnswer, settle as settleP, type Channel, type Settled } from '../../src/collector-kit.js';
import type { OktaUserFactors } from '../../src/evidence/types.generated.js';
import type { UserRef } from './users.js';

type Factor = OktaUserFactors['factors'][number];

/**
 * `okta.user.factors`: one record per user who can sign in, listing the enrolled factors (an empty list is
 * a user without any factor). Users arrive from the listing while it is still paging (`feed`), so lookups start
 * with its first page; at most `concurrency` run at once and at most four times that wait to be written, so memory
 * stays flat. The feed ending with a failure (the listing broke off) makes the enumeration fail.
 */
export function collectFactors(ctx: Ctx, h: OktaHandle, feed: Channel<[string, UserRef]>): AsyncGenerator<CollectorEvent> {
  return enumeration('okta.user.factors', h.scope, 'GET /api/v1/users/{id}/factors', async function* () {
    const concurrency = Math.max(1, ctx.config.concurrency ?? ctx.limits.concurrency);
    const limit = pLimit(concurrency);
    const batch = Math.max(50, concurrency * 10);
    // Why settled outcomes: a lookup that fails while an earlier one is awaited must not be an unhandled rejection
    // (which ends the process); its failure is thrown when its turn comes, and ends this enumeration only.
    const waiting: Array<Promise<Settled<[string, UserRef, Factor[] | undefined]>>> = [];
    let raw: Record<string, unknown> = {};
    let page = 0;
    let done = 0;
    let stopped = false;
    const settle = async function* (): AsyncGenerator<CollectorEvent> {
      const next = await waiting.shift()!;
      if (!next.ok) throw next.error;
      const [id, u, factors] = next.value;
      done++;
      // 404: the user was deleted after the listing; it is no longer in the population.
      if (factors !== undefined) {
        raw[id] = factors;
        yield record('okta.user.factors', h.scope, 'GET /api/v1/users/{id}/factors', { userId: id, login: u.login, status: u.status, factors });
      }
      if (done % batch === 0) {
        await ctx.raw(h.scope, 'ListFactors', raw, ++page);
        raw = {};
        ctx.stats.progress(done, done + waiting.length, 'okta factor lookups');
      }
    };
    try {
      for await (const [id, u] of feed) {
        waiting.push(settleP(limit(() => (stopped ? undefined : factorsOf(h, id))).then((f): [string, UserRef, Factor[] | undefined] => [id, u, f])));
        while (waiting.length >= concurrency * 4) yield* settle();
      }
      while (waiting.length) yield* settle();
    } finally {
      // Why: on a failure the lookups still queued must not run on after the enumeration has ended.
      stopped = true;
      await Promise.allSettled(waiting);
    }
    if (Object.keys(raw).length || page === 0) await ctx.raw(h.scope, 'ListFactors', raw, ++page);
    ctx.stats.progress(done, done, 'okta factor lookups');
  });
}

async function factorsOf(h: OktaHandle, userId: string): Promise<Factor[] | undefined> {
  try {
    const out: Factor[] = [];
    const coll = await h.client.userFactorApi.listFactors({ userId });
    for await (const f of coll as AsyncIterable<any>) {
      if (!f) continue;
      // Why: a factor without its type or status cannot count towards MFA; it is an invalid answer, not a default.
      if (typeof f.factorType !== 'string' || typeof f.status !== 'string') throw new InvalidAnswer(`a factor of user ${userId} has no factorType or status`);
      out.push({
        id: f.id,
        factorType: f.factorType,
        provider: f.provider,
        vendorName: f.vendorName ?? null,
        status: f.status,
        created: iso(f.created),
        lastUpdated: iso(f.lastUpdated),
      });
    }
    return out;
  } catch (err) {
    if ((err as { status?: number; errorCode?: string }).errorCode === 'E0000007') return undefined;
    throw err;
  }
}
