import picomatch from 'picomatch';
import type { CollectContext, CollectorEvent, CollectorOutput } from '../../src/types.js';
import type { GithubClient } from './client.js';
import { errorEvent } from './errors.js';
import { partialOf, readAll } from './pages.js';
import { collectionError } from '../../src/collector-kit.js';
import { REPO_ADMIN, REPO_TYPES, record, T, type GithubConfig, type RepoRef } from './types.js';

interface ListedRepo {
  name: string;
  full_name: string;
  archived?: boolean;
  visibility?: string;
  private: boolean;
  default_branch?: string;
  html_url: string;
  permissions?: { admin?: boolean };
  security_and_analysis?: Record<string, { status?: string } | undefined> | null;
}

/**
 * Lists repositories (one org-level enumeration) and emits `github.repo` and `github.repo.security`. `onListed`
 * runs once the repositories in scope are known (in `out`), before their records are emitted, so dependent
 * requests can start while they are.
 */
export async function* collectRepos(
  ctx: CollectContext<GithubConfig>,
  gh: GithubClient,
  out: RepoRef[],
  onListed: () => void = () => {},
): AsyncGenerator<CollectorOutput> {
  const org = ctx.config.org;
  const ownsOrg = ctx.shard.owns(org);
  if (ownsOrg) yield { kind: 'plan', type: T.repo, scope: org };
  let listed: ListedRepo[];
  let failed = false;
  try {
    listed = await readAll<ListedRepo>(ctx, gh, 'GET /orgs/{org}/repos', { org, type: 'all' }, { scope: org, name: 'repos.listForOrg' });
  } catch (err) {
    failed = true;
    const partial = partialOf<ListedRepo>(err);
    const broken = errorEvent(T.repo, org, 'GET /orgs/{org}/repos', err);
    if (ownsOrg) yield broken;
    // Why: without the whole list, no repository-level evidence can be complete.
    for (const type of [...REPO_TYPES]) yield { ...broken, type, scope: '*' };
    // Why go on with the repositories read so far: their evidence is kept in the bundle (as AWS and Okta keep the
    // pages before a failure), though no check judges an incomplete population.
    if (!partial) return;
    listed = partial;
  }
  const include = ctx.config.include?.length ? picomatch(ctx.config.include) : () => true;
  const exclude = ctx.config.exclude?.length ? picomatch(ctx.config.exclude) : () => false;
  const source = { operation: 'GET /orgs/{org}/repos', fetchedAt: new Date().toISOString() };
  const inList: Array<{ r: ListedRepo; ref: RepoRef }> = [];
  const noBranch: string[] = [];
  for (const r of listed) {
    // Why: archived repositories are read-only; they cannot change and are out of scope.
    if (r.archived || !include(r.name) || exclude(r.name)) continue;
    const scope = `${org}/${r.name}`;
    // Why: the default branch is what protection, rules and merged pull requests are read for; a listing without it
    // names no branch, and guessing "main" would judge another branch (or none) in its place.
    if (typeof r.default_branch !== 'string' || !r.default_branch) {
      noBranch.push(r.name);
      if (ctx.shard.owns(scope))
        yield REPO_TYPES.map((type) =>
          collectionError(type, scope, 'invalid-response', 'GET /orgs/{org}/repos', `the repository listing has no default_branch for ${r.full_name}`),
        );
      continue;
    }
    const ref: RepoRef = { name: r.name, fullName: r.full_name, scope, defaultBranch: r.default_branch, viewerIsAdmin: r.permissions?.admin === true };
    inList.push({ r, ref });
    // Why: the repository list is org-level evidence (one shard writes all of it); per-repo work is sharded.
    if (ctx.shard.owns(scope)) out.push(ref);
  }
  onListed();
  // Why arrays: thousands of repositories make tens of thousands of events (see CollectorOutput).
  if (ownsOrg) {
    const list: CollectorEvent[] = inList.map(({ r, ref }) =>
      record(T.repo, org, source, {
        name: r.name,
        fullName: r.full_name,
        url: r.html_url,
        visibility: r.visibility ?? (r.private ? 'private' : 'public'),
        private: r.private,
        defaultBranch: ref.defaultBranch,
        viewerIsAdmin: ref.viewerIsAdmin,
      }),
    );
    const end: CollectorEvent = noBranch.length
      ? collectionError(
          T.repo,
          org,
          'invalid-response',
          'GET /orgs/{org}/repos',
          `the repository listing has no default_branch for ${noBranch.slice(0, 5).join(', ')}${noBranch.length > 5 ? ', …' : ''}`,
        )
      : { kind: 'done', type: T.repo, scope: org };
    yield failed ? list : [...list, end];
  }
  ctx.stats.progress(0, out.length, 'repositories');
  yield out.flatMap((ref) => REPO_TYPES.map((type): CollectorEvent => ({ kind: 'plan', type, scope: ref.scope })));
  if (out.length === 0 && ownsOrg && !failed && !noBranch.length) {
    // Why: a complete, empty repository list proves there is nothing in scope for repository checks.
    yield REPO_TYPES.flatMap((type): CollectorEvent[] => [
      { kind: 'plan', type, scope: org },
      { kind: 'done', type, scope: org },
    ]);
  }
  const byName = new Map(out.map((x) => [x.name, x]));
  const security: CollectorEvent[] = [];
  for (const r of listed) {
    const ref = byName.get(r.name);
    if (!ref) continue;
    const sa = r.security_and_analysis;
    // Why: security_and_analysis is shown to repository admins only; absent = unknown.
    if (!sa) {
      security.push({
        kind: 'error',
        type: T.security,
        scope: ref.scope,
        cause: 'denied',
        operation: 'GET /orgs/{org}/repos',
        message: 'security_and_analysis is hidden from this token',
        missingPermission: REPO_ADMIN,
      });
      continue;
    }
    const status = (k: string) => sa[k]?.status ?? null;
    const data = {
      repo: ref.fullName,
      secretScanning: status('secret_scanning'),
      pushProtection: status('secret_scanning_push_protection'),
      dependabotSecurityUpdates: status('dependabot_security_updates'),
    };
    security.push(record(T.security, ref.scope, source, data), { kind: 'done', type: T.security, scope: ref.scope });
  }
  yield security;
}

export interface AlertSummary {
  number: number;
  severity: string;
  createdAt: string;
  url: string;
  package: string | null;
}

/** Open Dependabot alerts for the whole org in one cursor-paginated enumeration, by repository full name. */
export async function orgAlerts(ctx: CollectContext<GithubConfig>, gh: GithubClient): Promise<Map<string, AlertSummary[]>> {
  const org = ctx.config.org;
  const list = await readAll<{
    number: number;
    html_url: string;
    created_at: string;
    security_advisory?: { severity?: string };
    security_vulnerability?: { severity?: string; package?: { name?: string } };
    repository: { full_name: string };
  }>(ctx, gh, 'GET /orgs/{org}/dependabot/alerts', { org, state: 'open' }, { scope: org, name: 'dependabot.listAlertsForOrg' });
  const byRepo = new Map<string, AlertSummary[]>();
  for (const a of list) {
    const entry = {
      number: a.number,
      severity: a.security_advisory?.severity ?? a.security_vulnerability?.severity ?? 'unknown',
      createdAt: a.created_at,
      url: a.html_url,
      package: a.security_vulnerability?.package?.name ?? null,
    };
    byRepo.set(a.repository.full_name, [...(byRepo.get(a.repository.full_name) ?? []), entry]);
  }
  return byRepo;
}
