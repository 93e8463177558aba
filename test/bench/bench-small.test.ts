import { beforeAll, describe, expect, it } from 'vitest';
import { runBench, type BenchResult } from './run-bench.js';

/**
 * CI smoke run of the benchmark: the small estate through the built CLI (`npm test` builds it first) against the
 * sandbox with a 5 ms latency. Only deterministic figures are asserted; wall times are reported, never asserted.
 */
describe('bench (small estate)', () => {
  let result: BenchResult;
  let agg: BenchResult;

  // Why both at once: each bench is its own CLI against its own sandbox, and most of its wall time is the rate limits'
  // waits (about 15 s each for 10 s of CPU); side by side they take the time of one. Call counts and throttled calls
  // do not depend on the machine's load: a slower client is throttled less, never more.
  beforeAll(async () => {
    [result, agg] = await Promise.all([
      runBench({ size: 'small', latencyMs: 5, timeoutMs: 50_000 }),
      runBench({ size: 'small', latencyMs: 5, timeoutMs: 50_000, only: ['aws'], aggregation: true }),
    ]);
  }, 60_000);

  it('collects the whole estate through the CLI', () => {
    // 1 = controls fail (the estate plants gaps); 3 would mean evidence is incomplete.
    expect(result.cli.exitCode).toBe(1);
    for (const f of Object.values(result.providers)) expect(f.scopesFailed).toBe(0);
  });

  it.each(['aws', 'github', 'okta'])('%s makes at most 1.1 × the minimum calls, none rejected by a rate limit', (provider) => {
    const f = result.providers[provider]!;
    expect(f.minimum).toBeGreaterThan(0);
    expect(f.callRatio, JSON.stringify(f.excess)).toBeLessThanOrEqual(1.1);
    expect(f.throttled, JSON.stringify(f.excess)).toBe(0);
  });

  it('AWS aggregation mode (--aggregation) collects every scope within 1.1 × its own minimum', () => {
    const f = agg.providers.aws!;
    expect(agg.awsMode).toBe('aggregation');
    expect(f.scopesFailed).toBe(0);
    expect(f.callRatio, JSON.stringify(f.excess)).toBeLessThanOrEqual(1.1);
    // Fewer calls than direct mode reads the same estate with.
    expect(f.calls).toBeLessThan(result.providers.aws!.calls);
  });
});
