import type { GhRepoSpec, GhScenario } from './data.js';

export interface GenerateOptions {
  repos: number;
  /** Merged pull requests spread evenly over the repositories. */
  prs?: number;
  members?: number;
  token?: string;
  /** Merge dates are spread over this window (ISO dates). */
  from?: string;
  to?: string;
  /** Outside collaborators (read access) on the first repository, to exercise paging past GraphQL's first page. */
  outsideCollaborators?: number;
}

/** A large scenario for benchmarks and scale tests (5,000 repositories, 20,000 PRs), deterministic. */
export function generateGithubScenario(opts: GenerateOptions): GhScenario {
  const members = Array.from({ length: opts.members ?? 50 }, (_, i) => ({ login: `user${i}`, role: i < 3 ? ('admin' as const) : ('member' as const) }));
  const from = Date.parse(`${opts.from ?? '2026-09-01'}T00:00:00Z`);
  const span = Date.parse(`${opts.to ?? '2026-11-20'}T00:00:00Z`) - from;
  const prs = opts.prs ?? 0;
  const repos: GhRepoSpec[] = Array.from({ length: opts.repos }, (_, i) => ({
    name: `repo-${String(i).padStart(5, '0')}`,
    protection: i % 10 === 0 ? undefined : { required_approving_review_count: 1, dismiss_stale_reviews: true, enforce_admins: true },
    security_and_analysis: { secret_scanning: 'enabled', secret_scanning_push_protection: i % 7 === 0 ? 'disabled' : 'enabled' },
    pulls: [],
  }));
  if (opts.outsideCollaborators && repos[0])
    repos[0].collaborators = Array.from({ length: opts.outsideCollaborators }, (_, i) => ({ login: `guest${i}`, permission: 'read' }));
  for (let n = 0; n < prs && repos.length; n++) {
    const repo = repos[n % repos.length]!;
    const at = new Date(from + Math.floor((span * n) / Math.max(1, prs))).toISOString().replace('.000Z', 'Z');
    const author = members[n % members.length]!.login;
    const reviewer = members[(n + 1) % members.length]!.login;
    repo.pulls!.push({
      number: repo.pulls!.length + 1,
      author,
      merged_at: at,
      merged_by: reviewer,
      reviews: n % 13 === 0 ? [] : [{ user: reviewer, state: 'APPROVED', submitted_at: at }],
    });
  }
  return {
    org: { login: 'scale-org', two_factor_requirement_enabled: true, default_repository_permission: 'read' },
    tokens: [{ token: opts.token ?? 'ghp_SANDBOXSCALE000000000000000000000000000', login: 'user0', role: 'owner' }],
    members,
    repos,
  };
}
