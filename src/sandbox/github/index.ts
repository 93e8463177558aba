import type { SandboxEnv, SandboxProvider, SandboxRequest, SandboxResponse } from '../server.js';
import { AppAuth } from './app-auth.js';
import { indexScenario, type GhScenario, type GhTokenSpec } from './data.js';
import { renderFault } from './fault.js';
import { apiRoot, error, pageOf, type GhCall, type GhHandler } from './http.js';
import { RateLimiter, SECONDARY_LIMIT_DOCS, SECONDARY_LIMIT_MESSAGE } from './rate-limit.js';
import { serveGraphql } from './graphql-route.js';
import {
  getOrg,
  listMembers,
  listOrgDependabotAlerts,
  listOrgRepos,
  listOutsideCollaborators,
  getWorkflowPermissions,
  listOrgSecretScanningAlerts,
  listOrgCodeScanningAlerts,
  listOrgInstallations,
  listOrgTokenGrants,
} from './rest-org.js';
import { getBranchProtection, getBranchRules, getRepo, listCollaborators, listPulls, listReviews } from './rest-repo.js';
import { IssueStore, issueRoutes } from './rest-issues.js';

export { DEMO_GITHUB_TOKEN } from './token.js';

interface Route {
  operation: string;
  re: RegExp;
  handler: GhHandler;
}

const routes: Route[] = [
  ['GET /orgs/{org}', getOrg],
  ['GET /orgs/{org}/members', listMembers],
  ['GET /orgs/{org}/outside_collaborators', listOutsideCollaborators],
  ['GET /orgs/{org}/actions/permissions/workflow', getWorkflowPermissions],
  ['GET /orgs/{org}/repos', listOrgRepos],
  ['GET /orgs/{org}/dependabot/alerts', listOrgDependabotAlerts],
  ['GET /orgs/{org}/secret-scanning/alerts', listOrgSecretScanningAlerts],
  ['GET /orgs/{org}/installations', listOrgInstallations],
  ['GET /orgs/{org}/personal-access-tokens', listOrgTokenGrants],
  ['GET /orgs/{org}/code-scanning/alerts', listOrgCodeScanningAlerts],
  ['GET /repos/{owner}/{repo}', getRepo],
  ['GET /repos/{owner}/{repo}/branches/{branch}/protection', getBranchProtection],
  ['GET /repos/{owner}/{repo}/rules/branches/{branch}', getBranchRules],
  ['GET /repos/{owner}/{repo}/collaborators', listCollaborators],
  ['GET /repos/{owner}/{repo}/pulls', listPulls],
  ['GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', listReviews],
].map(([operation, handler]) => route(operation as string, handler as GhHandler));

function route(operation: string, handler: GhHandler): Route {
  const [, path] = operation.split(' ');
  const re = new RegExp(`^${path!.replace(/\{(\w+)\}/g, (_m, name: string) => `(?<${name}>[^/]+)`)}$`);
  return { operation, re, handler };
}

/** Parses `Authorization: token X` / `Bearer X`. */
function authOf(req: SandboxRequest): { scheme: string; token?: string } {
  const h = req.headers.authorization;
  if (!h) return { scheme: 'none' };
  const m = /^(token|bearer)\s+(\S+)$/i.exec(h);
  return m ? { scheme: m[1]!.toLowerCase(), token: m[2] } : { scheme: 'other' };
}

