import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_ENV } from '../../src/sandbox/demo.js';
import { runCliHere, tempDir } from '../helpers/cli.js';

describe('soc2 remediate --to github --demo, through the CLI (in-process)', () => {
  it('opens the issues once, then leaves them alone; history links the episodes; no secret anywhere', async () => {
    const cwd = tempDir();
    const env = { COLUMNS: '80' };
    const collected = await runCliHere(['collect', '--demo', '--as-of', '2026-12-01T12:00:00Z'], { cwd, env });
    expect([1, 3]).toContain(collected.code);
    expect(collected.stderr).toMatch(
      /^Failing controls by owner \(as of 2026-12-01\)\nOWNER +FAILING +LONGEST FAILING\nsecurity@example\.com +\d+ of \d+ +1 d \(/m,
    );

    const plan = await runCliHere(['remediate', '--to', 'github', '--demo', '--dry-run'], { cwd, env });
    expect(plan.code, plan.stderr).toBe(0);
    const planned = /dry run: (\d+) to open, 0 to update, 0 to re-open, 0 to close, 0 unchanged; nothing was changed/.exec(plan.stderr);
    expect(planned, plan.stderr).not.toBeNull();
    const n = Number(planned![1]);
    expect(n).toBeGreaterThan(0);

    const first = await runCliHere(['remediate', '--to', 'github', '--demo'], { cwd, env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(`${n} opened, 0 updated, 0 re-opened, 0 closed, 0 unchanged`);
    for (const line of first.stderr.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    const again = await runCliHere(['remediate', '--to', 'github', '--demo', '--json'], { cwd, env });
    expect(again.code, again.stderr).toBe(0);
    const report = JSON.parse(again.stdout) as { actions: Array<{ action: string; issue: { url: string } }> };
    expect(report.actions).toHaveLength(n);
    expect(new Set(report.actions.map((a) => a.action))).toEqual(new Set(['unchanged']));

    const history = await runCliHere(['history'], { cwd, env });
    expect(history.stdout).toContain(`tracked in ${report.actions[0]!.issue.url} (opened 2026-12-01)`);

    const evidence = join(cwd, 'evidence');
    const written = [
      first.stdout,
      first.stderr,
      again.stdout,
      again.stderr,
      ...readdirSync(evidence)
        .filter((f) => f.endsWith('.json'))
        .map((f) => readFileSync(join(evidence, f), 'utf8')),
    ].join('\n');
    for (const secret of Object.values(DEMO_ENV).filter((v) => v.includes('SECRET'))) expect(written).not.toContain(secret);
  });

  it('without a remediation.github section: one line, exit 2', async () => {
    const cwd = tempDir();
    const r = await runCliHere(['remediate', '--to', 'github', '--config', 'x.yaml'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
