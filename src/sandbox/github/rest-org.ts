import type { SandboxResponse } from '../server.js';
import { viewerIsAdmin, type GhRepo } from './data.js';
import { apiRoot, cursored, error, json, paged, simpleUser, type GhCall } from './http.js';

const MEMBERS_DOCS = 'https://docs.github.com/rest/orgs/members#list-organization-members';

/** GET /orgs/{org}: owner-only fields are absent for everyone else (documented: "must be an organization owner"). */
export function getOrg(call: GhCall): SandboxResponse {
  const o = call.ix.scenario.org;
  const api = apiRoot(call);
  const body: Record<string, unknown> = {
    login: o.login,
    id: o.id ?? 900,
    node_id: Buffer.from(`04:Organization${o.id ?? 900}`).toString('base64'),
    url: `${api}/orgs/${o.login}`,
    repos_url: `${api}/orgs/${o.login}/repos`,
    members_url: `${api}/orgs/${o.login}/members{/member}`,
    description: null,
    name: o.name ?? o.login,
    html_url: `https://github.com/${o.login}`,
    created_at: o.created_at ?? '2019-01-01T00:00:00Z',
    updated_at: o.created_at ?? '2019-01-01T00:00:00Z',
    type: 'Organization',
    public_repos: call.ix.repos.filter((r) => r.visibility === 'public').length,
    has_organization_projects: true,
    has_repository_projects: true,
  };
  if (call.viewer.role === 'owner') {
    Object.assign(body, {
      total_private_repos: call.ix.repos.filter((r) => r.visibility !== 'public').length,
      two_factor_requirement_enabled: o.two_factor_requirement_enabled ?? false,
      default_repository_permission: o.default_repository_permission ?? 'read',
      members_can_create_repositories: true,
      members_can_create_public_repositories: o.members_can_create_public_repositories ?? true,
      members_can_create_private_repositories: true,
      members_can_fork_private_repositories: o.members_can_fork_private_repositories ?? false,
      members_can_change_repo_visibility: o.members_can_change_repo_visibility ?? true,
      members_can_delete_repositories: true,
      members_allowed_repository_creation_type: 'all',
      web_commit_signoff_required: false,
      billing_email: `billing@${o.login}.example`,
      plan: { name: 'enterprise', space: 976562499, private_repos: 999999, filled_seats: call.ix.members.length, seats: 100 },
    });
  }
  return json(call, 200, body);
}

/** GET /orgs/{org}/members: `role=all|admin|member`, `filter=all|2fa_disabled` (the filter is owner-only: 422). */
export function listMembers(call: GhCall): SandboxResponse {
  const q = call.req.url.searchParams;
  const filter = q.get('filter') ?? 'all';
  const role = q.get('role') ?? 'all';
  if (filter === '2fa_disabled' || filter === '2fa_insecure') {
    if (call.viewer.role !== 'owner') return error(call, 422, 'Only owners can use this filter.', MEMBERS_DOCS);
  }
  let list = role === 'admin' ? call.ix.owners : role === 'member' ? call.ix.members.filter((m) => m.role !== 'admin') : call.ix.members;
  if (filter === '2fa_disabled') list = list.filter((m) => m.two_factor === false);
  return paged(call, list, (m) => simpleUser(call, m.login));
}

/** GET /orgs/{org}/outside_collaborators: `filter=2fa_disabled` is owner-only (422 for anyone else, as for members). */
export function listOutsideCollaborators(call: GhCall): SandboxResponse {
  const filter = call.req.url.searchParams.get('filter') ?? 'all';
  if (filter === '2fa_disabled' || filter === '2fa_insecure') {
    if (call.viewer.role !== 'owner')
      return error(
        call,
        422,
        'Only owners can use this filter.',
        'https://docs.github.com/rest/orgs/outside-collaborators#list-outside-collaborators-for-an-organization',
      );
    const off = new Set(call.ix.scenario.org.outside_collaborators_without_2fa ?? []);
    return paged(
      call,
      call.ix.outsideCollaborators.filter((l) => off.has(l)),
      (login) => simpleUser(call, login),
    );
  }
  return paged(call, call.ix.outsideCollaborators, (login) => simpleUser(call, login));
}