/** GitHub REST + GraphQL for one organisation; see data.ts for the scenario format. */
export const githubProvider: SandboxProvider<GhScenario> = {
  name: 'github',
  create(data: GhScenario, env: SandboxEnv) {
    const ix = indexScenario(data);
    const limiter = new RateLimiter(data.rate_limit, env.now);
    const apps = new AppAuth(data.apps, env.now);
    const failed = new Set<string>();
    const issues = issueRoutes(new IssueStore(data.issues_state_file), env.now);
    // The Issues API (writes included): one store per sandbox, so a test's runs see each other's issues.
    const all: Route[] = [
      ...routes,
      route('GET /repos/{owner}/{repo}/issues', issues.listIssues),
      route('POST /repos/{owner}/{repo}/issues', issues.createIssue),
      route('PATCH /repos/{owner}/{repo}/issues/{issue_number}', issues.updateIssue),
      route('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', issues.listComments),
      route('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', issues.createComment),
    ];
    let seq = 0;
    return async (req) => {
      const requestId = `C0DE:${(++seq).toString(16).toUpperCase().padStart(4, '0')}:5A17B0:1F2E3D:${Math.floor(env.now().getTime() / 1000)
        .toString(16)
        .toUpperCase()}`;
      let path = req.url.pathname;
      let prefix = '';
      // Why: GitHub Enterprise Server serves REST under /api/v3 and GraphQL at /api/graphql.
      if (path.startsWith('/api/v3/')) {
        prefix = '/api/v3';
        path = path.slice(prefix.length);
      } else if (path === '/api/graphql') path = '/graphql';
      const auth = authOf(req);
      const viewer = auth.token ? (ix.tokens.get(auth.token) ?? apps.viewer(auth.token)) : undefined;
      const key = `${req.method} ${req.url.pathname}${req.url.search} ${auth.token ?? ''} ${req.body.length ? req.body.toString('utf8') : ''}`;
      const out = await answer();
      if (out.status >= 400 || out.fault) failed.add(key);
      out.retry = failed.has(key) && out.status < 400 && !out.fault ? true : out.retry;
      out.headers = {
        ...limiter.headers(auth.token, out.operation === 'POST /graphql' ? 'graphql' : 'core'),
        'x-github-request-id': requestId,
        ...out.headers,
      };
      out.auth = auth.scheme;
      return out;

      async function answer(): Promise<SandboxResponse> {
        const base: Omit<GhCall, 'viewer'> = { req, ix, prefix, params: {}, operation: 'unknown', attrs: {} };
        if (req.method === 'POST' && path === '/graphql') {
          return serveGraphql(
            { ...base, operation: 'POST /graphql', viewer: viewer as GhTokenSpec },
            { viewer, token: auth.token, limiter, faults: env.faults, retried: failed.has(key) },
          );
        }
        const minting = req.method === 'POST' ? /^\/app\/installations\/([^/]+)\/access_tokens$/.exec(path) : null;
        if (minting) {
          const call = {
            ...base,
            viewer: viewer as GhTokenSpec,
            params: { installation_id: minting[1]! },
            operation: 'POST /app/installations/{installation_id}/access_tokens',
            attrs: { installation: minting[1] },
          };
          return apps.createToken(call, auth.scheme, auth.token);
        }
        const route = all.find((r) => r.operation.startsWith(`${req.method} `) && r.re.test(path));
        if (!route) return error({ ...base, viewer: viewer as GhTokenSpec }, 404, 'Not Found');
        const params = { ...(route.re.exec(path)?.groups ?? {}) };
        const attrs = { org: params.org ?? params.owner, repo: params.repo, page: pageOf(req) };
        const call: GhCall = { ...base, viewer: viewer as GhTokenSpec, params, operation: route.operation, attrs };
        if (!viewer) return error(call, 401, auth.token ? 'Bad credentials' : 'Requires authentication');
        const wait = limiter.takeSecondary(auth.token!, 'rest');
        if (wait !== undefined) return error(call, 403, SECONDARY_LIMIT_MESSAGE, SECONDARY_LIMIT_DOCS, { 'retry-after': String(wait) });
        const limited = limiter.take(auth.token!, 'core', 1);
        if (limited)
          return {
            ...error(call, 403, limited, 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api'),
            headers: { ...limiter.headers(auth.token, 'core'), 'content-type': 'application/json; charset=utf-8' },
          };
        const hit = env.faults.take('github', route.operation, attrs);
        if (hit) {
          const faulted = renderFault(call, hit, limiter, auth.token!);
          if (faulted) return { ...faulted, fault: hit };
        }
        const served = route.handler(call);
        if (hit?.spec.kind === 'early-end' && served.status < 300) {
          // The page claims one more (numbered) page, which then answers empty: the list ends before its count.
          const next = new URL(`${apiRoot(call)}${req.url.pathname.slice(prefix.length)}${req.url.search}`);
          next.searchParams.set('page', String(attrs.page + 1));
          served.headers = { ...served.headers, link: `<${next}>; rel="next", <${next}>; rel="last"` };
        }
        return { ...served, fault: hit };
      }
    };
  },
};
