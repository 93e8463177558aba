/**
 * `soc2 doctor` and collect's pre-flight for Okta, through the SDK client the collector uses (no retries): the
 * first user of `GET /api/v1/users?limit=1` authenticates (and, with OAuth, mints an access token with the
 * configured scopes); then the first item of each other API the enabled checks read, one per OAuth scope.
 */
import { probeContext, shortMessage, unreachableCode, unreachableProblem, type ProbeOptions, type ProbeProblem, type ProbeResult } from '../../src/probe.js';
import { OKTA_SCOPES, scopeForPath, type OktaConfig } from './config.js';
import { LOG_QUERIES } from './logs.js';
import { POLICY_TYPES } from './policies.js';

type Client = any;

/** One smallest read per API, with the evidence types that need it. */
const READS: Array<{ types: string[]; op: string; first: (c: Client) => Promise<unknown> }> = [
  { types: ['okta.group', ...Object.values(POLICY_TYPES)], op: 'GET /api/v1/groups', first: (c) => firstOf(c.groupApi.listGroups({ limit: 1 })) },
  { types: Object.values(POLICY_TYPES), op: 'GET /api/v1/policies', first: (c) => firstOf(c.policyApi.listPolicies({ type: 'OKTA_SIGN_ON' })) },
  { types: ['okta.admin-role'], op: 'GET /api/v1/iam/assignees/users', first: (c) => c.roleAssignmentApi.listUsersWithRoleAssignments({ limit: 1 }) },
  { types: ['okta.log-stream'], op: 'GET /api/v1/logStreams', first: (c) => firstOf(c.logStreamApi.listLogStreams({ limit: 1 })) },
  { types: ['okta.event-hook'], op: 'GET /api/v1/eventHooks', first: (c) => firstOf(c.eventHookApi.listEventHooks()) },
  { types: ['okta.api-token'], op: 'GET /api/v1/api-tokens', first: (c) => firstOf(c.apiTokenApi.listApiTokens()) },
  { types: ['okta.app.admin-console'], op: 'GET /api/v1/apps', first: (c) => firstOf(c.applicationApi.listApplications({ filter: 'name eq "saasure"' })) },
  {
    types: Object.keys(LOG_QUERIES),
    op: 'GET /api/v1/logs',
    first: (c) => firstOf(c.systemLogApi.listLogEvents({ since: new Date(Date.now() - 3_600_000).toISOString(), limit: 1 })),
  },
];

async function firstOf(pending: Promise<AsyncIterable<unknown>> | AsyncIterable<unknown>): Promise<unknown> {
  for await (const item of await pending) return item;
  return undefined;
}

export async function probeOkta(opts: ProbeOptions<OktaConfig>): Promise<ProbeResult> {
  const ctx = probeContext(opts, { ...opts.config, maxRetries: 0 });
  const cfg = ctx.config;
  const host = safeHost(cfg.orgUrl);
  const result: ProbeResult = { source: 'okta', passed: [], problems: [] };
  let client: Client;
  try {
    const { createOktaClient } = await import('./client.js');
    client = createOktaClient(ctx).client;
  } catch (err) {
    result.problems.push({
      source: 'okta',
      kind: 'auth',
      check: 'okta:Client',
      message: shortMessage(err),
      fix: cfg.oauth ? 'check sources.okta.oauth (clientId, a readable privateKeyFile, keyId)' : 'set sources.okta.token: ${OKTA_API_TOKEN}',
    });
    return result;
  }
  const read = async (op: string, first: () => Promise<unknown>): Promise<boolean> => {
    try {
      await first();
      result.passed.push(op);
      return true;
    } catch (err) {
      result.problems.push(problemOf(err, op, host, cfg));
      return false;
    }
  };
  if (!(await read('GET /api/v1/users', () => firstOf(client.userApi.listUsers({ limit: 1 }))))) {
    // Why: a 403 on the users listing with OAuth is a missing scope; with anything it leaves nothing to collect.
    return result;
  }
  result.identity = cfg.oauth ? `OAuth service app ${cfg.oauth.clientId} on ${host}` : `API token on ${host}`;
  if (opts.authOnly) return result;
  if (cfg.oauth?.scopes) {
    for (const s of Object.keys(OKTA_SCOPES)) {
      if (!cfg.oauth.scopes.includes(s))
        result.problems.push({
          source: 'okta',
          kind: 'denied',
          check: 'sources.okta.oauth.scopes',
          message: `scope ${s} is not requested (${OKTA_SCOPES[s]})`,
          fix: `add ${s} to sources.okta.oauth.scopes and grant it to the service app`,
        });
    }
  }
  for (const r of READS.filter((x) => x.types.some((t) => opts.needed.has(t)))) await read(r.op, () => r.first(client));
  return result;
}

function problemOf(err: unknown, op: string, host: string, cfg: OktaConfig): ProbeProblem {
  const code = unreachableCode(err);
  if (code) return unreachableProblem('okta', op, host, code, 'check sources.okta.orgUrl (https://YOUR-ORG.okta.com), DNS and the proxy');
  const e = err as { status?: number; errorCode?: string; errorSummary?: string };
  const message = e.status ? `Okta HTTP ${e.status}${e.errorCode ? ` ${e.errorCode}` : ''}${e.errorSummary ? ` ${e.errorSummary}` : ''}` : shortMessage(err);
  if (e.status === 401 || (e.status === 400 && /oauth2|invalid_client|invalid_scope/i.test(JSON.stringify(err)))) {
    return {
      source: 'okta',
      kind: 'auth',
      check: op,
      message,
      fix: cfg.oauth
        ? 'the service app refused the client assertion: check clientId, keyId and the registered public key'
        : 'the API token is invalid or revoked: create a new one (Security › API › Tokens) and export OKTA_API_TOKEN',
    };
  }
  if (e.status === 403) {
    const scope = scopeForPath(op.replace(/^\w+ /, ''));
    return {
      source: 'okta',
      kind: 'denied',
      check: op,
      message,
      fix: cfg.oauth
        ? `grant ${scope} to the service app and list it in sources.okta.oauth.scopes`
        : `the token's admin lacks ${scope.replace('okta.', '').replace('.read', '')} read rights: use a read-only admin's token`,
    };
  }
  return { source: 'okta', kind: 'error', check: op, message, fix: 'retry; if it persists, check status.okta.com' };
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
