import type { CollectContext } from '../../src/types.js';
import type { GithubClient } from './client.js';
import { settle } from '../../src/collector-kit.js';
import { asReceived, InvalidResponseError } from './transport.js';

const MAX_PAGES = 100_000;
const PER_PAGE = 100;

/** The items a failed `readAll` had read before it failed (its earlier pages), when any. */
export function partialOf<T>(err: unknown): T[] | undefined {
  const p = (err as { partial?: T[] } | undefined)?.partial;
  return Array.isArray(p) && p.length ? p : undefined;
}

interface Page {
  data: unknown;
  headers: { link?: string };
}

/**
 * Reads every page of a REST list, saving each raw page and counting it. When the first answer's `Link`
 * names the last page by number (GitHub's page-numbered lists: members, repositories), the remaining
 * pages are requested at once (the client's gate bounds how many are in flight); otherwise `rel="next"` is followed one page at a time (cursor
 * lists). Throws on the first failing page: the caller reports the enumeration as incomplete, never as the
 * items read so far.
 */
export async function readAll<T>(
  ctx: CollectContext<unknown>,
  gh: GithubClient,
  route: string,
  params: Record<string, unknown>,
  raw: { scope: string; name: string; redact?: (item: Record<string, unknown>) => unknown; itemsKey?: string },
): Promise<T[]> {
  const items: T[] = [];
  // Why itemsKey: a few lists (App installations) wrap the page in `{ total_count, <key>: [...] }`.
  const listOf = (data: unknown): unknown => (raw.itemsKey ? (data as Record<string, unknown> | null)?.[raw.itemsKey] : data);
  const [, path] = route.split(' ');
  let page = 0;
  const take = async (resp: Page, numbered?: { last: number }) => {
    const list = listOf(resp.data);
    if (!Array.isArray(list)) throw new InvalidResponseError(`${route}: page ${page + 1} is not a JSON array${raw.itemsKey ? ` under ${raw.itemsKey}` : ''}`);
    // Why: a page the list's own count (rel="last", rel="next") says exists, answered short or empty, means the list
    // ended before what it announced; what was read is not the whole list.
    const n = list.length;
    if (numbered && (n === 0 || (page + 1 < numbered.last && n < PER_PAGE)))
      throw new InvalidResponseError(`${route}: page ${page + 1} of ${numbered.last} has ${n} items; the list ends before its announced end`);
    if (!numbered && page > 0 && n === 0) throw new InvalidResponseError(`${route}: page ${page + 1}, linked as the next page, is empty`);
    page++;
    ctx.stats.page(`GET ${path}`);
    // Why redact: some lists carry values that must never reach disk (a secret scanning alert's `secret`).
    await ctx.raw(raw.scope, raw.name, raw.redact ? (list as Array<Record<string, unknown>>).map(raw.redact) : asReceived(resp.data, resp.data), page);
    items.push(...(list as T[]));
  };
  try {
    const first = (await gh.request(route as 'GET /orgs/{org}/members', { ...params, per_page: PER_PAGE } as never)) as unknown as Page;
    const last = numberedLast(first.headers.link);
    const firstList = listOf(first.data);
    if (last !== undefined && Array.isArray(firstList) && firstList.length < PER_PAGE) {
      throw new InvalidResponseError(`${route}: page 1 has ${firstList.length} items yet announces ${last} pages; the list ends before its announced end`);
    }
    await take(first);
    if (last !== undefined) {
      if (last > MAX_PAGES) throw new Error(`${route}: ${last} pages is more than this collector reads`);
      const rest = Array.from({ length: Math.max(0, last - 1) }, (_, i) => i + 2);
      // Why settled: a failing page must not leave the others' rejections unhandled, and the pages before it are kept.
      const pages = await Promise.all(
        rest.map((p) =>
          settle(gh.request(route as 'GET /orgs/{org}/members', { ...params, per_page: PER_PAGE, page: p } as never) as unknown as Promise<Page>),
        ),
      );
      for (const p of pages) {
        if (!p.ok) throw p.error;
        await take(p.value, { last });
      }
      // Why: the list may have grown while it was read; whatever the last page still links to is read too.
      const tail = pages.at(-1);
      return await follow(nextUrl((tail?.ok ? tail.value : first).headers.link));
    }
    return await follow(nextUrl(first.headers.link));
  } catch (err) {
    // Why: the pages read before the failure stay available (their raw answers are already saved) for evidence
    // that does not need the whole list; the caller still reports the enumeration as incomplete.
    throw Object.assign(err instanceof Error ? err : new Error(String(err)), { partial: items, pagesRead: page });
  }

  // Cursor lists (and growth past the numbered pages): follow rel="next" (absolute URLs, as GitHub sends them), bounded.
  async function follow(start: string | undefined): Promise<T[]> {
    for (let next = start; next;) {
      if (page >= MAX_PAGES) throw new Error(`${route}: pagination did not end`);
      const resp = (await gh.request({ method: 'GET', url: next } as never)) as unknown as Page;
      await take(resp);
      next = nextUrl(resp.headers.link);
    }
    return items;
  }
}

/** The page number of `rel="last"` when the list is numbered by `page=`. */
function numberedLast(link: string | undefined): number | undefined {
  const m = /<([^<>]+)>;\s*rel="last"/.exec(link ?? '');
  if (!m) return undefined;
  const n = Number(new URL(m[1]!).searchParams.get('page'));
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function nextUrl(link: string | undefined): string | undefined {
  return /<([^<>]+)>;\s*rel="next"/.exec(link ?? '')?.[1];
}
