import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runDaily, withinTarget, type DailyResult } from './daily.js';

/**
 * The daily-series bench (`npm run bench -- --daily N`) on the small estate: two simulated days incremental, then
 * the same two with `--full`, through the built CLI against the sandbox. Only the event-population collectors run
 * (CloudTrail events, the GitHub organisation with its merged pull requests, Okta with its System Log) and the rate
 * limits are lifted: neither changes what a day reads of a population, and it keeps the test short (four small
 * collects, about 20 s of CPU; the timeout leaves room for a loaded machine).
 */
describe('bench --daily (small estate)', () => {
  const run = (full: boolean) => runDaily({ size: 'small', days: 2, full, latencyMs: 0, unlimited: true, collectors: ['aws-cloudtrail', 'github', 'okta'] });
  let inc: DailyResult;
  let full: DailyResult;

  // Why without V8's --optimize-for-size (bin/soc2.js sets it for every run but --demo): this test asserts calls,
  // events and bytes, which the flag does not change, and the flag costs these four collects about a quarter of their
  // CPU (24.8 → 18.9 s measured). `npm run bench` and bench-small.test.ts keep it, as a user's run has it.
  beforeAll(() => void vi.stubEnv('SOC2_OPTIMIZE_FOR_SIZE', '0'));
  afterAll(() => void vi.unstubAllEnvs());

  it('runs two days in each mode with every population scope complete', async () => {
    inc = await run(false);
    full = await run(true);
    for (const r of [inc, full]) {
      expect(r.days).toHaveLength(2);
      for (const d of r.days) {
        expect([0, 1]).toContain(d.exitCode);
        expect(d.populationScopesFailed).toBe(0);
      }
    }
    // The first day reads the whole window in both modes.
    for (const p of ['aws', 'okta', 'github'] as const) expect(inc.days[0]!.population[p].events).toBe(full.days[0]!.population[p].events);
  }, 180_000);

  it('a later day reads only its own events: population calls within 1.1 × (events ÷ page size + one call per query and scope)', () => {
    const later = inc.days[1]!;
    for (const p of ['aws', 'okta', 'github'] as const) {
      expect(withinTarget(later, p), `${p}: ${JSON.stringify(later.population[p])}`).toBe(true);
      expect(later.population[p].events).toBeLessThan(full.days[1]!.population[p].events);
    }
    // CloudTrail pages through one query per account/region; with the whole window, some need more than one page.
    expect(later.population.aws.calls).toBeLessThan(full.days[1]!.population.aws.calls);
  });

  it("a later day's bundle grows with the day's events: smaller population records, a smaller evidence directory", () => {
    const pop = (r: DailyResult) => r.days[1]!.populationBytes.aws + r.days[1]!.populationBytes.okta + r.days[1]!.populationBytes.github;
    expect(pop(inc)).toBeGreaterThan(0);
    expect(pop(inc) * 5).toBeLessThan(pop(full));
    expect(inc.days[1]!.bundleBytes).toBeLessThan(full.days[1]!.bundleBytes);
    expect(inc.evidenceBytes).toBeLessThan(full.evidenceBytes);
  });
});
