import { brokenOff, collectionError, type ErrorContext } from '../../src/collector-kit.js';
import { unreachableCode } from '../../src/probe.js';
import type { CollectionError, CollectionErrorCause } from '../../src/types.js';

interface HttpishError {
  status?: number;
  name?: string;
  message?: string;
  response?: { data?: unknown; headers?: Record<string, string | undefined> };
}

/** Maps an Octokit error to a collection cause: never "empty", never "off". */
export function causeOf(err: unknown): CollectionErrorCause {
  const e = err as HttpishError;
  if (e?.name === 'InvalidResponseError') return 'invalid-response';
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError' || /timeout|timed out|aborted/i.test(e?.message ?? '')) return 'timeout';
  // Why before the status: Octokit reports a connection that never happened as HTTP 500.
  if (unreachableCode(err)) return 'network';
  const status = e?.status ?? 0;
  if (status === 401) return 'auth';
  if (status === 403 || status === 429) {
    const remaining = e.response?.headers?.['x-ratelimit-remaining'];
    // Why: GitHub's rate limits are 403/429 with remaining 0 or a "secondary rate limit" message.
    if (remaining === '0' || status === 429 || /rate limit/i.test(e.message ?? '')) return 'throttled';
    return 'denied';
  }
  if (status === 404 || status === 422) return 'denied';
  if (status >= 500) return 'server';
  if (status === 0 && /fetch failed|ECONNREFUSED|ECONNRESET|socket|terminated|other side closed/i.test(e?.message ?? '')) return 'network';
  if (e?.name === 'GraphqlResponseError')
    return /RATE_LIMITED/.test(JSON.stringify((err as { errors?: unknown }).errors ?? '')) ? 'throttled' : 'invalid-response';
  return status ? 'server' : 'internal';
}

/** A short, secret-free message for an error event. */
export function messageOf(err: unknown): string {
  const e = err as HttpishError;
  const code = unreachableCode(err);
  if (code) return `cannot reach ${hostOf((err as { request?: { url?: string } }).request?.url) ?? 'the GitHub API'} (${code})`;
  const msg = (e?.message ?? String(err)).split(' - https://')[0]!;
  return e?.status ? `HTTP ${e.status}: ${msg}` : msg;
}

/**
 * GitHub's error mapper: the CollectionError event for `type` in `scope` caused by `err`. A list read by `readAll`
 * carries the pages it had read, so a list that broke off mid-way is `truncated`.
 */
export function errorEvent(type: string, scope: string, operation: string, err: unknown, more: ErrorContext = {}): CollectionError {
  const pagesRead = more.pagesRead ?? (err as { pagesRead?: unknown } | undefined)?.pagesRead;
  return brokenOff(
    collectionError(type, scope, causeOf(err), operation, messageOf(err), more.missingPermission),
    typeof pagesRead === 'number' ? pagesRead : 0,
  );
}

function hostOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).host : undefined;
  } catch {
    return undefined;
  }
}
