import type { GhAppSpec } from './app-auth.js';

/**
 * The GitHub scenario format (`fixtures/<scenario>/github.yaml`) and the index the sandbox builds from it once,
 * so every request is answered in O(page).
 */

/** A token the sandbox accepts, and whom it authenticates. */
export interface GhTokenSpec {
  token: string;
  login: string;
  /** `owner` sees owner-only org fields and every repository as admin. */
  role: 'owner' | 'member';
}

export interface GhMemberSpec {
  login: string;
  /** Org role: `admin` = owner. */
  role?: 'admin' | 'member';
  /** false = 2FA disabled (listed by `filter=2fa_disabled`). Default true. */
  two_factor?: boolean;
}

export interface GhProtectionSpec {
  required_approving_review_count?: number;
  dismiss_stale_reviews?: boolean;
  require_code_owner_reviews?: boolean;
  require_last_push_approval?: boolean;
  enforce_admins?: boolean;
  allow_force_pushes?: boolean;
  allow_deletions?: boolean;
  /** Logins/team slugs allowed to bypass required pull requests. */
  bypass_pull_request_allowances?: string[];
  /** Required status check contexts (absent/empty: none required). */
  required_status_checks?: string[];
}

export interface GhRuleSpec {
  /** REST rule type: `pull_request`, `non_fast_forward`, `deletion`, `required_status_checks`, … */
  type: string;
  parameters?: Record<string, unknown>;
}

export interface GhRulesetSpec {
  id: number;
  name: string;
  enforcement?: 'active' | 'evaluate' | 'disabled';
  /** Repository name globs the (org) ruleset targets; `*` suffix/prefix wildcards. Default: all. */
  repositories?: string[];
  rules: GhRuleSpec[];
  /** Bypass actors, e.g. `{ actor_type: Team, actor: release-managers, bypass_mode: always }`. */
  bypass_actors?: Array<{ actor_type: string; actor?: string; bypass_mode?: string }>;
}

export interface GhReviewSpec {
  user: string;
  state?: 'APPROVED' | 'COMMENTED' | 'CHANGES_REQUESTED' | 'DISMISSED';
  submitted_at: string;
}

export interface GhPullSpec {
  number: number;
  title?: string;
  author: string;
  /** Absent = still open or closed unmerged. */
  merged_at?: string;
  merged_by?: string;
  /** Default: the repository's default branch. */
  base?: string;
  updated_at?: string;
  reviews?: GhReviewSpec[];
  /** Labels (the issues list returns pull requests too, with their labels). */
  labels?: string[];
}

export interface GhAlertSpec {
  number: number;
  severity: 'low' | 'medium' | 'high' | 'critical';
  state?: 'open' | 'fixed' | 'dismissed';
  created_at: string;
  package?: string;
  ghsa_id?: string;
}

export interface GhRepoSpec {
  name: string;
  id?: number;
  visibility?: 'public' | 'private' | 'internal';
  default_branch?: string;
  archived?: boolean;
  /** Absent: the default branch has no classic protection (404 "Branch not protected"). */
  protection?: GhProtectionSpec;
  /** Repository-level rulesets. */
  rulesets?: GhRulesetSpec[];
  /** Values for `security_and_analysis.<key>.status`: secret_scanning, secret_scanning_push_protection, dependabot_security_updates. */
  security_and_analysis?: Record<string, 'enabled' | 'disabled'>;
  /** Dependabot alerts enabled. Default true. */
  vulnerability_alerts?: boolean;
  /** Outside collaborators with their permission (admin|maintain|write|triage|read). */
  collaborators?: Array<{ login: string; permission: string }>;
  /** Members (non-owners) with admin on this repository. */
  admins?: string[];
  alerts?: GhAlertSpec[];
  /** Secret scanning alerts (GET /orgs/{org}/secret-scanning/alerts). */
  secret_scanning_alerts?: Array<{ number: number; secret_type: string; created_at: string; state?: 'open' | 'resolved' }>;
  /** Code scanning alerts (GET /orgs/{org}/code-scanning/alerts); security_severity_level only for security rules. */
  code_scanning_alerts?: Array<{
    number: number;
    rule_id: string;
    severity?: 'none' | 'note' | 'warning' | 'error';
    security_severity_level?: 'low' | 'medium' | 'high' | 'critical';
    created_at: string;
    state?: 'open' | 'dismissed' | 'fixed';
    tool?: string;
  }>;
  pulls?: GhPullSpec[];
}

