import { GraphQLError } from 'graphql';
import { viewerIsAdmin, type GhEffectiveRule, type GhIndex, type GhPullSpec, type GhRepo, type GhTokenSpec } from './data.js';

/** Per-request state for resolvers. */
export interface GqlContext {
  ix: GhIndex;
  viewer: GhTokenSpec;
  rateLimit: { cost: number; limit: number; remaining: number; used: number; resetAt: string };
}

interface ConnArgs {
  first?: number | null;
  after?: string | null;
}

/** GitHub's error with its top-level `type` (NOT_FOUND, FORBIDDEN, …). */
export function ghError(type: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { ghType: type } });
}

/** A Relay connection over an in-memory list; cursors are opaque offsets. */
function connection<T, R>(items: T[], args: ConnArgs, render: (item: T) => R) {
  if (args.first === undefined || args.first === null)
    throw ghError('MISSING_PAGINATION_BOUNDARIES', 'You must provide a `first` or `last` value to properly paginate the connection.');
  if (args.first > 100) throw ghError('EXCESSIVE_PAGINATION', `Requesting ${args.first} records on the connection exceeds the \`first\` limit of 100 records.`);
  const start = args.after
    ? Number(
        Buffer.from(args.after, 'base64')
          .toString('utf8')
          .replace(/^cursor:v2:/, ''),
      ) + 1
    : 0;
  const slice = items.slice(start, start + args.first);
  const cursor = (i: number) => Buffer.from(`cursor:v2:${start + i}`).toString('base64');
  return {
    totalCount: items.length,
    nodes: slice.map(render),
    edges: slice.map((item, i) => ({ cursor: cursor(i), item: render(item) })),
    pageInfo: {
      hasNextPage: start + slice.length < items.length,
      hasPreviousPage: start > 0,
      startCursor: slice.length ? cursor(0) : null,
      endCursor: slice.length ? cursor(slice.length - 1) : null,
    },
  };
}

function actor(login: string | undefined) {
  if (!login) return null;
  return { __typename: login.endsWith('[bot]') ? 'Bot' : 'User', login, url: `https://github.com/${login}`, databaseId: 1000 };
}

const PERMISSION: Record<string, string> = { admin: 'ADMIN', maintain: 'MAINTAIN', write: 'WRITE', triage: 'TRIAGE', read: 'READ' };

/** The root value: `Query` fields. */
export function rootValue(ctx: GqlContext) {
  const { ix, viewer } = ctx;
  const org = ix.scenario.org.login;
  return {
    organization: ({ login }: { login: string }) => {
      if (login !== org) throw ghError('NOT_FOUND', `Could not resolve to an Organization with the login of '${login}'.`);
      return { login: org, url: `https://github.com/${org}`, databaseId: ix.scenario.org.id ?? 900 };
    },
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = owner === org ? ix.repoByName.get(name) : undefined;
      if (!repo) throw ghError('NOT_FOUND', `Could not resolve to a Repository with the name '${owner}/${name}'.`);
      return repository(ctx, repo);
    },
    rateLimit: () => ctx.rateLimit,
    viewer: () => actor(viewer.login),
  };
}

function repository(ctx: GqlContext, repo: GhRepo) {
  const { ix, viewer } = ctx;
  const org = ix.scenario.org.login;
  const admin = viewerIsAdmin(viewer, repo);
  const defaultPerm = (ix.scenario.org.default_repository_permission ?? 'read').toUpperCase();
  return {
    databaseId: repo.id,
    name: repo.name,
    nameWithOwner: `${org}/${repo.name}`,
    url: `https://github.com/${org}/${repo.name}`,
    isArchived: repo.archived,
    visibility: repo.visibility.toUpperCase(),
    viewerPermission: admin ? 'ADMIN' : defaultPerm === 'NONE' ? 'READ' : defaultPerm,
    hasVulnerabilityAlertsEnabled: () => {
      // Why: GitHub reveals the Dependabot alerts setting to repository admins only.
      if (!admin) throw ghError('FORBIDDEN', `${viewer.login} does not have permission to view vulnerability alert settings for ${org}/${repo.name}.`);
      return repo.vulnerability_alerts ?? true;
    },
    defaultBranchRef: {
      name: repo.default_branch,
      prefix: 'refs/heads/',
      // Why: classic protection rules are only readable by admins; others see null.
      branchProtectionRule: admin && repo.protection ? protectionRule(repo) : null,
      rules: (args: ConnArgs) => connection(repo.rules, args, (r) => rule(r)),
    },
    collaborators: (args: ConnArgs & { affiliation?: string }) => {
      if (!admin) throw ghError('FORBIDDEN', 'Must have push access to view repository collaborators.');
      const list =
        args.affiliation === 'OUTSIDE'
          ? (repo.collaborators ?? [])
          : [...(repo.admins ?? []).map((login) => ({ login, permission: 'admin' })), ...(repo.collaborators ?? [])];
      const conn = connection(list, args, (c) => ({ node: actor(c.login), permission: PERMISSION[c.permission] ?? 'READ' }));
      return { ...conn, nodes: conn.nodes.map((n) => n.node), edges: conn.edges.map((e) => ({ cursor: e.cursor, ...e.item })) };
    },
    ruleset: ({ databaseId, includeParents }: { databaseId: number; includeParents?: boolean }) => {
      // Why from the effective rules: with includeParents (the default) GitHub also answers for org rulesets that apply.
      const r = repo.rules.find((x) => x.ruleset.id === databaseId && (includeParents !== false || x.source_type !== 'Organization'));
      return r ? ruleset(r) : null;
    },
    pullRequest: ({ number }: { number: number }) => {
      const p = repo.pullsByUpdate.find((x) => x.number === number);
      if (!p) throw ghError('NOT_FOUND', `Could not resolve to a PullRequest with the number of ${number}.`);
      return pullRequest(ctx, repo, p);
    },
    pullRequests: (args: ConnArgs & { states?: string[]; baseRefName?: string; orderBy?: { field: string; direction: string } }) => {
      // Why: the sandbox only holds merged pulls; it orders by UPDATED_AT desc unless asked for ASC.
      let list = repo.pullsByUpdate.filter(
        (p) => (!args.baseRefName || p.base === args.baseRefName) && (!args.states || args.states.includes(p.merged_at ? 'MERGED' : 'CLOSED')),
      );
      if (args.orderBy?.direction === 'ASC') list = [...list].reverse();
      return connection(list, args, (p) => pullRequest(ctx, repo, p));
    },
  };
}