/**
 * GET /orgs/{org}/actions/permissions/workflow: organisation owners only (classic token admin:org; App:
 * Administration read); anyone else gets 403.
 */
export function getWorkflowPermissions(call: GhCall): SandboxResponse {
  if (call.viewer.role !== 'owner')
    return error(
      call,
      403,
      'You must be an organization owner to access this resource.',
      'https://docs.github.com/rest/actions/permissions#get-default-workflow-permissions-for-an-organization',
    );
  const o = call.ix.scenario.org;
  return json(call, 200, {
    default_workflow_permissions: o.default_workflow_permissions ?? 'read',
    can_approve_pull_request_reviews: o.can_approve_pull_request_reviews ?? false,
  });
}

/** GET /orgs/{org}/repos: `minimal-repository`; `security_and_analysis` only where the viewer is admin. */
export function listOrgRepos(call: GhCall): SandboxResponse {
  return paged(call, call.ix.repos, (r) => minimalRepo(call, r));
}

/** `minimal-repository` / `full-repository` fields the collectors read, with GitHub's names. */
export function minimalRepo(call: GhCall, r: GhRepo): Record<string, unknown> {
  const org = call.ix.scenario.org;
  const api = apiRoot(call);
  const admin = viewerIsAdmin(call.viewer, r);
  const body: Record<string, unknown> = {
    id: r.id,
    node_id: Buffer.from(`010:Repository${r.id}`).toString('base64'),
    name: r.name,
    full_name: `${org.login}/${r.name}`,
    private: r.visibility !== 'public',
    owner: {
      login: org.login,
      id: org.id ?? 900,
      type: 'Organization',
      url: `${api}/users/${org.login}`,
      html_url: `https://github.com/${org.login}`,
      site_admin: false,
    },
    html_url: `https://github.com/${org.login}/${r.name}`,
    description: null,
    fork: false,
    url: `${api}/repos/${org.login}/${r.name}`,
    archived: r.archived,
    disabled: false,
    visibility: r.visibility,
    default_branch: r.default_branch,
    pushed_at: '2026-11-01T00:00:00Z',
    created_at: '2020-01-01T00:00:00Z',
    updated_at: '2026-11-01T00:00:00Z',
    permissions: { admin: admin, maintain: admin, push: admin, triage: true, pull: true },
  };
  if (admin) {
    const sa = r.security_and_analysis ?? {};
    const keys = [
      'secret_scanning',
      'secret_scanning_push_protection',
      'dependabot_security_updates',
      'secret_scanning_non_provider_patterns',
      'secret_scanning_validity_checks',
    ];
    body.security_and_analysis = Object.fromEntries(keys.map((k) => [k, { status: sa[k] ?? 'disabled' }]));
  }
  return body;
}

/**
 * GET /orgs/{org}/dependabot/alerts (cursor-paginated). Needs an owner or security manager; anyone else gets 403.
 */
export function listOrgDependabotAlerts(call: GhCall): SandboxResponse {
  if (call.viewer.role !== 'owner')
    return error(
      call,
      403,
      'Resource not accessible by personal access token',
      'https://docs.github.com/rest/dependabot/alerts#list-dependabot-alerts-for-an-organization',
    );
  const q = call.req.url.searchParams;
  const state = q.get('state');
  const severities = q.get('severity')?.split(',');
  const org = call.ix.scenario.org.login;
  const api = apiRoot(call);
  // Why: only open alerts are indexed; the sandbox scenarios never ask for fixed or dismissed ones.
  const items = call.ix.openAlerts.filter(
    ({ repo, alert }) => !repo.archived && (!state || state.split(',').includes('open')) && (!severities || severities.includes(alert.severity)),
  );
  return cursored(call, items, ({ repo, alert }) => ({
    number: alert.number,
    state: 'open',
    dependency: {
      package: { ecosystem: 'npm', name: alert.package ?? 'lodash' },
      manifest_path: 'package-lock.json',
      scope: 'runtime',
      relationship: 'direct',
    },
    security_advisory: {
      ghsa_id: alert.ghsa_id ?? `GHSA-0000-0000-${String(alert.number).padStart(4, '0')}`,
      severity: alert.severity,
      summary: `Vulnerability in ${alert.package ?? 'lodash'}`,
    },
    security_vulnerability: { package: { ecosystem: 'npm', name: alert.package ?? 'lodash' }, severity: alert.severity, vulnerable_version_range: '< 4.17.21' },
    url: `${api}/repos/${org}/${repo.name}/dependabot/alerts/${alert.number}`,
    html_url: `https://github.com/${org}/${repo.name}/security/dependabot/${alert.number}`,
    created_at: alert.created_at,
    updated_at: alert.created_at,
    dismissed_at: null,
    dismissed_by: null,
    dismissed_reason: null,
    dismissed_comment: null,
    fixed_at: null,
    repository: { id: repo.id, name: repo.name, full_name: `${org}/${repo.name}`, private: repo.visibility !== 'public' },
  }));
}

