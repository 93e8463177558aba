import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { parseTagFile } from '../../src/bundle/bagit.js';
import { listBundles } from '../../src/bundle/layout.js';
import { baselineResults, gateExit, newFailures } from '../../src/ci/baseline.js';
import { setup } from '../../src/cli/setup.js';
import { readHistory } from '../../src/history/history.js';
import type { HistoryReport } from '../../src/history/model.js';
import { pack } from '../../src/pack/pack.js';
import { extractZip } from '../../src/pack/unzip.js';
import type { CollectOutcome } from '../../src/engine/run.js';
import { demoScenarioWith, tempDir } from '../helpers/cli.js';
import { collectDemo } from '../helpers/demo-run.js';

/**
 * A week of daily demo runs as a team would have it: security in scope only, an exception on Okta's admin
 * count that expires on 11-24, a partial run (`--only github`) in the afternoon of 11-24, no run on 11-26,
 * and that day backfilled on 11-28 after the day's run. The engine, sandbox and SDKs are the CLI's; the runs
 * are in-process because spawning the CLI eight times proves nothing more (test/e2e/ci.test.ts does that).
 */
const DAYS = ['2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28'];
let root: string;
let evidence: string;
let scenario: string;
let h: HistoryReport;
const runs: Record<string, CollectOutcome> = {};

beforeAll(async () => {
  root = tempDir('soc2-week-');
  evidence = join(root, 'evidence');
  scenario = demoScenarioWith([]);
  const cfg = join(scenario, 'soc2.config.yaml');
  const text = readFileSync(cfg, 'utf8')
    .replace('categories: [security, availability, confidentiality]', 'categories: [security]')
    .replace(
      'exceptions:\n',
      'exceptions:\n  - { control: OKTA-ADM-01, resource: "okta:*", reason: "second super-admin during the migration", approvedBy: cto@acme.example, ticket: SEC-200, expires: 2026-11-24 }\n',
    );
  writeFileSync(cfg, text);
  for (const day of ['2026-11-22', '2026-11-23', '2026-11-24']) runs[day] = await collectDemo(scenario, evidence, `${day}T06:00:00Z`);
  runs['2026-11-24 partial'] = await collectDemo(scenario, evidence, '2026-11-24T15:00:00Z', { only: ['github'] });
  for (const day of ['2026-11-25', '2026-11-27', '2026-11-28']) runs[day] = await collectDemo(scenario, evidence, `${day}T06:00:00Z`);
  // 11-26 was missed; it is backfilled after 11-28's run.
  runs['2026-11-26 backfill'] = await collectDemo(scenario, evidence, '2026-11-26T06:00:00Z', { backfill: true });
  h = await readHistory({ evidenceDir: evidence });
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(scenario, { recursive: true, force: true });
});

const row = (id: string) => h.controls.find((c) => c.id === id)!;

