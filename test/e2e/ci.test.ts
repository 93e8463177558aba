import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTagFile } from '../../src/bundle/bagit.js';
import { listBundles } from '../../src/bundle/layout.js';
import type { Results } from '../../src/engine/results.js';
import { makeAjv } from '../../src/util/ajv.js';
import { packagePath } from '../../src/util/paths.js';
import { demoScenarioWith, runCli, runCliHere, startCli, tempDir } from '../helpers/cli.js';
import { xmllintTool } from '../helpers/tools.js';

const AS_OF = '2026-11-22T12:00:00Z';

/** Verdicts without line references (record order differs between sharded and unsharded runs). */
function verdicts(r: Results) {
  return {
    controls: r.controls.map((c) => [c.id, c.status, c.failing, c.excepted]),
    checks: r.checks.map((c) => [c.control, c.check, c.status, c.findings.map((f) => `${f.status} ${f.resource} ${f.reason}`).sort()]),
    criteria: r.criteria.map((c) => [c.id, c.status]),
  };
}

/**
 * Most cases run the CLI in-process (`runCliHere`: the same commands, output and exit codes without a Node start per
 * call); the past --as-of refusal (no stack trace from the bin) and two collects at once on one directory spawn it.
 */
describe('CI use', () => {
  it('writes JUnit XML that validates against the JUnit schema, and SARIF 2.1.0 that validates against its schema', async ({ skip }) => {
    const cwd = tempDir();
    const junit = await runCliHere(['collect', '--demo', '--format', 'junit', '--as-of', AS_OF], { cwd });
    expect(junit.code).toBe(1);
    writeFileSync(join(cwd, 'junit.xml'), junit.stdout);
    expect(junit.stdout).toContain('<failure');
    const sarif = await runCliHere(['check', '--demo', '--format', 'sarif'], { cwd });
    const log = JSON.parse(sarif.stdout);
    const validate = makeAjv().compile(JSON.parse(readFileSync(packagePath('test', 'schemas', 'sarif-2.1.0-subset.schema.json'), 'utf8')));
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(log.runs[0].results.length).toBeGreaterThan(5);
    expect(log.runs[0].invocations[0].executionSuccessful).toBe(true);
    // Last, so that a machine without xmllint still runs every other assertion before the skip (never under CI=true).
    const xmllint = xmllintTool();
    if (xmllint.skip) skip(xmllint.missing);
    execFileSync('xmllint', ['--noout', '--schema', packagePath('test', 'schemas', 'junit.xsd'), join(cwd, 'junit.xml')], { stdio: 'pipe' });
  });

  it('gates on new failures against a baseline: an old gap exits 0, a new gap exits 1', async () => {
    const cwd = tempDir();
    expect((await runCliHere(['collect', '--demo', '--as-of', '2026-11-21T12:00:00Z'], { cwd })).code).toBe(1);
    const same = await runCliHere(['collect', '--demo', '--baseline', 'latest', '--as-of', AS_OF], { cwd });
    expect(same.code).toBe(0);
    expect(same.stderr).toContain('no new failures');
    // The next day four members become owners: the owner-count control newly fails.
    const scenario = demoScenarioWith([]);
    const gh = readFileSync(join(scenario, 'github.yaml'), 'utf8').replace(/\{ login: (carol|dave|erin|frank), role: member/g, '{ login: $1, role: admin');
    writeFileSync(join(scenario, 'github.yaml'), gh);
    const worse = await runCliHere(['collect', '--demo', '--scenario', scenario, '--baseline', 'latest', '--as-of', '2026-11-23T12:00:00Z'], { cwd });
    expect(worse.code).toBe(1);
    expect(worse.stderr).toMatch(/1 control\(s\) newly failing\n.*GH-ORG-02/);
  });

  it('starts the chain with --baseline latest on an empty evidence directory; check --baseline latest compares with the bundle before', async () => {
    const cwd = tempDir();
    const first = await runCliHere(['collect', '--demo', '--baseline', 'latest', '--as-of', '2026-11-21T12:00:00Z'], { cwd });
    // No baseline yet: collected, scored and sealed; the gaps are recorded, not gated (exit 0); the gate starts tomorrow.
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(
      /no baseline yet \(no sealed bundle in .*evidence yet\): this run is the first baseline; the gate starts with the next run \(\d+ failing control\(s\) recorded, not gated\)/,
    );
    expect(first.stderr).toContain('sealed ');
    const [b1] = await listBundles(join(cwd, 'evidence'));
    expect(b1?.name).toBe('2026-11-21T120000Z');
    const alone = await runCliHere(['check', '--demo', '--baseline', 'latest'], { cwd });
    expect(alone.code).toBe(0);
    expect(alone.stderr).toContain('no baseline yet (no bundle was sealed before 2026-11-21T120000Z)');
    expect((await runCliHere(['collect', '--demo', '--baseline', 'latest', '--as-of', AS_OF], { cwd })).code).toBe(0);
    const check = await runCliHere(['check', '--demo', '--baseline', 'latest'], { cwd });
    expect(check.code).toBe(0);
    // The latest bundle (11-22) against the one before it (11-21), never against itself.
    expect(check.stderr).toContain(`against baseline ${join(cwd, 'evidence', '2026-11-21T120000Z')}: no new failures`);
    // A named baseline that does not exist is still bad input.
    const missing = await runCliHere(['check', '--demo', '--baseline', '2020-01-01T000000Z'], { cwd });
    expect(missing.code).toBe(2);
  });

  it('refuses a past --as-of against live APIs unless --backfill is given (exit 2, nothing collected)', async () => {
    const cwd = tempDir();
    const r = await runCli(['collect', '--as-of', '2020-11-30T06:00:00Z'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--as-of 2020-11-30T06:00:00.000Z is in the past: against live APIs the bundle would date today's state 2020-11-30");
    expect(r.stderr).toContain('add --backfill');
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect((await runCli(['collect', '--backfill'], { cwd })).stderr).toContain('--backfill needs --as-of');
    // With --backfill the refusal is lifted (here the next problem is the missing config, still exit 2).
    const allowed = await runCli(['collect', '--as-of', '2020-11-30T06:00:00Z', '--backfill'], { cwd });
    expect(allowed.stderr).not.toContain('is in the past');
    expect(allowed.stderr).toContain('configuration file not found');
  });

  it('keeps the chain linear when two collects run at once on one evidence directory', async () => {
    const cwd = tempDir();
    const runs = [0, 1].map(() => startCli(['collect', '--demo', '--only', 'aws', '--as-of', AS_OF], { cwd }));
    const codes = await Promise.all(runs.map((c) => new Promise<number | null>((r) => c.on('close', r))));
    expect(codes).toEqual([1, 1]);
    const bundles = await listBundles(join(cwd, 'evidence'));
    expect(bundles).toHaveLength(2);
    const second = parseTagFile(readFileSync(join(bundles[1]!.dir, 'bag-info.txt'), 'utf8'));
    expect(second.get('Soc2-Previous-Bundle')).toMatch(new RegExp(`^${bundles[0]!.name} sha256:[0-9a-f]{64}$`));
    const v = await runCli(['verify', join(cwd, 'evidence')], { cwd });
    expect(v.code, v.stdout + v.stderr).toBe(0);
  });

  it('merges 4 shards of the demo into a bundle whose results equal an unsharded run', async () => {
    const cwd = tempDir();
    const whole = await runCliHere(['collect', '--demo', '--as-of', AS_OF, '--json', '--evidence-dir', 'whole'], { cwd });
    for (let i = 1; i <= 4; i++) {
      const r = await runCliHere(['collect', '--demo', '--as-of', AS_OF, '--shard', `${i}/4`, '--evidence-dir', 'shards', '--fail-on', 'never'], { cwd });
      expect(r.code, r.stderr).toBe(0);
    }
    const shardDirs = readdirSync(join(cwd, 'shards'))
      .filter((n) => !n.startsWith('.'))
      .map((n) => join(cwd, 'shards', n));
    expect(shardDirs).toHaveLength(4);
    const merged = await runCliHere(['merge', ...shardDirs, '--demo', '--evidence-dir', 'evidence', '--json'], { cwd });
    expect(merged.code, merged.stderr).toBe(1);
    const bundle = (await listBundles(join(cwd, 'evidence')))[0]!;
    const results = JSON.parse(readFileSync(join(bundle.dir, 'data', 'results.json'), 'utf8')) as Results;
    expect(verdicts(results)).toEqual(verdicts(JSON.parse(whole.stdout)));
    const run = JSON.parse(readFileSync(join(bundle.dir, 'data', 'run.json'), 'utf8'));
    const scopes = run.coverage.scopes.map((s: { type: string; scope: string }) => `${s.type} ${s.scope}`);
    expect(new Set(scopes).size).toBe(scopes.length);
  }, 150_000);
});
