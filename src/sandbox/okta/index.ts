import type { FaultHit } from '../faults.js';
import type { SandboxEnv, SandboxProvider, SandboxRequest, SandboxResponse } from '../server.js';
import { hasScope, TokenStore } from './auth.js';
import { indexScenario } from './build.js';
import type { OktaScenario } from './data.js';
import { fail, ok, type Answer } from './http.js';
import { RateLimits } from './rate-limit.js';
import { routes } from './routes.js';

/** The SSWS token of the demo organisation (`SOC2_SANDBOX_OKTA_TOKEN` in `soc2 collect --demo`). Not a secret. */
export const DEMO_OKTA_TOKEN = '00SANDBOXSECREToktademo000000000000000000';

const TOKEN_OP = 'POST /oauth2/v1/token';

/**
 * Okta Management API on 127.0.0.1: users, factors, roles, groups, policies and rules, role assignees,
 * the System Log and the org authorization server's token endpoint. The request's host is ignored.
 */
export const oktaProvider: SandboxProvider<OktaScenario> = {
  name: 'okta',
  create(data: OktaScenario, env: SandboxEnv) {
    const idx = indexScenario(data ?? {}, env.now());
    const limits = new RateLimits(idx.options);
    const tokens = new TokenStore();
    return (req: SandboxRequest): SandboxResponse => {
      const now = env.now();
      const path = req.url.pathname.replace(/\/+$/, '');
      const isToken = req.method === 'POST' && path === '/oauth2/v1/token';
      const route = isToken ? undefined : routes.find((r) => r.method === req.method && r.pattern.test(path));
      const op = isToken ? TOKEN_OP : (route?.op ?? `${req.method} ${path}`);
      const rate = limits.take(op.replace(/^\w+ /, ''), now.getTime());
      const a: Answer = { op, req, now, attrs: {}, auth: authScheme(req), rate };
      if (isToken) return withFault(a, env.faults.take('okta', op, {}), () => tokens.token(a, idx));
      if (!route) return fail(a, 404, 'E0000007', `Not found: Resource not found: ${path}`);
      const m = route.pattern.exec(path)!;
      const caller = tokens.authenticate(headerOf(req, 'authorization'), idx);
      if (!caller) return fail(a, 401, 'E0000011');
      a.attrs = route.attrs(m, a, idx);
      const hit = env.faults.take('okta', op, a.attrs);
      if (!hasScope(caller, route.scope)) {
        // Okta names the missing scope in WWW-Authenticate on an insufficient_scope 403.
        return fail(a, 403, 'E0000006', undefined, {
          'www-authenticate': `Bearer realm="IdpMyAccountAPI", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="${path}", scope="${route.scope}"`,
        });
      }
      if (rate.exceeded) return fail(a, 429, 'E0000047', undefined, { 'x-rate-limit-remaining': '0' });
      return withFault(a, hit, () => route.handle(m, a, idx));
    };
  },
};

/** Renders an injected fault as Okta would answer it; `run` produces the normal answer. */
function withFault(a: Answer, hit: FaultHit | undefined, run: () => SandboxResponse): SandboxResponse {
  if (!hit) return run();
  const s = hit.spec;
  const out = (r: SandboxResponse): SandboxResponse => ({ ...r, fault: hit });
  switch (s.kind) {
    case 'deny':
      return out(fail(a, s.status ?? 403, 'E0000006', s.message));
    case 'throttle':
    case 'rate-limit':
    case 'secondary-rate-limit': {
      // Default reset = now − 1 s: the SDK's back-off (reset − Date + 1 s) is then ~0 ms.
      const reset = Math.floor(a.now.getTime() / 1000) + (s.retryAfter ?? -1);
      return out(fail(a, s.status ?? 429, 'E0000047', s.message, { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) }));
    }
    case 'not-found':
      return out(fail(a, s.status ?? 404, 'E0000007', s.message));
    case 'invalid':
      return out({ ...ok(a, []), status: s.status ?? 200, body: '{"id": "00u1", "status": ' });
    case 'hang':
    case 'cut':
    case 'missing-field':
    case 'early-end':
      // The normal answer: the server holds it (hang), cuts it or leaves the field out. Okta's lists carry no
      // count, so an early end cannot be told from a real one: it is served as the full list.
      return out(run());
    default:
      return out(fail(a, s.status ?? 500, 'E0000009', s.message));
  }
}

function headerOf(req: SandboxRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function authScheme(req: SandboxRequest): string {
  const h = headerOf(req, 'authorization') ?? '';
  if (h.startsWith('SSWS ')) return 'SSWS';
  if (/^bearer /i.test(h)) return 'bearer';
  if (/^dpop /i.test(h)) return 'dpop';
  return req.body.length && req.url.pathname.startsWith('/oauth2') ? 'client_assertion' : 'none';
}

export type { OktaScenario } from './data.js';
export { generateOktaScenario } from './generate.js';
