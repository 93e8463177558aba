import type { SandboxResponse } from '../server.js';
import { viewerIsAdmin, type GhPullSpec, type GhRepo } from './data.js';
import { apiRoot, error, json, paged, simpleUser, type GhCall } from './http.js';
import { minimalRepo } from './rest-org.js';

const PROTECTION_DOCS = 'https://docs.github.com/rest/branches/branch-protection#get-branch-protection';

function repoOf(call: GhCall): GhRepo | undefined {
  if (call.params.owner !== call.ix.scenario.org.login) return undefined;
  return call.ix.repoByName.get(call.params.repo ?? '');
}

function notFound(call: GhCall): SandboxResponse {
  return error(call, 404, 'Not Found');
}

/** GET /repos/{owner}/{repo}. */
export function getRepo(call: GhCall): SandboxResponse {
  const r = repoOf(call);
  return r ? json(call, 200, minimalRepo(call, r)) : notFound(call);
}

/**
 * GET /repos/{owner}/{repo}/branches/{branch}/protection. Admins get the settings or 404 "Branch not protected";
 * everyone else gets 404 "Not Found" — which is why a 404 alone never means "unprotected".
 */
export function getBranchProtection(call: GhCall): SandboxResponse {
  const r = repoOf(call);
  if (!r || !viewerIsAdmin(call.viewer, r)) return notFound(call);
  if (call.params.branch !== r.default_branch || !r.protection) return error(call, 404, 'Branch not protected', PROTECTION_DOCS);
  const p = r.protection;
  const url = `${apiRoot(call)}/repos/${call.params.owner}/${r.name}/branches/${r.default_branch}/protection`;
  const body: Record<string, unknown> = {
    url,
    enforce_admins: { url: `${url}/enforce_admins`, enabled: p.enforce_admins ?? false },
    required_linear_history: { enabled: false },
    allow_force_pushes: { enabled: p.allow_force_pushes ?? false },
    allow_deletions: { enabled: p.allow_deletions ?? false },
    block_creations: { enabled: false },
    required_conversation_resolution: { enabled: false },
    lock_branch: { enabled: false },
    allow_fork_syncing: { enabled: false },
    required_signatures: { url: `${url}/required_signatures`, enabled: false },
  };
  if (p.required_status_checks?.length) {
    body.required_status_checks = {
      url: `${url}/required_status_checks`,
      strict: false,
      contexts: p.required_status_checks,
      checks: p.required_status_checks.map((context) => ({ context, app_id: null })),
      contexts_url: `${url}/required_status_checks/contexts`,
    };
  }
  if (p.required_approving_review_count !== undefined) {
    body.required_pull_request_reviews = {
      url: `${url}/required_pull_request_reviews`,
      dismiss_stale_reviews: p.dismiss_stale_reviews ?? false,
      require_code_owner_reviews: p.require_code_owner_reviews ?? false,
      required_approving_review_count: p.required_approving_review_count,
      require_last_push_approval: p.require_last_push_approval ?? false,
      bypass_pull_request_allowances: { users: (p.bypass_pull_request_allowances ?? []).map((l) => simpleUser(call, l)), teams: [], apps: [] },
    };
  }
  return json(call, 200, body);
}

/** GET /repos/{owner}/{repo}/rules/branches/{branch}: active rules from repository and organisation rulesets. */
export function getBranchRules(call: GhCall): SandboxResponse {
  const r = repoOf(call);
  if (!r) return notFound(call);
  // Why: rules target the default branch (`~DEFAULT_BRANCH`) in every sandbox ruleset.
  const rules = call.params.branch === r.default_branch ? r.rules : [];
  return paged(call, rules, (rule) => ({
    type: rule.type,
    ...(rule.parameters ? { parameters: rule.parameters } : {}),
    ruleset_source_type: rule.source_type,
    ruleset_source: rule.source,
    ruleset_id: rule.ruleset.id,
  }));
}

/** GET /repos/{owner}/{repo}/collaborators?affiliation=outside|direct|all; needs push access. */
export function listCollaborators(call: GhCall): SandboxResponse {
  const r = repoOf(call);
  if (!r) return notFound(call);
  if (!viewerIsAdmin(call.viewer, r)) return error(call, 403, 'Must have push access to view repository collaborators.');
  const affiliation = call.req.url.searchParams.get('affiliation') ?? 'all';
  const outside = (r.collaborators ?? []).map((c) => ({ ...c, outside: true }));
  const direct = (r.admins ?? []).map((login) => ({ login, permission: 'admin', outside: false }));
  const list = affiliation === 'outside' ? outside : affiliation === 'direct' ? [...direct, ...outside] : [...direct, ...outside];
  const order = ['read', 'triage', 'write', 'maintain', 'admin'];
  return paged(call, list, (c) => {
    const level = order.indexOf(c.permission);
    return {
      ...simpleUser(call, c.login),
      permissions: { pull: level >= 0, triage: level >= 1, push: level >= 2, maintain: level >= 3, admin: level >= 4 },
      role_name: c.permission,
    };
  });
}

/** GET /repos/{owner}/{repo}/pulls (only merged pulls exist in the sandbox; `state=closed` lists them). */
export function listPulls(call: GhCall): SandboxResponse {
  const r = repoOf(call);
  if (!r) return notFound(call);
  const q = call.req.url.searchParams;
  const base = q.get('base');
  const state = q.get('state') ?? 'open';
  const list = state === 'open' ? [] : r.pullsByUpdate.filter((p) => !base || p.base === base);
  return paged(call, list, (p) => pullSimple(call, r, p));
}

function pullSimple(call: GhCall, r: GhRepo, p: GhPullSpec): Record<string, unknown> {
  const org = call.ix.scenario.org.login;
  return {
    url: `${apiRoot(call)}/repos/${org}/${r.name}/pulls/${p.number}`,
    id: r.id * 10_000 + p.number,
    html_url: `https://github.com/${org}/${r.name}/pull/${p.number}`,
    number: p.number,
    state: 'closed',
    title: p.title ?? `Change ${p.number}`,
    user: simpleUser(call, p.author),
    created_at: p.merged_at ?? p.updated_at,
    updated_at: p.updated_at,
    closed_at: p.merged_at ?? p.updated_at,
    merged_at: p.merged_at ?? null,
    base: { ref: p.base, label: `${org}:${p.base}` },
    head: { ref: `feature-${p.number}`, label: `${org}:feature-${p.number}` },
    author_association: 'MEMBER',
  };
}

/** GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews. */
export function listReviews(call: GhCall): SandboxResponse {
  const r = repoOf(call);
  const p = r?.pullsByUpdate.find((x) => x.number === Number(call.params.pull_number));
  if (!r || !p) return notFound(call);
  const org = call.ix.scenario.org.login;
  return paged(call, p.reviews ?? [], (rv) => ({
    id: p.number * 100 + (p.reviews ?? []).indexOf(rv),
    user: simpleUser(call, rv.user),
    body: '',
    state: rv.state ?? 'APPROVED',
    html_url: `https://github.com/${org}/${r.name}/pull/${p.number}#pullrequestreview-${p.number * 100}`,
    submitted_at: rv.submitted_at,
    commit_id: '0000000000000000000000000000000000000000',
    author_association: 'MEMBER',
  }));
}
