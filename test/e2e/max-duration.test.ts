/**
 * The whole-run deadline through the built CLI: `collect --max-duration` seals the demo run at its deadline. Its bounds
 * are seconds, not the few hundred milliseconds of test/e2e/deadlines.test.ts, and hold on a busy two-core machine:
 * it runs with the other end-to-end files (the `main` project), so that its 15 s of waiting on the deadline overlap
 * their work instead of adding to the `timed` group at the end of the suite.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FaultSpec } from '../../src/sandbox/faults.js';
import { listBundles } from '../../src/bundle/layout.js';
import { demoScenarioWith, runCli, tempDir } from '../helpers/cli.js';

/** A hang the client must cut: far longer than any deadline here (the sandbox releases it when it closes). */
const FOREVER = 120_000;
const hang: FaultSpec = { provider: 'okta', operation: 'GET /api/v1/logs', kind: 'hang', ms: FOREVER };

describe('collect --max-duration (the built CLI)', () => {
  it("seals the demo run at its deadline with the hung collector's scopes as timeouts", async () => {
    const cwd = tempDir();
    const scenario = demoScenarioWith([hang]);
    const t0 = Date.now();
    // Why 20 s: everything but the hung System Log must finish before the deadline, also on a busy two-core machine
    // running three test files at once (8 s was too short there; 15 s held, with half the margin).
    const r = await runCli(['collect', '--demo', '--scenario', scenario, '--json', '--max-duration', '20s'], { cwd });
    // 3: OKTA-ADM-02 reads only the System Log's admin grants, so the control itself is error (incomplete).
    expect(r.code, r.stderr).toBe(3);
    const results = JSON.parse(r.stdout) as { checks: Array<{ check: string; status: string }> };
    expect(results.checks.find((c) => c.check === 'okta.users.deprovisioned-promptly')?.status).toBe('error');
    expect(results.checks.find((c) => c.check === 'okta.admins.grants-reviewed')?.status).toBe('error');
    expect(Date.now() - t0).toBeLessThan(60_000);
    const [bundle] = await listBundles(join(cwd, 'evidence'));
    const run = JSON.parse(readFileSync(join(bundle!.dir, 'data', 'run.json'), 'utf8')) as {
      coverage: { scopes: Array<{ type: string; state: string; error?: { cause: string; message: string } }> };
    };
    const logs = run.coverage.scopes.filter((s) => s.type.startsWith('okta.log.'));
    expect(logs.length).toBe(3);
    for (const s of logs) expect(s.error).toMatchObject({ cause: 'timeout', message: expect.stringContaining('maximum duration (20s)') });
    expect(run.coverage.scopes.filter((s) => s.type.startsWith('aws.') || s.type.startsWith('github.')).every((s) => s.state === 'complete')).toBe(true);
  }, 90_000);
});
