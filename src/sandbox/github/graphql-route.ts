import type { FaultEngine } from '../faults.js';
import type { SandboxResponse } from '../server.js';
import type { GhTokenSpec } from './data.js';
import { prepare, queryCost, run, type GqlRequest } from './graphql.js';
import { error, json, type GhCall } from './http.js';
import { SECONDARY_LIMIT_DOCS, SECONDARY_LIMIT_MESSAGE, type RateLimiter } from './rate-limit.js';
import { renderFault } from './fault.js';

interface GqlEnv {
  viewer?: GhTokenSpec;
  token?: string;
  limiter: RateLimiter;
  faults: FaultEngine;
  retried: boolean;
}

/**
 * POST /graphql (and /api/graphql on GHES). Charges the documented point cost against the token's `graphql`
 * budget; an exhausted budget answers 200 with a `RATE_LIMITED` error, as GitHub does.
 */
export async function serveGraphql(call: GhCall, env: GqlEnv): Promise<SandboxResponse> {
  let body: GqlRequest;
  try {
    body = JSON.parse(call.req.body.toString('utf8')) as GqlRequest;
  } catch {
    return error(call, 400, 'Problems parsing JSON');
  }
  const opName = /(?:query|mutation)\s+(\w+)/.exec(body.query ?? '')?.[1];
  call.attrs = {
    query: body.operationName ?? opName,
    page: Number(body.variables?.page ?? 1) || 1,
    repo: typeof body.variables?.repo === 'string' ? body.variables.repo : undefined,
  };
  if (!env.viewer || !env.token)
    return error(
      call,
      401,
      env.token ? 'Bad credentials' : 'This endpoint requires you to be authenticated.',
      'https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql',
    );
  const hit = env.faults.take('github', call.operation, call.attrs);
  if (hit?.spec.kind === 'rate-limit') {
    const reset = env.limiter.exhaust(env.token, 'graphql', hit.spec.retryAfter ?? 1);
    return {
      ...json(
        call,
        200,
        { errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded for user ID 1000.' }] },
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      ),
      fault: hit,
    };
  }
  if (hit) {
    const faulted = renderFault(call, hit, env.limiter, env.token);
    if (faulted) return { ...faulted, fault: hit };
  }
  const wait = env.limiter.takeSecondary(env.token, 'graphql');
  if (wait !== undefined) return error(call, 403, SECONDARY_LIMIT_MESSAGE, SECONDARY_LIMIT_DOCS, { 'retry-after': String(wait) });
  const prepared = prepare(body);
  if (!prepared.doc) return json(call, 200, { errors: prepared.errors });
  const cost = queryCost(prepared.doc, body.variables);
  const limited = env.limiter.take(env.token, 'graphql', cost);
  if (limited)
    return json(call, 200, { errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded for user ID 1000.' }] }, { 'x-ratelimit-remaining': '0' });
  const state = env.limiter.state(env.token, 'graphql');
  const result = await run(prepared.doc, body, { ix: call.ix, viewer: env.viewer, rateLimit: { cost, ...state } });
  if (hit?.spec.kind === 'early-end') endEarly(result);
  return { ...json(call, 200, result), fault: hit };
}

/**
 * An answer whose connections end before their own counts: each outside-collaborator list counts one more than it
 * holds, each rules list too, and each pull-request page says more follow without a cursor to them.
 */
function endEarly(result: unknown): void {
  const data = (result as { data?: Record<string, any> }).data ?? {};
  for (const repo of Object.values(data)) {
    if (!repo || typeof repo !== 'object') continue;
    if (repo.collaborators) repo.collaborators.totalCount = repo.collaborators.edges.length + 1;
    const rules = repo.defaultBranchRef?.rules;
    if (rules) rules.totalCount = rules.nodes.length + 1;
    if (repo.pullRequests?.pageInfo) repo.pullRequests.pageInfo = { hasNextPage: true, endCursor: null };
  }
}