/** The whole scenario (see fixtures/demo-org/github.yaml for a commented example). */
export interface GhScenario {
  org: {
    login: string;
    id?: number;
    name?: string;
    two_factor_requirement_enabled?: boolean;
    default_repository_permission?: 'read' | 'write' | 'admin' | 'none';
    members_can_create_public_repositories?: boolean;
    members_can_fork_private_repositories?: boolean;
    members_can_change_repo_visibility?: boolean;
    /** GET /orgs/{org}/actions/permissions/workflow (defaults: read, false — GitHub's default for new orgs). */
    default_workflow_permissions?: 'read' | 'write';
    can_approve_pull_request_reviews?: boolean;
    /** Outside collaborators with 2FA disabled (listed by `filter=2fa_disabled`). */
    outside_collaborators_without_2fa?: string[];
    created_at?: string;
  };
  tokens: GhTokenSpec[];
  /** GitHub Apps installed on the organisation: their installation tokens are minted by the sandbox. */
  apps?: GhAppSpec[];
  members: GhMemberSpec[];
  repos: GhRepoSpec[];
  /** Organisation rulesets. */
  rulesets?: GhRulesetSpec[];
  /** GitHub Apps installed on the organisation (GET /orgs/{org}/installations); `permissions` as GitHub names them. */
  installations?: Array<{
    id: number;
    app_id: number;
    app_slug: string;
    permissions: Record<string, string>;
    repository_selection?: 'all' | 'selected';
    created_at: string;
  }>;
  /** Approved fine-grained personal access token grants (GET /orgs/{org}/personal-access-tokens). */
  token_grants?: Array<{
    id: number;
    owner: string;
    permissions: { organization?: Record<string, string>; repository?: Record<string, string> };
    repository_selection?: 'all' | 'subset' | 'none';
    access_granted_at: string;
    token_expires_at?: string | null;
    token_last_used_at?: string | null;
  }>;
  /**
   * Primary limits per token and resource (default 5,000 per hour each). `secondary`, when set, enforces GitHub's
   * secondary points per sliding minute (documented: 900 for REST, 2,000 for GraphQL; a read costs 1 point).
   */
  rate_limit?: { core?: number; graphql?: number; window_seconds?: number; secondary?: { rest_per_minute?: number; graphql_per_minute?: number } };
  /** Sandbox only: keep the issues opened through the Issues API in this JSON file (across sandbox restarts). */
  issues_state_file?: string;
}

export interface GhEffectiveRule extends GhRuleSpec {
  ruleset: GhRulesetSpec;
  source_type: 'Organization' | 'Repository';
  source: string;
}

export interface GhRepo extends GhRepoSpec {
  id: number;
  visibility: 'public' | 'private' | 'internal';
  default_branch: string;
  archived: boolean;
  /** Merged pulls, newest update first. */
  pullsByUpdate: GhPullSpec[];
  rules: GhEffectiveRule[];
}

export interface GhIndex {
  scenario: GhScenario;
  tokens: Map<string, GhTokenSpec>;
  members: GhMemberSpec[];
  owners: GhMemberSpec[];
  memberByLogin: Map<string, GhMemberSpec>;
  repos: GhRepo[];
  repoByName: Map<string, GhRepo>;
  outsideCollaborators: string[];
  /** Open Dependabot alerts across the org, oldest first, with their repository. */
  openAlerts: Array<{ repo: GhRepo; alert: GhAlertSpec }>;
  userIds: Map<string, number>;
}

