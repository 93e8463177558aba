export const SECONDARY_LIMIT_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.';
export const SECONDARY_LIMIT_DOCS = 'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';

/**
 * GitHub's primary rate limit: a budget per token and resource (`core`, `graphql`) that refills at `reset`; and,
 * when configured, the secondary points per minute, counted over a sliding 60 s.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { used: number; reset: number }>();
  /** Accepted requests' times (ms) per token and kind, within the last minute. */
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly cfg: {
      core?: number;
      graphql?: number;
      window_seconds?: number;
      secondary?: { rest_per_minute?: number; graphql_per_minute?: number };
    } = {},
    private readonly now: () => Date,
  ) {}

  limit(resource: 'core' | 'graphql', token?: string): number {
    if (!token) return 60;
    return (resource === 'core' ? this.cfg.core : this.cfg.graphql) ?? 5000;
  }

  private window(token: string, resource: string): { used: number; reset: number } {
    const key = `${resource}\u0000${token}`;
    const nowS = Math.floor(this.now().getTime() / 1000);
    let w = this.windows.get(key);
    if (!w || nowS >= w.reset) {
      w = { used: 0, reset: nowS + (this.cfg.window_seconds ?? 3600) };
      this.windows.set(key, w);
    }
    return w;
  }

  /** Charges `cost`; returns GitHub's message when the budget is exhausted (nothing is charged then). */
  take(token: string, resource: 'core' | 'graphql', cost: number): string | undefined {
    const w = this.window(token, resource);
    if (w.used + cost > this.limit(resource, token))
      return 'API rate limit exceeded for user ID 1000. If you reach out to GitHub Support for help, please include the request ID.';
    w.used += cost;
    return undefined;
  }

  /**
   * Charges one secondary point (a read); returns the seconds to wait (GitHub's `retry-after`) when the last minute
   * already holds the limit's worth, without charging. Undefined when no secondary limit is configured.
   */
  takeSecondary(token: string, kind: 'rest' | 'graphql'): number | undefined {
    const limit = kind === 'rest' ? this.cfg.secondary?.rest_per_minute : this.cfg.secondary?.graphql_per_minute;
    if (!limit) return undefined;
    const key = `${kind}\u0000${token}`;
    const now = this.now().getTime();
    const times = (this.recent.get(key) ?? []).filter((t) => t > now - 60_000);
    this.recent.set(key, times);
    if (times.length >= limit) return Math.max(1, Math.ceil((times[0]! + 60_000 - now) / 1000));
    times.push(now);
    return undefined;
  }

  /** The numbers `rateLimit { … }` reports. */
  state(token: string, resource: 'core' | 'graphql'): { limit: number; used: number; remaining: number; resetAt: string } {
    const w = this.window(token, resource);
    const limit = this.limit(resource, token);
    return { limit, used: w.used, remaining: Math.max(0, limit - w.used), resetAt: new Date(w.reset * 1000).toISOString() };
  }

  /** `x-ratelimit-*` headers, sent on every response like GitHub does. */
  headers(token: string | undefined, resource: 'core' | 'graphql'): Record<string, string> {
    if (!token) {
      const reset = Math.floor(this.now().getTime() / 1000) + 3600;
      return {
        'x-ratelimit-limit': '60',
        'x-ratelimit-remaining': '59',
        'x-ratelimit-reset': String(reset),
        'x-ratelimit-used': '1',
        'x-ratelimit-resource': resource,
      };
    }
    const s = this.state(token, resource);
    return {
      'x-ratelimit-limit': String(s.limit),
      'x-ratelimit-remaining': String(s.remaining),
      'x-ratelimit-reset': String(Math.floor(Date.parse(s.resetAt) / 1000)),
      'x-ratelimit-used': String(s.used),
      'x-ratelimit-resource': resource,
    };
  }

  /**
   * A planted primary-limit fault: the answer says the budget is spent until `secs` from now. The budget itself is
   * left alone so the client's wait (shortened in tests) is enough; the fault's `times` decides how long it lasts.
   */
  exhaust(_token: string, _resource: 'core' | 'graphql', secs: number): number {
    return Math.floor(this.now().getTime() / 1000) + secs;
  }
}