describe('a week of daily runs', () => {
  it('the exception on OKTA-ADM-01 holds until 11-24; from 11-25 it fails, and the baseline gate calls that new', async () => {
    expect(runs['2026-11-24']!.results.controls.find((c) => c.id === 'OKTA-ADM-01')).toMatchObject({ status: 'pass', excepted: 1 });
    const s = await setup({}, { demo: true, demoConfig: join(scenario, 'soc2.config.yaml'), evidenceDir: evidence, offline: true });
    // The baseline of 11-25's run is the bundle before it: 11-24's partial run did not assess Okta, 11-24's morning one did.
    const base = baselineResults(runs['2026-11-24']!.bundle.dir, s.loaded, s.controlMap);
    const today = runs['2026-11-25']!.results;
    expect(newFailures(today, base).map((n) => [n.control, n.was])).toEqual([['OKTA-ADM-01', 'pass (excepted)']]);
    expect(gateExit(today, base)).toBe(1);
  });

  it('names bundles in chain order and files the backfill under the day it describes, marked in bag-info and run.json', async () => {
    const bundles = await listBundles(evidence);
    expect(bundles.map((b) => b.name)).toEqual([
      '2026-11-22T060000Z',
      '2026-11-23T060000Z',
      '2026-11-24T060000Z',
      '2026-11-24T150000Z',
      '2026-11-25T060000Z',
      '2026-11-27T060000Z',
      '2026-11-28T060000Z',
      '2026-11-28T060000Z-1',
    ]);
    const bf = runs['2026-11-26 backfill']!;
    expect(bf.bundle.name).toBe('2026-11-28T060000Z-1');
    const info = parseTagFile(readFileSync(join(bf.bundle.dir, 'bag-info.txt'), 'utf8'));
    expect(info.get('Soc2-As-Of')).toBe('2026-11-26T06:00:00.000Z');
    expect(info.get('Soc2-Backfill')).toBe('true');
    expect(Date.parse(info.get('Soc2-Collected-At')!)).toBeGreaterThan(Date.parse('2026-11-28T06:00:00Z') - 86_400_000 * 365);
    expect(info.get('Soc2-Previous-Bundle')).toMatch(/^2026-11-28T060000Z sha256:/);
    const run = JSON.parse(readFileSync(join(bf.bundle.dir, 'data', 'run.json'), 'utf8'));
    expect(run).toMatchObject({ asOf: '2026-11-26T06:00:00.000Z', backfill: true });
    expect(parseTagFile(readFileSync(join(runs['2026-11-28']!.bundle.dir, 'bag-info.txt'), 'utf8')).has('Soc2-Backfill')).toBe(false);
  });

  it('history counts days, keeps the day of a partial run, and shows the backfilled day apart', () => {
    expect(h.window).toMatchObject({ from: '2026-11-22', to: '2026-11-28', days: DAYS });
    expect(h.bundles.read).toBe(8);
    expect(h.bundles.backfilled).toEqual([false, false, false, false, true, false, false]);
    expect(h.summary).toMatchObject({ daysInWindow: 7, daysWithRun: 6, daysBackfilled: 1, longestGap: { start: '2026-11-26', end: '2026-11-26', days: 1 } });
    // The afternoon's github-only run does not turn 11-24 into a gap for AWS and Okta.
    expect(row('IAM-02').days).toEqual(['fail', 'fail', 'fail', 'fail', 'fail', 'fail', 'fail']);
    expect(row('IAM-02')).toMatchObject({ daysObserved: 6, daysFailing: 6, daysBackfilled: 1, daysNotAssessed: 0 });
    expect(row('OKTA-ADM-01').days).toEqual(['excepted', 'excepted', 'excepted', 'fail', 'fail', 'fail', 'fail']);
    expect(row('OKTA-ADM-01')).toMatchObject({ daysObserved: 6, daysPassing: 3, daysExcepted: 3, daysFailing: 3, daysBackfilled: 1, operatingRate: 50 });
    const [ep] = row('OKTA-ADM-01').episodes;
    expect(ep).toMatchObject({ start: '2026-11-22', end: '2026-11-28', status: 'fail', counts: { excepted: 3, fail: 3 }, resolvedOn: null });
    expect(ep!.exceptions.map((x) => [x.ticket, x.days])).toEqual([['SEC-200', 3]]);
    // Manual every day: it never failed, but it never operated either.
    expect(row('GOV-COC-01')).toMatchObject({ daysObserved: 6, daysManual: 6, daysPassing: 0 });
    expect(h.summary.controlsNeverFailed).not.toContain('GOV-COC-01');
    expect(h.summary.controlsNeverFailed).toEqual(expect.arrayContaining(['IAM-01', 'GOV-POL-01', 'OKTA-PWD-01']));
    expect(h.criteria.every((k) => !/^(A1|C1|PI1|P\d)\./.test(k.id))).toBe(true);
  });

  it('the pack reads the same: days not bundles, pass (excepted), criteria in scope, links that resolve', async () => {
    const out = join(root, 'week.zip');
    const r = await pack({ evidenceDir: evidence, from: '2026-11-22', to: '2026-11-28', output: out, toolVersion: 't' });
    expect(r.bundles).toHaveLength(8);
    // pack() verified every bundle and the chain first (the backfill sealed last, named after 11-28's bundle): it would refuse otherwise.
    const dir = join(root, 'unpacked');
    expect(await extractZip(out, dir)).toEqual([]);
    const csv = readFileSync(join(dir, 'controls-criteria.csv'), 'utf8').split('\r\n');
    const header = csv[0]!.split(',');
    expect(header.slice(0, 6)).toEqual(['control', 'title', 'owner', 'severity', 'status (newest bundle)', 'days failing']);
    expect(header.slice(6).every((k) => k.startsWith('CC'))).toBe(true);
    const line = (id: string) => csv.find((l) => l.startsWith(`${id},`))!.split(',');
    // 8 bundles, 6 days with a run (the partial run shares 11-24, the backfill is not counted).
    expect(line('IAM-02')[5]).toBe('6');
    expect(line('GH-REPO-02')[5]).toBe('6');
    expect(line('OKTA-ADM-01')[5]).toBe('3');
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    const controlRow = (id: string) => new RegExp(`<tr class="control-row" data-control="${id}">(.*?)</tr>`).exec(html)![1]!;
    expect(controlRow('IAM-02')).toContain('0 passing, 6 failing, 0 error, 0 manual of 6 days observed (7 in the window; 1 backfilled (not counted))');
    expect(controlRow('OKTA-ADM-01')).toContain('3 passing (3 excepted), 3 failing');
    expect([...controlRow('IAM-02').matchAll(/<i class="/g)]).toHaveLength(7);
    expect(controlRow('IAM-02')).toContain('<i class="fail bf" title="2026-11-26: fail (backfilled)">');
    // A check passing only through exceptions reads as such (GH-REPO-01's legacy repositories are excepted).
    expect(html).toMatch(/<code>github\.[a-z.-]+<\/code>[^<]*<span class="st excepted">pass \(excepted\)<\/span>/);
    // Newest means the latest day described: 11-28's run, not the backfill sealed after it, nor a partial run.
    expect(html).toMatch(/<tr class="control-row" data-control="IAM-02">.*?<td><span class="st fail">fail<\/span><\/td>/);
    expect(/<h4>Checks in the newest bundle \(([^)]+)\)<\/h4>/.exec(html)![1]).toBe('2026-11-28T060000Z');
    expect(/<tr class="criterion-row"><td>CC6\.1<\/td>.*?<td><span class="st ([a-z-]+)">/.exec(html)![1]).toBe('fail');
    expect(html).toContain('<strong>1 backfilled</strong> (collected later than the day they describe');
    expect(html).toMatch(/<tr class="backfilled"><td>2026-11-28T060000Z-1<\/td><td>2026-11-26T06:00:00.000Z <span class="st manual">backfilled<\/span>/);
    const hrefs = [...html.matchAll(/href="([^"#]+)"/g)].map((m) => decodeURIComponent(m[1]!.replace(/&amp;/g, '&')));
    expect(hrefs.length).toBeGreaterThan(20);
    expect(hrefs.filter((p) => !existsSync(join(dir, p)))).toEqual([]);
  });
});
