import { recordsPath } from '../bundle/layout.js';
import { upgradeCredentialReport } from '../evidence/credential-report.js';
import type { CollectionError, CollectorEvent, EvidenceData, EvidenceType, EvidenceView, ScopeState, StoredRecord } from '../types.js';

/**
 * Record shapes that changed: a bundle sealed before the change is re-scored (`check`, `history --rescore`) through
 * its upgrade, so checks see one shape. Each upgrade returns data already in the current shape unchanged.
 */
const UPGRADES: Partial<Record<EvidenceType, (data: unknown) => unknown>> = {
  // Rows were the CSV's strings until the collector parsed them (booleans, timestamps or null).
  'aws.iam.credential-report': upgradeCredentialReport,
};

function upgraded(rec: StoredRecord): StoredRecord {
  const up = UPGRADES[rec.type];
  if (!up) return rec;
  const data = up(rec.data);
  return data === rec.data ? rec : { ...rec, data };
}

/**
 * Follows the plan/done/error events of a run and derives each (type, scope)'s state.
 * Error wins over done: a scope that failed half-way is never complete.
 */
export class ScopeTracker {
  private readonly states = new Map<string, ScopeState>();

  private get(type: EvidenceType, scope: string): ScopeState {
    const key = `${type}\u0000${scope}`;
    let s = this.states.get(key);
    if (!s) {
      s = { type, scope, state: 'incomplete', count: 0 };
      this.states.set(key, s);
    }
    return s;
  }

  add(ev: CollectorEvent): void {
    const s = this.get(ev.type, ev.scope);
    switch (ev.kind) {
      case 'plan':
        break;
      case 'record':
        s.count++;
        break;
      case 'done':
        if (s.state !== 'error') s.state = 'complete';
        break;
      case 'error': {
        s.state = 'error';
        const { kind: _k, ...rest } = ev;
        s.error ??= rest;
        break;
      }
    }
  }

  /** Folds in the states another tracker derived (a collector's own thread), by the same rules as `add`. */
  merge(states: ScopeState[]): void {
    for (const m of states) {
      const s = this.get(m.type, m.scope);
      s.count += m.count;
      if (m.state === 'error') {
        s.state = 'error';
        s.error ??= m.error;
      } else if (m.state === 'complete' && s.state !== 'error') s.state = 'complete';
    }
  }

  /** Marks every planned-but-unfinished scope of `types` as an error (the collector stopped early). */
  failUnfinished(types: EvidenceType[], cause: CollectionError['cause'], operation: string, message: string): void {
    for (const s of this.states.values()) {
      if (types.includes(s.type) && s.state === 'incomplete') {
        s.state = 'error';
        s.error = { type: s.type, scope: s.scope, cause, operation, message };
      }
    }
  }

  has(type: EvidenceType): boolean {
    for (const s of this.states.values()) if (s.type === type) return true;
    return false;
  }

  list(): ScopeState[] {
    return [...this.states.values()].sort((a, b) => (a.type === b.type ? a.scope.localeCompare(b.scope) : a.type.localeCompare(b.type)));
  }
}

/**
 * EvidenceView over stored records. `load(type)` supplies every record of a type (from memory or a
 * bundle's jsonl); the view hides records of scopes that are not complete.
 */
export class RecordsView implements EvidenceView {
  private readonly cache = new Map<EvidenceType, StoredRecord[]>();
  private readonly byType = new Map<EvidenceType, ScopeState[]>();

  constructor(
    states: ScopeState[],
    private readonly load: (type: EvidenceType) => StoredRecord[],
    /** Streams a type's records one by one (bundles on disk); without it `each` iterates `load`. */
    private readonly stream?: (type: EvidenceType, fn: (rec: StoredRecord) => void) => void,
  ) {
    for (const s of states) {
      const list = this.byType.get(s.type) ?? [];
      list.push(s);
      this.byType.set(s.type, list);
    }
  }

  states(type: EvidenceType): ScopeState[] {
    return this.byType.get(type) ?? [];
  }

  scopes(type: EvidenceType): string[] {
    return this.states(type)
      .filter((s) => s.state === 'complete')
      .map((s) => s.scope);
  }

  records<K extends EvidenceType>(type: K): StoredRecord<EvidenceData<K>>[] {
    let recs = this.cache.get(type);
    if (!recs) {
      const keep = this.usable(type);
      recs = keep
        ? this.load(type)
            .filter((r) => keep.has(r.scope))
            .map(upgraded)
        : [];
      this.cache.set(type, recs);
    }
    // The intake validated every record against its type's schema, from which EvidenceData is generated.
    return recs as StoredRecord<EvidenceData<K>>[];
  }

  each<K extends EvidenceType>(type: K, fn: (rec: StoredRecord<EvidenceData<K>>) => void): void {
    const cached = this.cache.get(type);
    if (cached) return cached.forEach((r) => fn(r as StoredRecord<EvidenceData<K>>));
    const keep = this.usable(type);
    if (!keep) return;
    const visit = (r: StoredRecord) => {
      if (keep.has(r.scope)) fn(upgraded(r) as StoredRecord<EvidenceData<K>>);
    };
    if (this.stream) this.stream(type, visit);
    else this.load(type).forEach(visit);
  }

  /** Forgets the loaded records of a type (the engine calls it once no remaining check needs the type). */
  release(type: EvidenceType): void {
    this.cache.delete(type);
  }

  /** Complete scopes whose records a check may see, or undefined when a failure covers the whole type. */
  private usable(type: EvidenceType): Set<string> | undefined {
    if (this.states(type).some((s) => s.scope === '*' && s.state === 'error')) return undefined;
    return new Set(this.scopes(type));
  }
}

/** Builds a view from in-memory collector events (tests, and plugins' own tests). */
export function viewFromEvents(events: CollectorEvent[]): RecordsView {
  const tracker = new ScopeTracker();
  const byType = new Map<EvidenceType, StoredRecord[]>();
  for (const ev of events) {
    tracker.add(ev);
    if (ev.kind === 'record') {
      const list = byType.get(ev.type) ?? [];
      list.push({ type: ev.type, scope: ev.scope, source: ev.source, data: ev.data, ref: `${recordsPath(ev.type)}#L${list.length + 1}` });
      byType.set(ev.type, list);
    }
  }
  return new RecordsView(tracker.list(), (t) => byType.get(t) ?? []);
}
