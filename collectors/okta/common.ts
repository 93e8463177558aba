import type { CollectContext, CollectorEvent, EvidenceData, EvidenceRecord, EvidenceType } from '../../src/types.js';
import type { OktaConfig } from './config.js';
import { errorEvent } from './errors.js';
import { recordOf } from '../../src/collector-kit.js';

export type Ctx = CollectContext<OktaConfig>;

/** One record of `type`; `data` is checked as recordOf's. */
export function record<K extends EvidenceType>(type: K, scope: string, operation: string, data: EvidenceData<K>, sourceTime?: string): EvidenceRecord {
  return recordOf(type, scope, { operation, fetchedAt: new Date().toISOString(), ...(sourceTime ? { sourceTime } : {}) }, data);
}

/**
 * Walks an SDK Collection, skipping the `null` items it yields for empty pages that still link onwards,
 * and saving the raw items in chunks of `chunk`. Throws a CollectionError-shaped failure on error,
 * with `pagesRead` so a mid-way failure is `truncated`.
 */
export async function* walk<T>(ctx: Ctx, scope: string, rawName: string, coll: AsyncIterable<T | null>, chunk = 200): AsyncGenerator<T> {
  let buf: unknown[] = [];
  let n = 0;
  for await (const item of coll) {
    if (!item) continue;
    buf.push(item);
    if (buf.length >= chunk) {
      await ctx.raw(scope, rawName, buf, ++n);
      buf = [];
    }
    yield item;
  }
  if (buf.length || n === 0) await ctx.raw(scope, rawName, buf, n + 1);
}

/** Runs one (type, scope) enumeration: `plan`, the producer's records, then `done` — or an error event. */
export async function* enumeration(
  type: EvidenceType,
  scope: string,
  operation: string,
  produce: (progress: { pages: number }) => AsyncGenerator<CollectorEvent>,
): AsyncGenerator<CollectorEvent> {
  yield { kind: 'plan', type, scope };
  const progress = { pages: 0 };
  try {
    for await (const ev of produce(progress)) {
      if (ev.kind === 'record') progress.pages = Math.max(progress.pages, 1);
      yield ev;
    }
  } catch (err) {
    yield errorEvent(type, scope, operation, err, { pagesRead: progress.pages });
    return;
  }
  yield { kind: 'done', type, scope };
}
