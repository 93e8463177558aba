import type { CollectContext } from '../../src/types.js';
import type { GithubClient } from './client.js';
import { asReceived, InvalidResponseError } from './transport.js';

const MAX_PAGES = 100_000;

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
  raw: { scope: string; name: string },
): Promise<T[]> {
  const items: T[] = [];
  const [, path] = route.split(' ');
  let page = 0;
  const take = async (resp: Page) => {
    if (!Array.isArray(resp.data)) throw new InvalidResponseError(`${route}: page ${page + 1} is not a JSON array`);
    page++;
    ctx.stats.page(`GET ${path}`);
    await ctx.raw(raw.scope, raw.name, asReceived(resp.data, resp.data), page);
    items.push(...(resp.data as T[]));
  };
  const first = (await gh.request(route as 'GET /orgs/{org}/members', { ...params, per_page: 100 } as never)) as unknown as Page;
  await take(first);
  const last = numberedLast(first.headers.link);
  if (last !== undefined) {
    if (last > MAX_PAGES) throw new Error(`${route}: ${last} pages is more than this collector reads`);
    const rest = Array.from({ length: Math.max(0, last - 1) }, (_, i) => i + 2);
    const pages = await Promise.all(rest.map((p) => gh.request(route as 'GET /orgs/{org}/members', { ...params, per_page: 100, page: p } as never) as unknown as Promise<Page>));
    for (const p of pages) await take(p);
    // Why: the list may have grown while it was read; whatever the last page still links to is read too.
    return follow(nextUrl((pages.at(-1) ?? first).headers.link));
  }
  return follow(nextUrl(first.headers.link));

  // Cursor lists (and growth past the numbered pages): follow rel="next" (absolute URLs, as GitHub sends them), bounded.
  async function follow(start: string | undefined): Promise<T[]> {
    for (let next = start; next; ) {
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
