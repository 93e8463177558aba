import { brokenOff, collectionError, type ErrorContext } from '../../src/collector-kit.js';
import type { CollectionError, CollectionErrorCause, EvidenceType } from '../../src/types.js';
import { scopeForPath } from './config.js';

interface SdkError {
  status?: number;
  errorCode?: string;
  errorSummary?: string;
  url?: string;
  headers?: { get?(n: string): string | null };
  name?: string;
  type?: string;
  code?: string;
  message?: string;
}

/**
 * Okta's error mapper: the CollectionError event for `type` in `scope` caused by an SDK error. `pagesRead` > 0
 * means an enumeration broke mid-way, which makes it `truncated` (the records so far are partial).
 */
export function errorEvent(type: EvidenceType, scope: string, operation: string, err: unknown, more: ErrorContext = {}): CollectionError {
  const pagesRead = more.pagesRead ?? 0;
  const e = (err ?? {}) as SdkError;
  const status = e.status;
  let cause: CollectionErrorCause;
  let missingPermission: string | undefined;
  const path = e.url ? safePath(e.url) : '';
  if (e.name === 'InvalidAnswer') return brokenOff(collectionError(type, scope, 'invalid-response', operation, (e.message ?? '').slice(0, 300)), pagesRead);
  if (status === 401 || (status === 400 && path.startsWith('/oauth2/'))) cause = 'auth';
  else if (status === 403) {
    cause = 'denied';
    // Okta names the scope in `WWW-Authenticate: Bearer … error="insufficient_scope", scope="…"` when it can.
    const hdr = e.headers?.get?.('www-authenticate') ?? '';
    missingPermission = /scope="([^"]+)"/.exec(hdr)?.[1] ?? scopeForPath(path || operation.replace(/^\w+ /, ''));
  } else if (status === 429 || /retry delay would exceed/.test(e.message ?? '')) cause = 'throttled';
  else if (status !== undefined && status >= 500) cause = 'server';
  else if (status !== undefined) cause = 'unknown';
  else if (e.name === 'AbortError' || e.type === 'request-timeout' || /time(d)? ?out|time exceeded/i.test(e.message ?? '')) cause = 'timeout';
  else if (e.name === 'SyntaxError' || e.type === 'invalid-json' || e.name === 'HttpError') cause = 'invalid-response';
  else if (e.code || e.type === 'system') cause = 'network';
  else cause = 'unknown';
  return brokenOff(collectionError(type, scope, cause, operation, describe(e, path), missingPermission ?? more.missingPermission), pagesRead);
}

function describe(e: SdkError, path: string): string {
  return e.status !== undefined
    ? e.errorCode
      ? `Okta HTTP ${e.status} ${e.errorCode} ${e.errorSummary ?? ''}`.trim()
      : `Okta HTTP ${e.status}${path ? ` on ${path}` : ''}`
    : // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a thrown non-Error (a string) is its own message
      (e.message ?? String(e)).slice(0, 300);
}

/** The path of a URL, without query (cursors and filters are not secret, but keep messages short). */
function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}