const SECRET_DOCS = 'https://docs.github.com/rest/secret-scanning/secret-scanning#list-secret-scanning-alerts-for-an-organization';
const CODE_DOCS = 'https://docs.github.com/rest/code-scanning/code-scanning#list-code-scanning-alerts-for-an-organization';

/** Alerts of the non-archived repositories in the requested states, oldest first by creation. */
function alertsOf<A extends { created_at: string; state?: string; number: number }>(
  call: GhCall,
  pick: (r: GhRepo) => A[] | undefined,
  open: string,
): Array<{ repo: GhRepo; a: A }> {
  const states = call.req.url.searchParams.get('state')?.split(',');
  return call.ix.repos
    .filter((r) => !r.archived)
    .flatMap((repo) => (pick(repo) ?? []).map((a) => ({ repo, a })))
    .filter(({ a }) => !states || states.includes(a.state ?? open))
    .sort((x, y) => x.a.created_at.localeCompare(y.a.created_at) || x.a.number - y.a.number);
}

/**
 * GET /orgs/{org}/secret-scanning/alerts: owners and security managers only (403 otherwise); page-numbered; the
 * `secret` is in every alert unless `hide_secret=true`, as GitHub documents.
 */
export function listOrgSecretScanningAlerts(call: GhCall): SandboxResponse {
  if (call.viewer.role !== 'owner') return error(call, 403, 'Resource not accessible by personal access token', SECRET_DOCS);
  const org = call.ix.scenario.org.login;
  const hide = call.req.url.searchParams.get('hide_secret') === 'true';
  return paged(
    call,
    alertsOf(call, (r) => r.secret_scanning_alerts, 'open'),
    ({ repo, a }) => ({
      number: a.number,
      created_at: a.created_at,
      updated_at: a.created_at,
      url: `${apiRoot(call)}/repos/${org}/${repo.name}/secret-scanning/alerts/${a.number}`,
      html_url: `https://github.com/${org}/${repo.name}/security/secret-scanning/${a.number}`,
      state: a.state ?? 'open',
      resolution: null,
      secret_type: a.secret_type,
      secret_type_display_name: a.secret_type.replace(/_/g, ' '),
      ...(hide ? {} : { secret: `SANDBOXSECRET-${a.secret_type}-${a.number}` }),
      validity: 'unknown',
      repository: { id: repo.id, name: repo.name, full_name: `${org}/${repo.name}`, private: repo.visibility !== 'public' },
    }),
  );
}

