/**
 * `soc2 doctor` and collect's pre-flight for GitHub: `GET /orgs/{org}` authenticates and shows whether the
 * credentials have owner rights (owner-only fields present); then one smallest page of each owner-only or
 * security listing the enabled checks need, and whether the credentials administer the repositories (branch
 * protection is shown to admins only). A classic token's `x-oauth-scopes` answer header is compared with the
 * scopes `soc2 permissions` lists. Plain Octokit: no retries, no waiting on rate limits.
 */
import { Octokit } from '@octokit/rest';
import { probeContext, shortMessage, unreachableCode, unreachableProblem, type ProbeOptions, type ProbeProblem, type ProbeResult } from '../../src/probe.js';
import { githubAuth } from './auth.js';
import { githubPermissions } from './permissions.js';
import { OWNER, REPO_ADMIN, REPO_TYPES, T, type GithubConfig } from './types.js';

const OWNER_FIELDS = ['two_factor_requirement_enabled', 'default_repository_permission'];
/** Classic scopes that include a needed one (GitHub's scope hierarchy). */
const IMPLIED: Record<string, string[]> = { 'read:org': ['admin:org', 'write:org'], security_events: ['repo'] };

export async function probeGithub(opts: ProbeOptions<GithubConfig>): Promise<ProbeResult> {
  const cfg = probeContext(opts).config;
  const org = cfg.org;
  const baseUrl = cfg.baseUrl ?? 'https://api.github.com';
  const host = new URL(baseUrl).host;
  const result: ProbeResult = { source: 'github', passed: [], problems: [] };
  let auth;
  try {
    auth = githubAuth(cfg);
  } catch (err) {
    result.problems.push({
      source: 'github',
      kind: 'auth',
      check: 'credentials',
      message: shortMessage(err),
      fix: 'set sources.github.token (${GITHUB_TOKEN}) or a readable sources.github.app.privateKeyFile',
    });
    return result;
  }
  const signal = AbortSignal.any([opts.signal, AbortSignal.timeout(opts.timeoutMs)]);
  const gh = new Octokit({ baseUrl, ...auth, userAgent: 'soc2-doctor/0.1.0', log: { debug() {}, info() {}, warn() {}, error() {} }, request: { signal } });
  const get = async (
    route: string,
    params: Record<string, unknown>,
    label = route,
  ): Promise<{ data: Record<string, unknown> | undefined; headers: Record<string, string | number | undefined> } | undefined> => {
    try {
      const r = await gh.request(route, { ...params, headers: { 'x-github-api-version': '2022-11-28' } });
      result.passed.push(label);
      return r as never;
    } catch (err) {
      result.problems.push(problemOf(err, label, host, org));
      return undefined;
    }
  };

  const orgAnswer = await get('GET /orgs/{org}', { org });
  if (!orgAnswer) {
    // Why: without the organisation nothing can be collected; a 404 here means the credentials cannot see it.
    const p = result.problems[result.problems.length - 1]!;
    if (p.kind === 'denied')
      Object.assign(p, {
        kind: 'auth',
        message: `organization '${org}' not found or not visible to these credentials (${p.message})`,
        fix: 'check sources.github.org, and that the token user is a member (or the App is installed on it)',
      });
    return result;
  }
  result.identity = cfg.app ? `GitHub App ${cfg.app.appId} (installation ${cfg.app.installationId}) on ${org}` : `token on ${org}`;
  if (opts.authOnly) return result;

  const scopes = String(orgAnswer.headers['x-oauth-scopes'] ?? '');
  if (cfg.token && scopes) {
    const granted = new Set(
      scopes
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
    for (const s of githubPermissions().token) {
      if (!granted.has(s) && !(IMPLIED[s] ?? []).some((x) => granted.has(x))) {
        result.problems.push({
          source: 'github',
          kind: 'denied',
          check: 'token scopes',
          message: `the token lacks the '${s}' scope (it has: ${[...granted].join(', ') || 'none'})`,
          fix: `add '${s}' to the token's scopes`,
        });
      }
    }
  }
  const needs = (...types: string[]) => types.some((t) => opts.needed.has(t));
  const hidden = OWNER_FIELDS.filter((k) => orgAnswer.data?.[k] === undefined || orgAnswer.data?.[k] === null);
  if (needs(T.settings) && hidden.length) {
    result.problems.push({
      source: 'github',
      kind: 'limited',
      check: 'GET /orgs/{org}',
      message: `owner-only settings hidden: ${hidden.join(', ')}`,
      fix: `use credentials with ${OWNER}`,
    });
  }
  if (needs(T.member, T.no2fa))
    await get('GET /orgs/{org}/members', { org, filter: '2fa_disabled', per_page: 1 }, 'GET /orgs/{org}/members?filter=2fa_disabled');
  if (needs(T.outside)) await get('GET /orgs/{org}/outside_collaborators', { org, per_page: 1 });
  if (needs(T.dependabot)) await get('GET /orgs/{org}/dependabot/alerts', { org, per_page: 1 });
  if (needs(T.repo, ...REPO_TYPES)) {
    const repos = await get('GET /orgs/{org}/repos', { org, per_page: 100 });
    const list = (repos?.data ?? []) as Array<{ full_name: string; archived?: boolean; permissions?: { admin?: boolean } }>;
    const notAdmin = list.filter((r) => !r.archived && r.permissions && !r.permissions.admin);
    if (needs(T.protection, T.security) && notAdmin.length) {
      result.problems.push({
        source: 'github',
        kind: 'limited',
        check: 'GET /orgs/{org}/repos',
        message: `not an admin of ${notAdmin.length} of the first ${list.length} repositories (e.g. ${notAdmin
          .slice(0, 3)
          .map((r) => r.full_name)
          .join(', ')}): branch protection and security settings are hidden there`,
        fix: `use credentials with ${REPO_ADMIN}`,
      });
    }
  }
  return result;
}

function problemOf(err: unknown, check: string, host: string, org: string): ProbeProblem {
  const code = unreachableCode(err);
  if (code) return unreachableProblem('github', check, host, code, 'check sources.github.baseUrl (GHES: https://HOST/api/v3), DNS and the proxy');
  const status = (err as { status?: number }).status ?? 0;
  const message = shortMessage(err).split(' - https://')[0]!;
  if (status === 401)
    return {
      source: 'github',
      kind: 'auth',
      check,
      message: `HTTP 401: ${message}`,
      fix: 'the token is invalid, expired or revoked: issue a new one (`soc2 permissions` lists its scopes) and export it',
    };
  if (status === 403 || status === 404 || status === 422) {
    return {
      source: 'github',
      kind: 'denied',
      check,
      message: `HTTP ${status}: ${message}`,
      fix: `${check} needs an ${OWNER.split(' (')[0]} of ${org} (\`soc2 permissions\` lists token scopes and App permissions)`,
    };
  }
  return {
    source: 'github',
    kind: 'error',
    check,
    message: status ? `HTTP ${status}: ${message}` : message,
    fix: 'retry; if it persists, check githubstatus.com or your GHES host',
  };
}
