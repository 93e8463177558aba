import type { CollectionError, CollectionErrorCause, EvidenceData, EvidenceRecord, EvidenceSource, EvidenceType } from './types.js';

/** Builds a CollectionError event; `missingPermission` is kept only when the cause is a denial. */
export function collectionError(
  type: string,
  scope: string,
  cause: CollectionErrorCause,
  operation: string,
  message: string,
  missingPermission?: string,
): CollectionError {
  return { kind: 'error', type, scope, cause, operation, message, ...(cause === 'denied' && missingPermission ? { missingPermission } : {}) };
}

/** What a provider's error mapper (`errorEvent` in `collectors/<provider>/errors.ts`) may be told beside the error. */
export interface ErrorContext {
  /** Pages of the enumeration read before it failed; more than 0 makes the failure `truncated` (see `brokenOff`). */
  pagesRead?: number;
  /** For a denial: the permission that would have allowed the call, when the provider does not name it. */
  missingPermission?: string;
}

/**
 * The one rule for an enumeration that broke off: once a page of it was read, any failure (denied, throttled,
 * server, cut answer…) makes the scope `truncated`, with the failure's own cause kept in the message. Why: the
 * records read so far are a partial list, which must never read as the whole one.
 */
export function brokenOff(ev: CollectionError, pagesRead = 0): CollectionError {
  if (pagesRead <= 0 || ev.cause === 'truncated') return ev;
  const { missingPermission: _, ...rest } = ev;
  return { ...rest, cause: 'truncated', message: `${ev.message} (${ev.cause} after ${pagesRead} page(s) were read; the list is incomplete)` };
}

/** Events buffered between workers and the consumer before workers pause (bounds memory on large estates). */
const HIGH_WATER = 2000;

/**
 * Runs `work` for each item with bounded concurrency and streams the events of all of them as they
 * arrive. Workers pause while the consumer is more than HIGH_WATER events behind, so a slow consumer
 * (the bundle writer) bounds how much is held in memory.
 */
export async function* fanOut<T, E>(items: T[], concurrency: number, work: (item: T) => AsyncIterable<E>): AsyncGenerator<E> {
  const queue: E[] = [];
  let head = 0;
  let next = 0;
  let running = 0;
  let failure: unknown;
  let stopped = false;
  let wake: (() => void) | undefined;
  const paused: Array<() => void> = [];
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const start = () => {
    while (!stopped && running < Math.max(1, concurrency) && next < items.length) {
      const item = items[next++]!;
      running++;
      void (async () => {
        try {
          for await (const ev of work(item)) {
            // Why: once the consumer has stopped (an interrupted run), a worker ends at its next event.
            if (stopped) break;
            queue.push(ev);
            notify();
            if (queue.length - head > HIGH_WATER) await new Promise<void>((r) => paused.push(r));
          }
        } catch (err) {
          failure ??= err;
        } finally {
          running--;
          start();
          notify();
        }
      })();
    }
  };
  start();
  try {
    while (running > 0 || head < queue.length) {
      if (head < queue.length) {
        yield queue[head++]!;
        if (head > 1024) {
          queue.splice(0, head);
          head = 0;
        }
        if (queue.length - head <= HIGH_WATER / 2) for (const r of paused.splice(0)) r();
        continue;
      }
      for (const r of paused.splice(0)) r();
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stopped = true;
    for (const r of paused.splice(0)) r();
  }
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what the producer threw, unchanged
  if (failure) throw failure;
}

/**
 * `iterable` until `signal` aborts: then the wait for the next item ends at once with the signal's reason, and the
 * iterator is asked to return (a collector blocked in a long wait need not reach its next event first).
 */
export async function* untilAborted<T>(iterable: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const it = iterable[Symbol.asyncIterator]();
  const reason = () => (signal.reason instanceof Error ? signal.reason : new Error('interrupted'));
  // Why one listener and a fresh promise per item (not Promise.race with one long-lived promise): every race would
  // leave a reaction on that promise until the run ends — hundreds of thousands on a large estate.
  let interrupt: ((err: Error) => void) | undefined;
  const onAbort = () => interrupt?.(reason());
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      if (signal.aborted) throw reason();
      const r = await new Promise<IteratorResult<T>>((resolve, reject) => {
        interrupt = reject;
        it.next().then(resolve, reject);
      });
      interrupt = undefined;
      if (r.done) return;
      yield r.value;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    void Promise.resolve(it.return?.()).catch(() => undefined);
  }
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * A request started now and read later: the outcome instead of a rejection, so starting several at once never
 * leaves an unhandled rejection while an earlier one is awaited.
 */
export function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/**
 * An unbounded hand-over from one producer to one consumer (`for await`): `push` items, then `close()` — with an
 * error when the producer failed, which the consumer's loop then throws. The producer bounds what it pushes.
 */
export class Channel<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private closed = false;
  private failure: unknown;
  private wake: (() => void) | undefined;

  push(item: T): void {
    this.items.push(item);
    this.notify();
  }

  /** Ends the channel; only the first close counts (a later one, e.g. a cleanup path after a failure, is ignored). */
  close(failure?: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.failure = failure;
    this.notify();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (let head = 0; ;) {
      if (head < this.items.length) {
        yield this.items[head]!;
        this.items[head++] = undefined as T;
        if (head > 1024) {
          this.items.splice(0, head);
          head = 0;
        }
        continue;
      }
      if (this.closed) {
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what close() was given, unchanged
        if (this.failure !== undefined) throw this.failure;
        return;
      }
      await new Promise<void>((r) => (this.wake = r));
    }
  }
}