/** Builds the lookup tables once per sandbox. */
export function indexScenario(s: GhScenario): GhIndex {
  const members = [...s.members].sort((a, b) => a.login.localeCompare(b.login));
  const userIds = new Map<string, number>();
  const idOf = (login: string): number => {
    let id = userIds.get(login);
    if (id === undefined) userIds.set(login, (id = 1000 + userIds.size));
    return id;
  };
  members.forEach((m) => idOf(m.login));
  const repos: GhRepo[] = [...s.repos]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((r, i) => {
      const default_branch = r.default_branch ?? 'main';
      const pullsByUpdate = (r.pulls ?? [])
        .map((p) => ({ ...p, base: p.base ?? default_branch, updated_at: p.updated_at ?? p.merged_at }))
        .sort((a, b) => (b.updated_at ?? '').localeCompare(a.updated_at ?? '') || b.number - a.number);
      const rules: GhEffectiveRule[] = [];
      // Why: like GET /rules/branches/{branch}, only active rulesets count; org rulesets come first.
      for (const rs of s.rulesets ?? []) {
        if ((rs.enforcement ?? 'active') !== 'active' || !globsMatch(rs.repositories, r.name)) continue;
        for (const rule of rs.rules) rules.push({ ...rule, ruleset: rs, source_type: 'Organization', source: s.org.login });
      }
      for (const rs of r.rulesets ?? []) {
        if ((rs.enforcement ?? 'active') !== 'active') continue;
        for (const rule of rs.rules) rules.push({ ...rule, ruleset: rs, source_type: 'Repository', source: `${s.org.login}/${r.name}` });
      }
      return { ...r, id: r.id ?? 5000 + i, visibility: r.visibility ?? 'private', default_branch, archived: r.archived ?? false, pullsByUpdate, rules };
    });
  const outside = new Set<string>();
  for (const r of repos) for (const c of r.collaborators ?? []) outside.add(c.login);
  const openAlerts = repos
    .flatMap((repo) => (repo.alerts ?? []).filter((a) => (a.state ?? 'open') === 'open').map((alert) => ({ repo, alert })))
    .sort((a, b) => a.alert.created_at.localeCompare(b.alert.created_at) || a.repo.name.localeCompare(b.repo.name));
  // Why up front: ids assigned on first sight would depend on which concurrent list is answered first.
  [...outside].sort().forEach(idOf);
  (s.token_grants ?? []).forEach((g) => idOf(g.owner));
  return {
    scenario: s,
    tokens: new Map(s.tokens.map((t) => [t.token, t])),
    members,
    owners: members.filter((m) => m.role === 'admin'),
    memberByLogin: new Map(members.map((m) => [m.login, m])),
    repos,
    repoByName: new Map(repos.map((r) => [r.name, r])),
    outsideCollaborators: [...outside].sort(),
    openAlerts,
    userIds,
  };
}

/** Simple glob match (`*` wildcard) used for org ruleset repository targets. */
export function globsMatch(globs: string[] | undefined, name: string): boolean {
  if (!globs || globs.length === 0) return true;
  return globs.some((g) => new RegExp(`^${g.split('*').map(escapeRe).join('.*')}$`).test(name));
}

function escapeRe(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/** A stable numeric id for a login. */
export function userId(ix: GhIndex, login: string): number {
  let id = ix.userIds.get(login);
  if (id === undefined) ix.userIds.set(login, (id = 1000 + ix.userIds.size));
  return id;
}

/** Whether the viewer administers the repository (owners administer all). */
export function viewerIsAdmin(viewer: GhTokenSpec, repo: GhRepo): boolean {
  return viewer.role === 'owner' || (repo.admins ?? []).includes(viewer.login);
}
