import type { CollectContext, CollectionError } from '../../src/types.js';
import type { GithubClient } from './client.js';
import { errorEvent } from './errors.js';
import type { Conn, GqlRepo } from './map.js';
import { BYPASS_FIELDS, COLLAB_FIELDS, FOLLOW_PAGE, RULE_NODE_FIELDS } from './query.js';
import { T, type GithubConfig, type RepoRef } from './types.js';

/** A connection of one repository of the batch that has a next page. */
interface Pending {
  i: number;
  kind: 'collab' | 'rules' | 'bypass' | 'allowances';
  after: string;
  rulesetId?: number;
}

/** The evidence type each follow-up completes (bypass actors belong to the rules record). */
const TYPE_OF = { collab: T.repoOutside, rules: T.rules, bypass: T.rules, allowances: T.protection } as const;

/** Upper bound on follow-up rounds: 100 items a page, so 200 rounds read 20,000 items of one connection. */
const MAX_ROUNDS = 200;

/**
 * Follows every connection of a batch answer that has a next page (outside collaborators, effective rules, a
 * ruleset's bypass actors, classic bypass allowances) to its end, appending the pages to the answer in place.
 * Why one query per round for the whole batch: pages of all repositories travel together, so a batch with any
 * number of long lists costs as many calls as its longest list has pages. Returns the failures by `i:type`: a
 * follow-up page that failed makes that repository's type an error, nothing else.
 */
export async function followPages(
  ctx: CollectContext<GithubConfig>,
  gh: GithubClient,
  batch: RepoRef[],
  batchNo: number,
  repos: Array<GqlRepo | null | undefined>,
): Promise<Map<string, CollectionError>> {
  const failures = new Map<string, CollectionError>();
  let pending = repos.flatMap((repo, i) => (repo ? nextOf(i, repo) : []));
  for (let round = 0; pending.length && round < MAX_ROUNDS; round++) {
    pending = pending.filter((p) => !failures.has(`${p.i}:${TYPE_OF[p.kind]}`));
    if (!pending.length) break;
    const vars: Record<string, unknown> = { org: ctx.config.org };
    const parts = pending.map((p, k) => {
      Object.assign(vars, { [`n${k}`]: batch[p.i]!.name, [`a${k}`]: p.after });
      return `f${k}: repository(owner: $org, name: $n${k}) { ${selection(p, k, vars)} }`;
    });
    const defs = pending.map((p, k) => `$n${k}: String!, $a${k}: String!${p.kind === 'bypass' ? `, $id${k}: Int!` : ''}`).join(', ');
    const query = `query FollowPages($org: String!, ${defs}) {\n rateLimit { cost remaining resetAt }\n${parts.join('\n')}\n}`;
    let data: Record<string, unknown> | undefined;
    let errors: Array<{ type?: string; path?: Array<string | number>; message: string }> = [];
    try {
      data = await gh.graphql<Record<string, unknown>>(query, vars);
    } catch (err) {
      const e = err as { name?: string; data?: Record<string, unknown>; errors?: typeof errors };
      if (e.name !== 'GraphqlResponseError' || !e.data || (e.errors ?? []).some((x) => x.type === 'RATE_LIMITED')) {
        for (const p of pending) failures.set(`${p.i}:${TYPE_OF[p.kind]}`, errorEvent(TYPE_OF[p.kind], batch[p.i]!.scope, 'POST /graphql FollowPages', err));
        break;
      }
      data = e.data;
      errors = e.errors ?? [];
    }
    ctx.stats.page('POST /graphql FollowPages');
    await ctx.raw(ctx.config.org, `graphql.FollowPages.${batchNo}`, data, round + 1);
    const next: Pending[] = [];
    for (const [k, p] of pending.entries()) {
      const type = TYPE_OF[p.kind];
      const err = errors.find((x) => x.path?.[0] === `f${k}`);
      const page = pageOf(p, data?.[`f${k}`] as FollowRepo | null | undefined);
      if (err || !page) {
        const cause = err?.type === 'FORBIDDEN' || err?.type === 'NOT_FOUND' ? 'denied' : 'invalid-response';
        failures.set(`${p.i}:${type}`, {
          kind: 'error',
          type,
          scope: batch[p.i]!.scope,
          cause,
          operation: `POST /graphql FollowPages ${p.kind}`,
          message: err ? `${err.type ?? 'ERROR'}: ${err.message}` : `the ${p.kind} page after ${p.after} is missing from the answer`,
        });
        continue;
      }
      const target = targetOf(p, repos[p.i]!);
      if (!target) continue;
      const items = (page.edges ?? page.nodes) as unknown[];
      const into = (target.edges ?? target.nodes) as unknown[];
      const before = into.slice();
      into.push(...items);
      target.pageInfo = page.pageInfo;
      if (p.kind === 'rules') next.push(...bypassOf(p.i, adopt(before as RuleNode[], page.nodes as RuleNode[])));
      if (page.pageInfo.hasNextPage && page.pageInfo.endCursor && items.length) next.push({ ...p, after: page.pageInfo.endCursor });
    }
    pending = next;
  }
  return failures;
}

/**
 * Rules of a later page whose ruleset was met on an earlier page share that ruleset's bypass-actor list (being read,
 * or read already); returns the rules whose ruleset is new.
 */
