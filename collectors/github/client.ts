import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { CollectorStats } from '../../src/types.js';
import { githubAuth } from './auth.js';
import type { GithubConfig } from './types.js';

const GH = Octokit.plugin(throttling, retry);
export type GithubClient = InstanceType<typeof GH>;

/** Longest primary-limit wait (seconds of GitHub's hint) the collector sits out before giving up on a call. */
export const MAX_RATE_LIMIT_WAIT_S = 900;
const MAX_THROTTLE_RETRIES = 3;
/** GitHub's secondary limit: 2,000 GraphQL points per minute; a query (not a mutation) costs 1 point. */
export const GRAPHQL_QUERY_GAP_MS = 30;

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * The real Octokit with throttling and retry, pointed at `config.baseUrl` (GHES: https://host/api/v3), authenticated
 * with the token or as the GitHub App installation (installation tokens are minted at the same baseUrl).
 * Why `doNotRetry` lists 429: plugin-retry would otherwise retry rate limits itself while plugin-throttling
 * also waits them out (duplicate requests against a limit).
 */
export function createClient(config: GithubConfig, stats: CollectorStats, signal: AbortSignal, timeoutMs: number): GithubClient {
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
      // collector only reads, and GitHub's secondary limit for GraphQL is 2,000 points per minute (a query costs 1
      // point), so queries are spaced 30 ms apart instead; tests that shorten retryBaseMs shorten it further.
      write: spacedGroup(Math.min(GRAPHQL_QUERY_GAP_MS, base)) as never,
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
    retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451], retries: 3, retryAfterBaseValue: base },
  });
  // Why: plugin-retry has no callback; it marks a repeated request with `request.retryCount`.
  octokit.hook.before('request', (options) => {
    const n = (options.request as { retryCount?: number } | undefined)?.retryCount;
    if (n) stats.retry(opName(options), 'server-error');
  });
  return octokit;
}

/** A minimal stand-in for the plugin's Bottleneck group: one call at a time, `minTimeMs` apart. */
function spacedGroup(minTimeMs: number) {
  let chain: Promise<unknown> = Promise.resolve();
  let next = 0;
  const limiter = {
    schedule<R>(_opts: unknown, fn: (...a: unknown[]) => R, ...args: unknown[]): Promise<Awaited<R>> {
      const turn = chain.then(async () => {
        const wait = next - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        next = Date.now() + minTimeMs;
      });
      chain = turn;
      return turn.then(() => fn(...args)) as Promise<Awaited<R>>;
    },
  };
  return { key: () => limiter };
}

function opName(options: { method?: string; url?: string }): string {
  const url = (options.url ?? '').replace(/^https?:\/\/[^/]+(\/api\/v3)?/, '').split('?')[0];
  return `${options.method ?? 'GET'} ${url}`;
}
