import type { OktaOptions } from './data.js';

/**
 * Okta's per-endpoint rate limits: a fixed window per bucket; every response reports the bucket's
 * `x-rate-limit-limit`, `-remaining` and `-reset` (epoch seconds at the end of the window).
 */
export class RateLimits {
  private readonly windows = new Map<string, { start: number; used: number }>();

  constructor(private readonly opts: OktaOptions) {}

  /** Counts one request against `bucket` (the path template) at `nowMs`. */
  take(bucket: string, nowMs: number): { limit: number; remaining: number; reset: number; exceeded: boolean } {
    const conf = this.opts.rateLimits?.[bucket];
    const limit = conf?.limit ?? this.opts.defaultRateLimit ?? 10_000;
    const windowMs = (conf?.windowSeconds ?? 60) * 1000;
    const start = Math.floor(nowMs / windowMs) * windowMs;
    let w = this.windows.get(bucket);
    if (!w || w.start !== start) this.windows.set(bucket, (w = { start, used: 0 }));
    w.used++;
    return { limit, remaining: limit - w.used, reset: Math.ceil((start + windowMs) / 1000), exceeded: w.used > limit };
  }
}
