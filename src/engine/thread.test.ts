import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectContext, CollectorEvent } from '../types.js';
import { packagePath } from '../util/paths.js';
import { collectOnThread } from './thread.js';
import { shardOf } from './shard.js';

const url = pathToFileURL(packagePath('test', 'fixtures-threads', 'collectors.mjs')).href;

function context(signal = new AbortController().signal) {
  const calls: Array<[string, unknown[]]> = [];
  const rec = (name: string) => (...args: unknown[]) => void calls.push([name, args]);
  const ctx = {
    config: { org: 'acme' },
    asOf: new Date('2026-11-22T12:00:00Z'),
    period: { start: '2026-08-24', end: '2026-11-22' },
    raw: async () => {},
    log: { debug() {}, info() {}, warn() {} },
    stats: { page: rec('page'), retry: rec('retry'), progress: rec('progress'), fact: rec('fact') },
    signal,
    shard: { index: 2, count: 3, owns: () => true },
    sandbox: true,
    limits: { concurrency: 4, timeoutMs: 1000 },
    shared: new Map(),
  } satisfies CollectContext<unknown>;
  return { ctx, calls };
}

async function drain(it: AsyncIterable<CollectorEvent>): Promise<CollectorEvent[]> {
  const out: CollectorEvent[] = [];
  for await (const ev of it) out.push(ev);
  return out;
}

describe('a collector on a worker thread', () => {
  let staging: string;
  beforeAll(async () => {
    staging = await mkdtemp(join(tmpdir(), 'soc2-thread-'));
  });
  afterAll(async () => {
    await rm(staging, { recursive: true, force: true });
  });

  it('streams every event in order, replays stats, writes raw pages into staging and keeps the shard', async () => {
    const { ctx, calls } = context();
    const events = await drain(collectOnThread({ url, name: 'steady' }, 'steady', ctx, staging));
    expect(events).toHaveLength(2002);
    expect(events[0]).toEqual({ kind: 'plan', type: 't.item', scope: 'a' });
    expect(events.at(-1)).toEqual({ kind: 'done', type: 't.item', scope: 'a' });
    const records = events.filter((e) => e.kind === 'record') as Array<Extract<CollectorEvent, { kind: 'record' }>>;
    expect(records.map((r) => (r.data as { i: number }).i)).toEqual([...Array(2000).keys()]);
    expect(records[7]!.data).toEqual({ i: 7, owned: shardOf('k7', 3) === 2 });
    expect(records[0]!.source.fetchedAt).toBe('2026-11-22T12:00:00.000Z');
    expect(calls.filter(([n]) => n === 'page')).toHaveLength(2000);
    expect(calls).toContainEqual(['fact', ['steady.org', 'acme']]);
    expect(JSON.parse(await readFile(join(staging, 'data', 'raw', 'steady', 'a', 'items.1.json'), 'utf8'))).toEqual({ total: 2000 });
  });

  it('turns a crash inside the thread into an error after the events already sent', async () => {
    const { ctx } = context();
    const seen: CollectorEvent[] = [];
    await expect(
      (async () => {
        for await (const ev of collectOnThread({ url, name: 'crashing' }, 'crashing', ctx, staging)) seen.push(ev);
      })(),
    ).rejects.toThrow('provider answered nonsense');
    expect(seen).toEqual([{ kind: 'plan', type: 't.item', scope: 'a' }]);
  });

  it('aborts the collector inside the thread when the run is aborted', async () => {
    const ac = new AbortController();
    const { ctx } = context(ac.signal);
    setTimeout(() => ac.abort(), 200);
    const t0 = Date.now();
    await expect(drain(collectOnThread({ url, name: 'waiting' }, 'waiting', ctx, staging))).rejects.toThrow('aborted by the run');
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('reports a module without the named collector', async () => {
    const { ctx } = context();
    await expect(drain(collectOnThread({ url, name: 'missing' }, 'missing', ctx, staging))).rejects.toThrow(/has no export missing/);
  });
});
