import { setMaxListeners } from 'node:events';
import { getPriority, setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { CollectContext, Collector, CollectorStats, Logger, ScopeState } from '../types.js';
import { cleanMeta } from './run-log.js';
import { DataFiles, rawContent, rawFile, RecordFiles } from '../bundle/writer.js';
import { ajv } from '../util/ajv.js';
import { ScopeTracker } from './evidence.js';
import { intake } from './intake.js';
import { packagePath } from '../util/paths.js';
import { shardView } from './shard.js';

/**
 * Running a collector on its own thread. The CLI's event loop is shared by every collector of a run, and on a large
 * estate AWS's XML and Okta's SDK models keep it busy in long stretches; a collector whose pace is set by many
 * short round trips (GitHub: a few requests in flight, each answer needed before the next call) loses most of its
 * time waiting for the loop there, and more still if the loop must also take in its tens of thousands of events.
 * So the thread takes its own events in (intake.ts: schema check, records file, scope states) for the types only
 * this collector produces in the run, and writes its raw pages straight into the bundle's staging folder. The main
 * thread gets the stats calls as they happen and, at the end, the scopes' states, which it folds into the run's.
 *
 * Protocol (worker → main, in order): `{ stats }` batches; then `{ end }` or `{ error }`, each with the states and
 * record count so far (a crash keeps what was collected, and its unfinished scopes become errors on the main side).
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
  resume?: Record<string, Record<string, string>>;
  shard: { index: number; count: number };
  sandbox: boolean;
  limits: { concurrency: number; timeoutMs: number };
  staging: string;
  /** JSON Schemas of the produced evidence types that have one. */
  schemas: Record<string, unknown>;
}

type Stat = { stat: 'page' | 'retry' | 'progress' | 'fact' | 'log'; args: unknown[] };
interface Taken {
  states: ScopeState[];
  records: number;
}
type FromWorker = { ready: true } | { stats: Stat[] } | ({ end: true } & Taken) | ({ error: string } & Partial<Taken>);

/** What the thread took in: the scopes' states and the number of records it wrote. */
export type ThreadOutcome = Taken;

/** A collector thread that failed; `taken` is what it had collected (absent when the thread died outright). */
export class ThreadFailure extends Error {
  constructor(
    message: string,
    readonly taken?: Taken,
  ) {
    super(message);
  }
}

// Why the compiled file: under vitest this module is TypeScript, which a worker thread cannot load.
const WORKER_SCRIPT = import.meta.url.endsWith('.js') ? fileURLToPath(import.meta.url) : packagePath('dist', 'src', 'engine', 'thread.js');

/** True when the collector can run on a thread here: compiled JavaScript (not a test run's TypeScript source). */
export function threadable(module: CollectorModule | undefined): module is CollectorModule {
  return !!module && module.url.endsWith('.js') && process.env.SOC2_COLLECTOR_THREADS !== '0';
}

/** A collector thread started and preparing: `ready` once it has loaded its collector (and run its `prepare`). */
export interface PreparedThread {
  ready: Promise<void>;
  /** Starts collecting; resolves with what the thread took in. Stats calls are replayed on `ctx.stats` as they arrive. */
  run(): Promise<ThreadOutcome>;
}

/**
 * Main side: starts the worker, which loads the collector and waits for `run()`. Aborting `ctx.signal` during the
 * run aborts the collector inside the worker and rejects at once. Every started thread must be run (it is ended there).
 */
export function startThread(module: CollectorModule, id: string, ctx: CollectContext<unknown>, staging: string, schemas: Record<string, unknown>): PreparedThread {
  const init: Init = { module, id, config: ctx.config, asOf: ctx.asOf.toISOString(), period: ctx.period, ...(ctx.resume ? { resume: ctx.resume } : {}), shard: { index: ctx.shard.index, count: ctx.shard.count }, sandbox: ctx.sandbox, limits: ctx.limits, staging, schemas };
  const worker = new Worker(WORKER_SCRIPT, { workerData: init });
  const stats = ctx.stats as unknown as Record<string, (...a: unknown[]) => void>;
  let markReady = () => {};
  const ready = new Promise<void>((r) => (markReady = r));
  let waiting: { resolve(o: ThreadOutcome): void; reject(e: Error): void } | undefined;
  // Why kept: the thread may fail while preparing, before run() waits for it.
  let early: ThreadOutcome | Error | undefined;
  const finish = (o: ThreadOutcome | Error) => {
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
    }
    else if ('end' in m) finish({ states: m.states, records: m.records });
    else finish(new ThreadFailure(m.error, m.states ? { states: m.states, records: m.records ?? 0 } : undefined));
  });
  worker.on('error', (err: Error) => finish(new ThreadFailure(err.message)));
  // Why: the worker reports its end itself; an exit before that is a crash (out of memory, an uncaught error).
  worker.on('exit', (code) => finish(new ThreadFailure(`collector thread exited early (code ${code})`)));
  const run = async (): Promise<ThreadOutcome> => {
    // Why after the worker exists: on Linux it keeps the priority it was created with (see mainThreadYields).
    mainThreadYields(+1);
    let onAbort = () => {};
    try {
      return await new Promise<ThreadOutcome>((resolve, reject) => {
        if (early) return early instanceof Error ? reject(early) : resolve(early);
        waiting = { resolve, reject };
        onAbort = () => {
          worker.postMessage({ abort: true });
          // Why a grace period: the collector inside stops at its next wait and the worker then reports what it took
          // in (a run that reached its deadline seals that); a worker that does not answer in time is given up.
          setTimeout(() => reject(new ThreadFailure('collection aborted')), ABORT_GRACE_MS).unref();
        };
        if (ctx.signal.aborted) return onAbort();
        ctx.signal.addEventListener('abort', onAbort, { once: true });
        worker.postMessage({ go: true });
      });
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
      await worker.terminate();
      mainThreadYields(-1);
    }
  };
  return { ready, run };
}

