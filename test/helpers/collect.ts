import { setMaxListeners } from 'node:events';
import type { CollectContext, Collector, CollectorEvent } from '../../src/types.js';
import { viewFromEvents, type RecordsView } from '../../src/engine/evidence.js';

export interface CollectorRun {
  events: CollectorEvent[];
  view: RecordsView;
  raw: Map<string, unknown>;
  pages: Record<string, number>;
  retries: Array<{ operation: string; reason: string }>;
  facts: Record<string, unknown>;
  records<T = any>(type: string): Array<{ scope: string; data: T }>;
  errors(): Extract<CollectorEvent, { kind: 'error' }>[];
}

export interface RunOptions {
  asOf?: Date;
  period?: { start: string; end: string };
  shard?: { index: number; count: number };
  concurrency?: number;
  timeoutMs?: number;
  /** Pass one map to several runCollector calls to model collectors of one run. */
  shared?: Map<string, unknown>;
}

/** Runs one collector with a test context (raw responses kept in memory) and gathers everything it yields. */
export async function runCollector<C>(collector: Collector<C>, config: C, opts: RunOptions = {}): Promise<CollectorRun> {
  const raw = new Map<string, unknown>();
  const pages: Record<string, number> = {};
  const retries: Array<{ operation: string; reason: string }> = [];
  const facts: Record<string, unknown> = {};
  const asOf = opts.asOf ?? new Date('2026-11-22T12:00:00Z');
  const shard = opts.shard ?? { index: 1, count: 1 };
  const ctx: CollectContext<C> = {
    config,
    asOf,
    period: opts.period ?? { start: '2026-09-01', end: '2026-11-22' },
    raw: async (scope, operation, body, page) => {
      raw.set(`${scope}/${operation}${page !== undefined ? `.${page}` : ''}`, body);
    },
    log: { debug() {}, info() {}, warn() {} },
    stats: {
      page: (op) => {
        pages[op] = (pages[op] ?? 0) + 1;
      },
      retry: (operation, reason) => {
        retries.push({ operation, reason });
      },
      progress() {},
      fact: (k, v) => {
        facts[k] = v;
      },
    },
    signal: runSignal(),
    shard: { ...shard, owns: () => true },
    sandbox: true,
    limits: { concurrency: opts.concurrency ?? 4, timeoutMs: opts.timeoutMs ?? 5_000 },
    shared: opts.shared ?? new Map(),
  };
  const events: CollectorEvent[] = [];
  for await (const out of collector.collect(ctx)) events.push(...(Array.isArray(out) ? out : [out]));
  const view = viewFromEvents(events);
  return {
    events,
    view,
    raw,
    pages,
    retries,
    facts,
    records: (type) =>
      events
        .filter((e): e is Extract<CollectorEvent, { kind: 'record' }> => e.kind === 'record' && e.type === type)
        .map((e) => ({ scope: e.scope, data: e.data as any })),
    errors: () => events.filter((e): e is Extract<CollectorEvent, { kind: 'error' }> => e.kind === 'error'),
  };
}

/** Like the CLI's: every request in flight listens on the run's one signal, so it has no listener limit. */
function runSignal(): AbortSignal {
  const signal = new AbortController().signal;
  setMaxListeners(0, signal);
  return signal;
}
