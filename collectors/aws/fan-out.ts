/** Runs per-scope work with bounded concurrency and streams the events of all of them as they arrive. */
import pLimit from 'p-limit';
import type { CollectorEvent } from '../../src/types.js';

export async function* fanOut<T>(items: T[], concurrency: number, work: (item: T) => AsyncIterable<CollectorEvent>): AsyncGenerator<CollectorEvent> {
  const limit = pLimit(Math.max(1, concurrency));
  const queue: CollectorEvent[] = [];
  let head = 0;
  let pending = items.length;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  for (const item of items) {
    void limit(async () => {
      try {
        for await (const ev of work(item)) {
          queue.push(ev);
          notify();
        }
      } catch (err) {
        failure ??= err;
      } finally {
        pending--;
        notify();
      }
    });
  }
  while (pending > 0 || head < queue.length) {
    if (head < queue.length) {
      yield queue[head++]!;
      if (head > 1024) queue.splice(0, head), (head = 0);
      continue;
    }
    await new Promise<void>((resolve) => (wake = resolve));
  }
  if (failure) throw failure;
}