/**
 * A provider's answer exactly as it arrived, for `ctx.raw`: written unchanged (byte for byte what the provider
 * sent, and no second serialisation of a large page). Anything else given to `ctx.raw` is written as JSON.
 */
export class RawText {
  constructor(readonly text: string) {}
}

/**
 * An answer that arrived whole but lacks what the evidence needs (a field, a column): `invalid-response` for its
 * scope, naming what is missing — never a default value, and never read as a cut-off list.
 */
export class InvalidAnswer extends Error {
  override readonly name = 'InvalidAnswer';
}

/** The error a call ends with when its deadline passes (`cause: timeout` in every provider's mapping). */
export class DeadlineError extends Error {
  override readonly name = 'TimeoutError';
  readonly code = 'ETIMEDOUT';
}

/**
 * Runs `fn` with a signal that aborts when `outer` aborts or `ms` pass, whichever is first; a call still running at
 * the deadline is abandoned and the promise rejects with a DeadlineError. Every request loop of a collector passes
 * through one, so no answer a server withholds can hold a run.
 */
export async function withDeadline<T>(outer: AbortSignal, ms: number, what: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  const onOuter = () => ac.abort(outer.reason);
  if (outer.aborted) onOuter();
  else outer.addEventListener('abort', onOuter, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const err = new DeadlineError(`${what}: no complete answer within ${Math.round(ms)} ms`);
      ac.abort(err);
      reject(err);
    }, ms);
  });
  // Why: the deadline's rejection is raced below; when `fn` wins it must not surface as unhandled.
  expired.catch(() => undefined);
  try {
    return await Promise.race([fn(ac.signal), expired]);
  } finally {
    clearTimeout(timer);
    outer.removeEventListener('abort', onOuter);
  }
}

/**
 * One record event of `type`. Its `data` is checked at compile time against the type's record type generated from
 * schemas/evidence/<type>.schema.json (EvidenceData), so a schema change breaks the collector that writes the type.
 */
export function recordOf<K extends EvidenceType>(type: K, scope: string, source: EvidenceSource, data: EvidenceData<K>): EvidenceRecord<EvidenceData<K>> {
  return { kind: 'record', type, scope, source, data };
}
