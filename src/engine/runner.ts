import type { CollectContext, Collector, CollectorOutput, CollectorStats, Logger, ScopeState } from '../types.js';
import { rawContent, rawFile } from '../bundle/writer.js';
import { untilAborted } from '../collector-kit.js';
import { ScopeTracker } from './evidence.js';
import { intake, type IntakeSink } from './intake.js';
import { shardView } from './shard.js';

/**
 * One way to run a collector, wherever it runs. The engine (run.ts) asks for a `CollectorRunner`: in-process
 * (`inProcessRunner`, here) or on its own worker thread (`threadRunner`, thread.ts). Both build the collector's
 * context with `collectContext` from the same plain `ContextInit` (the thread receives it by structured clone), and
 * both take the collector's events in with `takeIn` (schema check, records file, the collector's own scope states),
 * so both hand back the same `Taken` for the engine to fold into the run.
 */

/** What a collector's context is made of that can cross to another thread. */
export interface ContextInit {
  id: string;
  config: unknown;
  /** ISO time. */
  asOf: string;
  period: { start: string; end: string };
  /** Only this collector's population types. */
  resume?: Record<string, Record<string, string>>;
  shard: { index: number; count: number };
  sandbox: boolean;
  limits: { concurrency: number; timeoutMs: number };
}

/** What a collector's context does, supplied by the side it runs on. */
export interface ContextIO {
  /** Writes a file under the bundle's `data/` (raw pages, attachments). */
  writeData(relUnderData: string, content: string | Buffer): Promise<unknown>;
  log: Logger;
  stats: CollectorStats;
  signal: AbortSignal;
  shared: Map<string, unknown>;
  /** Whether `ctx.attach` is offered (document evidence; in-process collectors only). */
  attach: boolean;
}

/** The one context factory: every collector's `CollectContext`, in-process or on a thread. */
export function collectContext(init: ContextInit, io: ContextIO): CollectContext<any> {
  return {
    config: init.config,
    asOf: new Date(init.asOf),
    period: init.period,
    ...(init.resume ? { resume: init.resume } : {}),
    raw: async (scope, operation, body, page) => {
      await io.writeData(rawFile(init.id, scope, operation, page), rawContent(body));
    },
    ...(io.attach
      ? {
          attach: async (scope: string, name: string, bytes: Uint8Array) => {
            await io.writeData(`raw/${init.id}/${scope}/${name}`, Buffer.from(bytes));
          },
        }
      : {}),
    log: io.log,
    stats: io.stats,
    signal: io.signal,
    shard: shardView(init.shard),
    sandbox: init.sandbox,
    limits: init.limits,
    shared: io.shared,
  };
}

/** What a runner took in: the collector's scopes' states and the number of records it wrote. */
export interface Taken {
  states: ScopeState[];
  records: number;
}

/** A collector run that failed; `taken` is what it had collected (absent when a thread died outright). */
export class RunFailure extends Error {
  constructor(
    message: string,
    readonly taken?: Taken,
  ) {
    super(message);
  }
}

/** A collector made ready (`ready`: its SDK loaded), then run once (`run`: resolves with what it took in). */
export interface CollectorRunner {
  ready: Promise<void>;
  /** Rejects with a RunFailure (carrying what was taken in) when the collector throws or its thread dies. */
  run(): Promise<Taken>;
}

/** Where taken-in records go: the records files and each produced type's validator. */
export type TakeSink = Pick<IntakeSink, 'validator' | 'records'>;

/** Takes a collector's events in through `intake` to their end, tracking the collector's own scopes' states. */
export async function takeIn(collector: Collector<any>, events: AsyncIterable<CollectorOutput>, sink: TakeSink): Promise<Taken> {
  const tracker = new ScopeTracker();
  let records = 0;
  const taken = (): Taken => ({ states: tracker.list(), records });
  try {
    await intake(events, {
      produces: collector.meta.produces,
      validator: sink.validator,
      records: sink.records,
      take: (ev) => {
        tracker.add(ev);
        if (ev.kind === 'record') records++;
      },
    });
  } catch (err) {
    throw new RunFailure((err as Error)?.message ?? String(err), taken());
  }
  return taken();
}

/** The in-process runner: `prepare` now, `collect` on the CLI's own event loop. */
export function inProcessRunner(collector: Collector<any>, ctx: CollectContext<any>, sink: TakeSink): CollectorRunner {
  // Why errors ignored: a collector that cannot load its SDK fails in collect(), as a collection error.
  const ready = (collector.prepare?.() ?? Promise.resolve()).catch(() => undefined);
  // Why untilAborted: an in-process collector that misses the signal must still let the run end (a thread is terminated).
  return { ready, run: () => takeIn(collector, untilAborted(collector.collect(ctx), ctx.signal), sink) };
}
