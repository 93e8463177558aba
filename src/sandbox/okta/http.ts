import { randomBytes } from 'node:crypto';
import type { FaultHit } from '../faults.js';
import type { SandboxRequest, SandboxResponse } from '../server.js';
import { ORIGIN } from './models.js';

/** What every Okta answer carries besides its body: request id and the endpoint's rate-limit state. */
export interface Answer {
  op: string;
  req: SandboxRequest;
  now: Date;
  attrs: Record<string, string | number | undefined>;
  auth: string;
  rate: { limit: number; remaining: number; reset: number };
}

export const ERRORS: Record<string, string> = {
  E0000001: 'Api validation failed',
  E0000005: 'Invalid session',
  E0000006: 'You do not have permission to perform the requested action',
  E0000007: 'Not found: Resource not found',
  E0000009: 'Internal Server Error',
  E0000011: 'Invalid token provided',
  E0000031: 'Invalid search criteria.',
  E0000047: 'API call exceeded rate limit due to too many requests.',
};

function baseHeaders(a: Answer): Record<string, string | string[]> {
  return {
    'content-type': 'application/json',
    // The SDK's 429 back-off is `x-rate-limit-reset − Date + 1 s`, so Date follows the sandbox clock.
    date: a.now.toUTCString(),
    'x-okta-request-id': randomBytes(12).toString('base64url'),
    'x-rate-limit-limit': String(a.rate.limit),
    'x-rate-limit-remaining': String(Math.max(0, a.rate.remaining)),
    'x-rate-limit-reset': String(a.rate.reset),
  };
}

export function ok(a: Answer, body: unknown, extra: Record<string, string | string[]> = {}, fault?: FaultHit): SandboxResponse {
  const text = JSON.stringify(body).replaceAll(ORIGIN, a.req.origin);
  return { status: 200, operation: a.op, attrs: a.attrs, auth: a.auth, retry: isRetry(a.req), fault, headers: { ...baseHeaders(a), ...extra }, body: text };
}

/** Okta's error envelope (`errorCode`, `errorSummary`, `errorLink`, `errorId`, `errorCauses`). */
export function fail(a: Answer, status: number, code: string, summary?: string, extra: Record<string, string> = {}, fault?: FaultHit): SandboxResponse {
  const body = {
    errorCode: code,
    errorSummary: summary ?? ERRORS[code] ?? 'Error',
    errorLink: code,
    errorId: `oae${randomBytes(9).toString('base64url')}`,
    errorCauses: [],
  };
  return {
    status,
    operation: a.op,
    attrs: a.attrs,
    auth: a.auth,
    retry: isRetry(a.req),
    fault,
    headers: { ...baseHeaders(a), ...extra },
    body: JSON.stringify(body),
  };
}

/** The OAuth endpoints' error shape (RFC 6749 §5.2). */
export function oauthFail(a: Answer, status: number, error: string, description: string): SandboxResponse {
  return {
    status,
    operation: a.op,
    attrs: a.attrs,
    auth: a.auth,
    headers: { ...baseHeaders(a), 'cache-control': 'no-store' },
    body: JSON.stringify({ error, error_description: description }),
  };
}

export function isRetry(req: SandboxRequest): boolean {
  return req.headers['x-okta-retry-count'] !== undefined;
}

export interface Page<T> {
  items: T[];
  /** Cursor for the next page, when there is one. */
  next?: string;
}

/**
 * Cursor pagination: `after` is the id of the last item of the previous page (Okta's cursors are opaque;
 * ids keep handlers O(page)). Returns the items and the next cursor.
 */
export function slice<T>(
  list: T[],
  pos: Map<string, number> | ((id: string) => number | undefined),
  idOf: (t: T) => string,
  after: string | null,
  limit: number,
): Page<T> | undefined {
  let start = 0;
  if (after) {
    const p = typeof pos === 'function' ? pos(after) : pos.get(after);
    if (p === undefined) return undefined;
    start = p + 1;
  }
  const items = list.slice(start, start + limit);
  const more = start + limit < list.length;
  return { items, next: more && items.length ? idOf(items[items.length - 1]!) : undefined };
}

/** Two separate Link headers, as Okta sends them: `rel="self"` (the request) and `rel="next"` (same query, new `after`). */
export function links(req: SandboxRequest, next?: string): Record<string, string | string[]> {
  const self = `<${req.origin}${req.url.pathname}${req.url.search}>; rel="self"`;
  if (next === undefined) return { link: [self] };
  const u = new URL(req.url.pathname + req.url.search, req.origin);
  u.searchParams.set('after', next);
  return { link: [self, `<${u.toString()}>; rel="next"`] };
}

/** `limit` query parameter, clamped to the endpoint's maximum. */
export function limitOf(req: SandboxRequest, def: number, max: number): number {
  const v = Number(req.url.searchParams.get('limit') ?? def);
  return Number.isFinite(v) && v > 0 ? Math.min(Math.floor(v), max) : def;
}

/** 1-based page number of the request within its enumeration (for fault matching and the request log). */
export function pageOf(pos: number | undefined, limit: number): number {
  return pos === undefined ? 1 : Math.floor((pos + 1) / limit) + 1;
}
