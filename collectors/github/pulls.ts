import type { GithubPrMerged } from '../../src/evidence/types.generated.js';
import type { CollectContext, CollectorEvent } from '../../src/types.js';
import type { GithubClient } from './client.js';
import { errorEvent } from './errors.js';
import { InvalidResponseError } from './transport.js';
import type { PrNode, PrPage, ReviewNode } from './map.js';
import { PR_PAGE_QUERY, REVIEWS_QUERY } from './query.js';
import { record, T, type GithubConfig, type RepoRef } from './types.js';
import { readInterval } from '../../src/populations/policy.js';

const MAX_PAGES = 10_000;

/**
 * Merged pull requests into the default branch within the period (or, continuing an earlier bundle, merged since its
 * end less a few minutes), by merge time, newest update first. Pages stop once a page's oldest `updatedAt` is before
 * the start (a PR's merge time is never after its last update).
 */
export async function collectPulls(ctx: CollectContext<GithubConfig>, gh: GithubClient, ref: RepoRef, first: PrPage): Promise<CollectorEvent[]> {
  const { from, to } = readInterval(T.pr, ctx.period, ctx.asOf, ctx.resume?.[T.pr]?.[ref.scope]);
  ctx.stats.fact(
    `query:${T.pr}`,
    'POST /graphql repository.pullRequests(baseRefName: default branch, states: MERGED, orderBy: UPDATED_AT DESC), kept by mergedAt in the interval',
  );
  const start = from.getTime();
  const end = to.getTime();
  const org = ctx.config.org;
  const out: CollectorEvent[] = [];
  let page: PrPage = first;
  try {
    for (let n = 1; n <= MAX_PAGES; n++) {
      for (const pr of page.nodes) {
        if (!pr.mergedAt || Date.parse(pr.mergedAt) < start || Date.parse(pr.mergedAt) >= end) continue;
        const reviews = await allApprovals(ctx, gh, ref, pr);
        out.push(
          record(
            T.pr,
            ref.scope,
            { operation: 'POST /graphql Repository.pullRequests', fetchedAt: new Date().toISOString(), sourceTime: pr.mergedAt },
            prRecord(ref, pr, reviews),
          ),
        );
      }
      const oldest = page.nodes[page.nodes.length - 1]?.updatedAt;
      if (!page.pageInfo.hasNextPage || !oldest || Date.parse(oldest) < start) break;
      // Why: "more pages follow" without a cursor to them would re-read the first page; the list ends short.
      if (!page.pageInfo.endCursor)
        throw new InvalidResponseError(`merged pull requests of ${ref.fullName}: page ${n} says more follow but gives no endCursor`);
      const resp = await gh.graphql<{ repository: { pullRequests: PrPage } }>(PR_PAGE_QUERY, {
        org,
        repo: ref.name,
        base: ref.defaultBranch,
        after: page.pageInfo.endCursor,
        page: n + 1,
      });
      ctx.stats.page('POST /graphql MergedPulls');
      await ctx.raw(ref.scope, 'graphql.MergedPulls', resp, n + 1);
      page = resp.repository.pullRequests;
    }
  } catch (err) {
    return [errorEvent(T.pr, ref.scope, 'POST /graphql MergedPulls', err)];
  }
  out.push({ kind: 'done', type: T.pr, scope: ref.scope });
  return out;
}

async function allApprovals(ctx: CollectContext<GithubConfig>, gh: GithubClient, ref: RepoRef, pr: PrNode): Promise<ReviewNode[]> {
  const reviews = [...(pr.reviews?.nodes ?? [])];
  let info = pr.reviews?.pageInfo;
  for (let n = 0; info?.hasNextPage && n < MAX_PAGES; n++) {
    const resp = await gh.graphql<{ repository: { pullRequest: { reviews: { pageInfo: typeof info; nodes: ReviewNode[] } } } }>(REVIEWS_QUERY, {
      org: ctx.config.org,
      repo: ref.name,
      number: pr.number,
      after: info.endCursor,
    });
    ctx.stats.page('POST /graphql Approvals');
    reviews.push(...resp.repository.pullRequest.reviews.nodes);
    info = resp.repository.pullRequest.reviews.pageInfo;
  }
  return reviews;
}

/** `github.pr.merged`: one record per merged pull request, with its approvals and merger. */
function prRecord(ref: RepoRef, pr: PrNode, reviews: ReviewNode[]): GithubPrMerged {
  if (!pr.mergedAt) throw new InvalidResponseError(`merged pull request ${ref.fullName}#${pr.number} has no mergedAt`);
  return {
    repo: ref.fullName,
    number: pr.number,
    url: pr.url,
    title: pr.title,
    baseRef: pr.baseRefName,
    author: pr.author?.login ?? null,
    mergedAt: pr.mergedAt,
    mergedBy: pr.mergedBy?.login ?? null,
    approvals: reviews.filter((r) => r.state === 'APPROVED').map((r) => ({ login: r.author?.login ?? null, submittedAt: r.submittedAt })),
  };
}
