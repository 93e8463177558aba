import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticBundle, type SyntheticControl } from '../../test/helpers/bundles.js';
import { readHistory } from './history.js';
import type { HistoryReport } from './model.js';

// Four days. Day 1: a full run, then a github-only run (AWS-01 skipped). Day 2: only the github-only run.
// Day 3: no run. Day 4: a full run; then day 3 is backfilled (sealed after day 4, as-of day 3).
const full = (day: number): SyntheticControl[] => [
  { id: 'AWS-01', status: 'fail', criteria: ['CC6.1'], failing: [{ resource: 'arn:aws:iam::1:user/bob', reason: 'no MFA' }] },
  { id: 'GH-01', status: 'pass', criteria: ['CC8.1'] },
  // A document missing on day 1, then on file but stale: the episode's reason follows.
  {
    id: 'DOC-01',
    status: day === 1 ? 'manual' : 'fail',
    criteria: ['CC1.1'],
    manual: [{ id: 'policy', description: 'Security policy', state: day === 1 ? 'missing' : 'stale', ...(day === 1 ? {} : { due: '2026-05-01' }) }],
  },
  { id: 'MAN-01', status: 'manual', criteria: ['CC2.1'], manual: [{ id: 'charter', description: 'Board charter', state: 'missing' }] },
];
const githubOnly: SyntheticControl[] = [{ id: 'GH-01', status: 'pass', criteria: ['CC8.1'] }];

let dir: string;
let h: HistoryReport;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'soc2-days-'));
  await writeSyntheticBundle(dir, new Date('2026-06-01T06:00:00Z'), full(1));
  await writeSyntheticBundle(dir, new Date('2026-06-01T15:00:00Z'), githubOnly, [], { skipped: ['AWS-01', 'DOC-01', 'MAN-01'] });
  await writeSyntheticBundle(dir, new Date('2026-06-02T06:00:00Z'), githubOnly, [], { skipped: ['AWS-01', 'DOC-01', 'MAN-01'] });
  await writeSyntheticBundle(dir, new Date('2026-06-04T06:00:00Z'), full(4));
  await writeSyntheticBundle(dir, new Date('2026-06-03T06:00:00Z'), full(3), [], { backfill: true });
  h = await readHistory({ evidenceDir: dir });
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const row = (id: string) => h.controls.find((c) => c.id === id)!;

describe('which bundle judges a day', () => {
  it("a later partial run does not erase what the day's full run judged; a day no run assessed is not-assessed, not a gap", () => {
    expect(h.window.days).toEqual(['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04']);
    expect(row('AWS-01').days).toEqual(['fail', 'not-assessed', 'fail', 'fail']);
    expect(row('AWS-01')).toMatchObject({ daysObserved: 2, daysFailing: 2, daysNotAssessed: 1, daysBackfilled: 1 });
    expect(row('GH-01').days).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(h.criteria.find((k) => k.id === 'CC6.1')!.days).toEqual(['fail', 'not-assessed', 'fail', 'fail']);
    expect(h.bundles.used).toEqual(['2026-06-01T150000Z', '2026-06-02T060000Z', '2026-06-04T060000Z-1', '2026-06-04T060000Z']);
  });

  it('a backfilled bundle is filed under its as-of day, marked, and does not close the collection gap', () => {
    expect(h.bundles.backfilled).toEqual([false, false, true, false]);
    expect(h.summary).toMatchObject({ daysWithRun: 3, daysBackfilled: 1, longestGap: { start: '2026-06-03', end: '2026-06-03', days: 1 } });
  });

  it('an episode follows a cause whose reason changes (missing, then stale)', () => {
    const [ep] = row('DOC-01').episodes;
    expect(ep).toMatchObject({ start: '2026-06-01', end: '2026-06-04', status: 'fail', findingsTotal: 1 });
    expect(ep!.findings).toEqual([{ check: 'manual', resource: 'policy', reason: 'Security policy is stale (due 2026-05-01)' }]);
  });

  it('"never failed" leaves out a control that was manual every day', () => {
    expect(row('MAN-01')).toMatchObject({ daysManual: 2, daysPassing: 0, daysFailing: 0 });
    expect(h.summary.controlsNeverFailed).toEqual(['GH-01']);
  });
});

describe('the terminal view of those days', () => {
  it('marks the backfilled day in the runs row, draws not-assessed apart from gaps, and fits 80 columns', async () => {
    const { renderHistoryText } = await import('./render-text.js');
    const { Chalk } = await import('chalk');
    const text = renderHistoryText(h, new Chalk({ level: 0 }));
    expect(text).toContain('  runs      ++b+');
    expect(text).toContain('  AWS-01    F~FF');
    expect(text).toContain('  b (runs row) backfilled day: collected later, not counted as a run');
    expect(text).toContain('days with a run         3 (+1 backfilled, not counted)');
    const legend = text.split('\n').filter((l) => l.includes('gap (no verified run)') || l.includes('+ pass'));
    expect(legend.length).toBe(2);
    for (const l of legend) expect(l.length).toBeLessThanOrEqual(80);
  });
});
