import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoScenarioWith, runCliHere, tempDir } from '../helpers/cli.js';

describe('the first week, through the CLI (in-process)', () => {
  it('ends collect with the summary and a next line; reviews a quarter without a bundle from the first one after it', async () => {
    const cwd = tempDir();
    const dir = demoScenarioWith([]);
    // Nothing was collected in 2026Q3: the first bundle is from 3 October.
    const first = await runCliHere(['collect', '--demo', '--scenario', dir, '--as-of', '2026-10-03T06:00:00Z'], { cwd, env: { COLUMNS: '80' } });
    expect([1, 3]).toContain(first.code);
    const tail = first.stderr.trimEnd().split('\n').slice(-2);
    expect(tail[0]).toMatch(/^\d+ controls: \d+ pass, \d+ fail, \d+ error, \d+ manual, \d+ n\/a/);
    expect(tail[1]).toMatch(/^next: soc2 (doctor|history)/);
    for (const line of first.stderr.split('\n')) if (!line.startsWith('sealed ')) expect(line.length, line).toBeLessThanOrEqual(80);
    // Plain progress lines (CI) carry each collector's counts.
    expect(first.stderr).toMatch(/^collected aws-iam: \d+ records from \d+ pages in /m);

    const ex = await runCliHere(['access-review', 'export', '--demo', '--quarter', '2026Q3', '--out', 'review', '--json'], { cwd });
    expect(ex.code, ex.stderr).toBe(0);
    expect(ex.stderr).toContain('no bundle was collected in 2026Q3: population from bundle 2026-10-03T060000Z (2026-10-03), the first one after it');
    const out = JSON.parse(ex.stdout) as { bundle: string; insideQuarter: boolean; files: Array<{ file: string }> };
    expect(out).toMatchObject({ bundle: '2026-10-03T060000Z', insideQuarter: false });
    for (const f of out.files) {
      const lines = readFileSync(f.file, 'utf8').trimEnd().split('\r\n');
      writeFileSync(f.file, `${lines.map((l, i) => (i === 0 ? l : l.replace(/,,,$/, ',keep,cto@acme.example,2026-10-05'))).join('\r\n')}\r\n`);
    }
    const imp = await runCliHere(['access-review', 'import', '--demo', ...out.files.map((f) => f.file)], { cwd });
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.stdout).toMatch(/stored .*2026Q3-okta\.csv/);

    // Reports meant to be read go to stdout.
    const controls = await runCliHere(['controls', '--demo'], { cwd });
    expect(controls.stdout).toMatch(/^CONTROL\s+TITLE/);
    expect(controls.stdout).toMatch(/controls from \d+ file/);
  }, 90_000);
});
