import type { Check, CollectionErrorCause, CollectorEvent } from '../../src/types.js';
import { viewFromEvents, type RecordsView } from '../../src/engine/evidence.js';
import { scoreCheck, type ScoredCheck } from '../../src/engine/score.js';
import { compileParams } from '../../src/config/params.js';

/**
 * Evidence for check table tests. Every scope given in `records` is complete (an empty array is a
 * complete, empty enumeration); `errors` mark (type, scope) as failed; `incomplete` as never finished.
 */
export interface EvidenceSpec {
  records?: Record<string, Record<string, unknown[]>>;
  errors?: Array<{ type: string; scope: string; cause?: CollectionErrorCause; operation?: string }>;
  incomplete?: Array<{ type: string; scope: string }>;
}

export function viewOf(spec: EvidenceSpec): RecordsView {
  const events: CollectorEvent[] = [];
  const source = { operation: 'test', fetchedAt: '2026-11-22T12:00:00Z' };
  for (const [type, scopes] of Object.entries(spec.records ?? {})) {
    for (const [scope, list] of Object.entries(scopes)) {
      events.push({ kind: 'plan', type, scope });
      for (const data of list) events.push({ kind: 'record', type, scope, source, data });
      events.push({ kind: 'done', type, scope });
    }
  }
  for (const e of spec.errors ?? []) {
    events.push({ kind: 'error', type: e.type, scope: e.scope, cause: e.cause ?? 'denied', operation: e.operation ?? 'test:Op', message: 'planted error' });
  }
  for (const e of spec.incomplete ?? []) events.push({ kind: 'plan', type: e.type, scope: e.scope });
  return viewFromEvents(events);
}

/** Scores a check the way the engine does: params validated and defaulted by its paramsSchema. */
export function judge<P>(check: Check<P>, spec: EvidenceSpec, params: Partial<P> = {}, asOf = new Date('2026-11-22T12:00:00Z')): ScoredCheck {
  const p = compileParams(check.meta.id, check.meta.paramsSchema)(params) as P;
  return scoreCheck(check, viewOf(spec), p, asOf);
}
