import { describe, expect, it } from 'vitest';
import type { CollectorEvent, CollectorOutput } from '../types.js';
import { ajv } from '../util/ajv.js';
import { intake } from './intake.js';

const src = { operation: 'GET /items', fetchedAt: '2026-11-22T12:00:00.000Z' };
const rec = (i: number): CollectorEvent => ({ kind: 'record', type: 't.item', scope: 'a', source: src, data: { i } });

async function* outputs(): AsyncGenerator<CollectorOutput> {
  yield { kind: 'plan', type: 't.item', scope: 'a' };
  yield [rec(0), rec(1), rec(2)];
  yield rec(3);
  yield [];
  yield [rec(-1), { kind: 'done', type: 't.item', scope: 'a' }];
  yield { kind: 'record', type: 't.other', scope: 'a', source: src, data: { i: 9 } };
}

describe('intake', () => {
  it('takes single events and batches in order, writes valid records of declared types and turns the rest into errors', async () => {
    const validate = ajv.compile({ type: 'object', properties: { i: { type: 'integer', minimum: 0 } } });
    const written: unknown[] = [];
    const taken: CollectorEvent[] = [];
    let waits = 0;
    await intake(outputs(), {
      produces: ['t.item'],
      validator: (t) => (t === 't.item' ? validate : undefined),
      records: {
        append: (_t, line) => written.push(line),
        // Why every other record: the loop must wait on back-pressure and then go on.
        backpressure: () => (written.length % 2 === 0 ? (waits++, new Promise<void>((r) => setTimeout(r, 1))) : undefined),
      },
      take: (ev) => taken.push(ev),
    });
    expect(written.map((l) => (l as { data: { i: number } }).data.i)).toEqual([0, 1, 2, 3]);
    expect(written[0]).toEqual({ scope: 'a', source: src, data: { i: 0 } });
    expect(taken.map((e) => e.kind)).toEqual(['plan', 'record', 'record', 'record', 'record', 'error', 'done', 'error']);
    expect(taken[7]).toMatchObject({ type: 't.other', scope: 'a', cause: 'internal', message: expect.stringContaining('does not declare t.other') });
    expect(taken[5]).toMatchObject({
      kind: 'error',
      cause: 'invalid-response',
      scope: 'a',
      operation: 'GET /items',
      message: expect.stringContaining('/i must be >= 0'),
    });
    expect(waits).toBe(2);
  });
});
