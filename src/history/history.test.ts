import { Chalk } from 'chalk';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticBundle, type SyntheticControl } from '../../test/helpers/bundles.js';
import type { Results } from '../engine/results.js';
import { readBundle } from '../bundle/reader.js';
import { addDays, gridCells, gridColumns } from './days.js';
import { readHistory } from './history.js';
import { renderHistoryHtml } from './render-html.js';
import { renderHistoryText } from './render-text.js';
import type { DayStatus, HistoryReport } from './model.js';

const START = '2026-03-01';
const day = (i: number) => addDays(START, i);
const GAP = [60, 61, 62, 63];
const TAMPERED = 49; // the 50th day
const ac01Fails = (i: number) => i >= 10 && i <= 15;
const ac02Fails = (i: number) => i >= 58 && i <= 65;
const ch01Excepted = (i: number) => i >= 30 && i <= 32;
const err01Errors = (i: number) => i >= 87;

function controlsOn(i: number): SyntheticControl[] {
  return [
    ac01Fails(i)
      ? { id: 'AC-01', status: 'fail', criteria: ['CC6.1'], failing: [{ resource: 'arn:aws:iam::123456789012:user/bob', reason: 'bob has no MFA device' }] }
      : { id: 'AC-01', status: 'pass', criteria: ['CC6.1'] },
    {
      id: 'AC-02',
      status: ac02Fails(i) ? 'fail' : 'pass',
      criteria: ['CC6.1'],
      failing: ac02Fails(i) ? [{ resource: 'github:acme/api', reason: 'branch not protected' }] : [],
    },
    ch01Excepted(i)
      ? {
          id: 'CH-01',
          status: 'pass',
          criteria: ['CC8.1'],
          excepted: [{ resource: 'github:acme/legacy', reason: 'no required reviews', ticket: 'SEC-142', expires: '2026-04-02' }],
        }
      : { id: 'CH-01', status: 'pass', criteria: ['CC8.1'] },
    { id: 'ERR-01', status: err01Errors(i) ? 'error' : 'pass', criteria: ['CC7.2'] },
    { id: 'LOG-01', status: 'pass', criteria: ['CC7.2'] },
  ];
}

let dir: string;
let tamperedName: string;
let h: HistoryReport;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'soc2-history-'));
  for (let i = 0; i < 90; i++) {
    if (GAP.includes(i)) continue;
    if (i === 20) {
      // Two runs on day 20: the morning one fails, the last one of the day decides.
      const morning = controlsOn(i).map((c) => (c.id === 'LOG-01' ? { ...c, status: 'fail' as const, failing: [{ resource: 'x', reason: 'y' }] } : c));
      await writeSyntheticBundle(dir, new Date(`${day(i)}T06:00:00Z`), morning);
    }
    const sealed = await writeSyntheticBundle(dir, new Date(`${day(i)}T12:00:00Z`), controlsOn(i));
    if (i === TAMPERED) {
      tamperedName = sealed.name;
      const p = join(sealed.dir, 'data/results.json');
      const bytes = await readFile(p);
      bytes[10] = bytes[10]! ^ 1;
      await writeFile(p, bytes);
    }
  }
  h = await readHistory({ evidenceDir: dir });
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Expected day cells of a control: status by day index, gaps on no-run and tampered days. */
function expectedRow(f: (i: number) => DayStatus): DayStatus[] {
  return Array.from({ length: 90 }, (_, i) => (GAP.includes(i) || i === TAMPERED ? 'gap' : f(i)));
}

const rowOf = (id: string) => h.controls.find((c) => c.id === id)!;

