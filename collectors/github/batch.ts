import type { CollectContext, CollectionError, CollectorEvent } from '../../src/types.js';
import type { GithubClient } from './client.js';
import { errorEvent } from './errors.js';
import { asReceived } from './transport.js';
import { followPages, readToEnd } from './follow.js';
import { mapProtection, mapRules, type GqlRepo } from './map.js';
import { collectPulls } from './pulls.js';
import { batchQuery } from './query.js';
import type { AlertSummary } from './repos.js';
import { REPO_ADMIN, record, T, type GithubConfig, type RepoRef } from './types.js';

const GQL_TYPES = [T.protection, T.rules, T.dependabot, T.repoOutside, T.pr];

interface GqlError {
  type?: string;
  path?: Array<string | number>;
  message: string;
}

/**
 * One GraphQL query for up to BATCH_SIZE repositories: protection, effective rules, outside collaborators,
 * Dependabot alerts setting and the first page of merged pull requests. GitHub answers field-level denials as
 * partial data plus `errors[]` with a path; each becomes a `denied` error for that repository and type only.
 */
export async function collectBatch(
  ctx: CollectContext<GithubConfig>,
  gh: GithubClient,
  batch: RepoRef[],
  batchNo: number,
  alertsP: Promise<Map<string, AlertSummary[]> | Error>,
): Promise<CollectorEvent[]> {
  const org = ctx.config.org;
  const vars: Record<string, unknown> = { org };
  batch.forEach((r, i) => Object.assign(vars, { [`n${i}`]: r.name, [`b${i}`]: r.defaultBranch }));
  let data: Record<string, unknown> | undefined;
  let errors: GqlError[] = [];
  try {
    data = await gh.graphql<Record<string, unknown>>(batchQuery(batch.map((r) => r.viewerIsAdmin)), vars);
  } catch (err) {
    const e = err as { name?: string; data?: Record<string, unknown>; errors?: GqlError[] };
    if (e.name !== 'GraphqlResponseError' || !e.data || (e.errors ?? []).some((x) => x.type === 'RATE_LIMITED')) {
      return batch.flatMap((r) => GQL_TYPES.map((type) => errorEvent(type, r.scope, 'POST /graphql RepoBatch', err)));
    }
    data = e.data;
    errors = e.errors ?? [];
  }
  ctx.stats.page('POST /graphql RepoBatch');
  const alerts = await alertsP;
  await ctx.raw(org, 'graphql.RepoBatch', asReceived(data, { data, errors }), batchNo);
  // Why before judging any list: every connection with a next page is read to its end first (batched by round).
  const failures = await followPages(
    ctx,
    gh,
    batch,
    batchNo,
    batch.map((_, i) => data?.[`r${i}`] as GqlRepo | null | undefined),
  );
  const viewer = (data?.viewer as { login?: string } | undefined)?.login;
  if (viewer) ctx.stats.fact('github.viewer', viewer);
  const events: CollectorEvent[] = [];
  const fetchedAt = new Date().toISOString();
  const source = (op: string) => ({ operation: `POST /graphql ${op}`, fetchedAt });
  for (const [i, ref] of batch.entries()) {
    const alias = `r${i}`;
    const repo = data?.[alias] as GqlRepo | null | undefined;
    const errsAt = (field: string) => errors.filter((e) => e.path?.[0] === alias && (e.path?.[1] === field || e.path?.length === 1));
    const fieldError = (type: string, field: string, e: GqlError, perm?: string): CollectionError => ({
      kind: 'error',
      type,
      scope: ref.scope,
      cause: e.type === 'FORBIDDEN' || e.type === 'NOT_FOUND' ? 'denied' : 'invalid-response',
      operation: `POST /graphql Repository.${field}`,
      message: `${e.type ?? 'ERROR'}: ${e.message}`,
      ...(perm ? { missingPermission: perm } : {}),
    });
    if (!repo) {
      const e = errsAt('repository')[0] ?? { message: 'repository missing from the GraphQL answer' };
      for (const type of GQL_TYPES) events.push(fieldError(type, 'repository', e));
      continue;
    }
    // Classic protection: readable by repository admins only (GraphQL shows others null, REST a 404).
    const failed = (type: string) => failures.get(`${i}:${type}`);
    const cut = (type: string, op: string, what: string): CollectionError => ({
      kind: 'error',
      type,
      scope: ref.scope,
      cause: 'truncated',
      operation: `POST /graphql ${op}`,
      message: `the ${what} list ends before the count GitHub gave for it; the rest could not be read`,
    });
    const allowances = repo.defaultBranchRef?.branchProtectionRule?.bypassPullRequestAllowances;
    if (repo.viewerPermission !== 'ADMIN') {
      events.push({
        kind: 'error',
        type: T.protection,
        scope: ref.scope,
        cause: 'denied',
        operation: 'POST /graphql Ref.branchProtectionRule',
        message: `classic branch protection is visible to repository admins only (viewer permission ${repo.viewerPermission ?? 'unknown'})`,
        missingPermission: REPO_ADMIN,
      });
    } else if (failed(T.protection)) events.push(failed(T.protection)!);
    else if (allowances && !readToEnd(allowances))
      events.push(cut(T.protection, 'BranchProtectionRule.bypassPullRequestAllowances', 'pull request bypass allowance'));
    else {
      events.push(record(T.protection, ref.scope, source('Ref.branchProtectionRule'), mapProtection(ref, repo)), {
        kind: 'done',
        type: T.protection,
        scope: ref.scope,
      });
    }
    const rules = repo.defaultBranchRef?.rules;
    const rulesErr = errsAt('defaultBranchRef')[0];
    if (rulesErr) events.push(fieldError(T.rules, 'defaultBranchRef', rulesErr));
    else if (failed(T.rules)) events.push(failed(T.rules)!);
    else if (rules && !readToEnd(rules)) events.push(cut(T.rules, 'Ref.rules', `${ref.defaultBranch} rules`));
    else if (rules?.nodes.some((n) => n.repositoryRuleset?.bypassActors && !readToEnd(n.repositoryRuleset.bypassActors)))
      events.push(cut(T.rules, 'RepositoryRuleset.bypassActors', 'ruleset bypass actor'));
    else events.push(record(T.rules, ref.scope, source('Ref.rules'), mapRules(ref, repo)), { kind: 'done', type: T.rules, scope: ref.scope });

    const collabErr = errsAt('collaborators')[0];
    if (collabErr || !repo.collaborators)
      events.push(fieldError(T.repoOutside, 'collaborators', collabErr ?? { message: 'collaborators not returned' }, REPO_ADMIN));
    else if (failed(T.repoOutside)) events.push(failed(T.repoOutside)!);
    else if (!readToEnd(repo.collaborators)) events.push(cut(T.repoOutside, 'Repository.collaborators', 'outside collaborator'));
    else {
      for (const e of repo.collaborators.edges)
        events.push(
          record(T.repoOutside, ref.scope, source('Repository.collaborators'), {
            repo: ref.fullName,
            login: e.node.login,
            permission: e.permission.toLowerCase() as Lowercase<typeof e.permission>,
          }),
        );
      events.push({ kind: 'done', type: T.repoOutside, scope: ref.scope });
    }

    const vaErr = errsAt('hasVulnerabilityAlertsEnabled')[0];
    if (alerts instanceof Error)
      events.push(
        errorEvent(T.dependabot, ref.scope, 'GET /orgs/{org}/dependabot/alerts', alerts, {
          missingPermission: 'organization owner or security manager (classic token: security_events or repo; App: Dependabot alerts: read)',
        }),
      );
    else if (!ref.viewerIsAdmin)
      events.push({
        kind: 'error',
        type: T.dependabot,
        scope: ref.scope,
        cause: 'denied',
        operation: 'POST /graphql Repository.hasVulnerabilityAlertsEnabled',
        message: 'the Dependabot alerts setting is visible to repository admins only',
        missingPermission: REPO_ADMIN,
      });
    else if (vaErr || typeof repo.hasVulnerabilityAlertsEnabled !== 'boolean')
      events.push(fieldError(T.dependabot, 'hasVulnerabilityAlertsEnabled', vaErr ?? { message: 'not returned' }, REPO_ADMIN));
    else {
      events.push(
        record(T.dependabot, ref.scope, source('Repository.hasVulnerabilityAlertsEnabled'), {
          repo: ref.fullName,
          alertsEnabled: repo.hasVulnerabilityAlertsEnabled,
          openAlerts: alerts.get(ref.fullName) ?? [],
        }),
      );
      events.push({ kind: 'done', type: T.dependabot, scope: ref.scope });
    }

    const prErr = errsAt('pullRequests')[0];
    if (prErr || !repo.pullRequests) events.push(fieldError(T.pr, 'pullRequests', prErr ?? { message: 'pullRequests not returned' }));
    else events.push(...(await collectPulls(ctx, gh, ref, repo.pullRequests)));
  }
  return events;
}