/** GET /orgs/{org}/code-scanning/alerts: owners and security managers only (403 otherwise); page-numbered. */
export function listOrgCodeScanningAlerts(call: GhCall): SandboxResponse {
  if (call.viewer.role !== 'owner') return error(call, 403, 'Resource not accessible by personal access token', CODE_DOCS);
  const org = call.ix.scenario.org.login;
  return paged(
    call,
    alertsOf(call, (r) => r.code_scanning_alerts, 'open'),
    ({ repo, a }) => ({
      number: a.number,
      created_at: a.created_at,
      updated_at: a.created_at,
      url: `${apiRoot(call)}/repos/${org}/${repo.name}/code-scanning/alerts/${a.number}`,
      html_url: `https://github.com/${org}/${repo.name}/security/code-scanning/${a.number}`,
      state: a.state ?? 'open',
      fixed_at: null,
      dismissed_by: null,
      dismissed_at: null,
      dismissed_reason: null,
      rule: {
        id: a.rule_id,
        severity: a.severity ?? 'error',
        security_severity_level: a.security_severity_level ?? null,
        description: a.rule_id,
        name: a.rule_id,
        tags: ['security'],
      },
      tool: { name: a.tool ?? 'CodeQL', guid: null, version: '2.20.0' },
      most_recent_instance: {
        ref: `refs/heads/${repo.default_branch}`,
        state: a.state ?? 'open',
        location: { path: 'src/index.ts', start_line: 1, end_line: 1 },
      },
      repository: { id: repo.id, name: repo.name, full_name: `${org}/${repo.name}`, private: repo.visibility !== 'public' },
    }),
  );
}

/** A page-numbered list GitHub wraps in an object with its total (`{ total_count, <key>: [...] }`). */
function wrapped<T>(call: GhCall, key: string, items: T[], render: (item: T) => unknown): SandboxResponse {
  const page = paged(call, items, render);
  if (page.status !== 200 || typeof page.body !== 'string') return page;
  return { ...page, body: JSON.stringify({ total_count: items.length, [key]: JSON.parse(page.body) as unknown }) };
}

/** GET /orgs/{org}/installations: organisation owners only (classic token admin:read / admin:org); others get 403. */
export function listOrgInstallations(call: GhCall): SandboxResponse {
  if (call.viewer.role !== 'owner')
    return error(
      call,
      403,
      'You must be an organization owner to access this resource.',
      'https://docs.github.com/rest/orgs/orgs#list-app-installations-for-an-organization',
    );
  const org = call.ix.scenario.org;
  return wrapped(call, 'installations', call.ix.scenario.installations ?? [], (i) => ({
    id: i.id,
    account: { login: org.login, id: org.id ?? 900, type: 'Organization' },
    repository_selection: i.repository_selection ?? 'all',
    access_tokens_url: `${apiRoot(call)}/app/installations/${i.id}/access_tokens`,
    html_url: `https://github.com/organizations/${org.login}/settings/installations/${i.id}`,
    app_id: i.app_id,
    app_slug: i.app_slug,
    target_id: org.id ?? 900,
    target_type: 'Organization',
    permissions: i.permissions,
    events: [],
    created_at: i.created_at,
    updated_at: i.created_at,
    single_file_name: null,
    suspended_at: null,
    suspended_by: null,
  }));
}

/**
 * GET /orgs/{org}/personal-access-tokens: "Only GitHub Apps can use this endpoint" (Organization permission
 * "Personal access tokens: read"); a personal access token, or an App without owner-level permissions, gets 403.
 */
export function listOrgTokenGrants(call: GhCall): SandboxResponse {
  const isApp = !call.ix.tokens.has(call.viewer.token);
  if (!isApp)
    return error(
      call,
      403,
      'Resource not accessible by personal access token',
      'https://docs.github.com/rest/orgs/personal-access-tokens#list-fine-grained-personal-access-tokens-with-access-to-organization-resources',
    );
  if (call.viewer.role !== 'owner') return error(call, 403, 'Resource not accessible by integration');
  return paged(call, call.ix.scenario.token_grants ?? [], (g) => ({
    id: g.id,
    owner: simpleUser(call, g.owner),
    repository_selection: g.repository_selection ?? 'subset',
    repositories_url: `${apiRoot(call)}/organizations/${call.ix.scenario.org.id ?? 900}/personal-access-tokens/${g.id}/repositories`,
    permissions: { organization: g.permissions.organization ?? {}, repository: g.permissions.repository ?? {}, other: {} },
    access_granted_at: g.access_granted_at,
    token_id: g.id + 10_000,
    token_name: `token-${g.id}`,
    token_expired: false,
    token_expires_at: g.token_expires_at ?? null,
    token_last_used_at: g.token_last_used_at ?? null,
  }));
}
