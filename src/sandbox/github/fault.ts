import type { FaultHit } from '../faults.js';
import type { SandboxResponse } from '../server.js';
import { error, type GhCall } from './http.js';
import { SECONDARY_LIMIT_DOCS, SECONDARY_LIMIT_MESSAGE, type RateLimiter } from './rate-limit.js';

/** The provider's answer for a fault kind (undefined: answer normally, e.g. `hang` only delays). */
export function renderFault(call: GhCall, hit: FaultHit, limiter: RateLimiter, token: string): SandboxResponse | undefined {
  const s = hit.spec;
  const secs = s.retryAfter ?? 1;
  switch (s.kind) {
    case 'rate-limit': {
      const reset = limiter.exhaust(token, 'core', secs);
      return error(
        call,
        s.status ?? 403,
        s.message ??
          `API rate limit exceeded for user ID ${call.ix.userIds.get(call.viewer.login) ?? 1000}. If you reach out to GitHub Support for help, please include the request ID.`,
        'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      );
    }
    case 'secondary-rate-limit':
    case 'throttle':
      return error(call, s.status ?? 403, s.message ?? SECONDARY_LIMIT_MESSAGE, SECONDARY_LIMIT_DOCS, { 'retry-after': String(secs) });
    case 'deny':
      return error(call, s.status ?? 403, s.message ?? 'Resource not accessible by integration');
    case 'not-found':
      return error(call, 404, s.message ?? 'Not Found');
    case 'fail':
    case 'truncate':
      return s.status === 502
        ? {
            status: 502,
            operation: call.operation,
            attrs: call.attrs,
            headers: { 'content-type': 'text/html' },
            body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
          }
        : error(call, s.status ?? 500, s.message ?? 'Server Error');
    case 'invalid':
      return { status: 200, operation: call.operation, attrs: call.attrs, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"login": ' };
    default:
      // hang, cut, missing-field: the normal answer, which the server holds, cuts or trims; early-end: index.ts.
      return undefined;
  }
}
