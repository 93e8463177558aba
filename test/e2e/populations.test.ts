import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listBundles } from '../../src/bundle/layout.js';
import type { RunInfo } from '../../src/bundle/reader.js';
import type { Results } from '../../src/engine/results.js';
import { demoScenarioWith, runCliHere, tempDir } from '../helpers/cli.js';

const DAYS = ['2026-11-20', '2026-11-21', '2026-11-22'];

/** The rows of a population CSV (header lines and the column line left out), split into cells naively. */
function rows(csv: string): string[] {
  const body = csv
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n');
  return body.split('\r\n').slice(1).filter(Boolean);
}

const verdicts = (r: Results) => r.checks.map((c) => `${c.control} ${c.check} ${c.status} ${c.findings.filter((f) => f.status === 'fail').length}`);

/**
 * The CLI runs in-process here (`runCliHere`: the same commands, output and exit codes without a Node start per call);
 * test/e2e/collect.test.ts and ci.test.ts spawn the built CLI.
 */
describe('Type II populations over daily bundles (the CLI in-process, against the sandbox)', () => {
  let cwd: string;
  let unpacked: string;
  const outs: Results[] = [];

  beforeAll(async () => {
    cwd = tempDir();
    for (const d of DAYS) {
      const r = await runCliHere(['collect', '--demo', '--as-of', `${d}T12:00:00Z`, '--json'], { cwd });
      expect(r.code, r.stderr).toBe(1);
      outs.push(JSON.parse(r.stdout) as Results);
    }
    const p = await runCliHere(['pack', '-o', 'pack.zip'], { cwd });
    expect(p.code, p.stderr).toBe(0);
    unpacked = join(cwd, 'unpacked');
    execFileSync('unzip', ['-q', join(cwd, 'pack.zip'), '-d', unpacked]);
  }, 120_000);

  it('packs one population per type: 7 distinct CloudTrail events and 4 merged PRs, no duplicates, no holes', () => {
    const ct = readFileSync(join(unpacked, 'populations', 'aws.cloudtrail.event.csv'), 'utf8');
    const prs = readFileSync(join(unpacked, 'populations', 'github.pr.merged.csv'), 'utf8');
    for (const [csv, n] of [
      [ct, 7],
      [prs, 4],
    ] as const) {
      const keys = rows(csv).map((r) => r.split(',')[4]);
      expect(keys).toHaveLength(n);
      expect(new Set(keys).size).toBe(n);
      expect(csv).toContain(`# rows: ${n}\n`);
      expect(csv).toContain('# holes: none\n');
      expect(csv).toContain('# window: [2026-10-01T00:00Z, 2026-11-22T12:00Z)\n');
      expect(csv).toMatch(/^# rows-sha256: [0-9a-f]{64}$/m);
    }
    // Every event is cited in the first bundle that recorded it (the first run read the whole window).
    expect(rows(ct).every((r) => r.startsWith(`${DAYS[0]}T120000Z,bundles/${DAYS[0]}T120000Z/data/records/aws.cloudtrail.event.jsonl,`))).toBe(true);
    const html = readFileSync(join(unpacked, 'index.html'), 'utf8');
    expect(html).toMatch(/<tr class="population-row" data-type="aws\.cloudtrail\.event">.*<td class="rows">7<\/td>.*<td class="holes">none<\/td>/);
    expect(html).toMatch(/<tr class="population-row" data-type="github\.pr\.merged">.*<td class="rows">4<\/td>/);
  });

  it('reads only the new interval after the first day, and records it in run.json', async () => {
    const bundles = await listBundles(join(cwd, 'evidence'));
    const runs = bundles.map((b) => JSON.parse(readFileSync(join(b.dir, 'data', 'run.json'), 'utf8')) as RunInfo);
    const ct = (r: RunInfo) => r.populations!.find((e) => e.type === 'aws.cloudtrail.event' && e.scope === '222222222222/us-east-1')!;
    expect(ct(runs[0]!)).toMatchObject({ from: '2026-10-01T00:00:00.000Z', to: '2026-11-20T12:00:00.000Z', how: 'full', holes: [] });
    expect(ct(runs[1]!)).toMatchObject({
      from: '2026-11-20T11:45:00.000Z',
      to: '2026-11-21T12:00:00.000Z',
      how: 'incremental',
      base: { bundle: bundles[0]!.name },
    });
    // The daily bundle stores its own interval's events only (the demo's events are days old: none).
    expect(runs[2]!.coverage.scopes.filter((s) => s.type === 'aws.cloudtrail.event').every((s) => s.count === 0)).toBe(true);
    expect(runs[0]!.coverage.scopes.filter((s) => s.type === 'aws.cloudtrail.event').reduce((n, s) => n + s.count, 0)).toBe(7);
    // The verdicts are the same every day, and the third day's results name the bundles that fed them by digest.
    expect(verdicts(outs[2]!)).toEqual(verdicts(outs[0]!));
    const fed = outs[2]!.populations!.find((p) => p.type === 'aws.cloudtrail.event')!;
    expect(fed.bundles.map((b) => b.bundle)).toEqual([bundles[0]!.name, bundles[1]!.name]);
    expect(fed.bundles[0]!.digest).toMatch(/^[0-9a-f]{64}$/);
    // A failing finding over the population cites the record in the first bundle.
    const dave = outs[2]!.checks.find((c) => c.check === 'aws.cloudtrail.console-logins-without-mfa')!.findings.find((f) => f.status === 'fail')!;
    expect(dave.evidence).toMatch(new RegExp(`^\\.\\./${bundles[0]!.name}/data/records/aws\\.cloudtrail\\.event\\.jsonl#L\\d+$`));
  });

  it('re-scores offline (check, history --rescore) to the verdicts of the original runs', async () => {
    const bundles = await listBundles(join(cwd, 'evidence'));
    const check = await runCliHere(['check', bundles[2]!.dir, '--demo', '--json'], { cwd });
    expect(verdicts(JSON.parse(check.stdout) as Results)).toEqual(verdicts(outs[2]!));
    const history = await runCliHere(['history', '--rescore', '--demo', '--json'], { cwd });
    expect(history.code, history.stderr).not.toBe(2);
    const report = JSON.parse(history.stdout) as { rescore: { changes: unknown[]; controls: Array<{ daysChanged: number }> } };
    expect(report.rescore.controls.length).toBeGreaterThan(10);
    expect(report.rescore.changes).toEqual([]);
  });

  it('exports the same population with soc2 populations --from/--to; a tampered earlier bundle is a hole (exit 3)', async () => {
    const r = await runCliHere(['populations', '--demo', '--type', 'github.pr.merged', '--from', '2026-10-01', '--to', '2026-11-22'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(rows(r.stdout)).toHaveLength(4);
    const bundles = await listBundles(join(cwd, 'evidence'));
    const file = join(bundles[0]!.dir, 'data', 'records', 'github.pr.merged.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/"number":\d+/, '"number":999'));
    const bad = await runCliHere(['populations', '--demo', '--type', 'github.pr.merged'], { cwd });
    expect(bad.code).toBe(3);
    expect(bad.stdout).toMatch(
      /^# hole: acme-widgets\/\S+ \[2026-10-01T00:00Z, 2026-11-20T11:55Z\): bundle 2026-11-20T120000Z fails verification \(data\/records\/github\.pr\.merged\.jsonl altered\)$/m,
    );
    // Re-scoring the newest bundle now finds the chain broken: the review check cannot pass.
    const check = await runCliHere(['check', bundles[2]!.dir, '--demo', '--json'], { cwd });
    const pr = (JSON.parse(check.stdout) as Results).checks.find((c) => c.check === 'github.pr.merged-with-review')!;
    expect(pr.status).not.toBe('pass');
    expect(pr.errors.some((e) => e.cause === 'hole' && e.message.includes('chain breaks at bundle 2026-11-20T120000Z'))).toBe(true);
  });
});

describe("a gap in the chain beyond the provider's retention", () => {
  it('is a hole in the population and makes every check over it error, naming the hole', async () => {
    const cwd = tempDir();
    const scenario = demoScenarioWith([]);
    const config = join(scenario, 'soc2.config.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace(/start: 2026-10-01\n {2}end: 2027-09-30/, 'start: 2026-06-01\n  end: 2026-12-31'));
    const first = await runCliHere(['collect', '--demo', '--scenario', scenario, '--as-of', '2026-07-01T12:00:00Z', '--json'], { cwd });
    expect(first.code, first.stderr).toBe(1);
    // 120 days without a bundle: CloudTrail and the System Log keep 90, so 30 days of the window are lost.
    const later = await runCliHere(['collect', '--demo', '--scenario', scenario, '--as-of', '2026-10-29T12:00:00Z', '--json'], { cwd });
    expect(later.code).toBe(3);
    const results = JSON.parse(later.stdout) as Results;
    const hole = '[2026-07-01T12:00Z, 2026-07-31T12:00Z)';
    for (const id of ['aws.cloudtrail.root-console-logins', 'aws.cloudtrail.no-tampering', 'okta.users.deprovisioned-promptly']) {
      const c = results.checks.find((x) => x.check === id)!;
      expect(c.status, id).toBe('error');
      expect(
        c.errors.some((e) => e.cause === 'hole' && e.message.startsWith(hole)),
        id,
      ).toBe(true);
    }
    // GitHub keeps merged pull requests: its population has no hole and its check is judged.
    expect(results.checks.find((x) => x.check === 'github.pr.merged-with-review')!.status).not.toBe('error');
    const bundles = await listBundles(join(cwd, 'evidence'));
    const run = JSON.parse(readFileSync(join(bundles[1]!.dir, 'data', 'run.json'), 'utf8')) as RunInfo;
    expect(run.populations!.find((e) => e.type === 'aws.cloudtrail.event')!.holes).toEqual([
      { from: '2026-07-01T12:00:00.000Z', to: '2026-07-31T12:00:00.000Z' },
    ]);
  }, 60_000);
});

describe('sharded incremental runs', () => {
  it('merge day by day; the merged bundle continues the previous merged one and scores like an unsharded run', async () => {
    const cwd = tempDir();
    const days = ['2026-11-21T12:00:00Z', '2026-11-22T12:00:00Z'];
    for (const d of days) {
      for (let i = 1; i <= 2; i++) {
        const r = await runCliHere(['collect', '--demo', '--as-of', d, '--shard', `${i}/2`, '--evidence-dir', 'shards', '--fail-on', 'never'], { cwd });
        expect(r.code, r.stderr).toBe(0);
      }
      const shards = (await listBundles(join(cwd, 'shards'))).slice(-2).map((b) => b.dir);
      const m = await runCliHere(['merge', ...shards, '--demo', '--evidence-dir', 'evidence', '--json'], { cwd });
      expect(m.code, m.stderr).toBe(1);
    }
    for (const d of days) expect((await runCliHere(['collect', '--demo', '--as-of', d, '--evidence-dir', 'whole'], { cwd })).code).toBe(1);
    const merged = await listBundles(join(cwd, 'evidence'));
    const whole = await listBundles(join(cwd, 'whole'));
    const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'data', 'results.json'), 'utf8')) as Results;
    const sorted = (r: Results) => verdicts(r).sort();
    expect(sorted(read(merged[1]!.dir))).toEqual(sorted(read(whole[1]!.dir)));
    const run = JSON.parse(readFileSync(join(merged[1]!.dir, 'data', 'run.json'), 'utf8')) as RunInfo;
    const ct = run.populations!.filter((e) => e.type === 'aws.cloudtrail.event');
    expect(ct).toHaveLength(6);
    expect(ct.every((e) => e.how === 'incremental' && e.base?.bundle === merged[0]!.name)).toBe(true);
    expect(
      read(merged[1]!.dir)
        .populations!.find((p) => p.type === 'aws.cloudtrail.event')!
        .bundles.map((b) => b.bundle),
    ).toEqual([merged[0]!.name]);
  }, 90_000);
});
