import type { BenchScenario } from './scenario.js';

/**
 * Provider rate limits the sandbox enforces during a bench run. GitHub's and CloudTrail's are the real ones;
 * Okta's documented per-minute limits are multiplied by `okta.scale` so 16,000 factor lookups take minutes, not half
 * an hour (like an org with a rate-limit increase); the windows stay Okta's 60 s.
 */
export interface LimitSettings {
  /** CloudTrail LookupEvents calls per second per account and region (real: 2). */
  lookupEventsPerSecond: number;
  github: { core: number; graphql: number; window_seconds: number; secondary: { rest_per_minute: number; graphql_per_minute: number } };
  okta: { scale: number; windowSeconds: number; perMinute: Record<string, number>; otherPerMinute: number };
}

/**
 * Okta management limits per minute (developer.okta.com/docs/reference/rl-global-mgmt, Workforce orgs): the
 * `/api/v1/users*` family 600, System Log 120, groups 500; endpoints not listed fall in the "other" bucket.
 * The sandbox keys a bucket by path template, so the users family is written once per template.
 */
const OKTA_PER_MINUTE: Record<string, number> = {
  '/api/v1/users': 600,
  '/api/v1/users/{id}/factors': 600,
  '/api/v1/users/{id}/roles': 600,
  '/api/v1/logs': 120,
  '/api/v1/groups': 500,
};

export function defaultLimits(): LimitSettings {
  return {
    lookupEventsPerSecond: 2,
    github: { core: 5_000, graphql: 5_000, window_seconds: 3_600, secondary: { rest_per_minute: 900, graphql_per_minute: 2_000 } },
    okta: { scale: 10, windowSeconds: 60, perMinute: OKTA_PER_MINUTE, otherPerMinute: 1_200 },
  };
}

/** Writes the limits into the scenario data, where each provider sandbox reads them. */
export function applyLimits(s: BenchScenario, l: LimitSettings): void {
  s.aws.options = { ...s.aws.options, lookupEventsPerSecond: l.lookupEventsPerSecond };
  s.github.rate_limit = { ...l.github };
  const rateLimits: Record<string, { limit: number; windowSeconds: number }> = {};
  for (const [bucket, perMin] of Object.entries(l.okta.perMinute)) rateLimits[bucket] = { limit: oktaLimit(l, perMin), windowSeconds: l.okta.windowSeconds };
  s.okta.options = { ...s.okta.options, rateLimits, defaultRateLimit: oktaLimit(l, l.okta.otherPerMinute) };
}

function oktaLimit(l: LimitSettings, perMinute: number): number {
  return Math.round((perMinute * l.okta.scale * l.okta.windowSeconds) / 60);
}

/**
 * Shortest time `calls` requests can take under a limit of `limit` per fixed window of `windowSeconds`, when a client
 * can at best issue one every `msPerCall` (latency ÷ concurrency). Windows are fixed (Okta's reset on the minute;
 * GitHub does not document its window, so the same most favourable reading applies): with k = ⌈calls/limit⌉ windows
 * touched, the k − 2 middle windows pass in full, and the calls in the first and last ones go at the client's own
 * rate, with the run starting wherever suits it best. No client can beat it.
 */
export function windowedMs(limit: number, windowSeconds: number, calls: number, msPerCall = 0): number {
  const free = calls * msPerCall;
  const k = Math.ceil(calls / Math.max(1, limit));
  if (k <= 2) return free;
  return Math.max(free, (k - 2) * windowSeconds * 1000 + (calls - (k - 2) * limit) * msPerCall);
}

/**
 * The same for windows fixed on the clock (Okta resets each bucket on the minute) when the calls can start no
 * earlier than `startMs` (epoch ms): the best any client can do from that moment, window by window, at most
 * `limit` calls in each and one every `msPerCall`. Returns the duration from `startMs`.
 */
export function windowedFromMs(limit: number, windowSeconds: number, calls: number, msPerCall: number, startMs: number): number {
  const windowMs = windowSeconds * 1000;
  let t = startMs;
  let left = calls;
  for (let i = 0; left > 0 && i < 1_000_000; i++) {
    const end = (Math.floor(t / windowMs) + 1) * windowMs;
    const n = Math.min(left, Math.max(1, limit), msPerCall > 0 ? Math.floor((end - t) / msPerCall) : Infinity);
    if (n >= left) return t + left * msPerCall - startMs;
    left -= n;
    t = end;
  }
  return t - startMs;
}

/** `windowedMs` for an Okta bucket. */
export function oktaBucketMs(l: LimitSettings, bucket: string, calls: number, msPerCall = 0, startMs?: number): number {
  const limit = oktaLimit(l, l.okta.perMinute[bucket] ?? l.okta.otherPerMinute);
  return startMs === undefined
    ? windowedMs(limit, l.okta.windowSeconds, calls, msPerCall)
    : windowedFromMs(limit, l.okta.windowSeconds, calls, msPerCall, startMs);
}

/** One line per limit in force, for the bench's output. */
export function describeLimits(l: LimitSettings): Record<string, string[]> {
  const okta = Object.entries(l.okta.perMinute).map(
    ([b, n]) => `${b}: ${oktaLimit(l, n)} per ${l.okta.windowSeconds} s (documented ${n}/min × ${l.okta.scale})`,
  );
  return {
    aws: [
      `cloudtrail:LookupEvents: ${l.lookupEventsPerSecond}/s per account and region (real limit; ThrottlingException beyond)`,
      'IAM, STS, Organizations: not enforced by the sandbox (no IAM throttling model); the collector makes ~8 IAM calls per account',
    ],
    github: [
      `primary core: ${l.github.core} requests per ${l.github.window_seconds} s per token (real)`,
      `primary GraphQL: ${l.github.graphql} points per ${l.github.window_seconds} s per token (real; cost per query as GitHub computes it)`,
      `secondary: ${l.github.secondary.rest_per_minute} REST and ${l.github.secondary.graphql_per_minute} GraphQL points per sliding minute (real; a read costs 1 point; 403 with retry-after beyond)`,
      'secondary: 100 concurrent requests (real) is not enforced by the sandbox; the collector keeps its configured concurrency',
    ],
    okta: [
      ...okta,
      `every other endpoint: ${oktaLimit(l, l.okta.otherPerMinute)} per ${l.okta.windowSeconds} s (${l.okta.otherPerMinute}/min × ${l.okta.scale})`,
    ],
  };
}
