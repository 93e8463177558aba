import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { CollectContext } from '../types.js';
import { packagePath } from '../util/paths.js';
import { RunFailure as ThreadFailure } from './runner.js';
import { threadRunner, type CollectorModule } from './thread.js';
import { shardOf } from './shard.js';

const url = pathToFileURL(packagePath('test', 'fixtures-threads', 'collectors.mjs')).href;

function context(signal = new AbortController().signal) {
  const calls: Array<[string, unknown[]]> = [];
  const rec =
    (name: string) =>
    (...args: unknown[]) =>
      void calls.push([name, args]);
  const logged =
    (level: string) =>
    (...args: unknown[]) =>
      void calls.push([`log.${level}`, args]);
  const ctx = {
    config: { org: 'acme' },
    asOf: new Date('2026-11-22T12:00:00Z'),
    period: { start: '2026-08-24', end: '2026-11-22' },
    raw: async () => {},
    log: { debug: logged('debug'), info: logged('info'), warn: logged('warn') },
    stats: { page: rec('page'), retry: rec('retry'), progress: rec('progress'), fact: rec('fact') },
    signal,
    shard: { index: 2, count: 3, owns: () => true },
    sandbox: true,
    limits: { concurrency: 4, timeoutMs: 1000 },
    shared: new Map(),
  } satisfies CollectContext<unknown>;
  return { ctx, calls };
}

/** The thread runner with the context init the engine would derive from `ctx`. */
function startThread(module: CollectorModule, id: string, ctx: ReturnType<typeof context>['ctx'], staging: string, schemas: Record<string, unknown>) {
  const init = {
    id,
    config: ctx.config,
    asOf: ctx.asOf.toISOString(),
    period: ctx.period,
    shard: { index: ctx.shard.index, count: ctx.shard.count },
    sandbox: ctx.sandbox,
    limits: ctx.limits,
  };
  return threadRunner(module, init, ctx, staging, schemas);
}

async function stagingDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'soc2-thread-'));
  await mkdir(join(dir, 'data', 'records'), { recursive: true });
  dirs.push(dir);
  return dir;
}

async function lines(staging: string, type: string): Promise<Array<{ scope: string; source: { fetchedAt: string }; data: { i: number; owned: boolean } }>> {
  const text = await readFile(join(staging, 'data', 'records', `${type}.jsonl`), 'utf8');
  return text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
}

const dirs: string[] = [];

describe('a collector on a worker thread', () => {
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it("says its log lines on the main side's logger, in order, with metadata cleaned before it crosses", async () => {
    const { ctx, calls } = context();
    await startThread({ url, name: 'talking' }, 'talking', ctx, await stagingDir(), {}).run();
    const logs = calls.filter(([n]) => n.startsWith('log.'));
    expect(logs).toEqual([
      ['log.warn', ['account could not be opened', { account: '222222222222', error: 'denied for [redacted]', fn: '[function]' }]],
      ['log.info', ['service not enabled in region', { region: 'eu-west-1' }]],
    ]);
  });

  it("writes its records in order into staging, replays stats, writes raw pages and keeps the shard; returns the scopes' states", async () => {
    const { ctx, calls } = context();
    const staging = await stagingDir();
    const out = await startThread({ url, name: 'steady' }, 'steady', ctx, staging, {}).run();
    expect(out).toEqual({ states: [{ type: 't.item', scope: 'a', state: 'complete', count: 2000 }], records: 2000 });
    const records = await lines(staging, 't.item');
    expect(records.map((r) => r.data.i)).toEqual([...Array(2000).keys()]);
    expect(records[7]!.data).toEqual({ i: 7, owned: shardOf('k7', 3) === 2 });
    expect(records[0]!.scope).toBe('a');
    expect(records[0]!.source.fetchedAt).toBe('2026-11-22T12:00:00.000Z');
    expect(calls.filter(([n]) => n === 'page')).toHaveLength(2000);
    expect(calls).toContainEqual(['fact', ['steady.org', 'acme']]);
    expect(JSON.parse(await readFile(join(staging, 'data', 'raw', 'steady', 'a', 'items.1.json'), 'utf8'))).toEqual({ total: 2000 });
  });

  it("checks each record against its type's schema: one that does not match makes its scope an error and is not written", async () => {
    const { ctx } = context();
    const staging = await stagingDir();
    const out = await startThread({ url, name: 'steady' }, 'steady', ctx, staging, {
      't.item': { type: 'object', properties: { i: { type: 'integer', maximum: 1998 } } },
    }).run();
    expect(out.records).toBe(1999);
    expect(out.states).toHaveLength(1);
    expect(out.states[0]).toMatchObject({
      scope: 'a',
      state: 'error',
      error: { cause: 'invalid-response', message: expect.stringContaining('/i must be <= 1998') },
    });
    expect(await lines(staging, 't.item')).toHaveLength(1999);
  });

  it('turns a crash inside the thread into a failure that keeps what was taken in', async () => {
    const { ctx } = context();
    const err = await startThread({ url, name: 'crashing' }, 'crashing', ctx, await stagingDir(), {})
      .run()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ThreadFailure);
    expect((err as ThreadFailure).message).toBe('provider answered nonsense');
    expect((err as ThreadFailure).taken).toEqual({ states: [{ type: 't.item', scope: 'a', state: 'incomplete', count: 1 }], records: 1 });
  });

  it('keeps what was taken in when the collector throws something that is not an Error', async () => {
    const { ctx } = context();
    const err = await startThread({ url, name: 'throwingString' }, 'throwingString', ctx, await stagingDir(), {})
      .run()
      .catch((e: unknown) => e);
    expect((err as ThreadFailure).message).toBe('provider said no');
    expect((err as ThreadFailure).taken?.states).toEqual([{ type: 't.item', scope: 'a', state: 'incomplete', count: 0 }]);
  });

  it('aborts the collector inside the thread when the run is aborted', async () => {
    const ac = new AbortController();
    const { ctx } = context(ac.signal);
    setTimeout(() => ac.abort(), 200);
    const t0 = Date.now();
    // The collector stops at its wait and the thread reports what it took in (the planned scope, unfinished).
    const err = await startThread({ url, name: 'waiting' }, 'waiting', ctx, await stagingDir(), {})
      .run()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ThreadFailure);
    expect((err as Error).message).toBe('aborted by the run');
    expect((err as ThreadFailure).taken?.states).toEqual([{ type: 't.item', scope: 'a', state: 'incomplete', count: 0 }]);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('loads the collector and runs its prepare() in the thread before run(), and collects only when run', async () => {
    const { ctx } = context();
    const staging = await stagingDir();
    const thread = startThread({ url, name: 'preparing' }, 'preparing', ctx, staging, {});
    await thread.ready;
    const readyAt = Date.now();
    await new Promise((r) => setTimeout(r, 100));
    const out = await thread.run();
    expect(out.records).toBe(1);
    const [rec] = await lines(staging, 't.item');
    const data = rec!.data as unknown as { loadedAt: number | null; collectAt: number };
    expect(data.loadedAt).not.toBeNull();
    expect(data.loadedAt!).toBeLessThanOrEqual(readyAt);
    expect(data.collectAt).toBeGreaterThanOrEqual(readyAt + 90);
  });

  it('reports a module without the named collector', async () => {
    const { ctx } = context();
    await expect(startThread({ url, name: 'missing' }, 'missing', ctx, await stagingDir(), {}).run()).rejects.toThrow(/has no export missing/);
  });
});
