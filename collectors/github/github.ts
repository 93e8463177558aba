import { fanOut } from '../../src/collector-kit.js';
import type { CollectContext, Collector, CollectorEvent } from '../../src/types.js';
import { createClient } from './client.js';
import { collectBatch } from './batch.js';
import { errorEvent } from './errors.js';
import { collectOrg } from './org.js';
import { githubPermissionList } from './permissions.js';
import { BATCH_SIZE } from './query.js';
import { collectRepos, orgAlerts, type AlertSummary } from './repos.js';
import { REPO_TYPES, T, type GithubConfig, type RepoRef } from './types.js';

/**
 * GitHub organisation, repository and change-population evidence through the real Octokit (REST for org-level
 * lists, GraphQL for per-repository detail in batches). Call budget: see README.md.
 */
export const githubCollector: Collector<GithubConfig> = {
  meta: {
    id: 'github',
    source: 'github',
    title: 'GitHub organisation, repositories and merged pull requests',
    produces: [T.settings, T.member, T.no2fa, T.outside, T.repo, ...REPO_TYPES],
    populations: [T.pr],
    permissions: githubPermissionList(),
  },
  async *collect(ctx: CollectContext<GithubConfig>): AsyncGenerator<CollectorEvent> {
    const org = ctx.config.org;
    const gh = createClient(ctx.config, ctx.stats, ctx.signal, ctx.limits.timeoutMs);
    ctx.stats.fact('github.baseUrl', ctx.config.baseUrl ?? 'https://api.github.com');
    ctx.stats.fact('github.org', org);
    ctx.stats.fact('github.auth', ctx.config.app ? 'app' : 'token');
    if (ctx.config.app) ctx.stats.fact('github.app', { appId: ctx.config.app.appId, installationId: ctx.config.app.installationId });
    // Why: org-level evidence belongs to one shard (the one owning the org), so merged shards hold it once.
    if (ctx.shard.owns(org)) yield* collectOrg(ctx, gh);
    const repos: RepoRef[] = [];
    yield* collectRepos(ctx, gh, repos);
    if (repos.length === 0) return;
    let alerts: Map<string, AlertSummary[]> | Error;
    try {
      alerts = await orgAlerts(ctx, gh);
    } catch (err) {
      alerts = Object.assign(new Error((err as Error).message), { status: (err as { status?: number }).status, response: (err as { response?: unknown }).response });
    }
    const batches: Array<{ repos: RepoRef[]; n: number }> = [];
    for (let i = 0; i < repos.length; i += BATCH_SIZE) batches.push({ repos: repos.slice(i, i + BATCH_SIZE), n: batches.length + 1 });
    let done = 0;
    yield* fanOut(batches, ctx.config.concurrency ?? ctx.limits.concurrency, async function* (batch) {
      let events: CollectorEvent[];
      try {
        events = await collectBatch(ctx, gh, batch.repos, batch.n, alerts);
      } catch (err) {
        // Why: one failing batch must not stop the others; its repositories are reported incomplete.
        events = batch.repos.flatMap((r) => [T.protection, T.rules, T.dependabot, T.repoOutside, T.pr].map((type) => errorEvent(type, r.scope, 'POST /graphql RepoBatch', err)));
      }
      yield* events;
      done += batch.repos.length;
      ctx.stats.progress(done, repos.length, 'repositories');
    });
  },
};
