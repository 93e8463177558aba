import { setMaxListeners } from 'node:events';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { CollectContext, Collector, CollectorStats, Logger } from '../types.js';
import { cleanMeta } from './run-log.js';
import { DataFiles, RecordFiles } from '../bundle/writer.js';
import { ajv } from '../util/ajv.js';
import { packagePath } from '../util/paths.js';
import { collectContext, RunFailure, takeIn, type CollectorRunner, type ContextInit, type Taken } from './runner.js';

/**
 * The worker-thread runner (runner.ts has the interface and the in-process one). The CLI's event loop is shared by
 * every in-process collector of a run, and on a large estate AWS's XML and Okta's SDK models keep it busy in long
 * stretches; a collector whose pace is set by many short round trips (GitHub: a few requests in flight, each answer
 * needed before the next call) loses most of its time waiting for the loop there. So it runs on its own thread,
 * which builds its context with the same factory and takes its own events in (`takeIn`: schema check, records file,
 * scope states) for the types only this collector produces in the run, and writes its raw pages straight into the
 * bundle's staging folder. The main thread gets the stats calls as they happen and, at the end, what was taken in.
 *
 * Protocol (worker → main, in order): `{ ready }`; `{ stats }` batches; then `{ end }` or `{ error }`, each with the
 * states and record count so far (a crash keeps what was collected; its unfinished scopes become errors).
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
  context: ContextInit;
  staging: string;
  /** JSON Schemas of the produced evidence types that have one. */
  schemas: Record<string, unknown>;
}

type Stat = { stat: 'page' | 'retry' | 'progress' | 'fact' | 'log'; args: unknown[] };
type FromWorker = { ready: true } | { stats: Stat[] } | ({ end: true } & Taken) | ({ error: string } & Partial<Taken>);

// Why the compiled file: under vitest this module is TypeScript, which a worker thread cannot load.
const WORKER_SCRIPT = import.meta.url.endsWith('.js') ? fileURLToPath(import.meta.url) : packagePath('dist', 'src', 'engine', 'thread.js');

/**
 * The thread's young generation (semi-space 4 MB ⇒ 12 MB young generation): a collector thread allocates fast and
 * briefly (parsed pages turned into records); V8's default would let it grow to 48 MB of mostly garbage per thread.
 * Set per isolate through the Worker's resource limits, the documented way, not by switching V8 flags mid-run.
 */
const THREAD_YOUNG_GENERATION_MB = 12;

/** True when the collector can run on a thread here: compiled JavaScript (not a test run's TypeScript source). */
export function threadable(module: CollectorModule | undefined): module is CollectorModule {
  return !!module && module.url.endsWith('.js') && process.env.SOC2_COLLECTOR_THREADS !== '0';
}

/**
 * Main side: starts the worker, which loads the collector and waits for `run()`. Stats calls are replayed on
 * `ctx.stats` (log lines on `ctx.log`) as they arrive. Aborting `ctx.signal` during the run aborts the collector
 * inside the worker, which then reports what it took in (a grace period later the run gives it up).
 */
export function threadRunner(
  module: CollectorModule,
  context: ContextInit,
  ctx: Pick<CollectContext<unknown>, 'stats' | 'log' | 'signal'>,
  staging: string,
  schemas: Record<string, unknown>,
): CollectorRunner {
  const worker = new Worker(WORKER_SCRIPT, {
    workerData: { module, context, staging, schemas } satisfies Init,
    resourceLimits: { maxYoungGenerationSizeMb: THREAD_YOUNG_GENERATION_MB },
  });
  const stats = ctx.stats as unknown as Record<string, (...a: unknown[]) => void>;
  let markReady = () => {};
  const ready = new Promise<void>((r) => (markReady = r));
  let waiting: { resolve(o: Taken): void; reject(e: Error): void } | undefined;
  // Why kept: the thread may fail while preparing, before run() waits for it.
  let early: Taken | Error | undefined;
  const finish = (o: Taken | Error) => {
    markReady();
    if (!waiting) early ??= o;
    else if (o instanceof Error) waiting.reject(o);
    else waiting.resolve(o);
  };
  worker.on('message', (m: FromWorker) => {
    if ('ready' in m) markReady();
    else if ('stats' in m) {
      for (const s of m.stats) {
        // A log line from the thread: [level, message, meta] said on the main side's logger, in order with the stats.
        if (s.stat === 'log') ctx.log[s.args[0] as keyof Logger](s.args[1] as string, s.args[2] as Record<string, unknown> | undefined);
        else stats[s.stat]!(...s.args);
      }
    } else if ('end' in m) finish({ states: m.states, records: m.records });
    else finish(new RunFailure(m.error, m.states ? { states: m.states, records: m.records ?? 0 } : undefined));
  });
  worker.on('error', (err: Error) => finish(new RunFailure(err.message)));
  // Why: the worker reports its end itself; an exit before that is a crash (out of memory, an uncaught error).
  worker.on('exit', (code) => finish(new RunFailure(`collector thread exited early (code ${code})`)));
  const run = async (): Promise<Taken> => {
    let onAbort = () => {};
    try {
      return await new Promise<Taken>((resolve, reject) => {
        if (early) return early instanceof Error ? reject(early) : resolve(early);
        waiting = { resolve, reject };
        onAbort = () => {
          worker.postMessage({ abort: true });
          // Why a grace period: the collector inside stops at its next wait and the worker then reports what it took
          // in (a run that reached its deadline seals that); a worker that does not answer in time is given up.
          setTimeout(() => reject(new RunFailure('collection aborted')), ABORT_GRACE_MS).unref();
        };
        if (ctx.signal.aborted) return onAbort();
        ctx.signal.addEventListener('abort', onAbort, { once: true });
        worker.postMessage({ go: true });
      });
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
      await worker.terminate();
    }
  };
  return { ready, run };
}

