import type { CollectContext } from '../../src/types.js';
import type { GithubClient } from './client.js';

/**
 * Reads every page of a REST list through Octokit's paginate (which follows the absolute `Link: rel="next"`),
 * saving each raw page and counting it. Throws on the first failing page: the caller reports the enumeration
 * as incomplete, never as the items read so far.
 */
export async function readAll<T>(
  ctx: CollectContext<unknown>,
  gh: GithubClient,
  route: string,
  params: Record<string, unknown>,
  raw: { scope: string; name: string },
): Promise<T[]> {
  const items: T[] = [];
  let page = 0;
  const [, path] = route.split(' ');
  for await (const resp of gh.paginate.iterator(route as 'GET /orgs/{org}/members', { ...params, per_page: 100 } as never)) {
    page++;
    ctx.stats.page(`GET ${path}`);
    await ctx.raw(raw.scope, raw.name, resp.data, page);
    items.push(...(resp.data as unknown as T[]));
    if (page > 100_000) throw new Error(`${route}: pagination did not end`);
  }
  return items;
}
