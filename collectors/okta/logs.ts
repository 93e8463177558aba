import type { CollectorEvent } from '../../src/types.js';
import type { OktaHandle } from './client.js';
import { enumeration, record, walk, type Ctx } from './common.js';
import { iso } from './plain.js';

/** System Log populations: evidence type and the `filter` that selects its events. */
export const LOG_QUERIES: Record<string, string> = {
  'okta.log.user-lifecycle': 'eventType sw "user.lifecycle."',
  'okta.log.admin-privilege': 'eventType eq "user.account.privilege.grant" or eventType eq "user.account.privilege.revoke"',
  'okta.log.factor-reset': 'eventType eq "user.mfa.factor.reset_all" or eventType eq "user.mfa.factor.deactivate"',
};

/** Okta keeps the System Log for 90 days. */
const RETENTION_DAYS = 90;

/** The observation window as a bounded query: `since` = period start, `until` = min(period end + 1 day, asOf). */
export function logWindow(ctx: Ctx): { since: string; until: string } {
  const since = new Date(`${ctx.period.start}T00:00:00Z`);
  const end = new Date(new Date(`${ctx.period.end}T00:00:00Z`).getTime() + 86_400_000);
  const until = end < ctx.asOf ? end : ctx.asOf;
  return { since: since.toISOString(), until: until.toISOString() };
}

/**
 * One record per event. Both `since` and `until` are always sent: an unbounded (polling) query always
 * links onwards and the SDK's iterator would never end.
 */
export function collectLogs(ctx: Ctx, h: OktaHandle, type: string): AsyncGenerator<CollectorEvent> {
  const { since, until } = logWindow(ctx);
  if (Date.parse(since) < ctx.asOf.getTime() - RETENTION_DAYS * 86_400_000) {
    ctx.log.warn('okta System Log keeps 90 days; events before the retention horizon cannot be collected', { since });
    ctx.stats.fact('okta.logs.retentionGap', { since, retentionDays: RETENTION_DAYS });
  }
  return enumeration(type, h.scope, 'GET /api/v1/logs', async function* () {
    const coll = await h.client.systemLogApi.listLogEvents({ since: since as never, until: until as never, filter: LOG_QUERIES[type], limit: 1000, sortOrder: 'ASCENDING' });
    for await (const e of walk(ctx, h.scope, `ListLogEvents.${type}`, coll as AsyncIterable<any>, 1000)) {
      const published = iso(e.published);
      yield record(type, h.scope, 'GET /api/v1/logs', {
        uuid: e.uuid,
        published,
        eventType: e.eventType,
        displayMessage: e.displayMessage ?? null,
        outcome: e.outcome?.result ?? null,
        actor: e.actor ? { id: e.actor.id, type: e.actor.type, alternateId: e.actor.alternateId ?? null, displayName: e.actor.displayName ?? null } : null,
        target: (e.target ?? []).map((t: any) => ({ id: t.id, type: t.type, alternateId: t.alternateId ?? null, displayName: t.displayName ?? null })),
        debugData: e.debugContext?.debugData ?? {},
      }, published ?? undefined);
    }
  });
}
