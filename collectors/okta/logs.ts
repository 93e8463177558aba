import type { CollectorEvent } from '../../src/types.js';
import type { OktaHandle } from './client.js';
import { enumeration, record, walk, type Ctx } from './common.js';
import { iso } from './plain.js';
import { readInterval } from '../../src/populations/policy.js';

/** System Log populations: evidence type and the `filter` that selects its events. */
export const LOG_QUERIES: Record<string, string> = {
  'okta.log.user-lifecycle': 'eventType sw "user.lifecycle."',
  'okta.log.admin-privilege': 'eventType eq "user.account.privilege.grant" or eventType eq "user.account.privilege.revoke"',
  'okta.log.factor-reset': 'eventType eq "user.mfa.factor.reset_all" or eventType eq "user.mfa.factor.deactivate"',
};

/**
 * The observation window as a bounded query: `since` = period start (or, continuing an earlier bundle, its end less
 * a few minutes), never before the 90 days Okta keeps the System Log; `until` = min(period end + 1 day, asOf).
 */
export function logWindow(ctx: Ctx, type: string, scope: string): { since: string; until: string } {
  const { from, to } = readInterval(type, ctx.period, ctx.asOf, ctx.resume?.[type]?.[scope]);
  return { since: from.toISOString(), until: to.toISOString() };
}

/**
 * One record per event. Both `since` and `until` are always sent: an unbounded (polling) query always
 * links onwards and the SDK's iterator would never end.
 */
export function collectLogs(ctx: Ctx, h: OktaHandle, type: string): AsyncGenerator<CollectorEvent> {
  // Why no warning here: a stretch of the window beyond the 90 days is recorded as a hole in run.json's populations.
  const { since, until } = logWindow(ctx, type, h.scope);
  ctx.stats.fact(`query:${type}`, `GET /api/v1/logs?filter=${LOG_QUERIES[type]}&since=…&until=…&sortOrder=ASCENDING`);
  return enumeration(type, h.scope, 'GET /api/v1/logs', async function* () {
    const coll = await h.client.systemLogApi.listLogEvents({ since: since, until: until, filter: LOG_QUERIES[type], limit: 1000, sortOrder: 'ASCENDING' });
    for await (const e of walk(ctx, h.scope, `ListLogEvents.${type}`, coll as AsyncIterable<any>, 1000)) {
      const published = iso(e.published);
      yield record(
        type,
        h.scope,
        'GET /api/v1/logs',
        {
          uuid: e.uuid,
          published,
          eventType: e.eventType,
          displayMessage: e.displayMessage ?? null,
          outcome: e.outcome?.result ?? null,
          actor: e.actor ? { id: e.actor.id, type: e.actor.type, alternateId: e.actor.alternateId ?? null, displayName: e.actor.displayName ?? null } : null,
          target: (e.target ?? []).map((t: any) => ({ id: t.id, type: t.type, alternateId: t.alternateId ?? null, displayName: t.displayName ?? null })),
          debugData: e.debugContext?.debugData ?? {},
        },
        published ?? undefined,
      );
    }
  });
}
