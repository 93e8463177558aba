import { setMaxListeners } from 'node:events';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { CollectContext, Collector, CollectorEvent, CollectorStats } from '../types.js';
import { DataFiles, rawFile } from '../bundle/writer.js';
import { Channel } from '../collector-kit.js';
import { packagePath } from '../util/paths.js';
import { shardView } from './shard.js';

/**
 * Running a collector on its own thread. The CLI's event loop is shared by every collector of a run, and on a large
 * estate AWS's XML and Okta's SDK models keep it busy in long stretches; a collector whose pace is set by many
 * short round trips (GitHub: a few requests in flight, each answer needed before the next call) loses most of its
 * time waiting for the loop there. On a thread it answers its own responses at once; the engine still validates,
 * writes and tracks every event on the main thread, exactly as for an in-process collector.
 *
 * Protocol (worker → main, in order): `{ items }` batches of events and stats, acknowledged by main (`ack`) so at
 * most MAX_UNACKED batches are in flight (back-pressure); then `{ end }` or `{ error }`. Raw pages are written by
 * the worker straight into the bundle's staging folder, with the paths `ctx.raw` uses.
 */

/** Where a collector object can be imported from on another thread. */
export interface CollectorModule {
  /** URL of the compiled module (import.meta.url). */
  url: string;
  /** Named export holding the collector. */
  name: string;
}

interface Init {
  module: CollectorModule;
  id: string;
  config: unknown;
  asOf: string;
  period: { start: string; end: string };
  shard: { index: number; count: number };
  sandbox: boolean;
  limits: { concurrency: number; timeoutMs: number };
  staging: string;
}

type Item = { ev: CollectorEvent } | { stat: 'page' | 'retry' | 'progress' | 'fact'; args: unknown[] };
type FromWorker = { items: Item[] } | { end: true } | { error: string };

// Why the compiled file: under vitest this module is TypeScript, which a worker thread cannot load.
const WORKER_SCRIPT = import.meta.url.endsWith('.js') ? fileURLToPath(import.meta.url) : packagePath('dist', 'src', 'engine', 'thread.js');
const BATCH = 512;
// Why this many: the main thread may be busy with other collectors for a while; the collector keeps making calls
// meanwhile, with at most MAX_UNACKED × BATCH events (a few MB) waiting for it.
const MAX_UNACKED = 64;

/** True when the collector can run on a thread here: compiled JavaScript (not a test run's TypeScript source). */
export function threadable(module: CollectorModule | undefined): module is CollectorModule {
  return !!module && module.url.endsWith('.js') && process.env.SOC2_COLLECTOR_THREADS !== '0';
}

/**
 * Main side: starts the worker and yields its events; stats calls are replayed on `ctx.stats` in order. Aborting
 * `ctx.signal` aborts the collector inside the worker.
 */
export async function* collectOnThread(module: CollectorModule, id: string, ctx: CollectContext<unknown>, staging: string): AsyncGenerator<CollectorEvent> {
  const init: Init = { module, id, config: ctx.config, asOf: ctx.asOf.toISOString(), period: ctx.period, shard: { index: ctx.shard.index, count: ctx.shard.count }, sandbox: ctx.sandbox, limits: ctx.limits, staging };
  const worker = new Worker(WORKER_SCRIPT, { workerData: init });
  const inbox = new Channel<Item[]>();
  worker.on('message', (m: FromWorker) => ('items' in m ? inbox.push(m.items) : 'end' in m ? inbox.close() : inbox.close(new Error(m.error))));
  worker.on('error', (err: Error) => inbox.close(err));
  // Why: the worker reports its end itself; an exit before that is a crash (out of memory, an uncaught error).
  worker.on('exit', (code) => inbox.close(new Error(`collector thread exited early (code ${code})`)));
  const onAbort = () => worker.postMessage({ abort: true });
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const stats = ctx.stats as unknown as Record<string, (...a: unknown[]) => void>;
  try {
    for await (const items of inbox) {
      for (const item of items) {
        if ('ev' in item) yield item.ev;
        else stats[item.stat]!(...item.args);
      }
      worker.postMessage({ ack: true });
    }
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    await worker.terminate();
  }
}

/** Worker side: runs the collector and streams its events back. */
async function runWorker(init: Init): Promise<void> {
  const port = parentPort!;
  const files = new DataFiles(init.staging);
  const mod = (await import(init.module.url)) as Record<string, Collector<unknown>>;
  const collector = mod[init.module.name];
  if (!collector) throw new Error(`${init.module.url} has no export ${init.module.name}`);
  const abort = new AbortController();
  // Why unlimited: every in-flight request and pacing wait of the collector listens to this one signal.
  setMaxListeners(0, abort.signal);
  let unacked = 0;
  let release: (() => void) | undefined;
  port.on('message', (m: { ack?: boolean; abort?: boolean }) => {
    if (m.abort) abort.abort(new Error('collection aborted'));
    if (m.ack) {
      unacked--;
      release?.();
    }
  });
  let items: Item[] = [];
  const send = async () => {
    if (!items.length) return;
    port.postMessage({ items } satisfies FromWorker);
    items = [];
    unacked++;
    while (unacked > MAX_UNACKED) await new Promise<void>((r) => (release = r));
  };
  const stat =
    (name: 'page' | 'retry' | 'progress' | 'fact') =>
    (...args: unknown[]) => {
      items.push({ stat: name, args });
    };
  const stats: CollectorStats = { page: stat('page'), retry: stat('retry'), progress: stat('progress'), fact: stat('fact') };
  const ctx: CollectContext<unknown> = {
    config: init.config,
    asOf: new Date(init.asOf),
    period: init.period,
    raw: async (scope, operation, body, page) => {
      await files.write(rawFile(init.id, scope, operation, page), `${JSON.stringify(body)}\n`);
    },
    log: { debug() {}, info() {}, warn() {} },
    stats,
    signal: abort.signal,
    shard: shardView(init.shard),
    sandbox: init.sandbox,
    limits: init.limits,
    // Why empty: a threaded collector shares no per-run work with others (AWS's collectors, which do, stay in-process).
    shared: new Map(),
  };
  let last = Date.now();
  try {
    for await (const ev of collector.collect(ctx)) {
      items.push({ ev });
      // Why also by time: a slow collector's events should not wait for a full batch.
      if (items.length >= BATCH || Date.now() - last > 20) {
        await send();
        last = Date.now();
      }
    }
  } finally {
    // Why also on a crash: events already collected reach the engine before the error does.
    await send();
  }
}

if (!isMainThread && (workerData as Init | undefined)?.module) {
  // Why no process.exit: the messages must reach the main thread first; it terminates the worker once it has read
  // the end (sockets kept alive by the SDK would otherwise hold the thread open).
  runWorker(workerData as Init).then(
    () => parentPort!.postMessage({ end: true } satisfies FromWorker),
    (err: unknown) => parentPort!.postMessage({ error: (err as Error).message } satisfies FromWorker),
  );
}