describe('readHistory over 90 daily bundles', () => {
  it('covers the window from the first to the last bundle and excludes the tampered bundle', () => {
    expect(h.window.from).toBe('2026-03-01');
    expect(h.window.to).toBe(day(89));
    expect(h.window.days).toHaveLength(90);
    expect(h.bundles.read).toBe(86); // 85 days + the morning run of day 20
    expect(h.bundles.excluded).toEqual([
      { bundle: tamperedName, day: day(TAMPERED), problems: ['data/results.json: sha256 differs from manifest-sha256.txt (changed after sealing)'] },
    ]);
    expect(h.bundles.used[TAMPERED]).toBeNull();
    expect(h.bundles.used[20]).toBe(`${day(20)}T120000Z`);
  });

  it('gives each control one cell per day, gaps never carried forward', () => {
    expect(rowOf('AC-01').days).toEqual(expectedRow((i) => (ac01Fails(i) ? 'fail' : 'pass')));
    expect(rowOf('AC-02').days).toEqual(expectedRow((i) => (ac02Fails(i) ? 'fail' : 'pass')));
    expect(rowOf('CH-01').days).toEqual(expectedRow((i) => (ch01Excepted(i) ? 'excepted' : 'pass')));
    expect(rowOf('ERR-01').days).toEqual(expectedRow((i) => (err01Errors(i) ? 'error' : 'pass')));
    expect(rowOf('LOG-01').days).toEqual(expectedRow(() => 'pass'));
    expect(h.criteria.find((k) => k.id === 'CC8.1')!.days).toEqual(expectedRow((i) => (ch01Excepted(i) ? 'excepted' : 'pass')));
  });

  it('draws weeks when the window is long: worst status of the week, gap only when every day is', () => {
    const cols = gridColumns(h.window.days);
    expect(cols).toHaveLength(13);
    expect(cols[1]).toEqual({ start: day(7), end: day(13), from: 7, to: 14 });
    expect(gridCells(rowOf('AC-01').days, cols)).toEqual(['pass', 'fail', 'fail', ...Array(10).fill('pass')]);
    expect(gridCells(rowOf('CH-01').days, cols)[4]).toBe('excepted');
    const row: DayStatus[] = [...Array(14).fill('gap'), 'pass', ...Array(46).fill('gap')];
    expect(gridCells(row, gridColumns(row.map(() => START)))).toEqual(['gap', 'gap', 'pass', ...Array(6).fill('gap')]);
  });

  it('computes operating rates over observed days, excepted counted as passing but shown', () => {
    expect(rowOf('AC-01')).toMatchObject({ daysObserved: 85, daysPassing: 79, daysFailing: 6, daysExcepted: 0, operatingRate: 92.9 });
    expect(rowOf('AC-02')).toMatchObject({ daysObserved: 85, daysPassing: 81, daysFailing: 4, operatingRate: 95.3 });
    expect(rowOf('CH-01')).toMatchObject({ daysObserved: 85, daysPassing: 85, daysExcepted: 3, operatingRate: 100 });
    expect(rowOf('ERR-01')).toMatchObject({ daysObserved: 85, daysPassing: 82, daysError: 3, operatingRate: 96.5 });
  });

  it('lists each failure episode with its duration, causes and covering exception', () => {
    expect(rowOf('AC-01').episodes).toEqual([
      {
        start: day(10),
        end: day(15),
        days: 6,
        status: 'fail',
        counts: { fail: 6, error: 0, manual: 0, excepted: 0, gap: 0 },
        resolvedOn: day(16),
        findings: [{ check: 'ac-01.check', resource: 'arn:aws:iam::123456789012:user/bob', reason: 'bob has no MFA device' }],
        findingsTotal: 1,
        exceptions: [],
      },
    ]);
    // Failing across the collection gap: the gap days are counted, not judged.
    expect(rowOf('AC-02').episodes).toMatchObject([{ start: day(58), end: day(65), days: 8, counts: { fail: 4, gap: 4 }, resolvedOn: day(66) }]);
    expect(rowOf('CH-01').episodes).toEqual([
      {
        start: day(30),
        end: day(32),
        days: 3,
        status: 'excepted',
        counts: { fail: 0, error: 0, manual: 0, excepted: 3, gap: 0 },
        resolvedOn: day(33),
        findings: [{ check: 'ch-01.check', resource: 'github:acme/legacy', reason: 'no required reviews' }],
        findingsTotal: 1,
        exceptions: [
          { ticket: 'SEC-142', reason: 'accepted risk', approvedBy: 'cto@example.com', expires: '2026-04-02', resources: ['github:acme/legacy'], days: 3 },
        ],
      },
    ]);
    expect(rowOf('ERR-01').episodes).toMatchObject([{ start: day(87), end: day(89), status: 'error', resolvedOn: null }]);
    expect(rowOf('LOG-01').episodes).toEqual([]);
  });

  it('summarises what an auditor asks first', () => {
    expect(h.summary).toEqual({
      daysInWindow: 90,
      daysWithRun: 85,
      daysBackfilled: 0,
      longestGap: { start: day(60), end: day(63), days: 4 },
      controlsNeverFailed: ['CH-01', 'ERR-01', 'LOG-01'],
      openAtEnd: [{ control: 'ERR-01', status: 'error', since: day(87) }],
    });
  });

  it('narrows to a sub-window and to named controls', async () => {
    const sub = await readHistory({ evidenceDir: dir, from: day(9), to: day(16), controls: ['AC-01'] });
    expect(sub.controls.map((c) => c.id)).toEqual(['AC-01']);
    expect(sub.controls[0]!.days).toEqual(['pass', 'fail', 'fail', 'fail', 'fail', 'fail', 'fail', 'pass']);
    expect(sub.criteria.map((k) => k.id)).toEqual(['CC6.1']);
    expect(sub.summary.daysWithRun).toBe(8);
  });

  it('--rescore shows where a re-evaluation changes verdicts, stored results untouched', async () => {
    const rescore = async (bundleDir: string): Promise<Results> => {
      const r = structuredClone(readBundle(bundleDir).results);
      if (r.asOf >= `${day(80)}T`) r.controls.find((c) => c.id === 'LOG-01')!.status = 'fail';
      return r;
    };
    const re = await readHistory({ evidenceDir: dir, from: day(70), rescore });
    expect(re.rescore!.changes).toEqual(
      Array.from({ length: 10 }, (_, k) => ({ day: day(80 + k), bundle: `${day(80 + k)}T120000Z`, control: 'LOG-01', stored: 'pass', rescored: 'fail' })),
    );
    expect(re.rescore!.controls.find((c) => c.id === 'LOG-01')).toEqual({ id: 'LOG-01', storedRate: 100, rescoredRate: 50, daysChanged: 10 });
    expect(re.controls.find((c) => c.id === 'LOG-01')!.operatingRate).toBe(100);
    expect(readBundle(join(dir, `${day(85)}T120000Z`)).results.controls.find((c) => c.id === 'LOG-01')!.status).toBe('pass');
  });
});

