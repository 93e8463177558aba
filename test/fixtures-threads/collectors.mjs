// Collectors for src/engine/thread.test.ts: plain JavaScript, so a worker thread can import them under vitest.
export const steady = {
  meta: { id: 'steady', source: 'steady', title: 'steady', produces: ['t.item'], permissions: [] },
  async *collect(ctx) {
    ctx.stats.fact('steady.org', ctx.config.org);
    yield { kind: 'plan', type: 't.item', scope: 'a' };
    for (let i = 0; i < 2000; i++) {
      ctx.stats.page('GET /items');
      yield {
        kind: 'record',
        type: 't.item',
        scope: 'a',
        source: { operation: 'GET /items', fetchedAt: ctx.asOf.toISOString() },
        data: { i, owned: ctx.shard.owns(`k${i}`) },
      };
    }
    await ctx.raw('a', 'items', { total: 2000 }, 1);
    yield { kind: 'done', type: 't.item', scope: 'a' };
  },
};

export const crashing = {
  meta: { id: 'crashing', source: 'crashing', title: 'crashing', produces: ['t.item'], permissions: [] },
  async *collect(ctx) {
    yield { kind: 'plan', type: 't.item', scope: 'a' };
    yield { kind: 'record', type: 't.item', scope: 'a', source: { operation: 'GET /items', fetchedAt: ctx.asOf.toISOString() }, data: { i: 0 } };
    throw new Error('provider answered nonsense');
  },
};

export const waiting = {
  meta: { id: 'waiting', source: 'waiting', title: 'waiting', produces: ['t.item'], permissions: [] },
  async *collect(ctx) {
    yield { kind: 'plan', type: 't.item', scope: 'a' };
    await new Promise((resolve, reject) => {
      const t = setTimeout(resolve, 30_000);
      ctx.signal.addEventListener('abort', () => (clearTimeout(t), reject(new Error('aborted by the run'))));
    });
    yield { kind: 'done', type: 't.item', scope: 'a' };
  },
};

// Loads its state in prepare(); collect() reports whether that happened first, in this thread.
let loaded;
export const preparing = {
  meta: { id: 'preparing', source: 'preparing', title: 'preparing', produces: ['t.item'], permissions: [] },
  async prepare() {
    await new Promise((resolve) => setTimeout(resolve, 50));
    loaded = { at: Date.now() };
  },
  async *collect(ctx) {
    yield { kind: 'plan', type: 't.item', scope: 'a' };
    yield {
      kind: 'record',
      type: 't.item',
      scope: 'a',
      source: { operation: 'GET /items', fetchedAt: ctx.asOf.toISOString() },
      data: { i: 0, loadedAt: loaded?.at ?? null, collectAt: Date.now() },
    };
    yield { kind: 'done', type: 't.item', scope: 'a' };
  },
};

export const throwingString = {
  meta: { id: 'throwingString', source: 'x', title: 'x', produces: ['t.item'], permissions: [] },
  async *collect() {
    yield { kind: 'plan', type: 't.item', scope: 'a' };
    throw 'provider said no';
  },
};

// Says a warning (with a token in its metadata and a function beside it) and an info line, then one record.
export const talking = {
  meta: { id: 'talking', source: 'talking', title: 'talking', produces: ['t.item'], permissions: [] },
  async *collect(ctx) {
    yield { kind: 'plan', type: 't.item', scope: 'a' };
    ctx.log.warn('account could not be opened', { account: '222222222222', error: 'denied for ghp_abcdefghijklmnopqrstuvwxyz0123456789', fn: () => 1 });
    ctx.log.info('service not enabled in region', { region: 'eu-west-1' });
    yield { kind: 'record', type: 't.item', scope: 'a', source: { operation: 'GET /items', fetchedAt: ctx.asOf.toISOString() }, data: { i: 0 } };
    yield { kind: 'done', type: 't.item', scope: 'a' };
  },
};
