/** GitHub's primary rate limit: a budget per token and resource (`core`, `graphql`) that refills at `reset`. */
export class RateLimiter {
  private readonly windows = new Map<string, { used: number; reset: number }>();

  constructor(
    private readonly cfg: { core?: number; graphql?: number; window_seconds?: number } = {},
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
    if (w.used + cost > this.limit(resource, token)) return 'API rate limit exceeded for user ID 1000. If you reach out to GitHub Support for help, please include the request ID.';
    w.used += cost;
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
      return { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '59', 'x-ratelimit-reset': String(reset), 'x-ratelimit-used': '1', 'x-ratelimit-resource': resource };
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