function adopt(earlier: RuleNode[], fresh: RuleNode[]): RuleNode[] {
  const known = new Map(
    earlier.flatMap((n) =>
      n.repositoryRuleset?.databaseId != null && n.repositoryRuleset.bypassActors
        ? [[n.repositoryRuleset.databaseId, n.repositoryRuleset.bypassActors] as const]
        : [],
    ),
  );
  return fresh.filter((n) => {
    const rs = n.repositoryRuleset;
    const list = rs?.databaseId != null ? known.get(rs.databaseId) : undefined;
    if (rs && list) rs.bypassActors = list;
    return !list;
  });
}

type RuleNode = NonNullable<NonNullable<GqlRepo['defaultBranchRef']>['rules']>['nodes'][number];

function nextOf(i: number, repo: GqlRepo): Pending[] {
  const out: Pending[] = [];
  const more = (c: Conn | null | undefined) => (c?.pageInfo.hasNextPage && c.pageInfo.endCursor ? c.pageInfo.endCursor : undefined);
  const c = more(repo.collaborators);
  if (c) out.push({ i, kind: 'collab', after: c });
  const rules = repo.defaultBranchRef?.rules;
  const r = more(rules);
  if (r) out.push({ i, kind: 'rules', after: r });
  const a = more(repo.defaultBranchRef?.branchProtectionRule?.bypassPullRequestAllowances);
  if (a) out.push({ i, kind: 'allowances', after: a });
  out.push(...bypassOf(i, rules?.nodes ?? []));
  return out;
}

/** Bypass actors of the rulesets behind these rules with a next page (once per ruleset). */
function bypassOf(i: number, nodes: RuleNode[]): Pending[] {
  const seen = new Set<number>();
  const out: Pending[] = [];
  for (const n of nodes) {
    const rs = n.repositoryRuleset;
    const after = rs?.bypassActors?.pageInfo.hasNextPage ? rs.bypassActors.pageInfo.endCursor : null;
    if (!rs || rs.databaseId === null || !after || seen.has(rs.databaseId)) continue;
    seen.add(rs.databaseId);
    out.push({ i, kind: 'bypass', after, rulesetId: rs.databaseId });
  }
  return out;
}

function selection(p: Pending, k: number, vars: Record<string, unknown>): string {
  const page = `first: ${FOLLOW_PAGE}, after: $a${k}`;
  switch (p.kind) {
    case 'collab':
      return `collaborators(affiliation: OUTSIDE, ${page}) { ${COLLAB_FIELDS} }`;
    case 'rules':
      return `defaultBranchRef { rules(${page}) { totalCount pageInfo { hasNextPage endCursor } nodes { ${RULE_NODE_FIELDS} } } }`;
    case 'allowances':
      return `defaultBranchRef { branchProtectionRule { bypassPullRequestAllowances(${page}) { totalCount pageInfo { hasNextPage endCursor } nodes { actor { __typename ... on User { login } ... on Team { slug } ... on App { slug } } } } } }`;
    case 'bypass':
      vars[`id${k}`] = p.rulesetId;
      // Why ruleset(databaseId:): it includes the organisation rulesets that apply to the repository (includeParents).
      return `ruleset(databaseId: $id${k}) { bypassActors(${page}) { ${BYPASS_FIELDS} } }`;
  }
}

/** What a FollowPages alias may hold, as sent (unchecked): only the connection asked for is read, then checked. */
interface FollowRepo {
  collaborators?: Partial<Conn> | null;
  defaultBranchRef?: { rules?: Partial<Conn> | null; branchProtectionRule?: { bypassPullRequestAllowances?: Partial<Conn> | null } | null } | null;
  ruleset?: { bypassActors?: Partial<Conn> | null } | null;
}

function pageOf(p: Pending, repo: FollowRepo | null | undefined): Conn | undefined {
  if (!repo) return undefined;
  const page =
    p.kind === 'collab'
      ? repo.collaborators
      : p.kind === 'rules'
        ? repo.defaultBranchRef?.rules
        : p.kind === 'allowances'
          ? repo.defaultBranchRef?.branchProtectionRule?.bypassPullRequestAllowances
          : repo.ruleset?.bypassActors;
  return page && page.pageInfo && Array.isArray(page.edges ?? page.nodes) ? (page as Conn) : undefined;
}

function targetOf(p: Pending, repo: GqlRepo): Conn | undefined {
  if (p.kind === 'collab') return repo.collaborators ?? undefined;
  if (p.kind === 'rules') return repo.defaultBranchRef?.rules ?? undefined;
  if (p.kind === 'allowances') return repo.defaultBranchRef?.branchProtectionRule?.bypassPullRequestAllowances;
  // Why every rule of the ruleset: each rule node carries its ruleset, and the record lists actors per rule.
  const conns = (repo.defaultBranchRef?.rules?.nodes ?? [])
    .map((n) => n.repositoryRuleset)
    .filter((rs) => rs?.databaseId === p.rulesetId)
    .map((rs) => rs!.bypassActors!);
  if (!conns.length) return undefined;
  const first = conns[0]!;
  // Why shared: the first rule's list grows; the others point to it, so the whole list is appended once.
  for (const rs of (repo.defaultBranchRef?.rules?.nodes ?? []).map((n) => n.repositoryRuleset))
    if (rs && rs.databaseId === p.rulesetId) rs.bypassActors = first;
  return first;
}

/** Whether a connection was read to its end: no next page, and as many items as it counts. */
export function readToEnd(c: Conn): boolean {
  return !c.pageInfo.hasNextPage && (c.edges ?? c.nodes ?? []).length >= c.totalCount;
}
