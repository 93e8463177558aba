import { describe, expect, it } from 'vitest';
import type { SandboxRequest } from '../server.js';
import { fail, limitOf, links, ok, pageOf, slice, type Answer } from './http.js';

function req(path: string, headers: SandboxRequest['headers'] = {}): SandboxRequest {
  const origin = 'http://127.0.0.1:5678';
  return { method: 'GET', url: new URL(path, origin), headers, body: Buffer.alloc(0), origin };
}

function answer(r: SandboxRequest): Answer {
  return {
    op: 'GET /api/v1/users',
    req: r,
    now: new Date('2026-12-01T00:00:00Z'),
    attrs: {},
    auth: 'SSWS',
    rate: { limit: 600, remaining: -3, reset: 1764547260 },
  };
}

describe('sandbox Okta HTTP helpers', () => {
  it("errors are Okta's envelope, with the code's summary, rate-limit headers and the retry mark the SDK set", () => {
    const a = answer(req('/api/v1/users', { 'x-okta-retry-count': '1' }));
    const res = fail(a, 403, 'E0000006');
    expect(res).toMatchObject({ status: 403, operation: 'GET /api/v1/users', auth: 'SSWS', retry: true });
    expect(JSON.parse(String(res.body))).toMatchObject({
      errorCode: 'E0000006',
      errorSummary: 'You do not have permission to perform the requested action',
      errorLink: 'E0000006',
      errorCauses: [],
    });
    expect(JSON.parse(String(res.body)).errorId).toMatch(/^oae/);
    expect(res.headers).toMatchObject({
      date: 'Tue, 01 Dec 2026 00:00:00 GMT',
      'x-rate-limit-limit': '600',
      'x-rate-limit-remaining': '0',
      'x-rate-limit-reset': '1764547260',
    });
    expect(JSON.parse(String(fail(a, 400, 'E9999999', 'custom words').body)).errorSummary).toBe('custom words');
  });

  it('a successful answer is not marked as a retry without the header', () => {
    expect(ok(answer(req('/api/v1/users')), []).retry).toBe(false);
  });

  it('cursor paging: `after` is the last id of the previous page; an unknown cursor is undefined (a 400 for the handler)', () => {
    const list = ['a', 'b', 'c', 'd', 'e'];
    const pos = new Map(list.map((id, i) => [id, i]));
    const first = slice(list, pos, (s) => s, null, 2)!;
    expect(first).toEqual({ items: ['a', 'b'], next: 'b' });
    expect(slice(list, pos, (s) => s, first.next!, 2)).toEqual({ items: ['c', 'd'], next: 'd' });
    expect(slice(list, pos, (s) => s, 'd', 2)).toEqual({ items: ['e'], next: undefined });
    expect(
      slice(
        list,
        (id) => pos.get(id),
        (s) => s,
        'zzz',
        2,
      ),
    ).toBeUndefined();
  });

  it('Link headers: self always, next with the same query and a new after', () => {
    const r = req('/api/v1/users?limit=2&filter=status%20eq%20%22ACTIVE%22');
    expect(links(r)).toEqual({ link: ['<http://127.0.0.1:5678/api/v1/users?limit=2&filter=status%20eq%20%22ACTIVE%22>; rel="self"'] });
    const [, next] = links(r, 'b').link as string[];
    const u = new URL(/^<([^>]+)>; rel="next"$/.exec(next!)![1]!);
    expect([u.searchParams.get('limit'), u.searchParams.get('filter'), u.searchParams.get('after')]).toEqual(['2', 'status eq "ACTIVE"', 'b']);
  });

  it('limit is clamped to the endpoint maximum and falls back on nonsense; pages are numbered from the cursor position', () => {
    expect(limitOf(req('/x?limit=1000'), 200, 200)).toBe(200);
    expect(limitOf(req('/x?limit=0'), 200, 200)).toBe(200);
    expect(limitOf(req('/x?limit=abc'), 20, 200)).toBe(20);
    expect(limitOf(req('/x?limit=7.9'), 20, 200)).toBe(7);
    expect(pageOf(undefined, 2)).toBe(1);
    expect(pageOf(1, 2)).toBe(2);
    expect(pageOf(3, 2)).toBe(3);
  });
});
