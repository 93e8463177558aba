import { describe, expect, it } from 'vitest';
import { brokenOff, collectionError, fanOut, untilAborted } from './collector-kit.js';
import { AwsCallError, errorEvent as awsEvent } from '../collectors/aws/errors.js';
import { errorEvent as githubEvent } from '../collectors/github/errors.js';
import { errorEvent as oktaEvent } from '../collectors/okta/errors.js';

describe('fanOut', () => {
  it('streams every event of every item, with bounded concurrency', async () => {
    let running = 0;
    let maxRunning = 0;
    const out: string[] = [];
    for await (const ev of fanOut([1, 2, 3, 4, 5, 6], 2, async function* (n) {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((r) => setTimeout(r, 5));
      for (let i = 0; i < 3; i++) yield `${n}.${i}`;
      running--;
    }))
      out.push(ev);
    expect(out.sort()).toEqual([1, 2, 3, 4, 5, 6].flatMap((n) => [0, 1, 2].map((i) => `${n}.${i}`)).sort());
    expect(maxRunning).toBe(2);
  });

  it('pauses fast workers while the consumer is behind, so memory stays bounded', async () => {
    let produced = 0;
    let consumed = 0;
    let maxAhead = 0;
    for await (const _ of fanOut([1, 2, 3], 3, async function* () {
      for (let i = 0; i < 10_000; i++) {
        produced++;
        yield i;
      }
    })) {
      consumed++;
      maxAhead = Math.max(maxAhead, produced - consumed);
      if (consumed % 500 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    expect(consumed).toBe(30_000);
    expect(maxAhead).toBeLessThan(2100);
  });

  it('rethrows a worker failure after the other workers finish', async () => {
    const seen: number[] = [];
    const run = async () => {
      for await (const n of fanOut([1, 2, 3], 3, async function* (n) {
        if (n === 2) throw new Error('boom');
        yield n;
      }))
        seen.push(n);
    };
    await expect(run()).rejects.toThrow('boom');
    expect(seen.sort()).toEqual([1, 3]);
  });
});

describe('stopping early', () => {
  it('fanOut starts no more items and its workers end once the consumer stops', async () => {
    let started = 0;
    let produced = 0;
    const work = async function* () {
      started++;
      for (let i = 0; i < 100; i++) {
        await new Promise((r) => setTimeout(r, 1));
        produced++;
        yield i;
      }
    };
    for await (const ev of fanOut([1, 2, 3, 4, 5, 6], 2, work)) if (ev === 3) break;
    const after = produced;
    await new Promise((r) => setTimeout(r, 50));
    expect(started).toBe(2);
    // Each of the two workers may finish the step it was in, no more.
    expect(produced - after).toBeLessThanOrEqual(2);
  });

  it('untilAborted ends a wait on a stalled iterator when the signal aborts, and asks it to return', async () => {
    let returned = false;
    const stalled: AsyncIterable<number> = {
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<IteratorResult<number>>(() => {}),
        return: async () => ((returned = true), { done: true, value: undefined }),
      }),
    };
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('interrupted by the user')), 20);
    await expect(
      (async () => {
        for await (const _ of untilAborted(stalled, ac.signal)) void _;
      })(),
    ).rejects.toThrow('interrupted by the user');
    expect(returned).toBe(true);
  });

  it('untilAborted passes every item through while the signal is quiet', async () => {
    const out: number[] = [];
    for await (const x of untilAborted(
      fanOut([1, 2, 3], 3, async function* (n) {
        yield n;
      }),
      new AbortController().signal,
    ))
      out.push(x);
    expect(out.sort()).toEqual([1, 2, 3]);
  });
});

describe('one error mapper per provider, one rule for a list that broke off', () => {
  // Each maps a 403 met after `read` pages of a list (an AwsCallError counts the page it failed on).
  const denied = {
    aws: (read: number) =>
      awsEvent(
        'aws.iam.user',
        '111111111111',
        'iam:ListUsers',
        new AwsCallError('iam:ListUsers', { name: 'AccessDeniedException', message: 'no', $metadata: { httpStatusCode: 403 } }, read + 1),
      ),
    github: (read: number) =>
      githubEvent(
        'github.member',
        'acme',
        'GET /orgs/{org}/members',
        Object.assign(new Error('Forbidden'), { status: 403, response: { headers: {} }, pagesRead: read }),
        { missingPermission: 'owner' },
      ),
    okta: (read: number) =>
      oktaEvent(
        'okta.user',
        'acme.okta.com',
        'GET /api/v1/users',
        { status: 403, url: 'https://acme.okta.com/api/v1/users', headers: { get: () => null } },
        { pagesRead: read },
      ),
  };

  it.each(Object.entries(denied))('%s: a denial on the first page is denied, with the permission', (_, event) => {
    const ev = event(0);
    expect(ev.cause).toBe('denied');
    expect(ev.missingPermission).toBeTruthy();
  });

  it.each(Object.entries(denied))('%s: the same denial after two pages is truncated, its cause kept in the message', (_, event) => {
    const ev = event(2);
    expect(ev).toMatchObject({ kind: 'error', cause: 'truncated' });
    expect(ev.message).toContain('(denied after 2 page(s) were read; the list is incomplete)');
    expect(ev.missingPermission).toBeUndefined();
  });

  it('brokenOff leaves a failure before any page, and an already truncated one, as they are', () => {
    const ev = collectionError('t', 's', 'server', 'op', 'HTTP 500');
    expect(brokenOff(ev, 0)).toBe(ev);
    const cut = brokenOff(ev, 1);
    expect(brokenOff(cut, 4)).toBe(cut);
  });
});
