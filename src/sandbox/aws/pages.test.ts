import { describe, expect, it } from 'vitest';
import { decodeToken } from './model.js';
import { limitOf, pageOf } from './pages.js';

describe('sandbox AWS paging', () => {
  const items = Array.from({ length: 5 }, (_, i) => i);

  it('pages through a list with opaque tokens that carry the next page number, the last page without one', () => {
    const first = pageOf(items, undefined, 2)!;
    expect(first.items).toEqual([0, 1]);
    expect(decodeToken(first.next)).toEqual({ offset: 2, page: 2 });
    const second = pageOf(items, first.next, 2)!;
    expect(second.items).toEqual([2, 3]);
    expect(decodeToken(second.next)).toEqual({ offset: 4, page: 3 });
    expect(pageOf(items, second.next, 2)).toEqual({ items: [4] });
  });

  it('a null token is the first page; a token the sandbox did not issue is undefined (the service answers it as invalid)', () => {
    expect(pageOf(items, null, 10)).toEqual({ items });
    expect(pageOf(items, 'not-a-token', 2)).toBeUndefined();
    expect(pageOf(items, 42, 2)).toBeUndefined();
  });

  it('an exactly full last page has no next token', () => {
    expect(pageOf(items.slice(0, 4), undefined, 4)).toEqual({ items: [0, 1, 2, 3] });
  });

  it('limitOf clamps a requested page size to the documented range and falls back on a non-integer', () => {
    expect(limitOf(undefined, 100, 1000)).toBe(100);
    expect(limitOf('50', 100, 1000)).toBe(50);
    expect(limitOf(5000, 100, 1000)).toBe(1000);
    expect(limitOf(0, 100, 1000)).toBe(1);
    expect(limitOf('abc', 100, 1000)).toBe(100);
  });
});
