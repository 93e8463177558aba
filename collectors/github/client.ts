import { Octokit } from '@octokit/rest';
import { throttling } from '@octokit/plugin-throttling';
import type { CollectorStats } from '../../src/types.js';
import { githubAuth } from './auth.js';
import { deadline, gate, nativeJson, passThrough, Retrier, serverRetry } from './transport.js';
import type { GithubConfig } from './types.js';

// Why nativeJson first: plugins listed first sit innermost, so plugin-throttling and `graphql()` see parsed bodies.
// Why deadline second: it then bounds each attempt with its body (read by nativeJson), inside every retry.
const GH = Octokit.plugin(nativeJson, deadline, throttling);
export type GithubClient = InstanceType<typeof GH>;

/** Longest primary-limit wait (seconds of GitHub's hint) the collector sits out before giving up on a call. */
export const MAX_RATE_LIMIT_WAIT_S = 900;
const MAX_THROTTLE_RETRIES = 3;
/**
 * GitHub's secondary limits (docs.github.com, "About secondary rate limits"): at most 900 points per minute for REST
 * and 2,000 for GraphQL; a read (GET, or a query without mutations) costs 1 point. Paced over a sliding minute, so a
 * run that needs fewer calls than that is never slowed and a longer one never exceeds it in any 60 s.
 */
export const SECONDARY_POINTS_PER_MINUTE = { rest: 900, graphql: 2_000 } as const;

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * The real Octokit with throttling and retry, pointed at `config.baseUrl` (GHES: https://host/api/v3), authenticated
 * with the token or as the GitHub App installation (installation tokens are minted at the same baseUrl).
 * Why `doNotRetry` lists 403 and 429: the server-error retry would otherwise repeat rate-limit answers that
 * plugin-throttling also waits out (duplicate requests against a limit).
 */
export function createClient(
  config: GithubConfig,
  stats: CollectorStats,
  signal: AbortSignal,
  timeoutMs: number,
  concurrency: number,
  writeGroups: Record<string, unknown> = {},
): GithubClient {
  const base = config.retryBaseMs ?? 1000;
  const octokit = new GH({
    baseUrl: config.baseUrl ?? 'https://api.github.com',
    ...githubAuth(config),
    userAgent: 'soc2-collector/0.1.0',
    headers: { 'x-github-api-version': '2022-11-28' },
    log: quiet,
    request: { signal, timeout: timeoutMs },
    throttle: {
      retryAfterBaseValue: base,
      fallbackSecondaryRateRetryAfter: 60,
      // Why: the plugin spaces GraphQL queries like writes, 1 s apart — GitHub's guidance for mutative requests. This
      // collector only reads; its queries are paced to the secondary limit by `paced` below instead.
      write: passThrough as never,
      ...({ global: passThrough, retryLimiter: new Retrier(signal) } as object),
      // `soc2 remediate` writes: its own spacing of content-creating requests (plugin groups `write`, `notifications`).
      ...writeGroups,
      onRateLimit: (retryAfter: number, options: { method?: string; url?: string }, _o: unknown, retryCount: number) => {
        const ok = retryAfter <= MAX_RATE_LIMIT_WAIT_S && retryCount < MAX_THROTTLE_RETRIES;
        if (ok) stats.retry(opName(options), 'rate-limit');
        return ok;
      },
      onSecondaryRateLimit: (_retryAfter: number, options: { method?: string; url?: string }, _o: unknown, retryCount: number) => {
        const ok = retryCount < MAX_THROTTLE_RETRIES;
        if (ok) stats.retry(opName(options), 'secondary-rate-limit');
        return ok;
      },
    },
  });
  // Why these hooks come after the plugins: a hook wrapped later sits outside the earlier ones. Server errors are
  // retried around plugin-throttling (as plugin-retry did); the gate is outermost, so a retry is not paced again.
  serverRetry(octokit, {
    retries: 3,
    baseMs: base,
    doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
    signal,
    onRetry: (o) => stats.retry(opName(o), 'server-error'),
  });
  gate(octokit, concurrency, SECONDARY_POINTS_PER_MINUTE, signal);
  return octokit;
}

function opName(options: { method?: string; url?: string }): string {
  const url = (options.url ?? '').replace(/^https?:\/\/[^/]+(\/api\/v3)?/, '').split('?')[0];
  return `${options.method ?? 'GET'} ${url}`;
}