/** How long an aborted collector thread may take to report what it took in before it is given up. */
const ABORT_GRACE_MS = 2_000;

/** Worker side: loads and prepares the collector, runs it when told to, and reports what it took in. */
async function runWorker(init: Init): Promise<Taken> {
  const port = parentPort!;
  const files = new DataFiles(init.staging, { sync: true });
  const mod = (await import(init.module.url)) as Record<string, Collector<unknown>>;
  const collector = mod[init.module.name];
  if (!collector) throw new Error(`${init.module.url} has no export ${init.module.name}`);
  const abort = new AbortController();
  // Why unlimited: every in-flight request and pacing wait of the collector listens to this one signal.
  setMaxListeners(0, abort.signal);
  let go = () => {};
  const started = new Promise<void>((r) => (go = r));
  port.on('message', (m: { abort?: boolean; go?: boolean }) => {
    if (m.abort) abort.abort(new Error('collection aborted'));
    if (m.go) go();
  });
  // Why errors ignored: a collector that cannot load what it needs fails in collect(), as a collection error.
  await collector.prepare?.().catch(() => undefined);
  port.postMessage({ ready: true } satisfies FromWorker);
  await started;
  let pending: Stat[] = [];
  let timer: NodeJS.Timeout | undefined;
  const send = () => {
    timer = undefined;
    if (pending.length) port.postMessage({ stats: pending } satisfies FromWorker);
    pending = [];
  };
  const stat =
    (name: Stat['stat']) =>
    (...args: unknown[]) => {
      pending.push({ stat: name, args });
      // Why batched by time: progress and page counts may come thousands at a time; 50 ms is soon enough for a display.
      timer ??= setTimeout(send, 50);
    };
  const stats: CollectorStats = { page: stat('page'), retry: stat('retry'), progress: stat('progress'), fact: stat('fact') };
  // Why cleaned here: metadata crosses to the main thread by structured clone, which refuses functions.
  const log: Logger = {
    debug: (m, meta) => stat('log')('debug', m, cleanMeta(meta)),
    info: (m, meta) => stat('log')('info', m, cleanMeta(meta)),
    warn: (m, meta) => stat('log')('warn', m, cleanMeta(meta)),
  };
  // Why an empty shared map: a threaded collector shares no per-run work with others (AWS's collectors, which do,
  // stay in-process); nor does it attach documents.
  const ctx = collectContext(init.context, {
    writeData: (rel, content) => files.write(rel, content),
    log,
    stats,
    signal: abort.signal,
    shared: new Map(),
    attach: false,
  });
  const validators = new Map(Object.entries(init.schemas).map(([type, schema]) => [type, ajv.compile(schema as object)]));
  const records = new RecordFiles(init.staging);
  try {
    return await takeIn(collector, collector.collect(ctx), { validator: (type) => validators.get(type), records });
  } finally {
    // Why also on a crash: the records already written must be on disk before the main thread seals or abandons.
    await records.close().catch(() => undefined);
    if (timer) clearTimeout(timer);
    send();
  }
}

if (!isMainThread && (workerData as Init | undefined)?.module) {
  // Why no process.exit: the messages must reach the main thread first; it terminates the worker once it has read
  // the end (sockets kept alive by the SDK would otherwise hold the thread open).
  runWorker(workerData as Init).then(
    (t) => parentPort!.postMessage({ end: true, ...t } satisfies FromWorker),
    (err: Error & { taken?: Taken }) =>
      parentPort!.postMessage({ error: err.message, ...(err instanceof RunFailure ? err.taken : undefined) } satisfies FromWorker),
  );
}
