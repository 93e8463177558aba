import { fanOut, settle, type Settled } from '../../src/collector-kit.js';
import type { CollectContext, Collector, CollectorEvent, CollectorOutput } from '../../src/types.js';
import type { GithubClient } from './client.js';
import { collectBatch } from './batch.js';
import { errorEvent } from './errors.js';
import { collectOrg } from './org.js';
import { collectOrgControls, ORG_CONTROL_TYPES } from './org-controls.js';
import { collectScanningAlerts, SCANNING_TYPES } from './scanning.js';
import { collectThirdParty, THIRD_PARTY_TYPES } from './third-party.js';
import { githubPermissionList } from './permissions.js';
import { BATCH_SIZE } from './query.js';
import { collectRepos, orgAlerts, type AlertSummary } from './repos.js';
import { REPO_TYPES, T, type GithubConfig, type RepoRef } from './types.js';

/**
 * GitHub organisation, repository and change-population evidence through the real Octokit (REST for org-level
 * lists, GraphQL for per-repository detail in batches). Call budget: see README.md.
 */
// Why loaded on demand: Octokit loads on the thread that collects (see meta.thread), not on the main thread too.
const loadClient = () => import('./client.js');

export const githubCollector: Collector<GithubConfig> = {
  meta: {
    id: 'github',
    source: 'github',
    title: 'GitHub organisation, repositories and merged pull requests',
    produces: [T.settings, T.member, T.no2fa, T.outside, ...ORG_CONTROL_TYPES, ...SCANNING_TYPES, ...THIRD_PARTY_TYPES, T.repo, ...REPO_TYPES],
    populations: [T.pr],
    permissions: githubPermissionList(),
    thread: { url: import.meta.url, name: 'githubCollector' },
  },
  async prepare() {
    await loadClient();
  },
  async *collect(ctx: CollectContext<GithubConfig>): AsyncGenerator<CollectorOutput> {
    const org = ctx.config.org;
    const concurrency = Math.max(1, ctx.config.concurrency ?? ctx.limits.concurrency);
    const { createClient } = await loadClient();
    const gh = createClient(ctx.config, ctx.stats, ctx.signal, ctx.limits.timeoutMs, concurrency);
    ctx.stats.fact('github.baseUrl', ctx.config.baseUrl ?? 'https://api.github.com');
    ctx.stats.fact('github.org', org);
    ctx.stats.fact('github.auth', ctx.config.app ? 'app' : 'token');
    if (ctx.config.app) ctx.stats.fact('github.app', { appId: ctx.config.app.appId, installationId: ctx.config.app.installationId });
    // Why: org-level lists and the repository listing are independent, so both start at once; the client's gate keeps
    // at most `concurrency` requests in flight. Org-level evidence belongs to one shard (the one owning the org).
    const parts = [
      ...(ctx.shard.owns(org)
        ? [() => collectOrg(ctx, gh), () => collectOrgControls(ctx, gh), () => collectScanningAlerts(ctx, gh), () => collectThirdParty(ctx, gh)]
        : []),
      () => collectRepoEvidence(ctx, gh, concurrency),
    ];
    yield* fanOut(parts, parts.length, (part) => part());
  },
};

/** The repository list, then per-repository detail in GraphQL batches (with the org's open Dependabot alerts). */
async function* collectRepoEvidence(ctx: CollectContext<GithubConfig>, gh: GithubClient, concurrency: number): AsyncGenerator<CollectorOutput> {
  const repos: RepoRef[] = [];
  let alerts: Promise<Map<string, AlertSummary[]> | Error> = Promise.resolve(new Map());
  const batches: Array<{ repos: RepoRef[]; n: number }> = [];
  const started = new Map<number, Promise<Settled<CollectorEvent[]>>>();
  const start = (batch: { repos: RepoRef[]; n: number }) => settle(collectBatch(ctx, gh, batch.repos, batch.n, alerts));
  yield* collectRepos(ctx, gh, repos, () => {
    if (!repos.length) return;
    // Why: the alerts request starts as soon as repositories are known, while their records are still being written.
    alerts = orgAlerts(ctx, gh).catch((err: unknown) =>
      Object.assign(new Error((err as Error).message), { status: (err as { status?: number }).status, response: (err as { response?: unknown }).response }),
    );
    for (let i = 0; i < repos.length; i += BATCH_SIZE) batches.push({ repos: repos.slice(i, i + BATCH_SIZE), n: batches.length + 1 });
    // Why: so do the first batches' queries, so the gate is not idle while the listing's records are taken in.
    for (const b of batches.slice(0, 2 * concurrency)) started.set(b.n, start(b));
  });
  if (repos.length === 0) return;
  let done = 0;
  // Why twice the concurrency: the gate bounds requests in flight; the extra batches are being turned into records
  // meanwhile, so the gate is never idle while a response is processed.
  yield* fanOut(batches, 2 * concurrency, async function* (batch) {
    const result = await (started.get(batch.n) ?? start(batch));
    started.delete(batch.n);
    // Why: one failing batch must not stop the others; its repositories are reported incomplete.
    const events = result.ok
      ? result.value
      : batch.repos.flatMap((r) =>
          [T.protection, T.rules, T.dependabot, T.repoOutside, T.pr].map((type) => errorEvent(type, r.scope, 'POST /graphql RepoBatch', result.error)),
        );
    // Why one array: a batch is thousands of events (see CollectorOutput).
    yield events;
    done += batch.repos.length;
    ctx.stats.progress(done, repos.length, 'repositories');
  });
}