let running = 0;
/** The main thread's priority before it was lowered, while it is lowered. */
let saved: number | undefined;

/**
 * While a collector runs on its own thread, the main thread runs at a lower scheduling priority (nice +10). The main
 * thread carries the bulk work of collectors paced by rate limits (AWS CloudTrail's 2 calls a second, Okta's
 * per-minute buckets), which absorbs a few milliseconds' delay at no cost; a threaded collector is paced by round
 * trips, and every millisecond its thread waits for a core adds to each of them. Measured on the 2-core bench:
 * GitHub's wall/bound 1.44 → 1.32, AWS and Okta unchanged. Linux sets the nice value per thread, so the worker,
 * created before the change, keeps its priority; elsewhere the whole process is lowered, which costs nothing. The
 * old priority is restored afterwards where the system allows raising it again (it does not for unprivileged users
 * on Linux; the rest of the run then stays at the lower priority, as under `nice`).
 */
function mainThreadYields(delta: 1 | -1): void {
  running += delta;
  try {
    if (delta === 1 && running === 1 && saved === undefined) {
      saved = getPriority();
      setPriority(Math.min(19, saved + 10));
    } else if (delta === -1 && running === 0 && saved !== undefined) {
      setPriority(saved);
      saved = undefined;
    }
  } catch {
    // Not permitted here: the run goes on at the priority it has.
  }
}

/** How long an aborted collector thread may take to report what it took in before it is given up. */
const ABORT_GRACE_MS = 2_000;

/** Worker side: runs the collector, takes its events in, and reports what it took. */
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
  const ctx: CollectContext<unknown> = {
    config: init.config,
    asOf: new Date(init.asOf),
    period: init.period,
    ...(init.resume ? { resume: init.resume } : {}),
    raw: async (scope, operation, body, page) => {
      await files.write(rawFile(init.id, scope, operation, page), rawContent(body));
    },
    // Why cleaned here: metadata crosses to the main thread by structured clone, which refuses functions.
    log: { debug: (m, meta) => stat('log')('debug', m, cleanMeta(meta)), info: (m, meta) => stat('log')('info', m, cleanMeta(meta)), warn: (m, meta) => stat('log')('warn', m, cleanMeta(meta)) },
    stats,
    signal: abort.signal,
    shard: shardView(init.shard),
    sandbox: init.sandbox,
    limits: init.limits,
    // Why empty: a threaded collector shares no per-run work with others (AWS's collectors, which do, stay in-process).
    shared: new Map(),
  };
  const validators = new Map(Object.entries(init.schemas).map(([type, schema]) => [type, ajv.compile(schema as object)]));
  const records = new RecordFiles(init.staging);
  const tracker = new ScopeTracker();
  let count = 0;
  const taken = (): Taken => ({ states: tracker.list(), records: count });
  try {
    await intake(collector.collect(ctx), {
      produces: collector.meta.produces,
      validator: (type) => validators.get(type),
      records,
      take: (ev) => {
        tracker.add(ev);
        if (ev.kind === 'record') count++;
      },
    });
  } catch (err) {
    throw Object.assign(err instanceof Error ? err : new Error(String(err)), { taken: taken() });
  } finally {
    // Why also on a crash: the records already written must be on disk before the main thread seals or abandons.
    await records.close().catch(() => undefined);
    if (timer) clearTimeout(timer);
    send();
  }
  return taken();
}

if (!isMainThread && (workerData as Init | undefined)?.module) {
  // Why no process.exit: the messages must reach the main thread first; it terminates the worker once it has read
  // the end (sockets kept alive by the SDK would otherwise hold the thread open).
  runWorker(workerData as Init).then(
    (t) => parentPort!.postMessage({ end: true, ...t } satisfies FromWorker),
    (err: Error & { taken?: Taken }) => parentPort!.postMessage({ error: err.message, ...err.taken } satisfies FromWorker),
  );
}
