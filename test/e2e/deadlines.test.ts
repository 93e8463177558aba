/**
 * Deadlines: a server that accepts a request and never answers cannot hold a run. Each provider's hung call ends
 * within 2 × timeout × attempts (its retries included) and the run seals with that scope `error` (cause timeout);
 * and the whole-run deadline (`--max-duration`) stops collectors still waiting, then seals what was collected.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { FaultSpec } from '../../src/sandbox/faults.js';
import { demoSetup, runEngine, type EngineRun } from '../helpers/engine-run.js';

const TIMEOUT_MS = 400;
/** A hang the client must cut: far longer than any deadline here (the sandbox releases it when it closes). */
const FOREVER = 120_000;

const hangs: Array<{ source: string; fault: FaultSpec; type: string; attempts: number }> = [
  // Attempts as the test config sets them (engine-run.ts): AWS maxAttempts 2, Okta maxRetries 1, GitHub 1 + 3 retries.
  {
    source: 'aws',
    fault: { provider: 'aws', operation: 'iam:GetCredentialReport', kind: 'hang', ms: FOREVER },
    type: 'aws.iam.credential-report',
    attempts: 2,
  },
  { source: 'github', fault: { provider: 'github', operation: 'GET /orgs/{org}', kind: 'hang', ms: FOREVER }, type: 'github.org.settings', attempts: 4 },
  { source: 'okta', fault: { provider: 'okta', operation: 'GET /api/v1/groups', kind: 'hang', ms: FOREVER }, type: 'okta.group', attempts: 2 },
];

const clean = new Map<string, EngineRun>();

describe('a server that never answers', () => {
  beforeAll(async () => {
    await demoSetup();
    for (const h of hangs) clean.set(h.source, await runEngine([h.source], [], { timeoutMs: TIMEOUT_MS }));
  }, 60_000);

  it.each(hangs.map((h) => [h.fault.operation, h] as const))(
    '%s: the run ends, sealed, within 2 × timeout × attempts of the hung call',
    async (_op, h) => {
      const run = await runEngine([h.source], [h.fault], { timeoutMs: TIMEOUT_MS });
      expect(run.crashes).toEqual([]);
      expect(run.outcome, String(run.error)).toBeDefined();
      const failed = run.states.filter((s) => s.type === h.type && s.state === 'error');
      expect(failed.length).toBeGreaterThan(0);
      for (const s of failed) expect(s.error?.cause).toBe('timeout');
      // Measured on the request log's clock: from the hung call's first attempt to the sealed run, less the time the
      // same run takes without the fault (the work that follows the hung call, scoring and sealing).
      const hung = run.sandbox.log.entries.filter((e) => e.fault === 'hang');
      const first = Math.min(...hung.map((e) => e.receivedMs ?? Infinity));
      const calls = new Set(hung.map((e) => `${e.path} ${JSON.stringify(e.attrs)}`)).size;
      const bound = 2 * TIMEOUT_MS * h.attempts;
      const held = run.endedAt - first;
      console.log(
        `${h.fault.operation}: ${hung.length} attempts of ${calls} hung call(s); sealed ${Math.round(held)} ms after the first, clean run ${Math.round(clean.get(h.source)!.ms)} ms, bound ${bound} ms + clean`,
      );
      expect(hung.length).toBeLessThanOrEqual(calls * h.attempts);
      expect(held).toBeLessThanOrEqual(bound + clean.get(h.source)!.ms);
      expect(run.outcome!.results.checks.filter((c) => c.requires.includes(h.type) && (c.status === 'pass' || c.status === 'not-applicable'))).toEqual([]);
    },
    30_000,
  );
});

describe('the whole-run deadline (--max-duration)', () => {
  it('stops the collectors still waiting, makes their unfinished scopes errors and seals what was collected', async () => {
    // The System Log never answers and the request timeout is long: only the run's deadline can end this run.
    const fault: FaultSpec = { provider: 'okta', operation: 'GET /api/v1/logs', kind: 'hang', ms: FOREVER };
    const run = await runEngine(['okta'], [fault], { timeoutMs: 60_000, maxDurationMs: 1_500 });
    expect(run.crashes).toEqual([]);
    expect(run.outcome, String(run.error)).toBeDefined();
    expect(run.ms).toBeLessThan(1_500 + 3_000);
    const logs = run.states.filter((s) => s.type.startsWith('okta.log.'));
    expect(logs.length).toBeGreaterThan(0);
    for (const s of logs)
      expect(s.state === 'error' && s.error?.cause === 'timeout' && /maximum duration \(1s\)|maximum duration/.test(s.error.message)).toBe(true);
    // What finished before the deadline is sealed whole.
    const users = run.states.find((s) => s.type === 'okta.user');
    expect(users?.state).toBe('complete');
    expect(run.records.get(`okta.user\u0000${users!.scope}`)).toBe(users!.count);
    expect(users!.count).toBeGreaterThan(0);
    expect(run.outcome!.run.facts['run.deadline']).toMatchObject({ reached: true });
  }, 30_000);
});