function protectionRule(repo: GhRepo) {
  const p = repo.protection!;
  return {
    pattern: repo.default_branch,
    allowsDeletions: p.allow_deletions ?? false,
    allowsForcePushes: p.allow_force_pushes ?? false,
    dismissesStaleReviews: p.dismiss_stale_reviews ?? false,
    isAdminEnforced: p.enforce_admins ?? false,
    requireLastPushApproval: p.require_last_push_approval ?? false,
    requiredApprovingReviewCount: p.required_approving_review_count ?? null,
    requiresApprovingReviews: p.required_approving_review_count !== undefined,
    requiresCodeOwnerReviews: p.require_code_owner_reviews ?? false,
    requiresStatusChecks: (p.required_status_checks?.length ?? 0) > 0,
    requiredStatusCheckContexts: p.required_status_checks ?? [],
    bypassPullRequestAllowances: (args: ConnArgs) => connection(p.bypass_pull_request_allowances ?? [], args, (login) => ({ actor: actor(login) })),
  };
}

function rule(r: GhEffectiveRule) {
  const p = r.parameters ?? {};
  let parameters: Record<string, unknown> | null = null;
  if (r.type === 'pull_request') {
    parameters = {
      __typename: 'PullRequestParameters',
      dismissStaleReviewsOnPush: p.dismiss_stale_reviews_on_push ?? false,
      requireCodeOwnerReview: p.require_code_owner_review ?? false,
      requireLastPushApproval: p.require_last_push_approval ?? false,
      requiredApprovingReviewCount: p.required_approving_review_count ?? 0,
      requiredReviewThreadResolution: p.required_review_thread_resolution ?? false,
    };
  } else if (r.type === 'required_status_checks') {
    const checks = (p.required_status_checks as Array<{ context: string }> | undefined) ?? [];
    parameters = {
      __typename: 'RequiredStatusChecksParameters',
      requiredStatusChecks: checks,
      strictRequiredStatusChecksPolicy: p.strict_required_status_checks_policy ?? false,
    };
  }
  return { type: r.type.toUpperCase(), parameters, repositoryRuleset: ruleset(r) };
}

function ruleset(r: GhEffectiveRule) {
  const rs = r.ruleset;
  return {
    databaseId: rs.id,
    name: rs.name,
    enforcement: (rs.enforcement ?? 'active').toUpperCase(),
    source:
      r.source_type === 'Organization'
        ? { __typename: 'Organization', login: r.source, url: `https://github.com/${r.source}` }
        : { __typename: 'Repository', nameWithOwner: r.source, name: r.source.split('/')[1] },
    bypassActors: (args: ConnArgs) =>
      connection(rs.bypass_actors ?? [], args, (b) => ({
        actor:
          b.actor_type === 'Team' || b.actor_type === 'Integration'
            ? { __typename: b.actor_type === 'Team' ? 'Team' : 'App', slug: b.actor, name: b.actor }
            : null,
        bypassMode: (b.bypass_mode ?? 'always').toUpperCase(),
        deployKey: b.actor_type === 'DeployKey',
        organizationAdmin: b.actor_type === 'OrganizationAdmin',
        repositoryRoleName: b.actor_type === 'RepositoryRole' ? (b.actor ?? 'admin') : null,
      })),
  };
}

function pullRequest(ctx: GqlContext, repo: GhRepo, p: GhPullSpec) {
  const org = ctx.ix.scenario.org.login;
  const url = `https://github.com/${org}/${repo.name}/pull/${p.number}`;
  return {
    number: p.number,
    title: p.title ?? `Change ${p.number}`,
    url,
    author: actor(p.author),
    baseRefName: p.base,
    merged: Boolean(p.merged_at),
    mergedAt: p.merged_at ?? null,
    mergedBy: actor(p.merged_by),
    updatedAt: p.updated_at,
    reviews: (args: ConnArgs & { states?: string[] }) =>
      connection(
        (p.reviews ?? []).filter((r) => !args.states || args.states.includes(r.state ?? 'APPROVED')),
        args,
        (r) => ({ author: actor(r.user), state: r.state ?? 'APPROVED', submittedAt: r.submitted_at, url: `${url}#pullrequestreview-${p.number}` }),
      ),
  };
}
