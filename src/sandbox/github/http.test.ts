import { describe, expect, it } from 'vitest';
import type { SandboxRequest } from '../server.js';
import { cursored, error, pageOf, paged, type GhCall } from './http.js';

function call(path: string, prefix = ''): GhCall {
  const origin = 'http://127.0.0.1:4567';
  const req: SandboxRequest = { method: 'GET', url: new URL(`${prefix}${path}`, origin), headers: {}, body: Buffer.alloc(0), origin };
  return { req, ix: {} as GhCall['ix'], viewer: {} as GhCall['viewer'], prefix, params: {}, operation: 'GET /orgs/{org}/members', attrs: {} };
}

const links = (header: unknown) =>
  Object.fromEntries(
    String(header ?? '')
      .split(', ')
      .filter(Boolean)
      .map((l) => {
        const m = /^<([^>]+)>; rel="(\w+)"$/.exec(l)!;
        return [m[2], m[1]];
      }),
  );

describe('sandbox GitHub HTTP helpers', () => {
  const items = Array.from({ length: 7 }, (_, i) => i);

  it('page-number paging: absolute Link URLs that keep the query and the Enterprise prefix, no next on the last page', () => {
    const first = paged(call('/orgs/acme/members?role=all&per_page=3', '/api/v3'), items, (i) => i);
    expect(JSON.parse(String(first.body))).toEqual([0, 1, 2]);
    expect(links(first.headers?.link)).toEqual({
      next: 'http://127.0.0.1:4567/api/v3/orgs/acme/members?role=all&per_page=3&page=2',
      last: 'http://127.0.0.1:4567/api/v3/orgs/acme/members?role=all&per_page=3&page=3',
    });
    const last = paged(call('/orgs/acme/members?per_page=3&page=3'), items, (i) => i);
    expect(JSON.parse(String(last.body))).toEqual([6]);
    expect(Object.keys(links(last.headers?.link)).sort()).toEqual(['first', 'prev']);
  });

  it('per_page is clamped to 1..100 and defaults to 30; a bad page number is page 1', () => {
    const many = Array.from({ length: 150 }, (_, i) => i);
    expect(JSON.parse(String(paged(call('/x?per_page=500'), many, (i) => i).body))).toHaveLength(100);
    expect(JSON.parse(String(paged(call('/x'), many, (i) => i).body))).toHaveLength(30);
    expect(JSON.parse(String(paged(call('/x?page=abc&per_page=2'), many, (i) => i).body))).toEqual([0, 1]);
  });

  it('cursor paging follows an opaque after cursor to the end, and pageOf numbers its pages for fault matching', () => {
    const first = cursored(call('/orgs/acme/dependabot/alerts?per_page=4&state=open'), items, (i) => i);
    expect(JSON.parse(String(first.body))).toEqual([0, 1, 2, 3]);
    const next = new URL(links(first.headers?.link).next);
    expect(next.searchParams.get('state')).toBe('open');
    const second = call(`${next.pathname}${next.search}`);
    expect(pageOf(second.req)).toBe(2);
    const end = cursored(second, items, (i) => i);
    expect(JSON.parse(String(end.body))).toEqual([4, 5, 6]);
    expect(end.headers?.link).toBeUndefined();
    expect(pageOf(call('/x?page=3').req)).toBe(3);
    expect(pageOf(call('/x').req)).toBe(1);
  });

  it("errors are GitHub's body: message, documentation_url and the status as a string", () => {
    const res = error(call('/orgs/acme'), 403, 'Must have admin rights to Repository.');
    expect(res.status).toBe(403);
    expect(res.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8' });
    expect(JSON.parse(String(res.body))).toEqual({
      message: 'Must have admin rights to Repository.',
      documentation_url: 'https://docs.github.com/rest',
      status: '403',
    });
  });
});