describe('rendering', () => {
  it('draws the terminal grid with a legend, operating figures, episodes and summary', () => {
    const text = renderHistoryText(h, new Chalk({ level: 0 }));
    expect(text).toContain('  runs      7777777646776');
    expect(text).toContain('  AC-01     +FF++++++++++');
    expect(text).toContain('  CH-01     ++++x++++++++');
    expect(text).toContain('  ERR-01    ++++++++++++E');
    expect(text).toContain(
      '+ pass   F fail   E error   M manual   x excepted   - not-applicable\n  ~ not assessed (source not collected)   . gap (no verified run)',
    );
    expect(text).toMatch(/AC-01 +85\/90 +79 +0 +92\.9% +1/);
    expect(text).toContain(`fail     ${day(10)} → ${day(15)}  6 days, resolved ${day(16)}`);
    expect(text).toContain('arn:aws:iam::123456789012:user/bob: bob has no MFA device');
    expect(text).toContain('excepted by SEC-142 (accepted risk; approved by cto@example.com; expires 2026-04-02) on 3 days');
    expect(text).toContain(`longest collection gap  4 days (${day(60)} → ${day(63)})`);
    expect(text).toContain(
      `excluded ${tamperedName}: failed verification — data/results.json: sha256 differs from manifest-sha256.txt (changed after sealing)`,
    );
  });

  it('writes a self-contained HTML page with the same grid', () => {
    const html = renderHistoryHtml(h);
    expect(html).not.toMatch(/<(script|link|img)\b|https?:/);
    const acRow = /<tr><th title="Control AC-01">AC-01<\/th>(.*?)<\/tr>/.exec(html)![1]!;
    expect([...acRow.matchAll(/class="c s-([a-z-]+)"/g)].map((m) => m[1])).toEqual(['pass', 'fail', 'fail', ...Array(10).fill('pass')]);
    expect(html).toContain(`title="${day(7)} – ${day(13)}: fail"`);
    expect(html).toContain('SEC-142 (accepted risk; cto@example.com; expires 2026-04-02)');
  });
});
