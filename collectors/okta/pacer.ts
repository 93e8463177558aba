/**
 * Our own pacing on top of the SDK's 429 retry: Okta's limits are per endpoint and org-wide (shared with
 * every other integration), so we slow down before the bucket is empty instead of spending 429s.
 */
interface Bucket {
  limit: number;
  remaining: number;
  /** Local clock time (ms) when the window resets. */
  resetAt: number;
}

export class Pacer {
  private readonly buckets = new Map<string, Bucket>();
  waits = 0;

  constructor(private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))) {}

  /** Headroom kept in every bucket: 5% of the limit, at least 2 calls. */
  private reserve(limit: number): number {
    return Math.max(2, Math.ceil(limit * 0.05));
  }

  /** Called before each request: waits for the window to reset when the bucket is nearly spent. */
  async before(bucket: string): Promise<void> {
    for (let i = 0; i < 5; i++) {
      const b = this.buckets.get(bucket);
      if (!b) return;
      const now = Date.now();
      if (now >= b.resetAt) {
        this.buckets.delete(bucket);
        return;
      }
      if (b.remaining > this.reserve(b.limit)) {
        b.remaining--;
        return;
      }
      this.waits++;
      await this.sleep(Math.min(b.resetAt - now, 60_000));
    }
  }

  /** Called with each response's headers. Reset is epoch seconds; its distance to `Date` avoids clock skew (as the SDK does). */
  after(bucket: string, headers: { get(name: string): string | null }): void {
    const limit = Number(headers.get('x-rate-limit-limit'));
    const remaining = Number(headers.get('x-rate-limit-remaining'));
    const reset = Number(headers.get('x-rate-limit-reset'));
    const date = Date.parse(headers.get('date') ?? '');
    if (!Number.isFinite(limit) || !Number.isFinite(remaining) || !Number.isFinite(reset) || !headers.get('x-rate-limit-reset')) return;
    const resetAt = Date.now() + (Number.isFinite(date) ? reset * 1000 - date : reset * 1000 - Date.now()) + 100;
    const prev = this.buckets.get(bucket);
    // Requests still in flight were already counted locally: keep the lower estimate within one window.
    const same = prev && Math.abs(prev.resetAt - resetAt) < 1500;
    this.buckets.set(bucket, { limit, remaining: same ? Math.min(prev.remaining, remaining) : remaining, resetAt });
  }
}
