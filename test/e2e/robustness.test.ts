import { existsSync, mkdirSync, readdirSync, symlinkSync, unlinkSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listBundles } from '../../src/bundle/layout.js';
import { LOCK_FILE, thisHost } from '../../src/bundle/lock.js';
import { packagePath } from '../../src/util/paths.js';
import { demoScenarioWith, runCli, runCliHere, startCli, tempDir } from '../helpers/cli.js';

// These run the built CLI (`npm run build` first) as child processes, as a user or a CI job would; the runs that only
// set a case up or look at its result (the next collect after a killed one, verify) run it in-process.

const NO_CRASH = /internal error|bug in soc2|EPIPE|ENOTEMPTY|\n\s+at [^\n]*:\d+:\d+\)?(?=\n)/;

async function waitFor(pred: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (pred()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

const staging = (ev: string) => (existsSync(ev) ? readdirSync(ev).filter((n) => n.startsWith('.staging-')) : []);
const hang = () => demoScenarioWith([{ provider: 'aws', operation: 'iam:GetAccountAuthorizationDetails', kind: 'hang', ms: 60_000 }]);

/** Starts `collect` against a scenario whose AWS call hangs; resolves once its staging folder holds raw pages. */
async function hungCollect(cwd: string, scenario: string) {
  const child = startCli(['collect', '--demo', '--scenario', scenario, '--only', 'aws'], { cwd });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const closed = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  const ev = join(cwd, 'evidence');
  expect(await waitFor(() => staging(ev).some((n) => existsSync(join(ev, n, 'data', 'raw'))), 30_000)).toBe(true);
  return { child, closed, stderr: () => stderr };
}

describe('signals', () => {
  it('SIGTERM during collect says what it stopped and that nothing was sealed, removes staging and exits 143', async () => {
    const cwd = tempDir();
    const run = await hungCollect(cwd, hang());
    const t0 = Date.now();
    run.child.kill('SIGTERM');
    expect(await run.closed).toBe(143);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(run.stderr()).toMatch(
      /warning interrupted by SIGTERM while collecting aws-[a-z0-9-]+(, aws-[a-z0-9-]+)*\n {2}nothing was sealed and staging was removed; earlier bundles are untouched\n/,
    );
    expect(run.stderr()).not.toMatch(NO_CRASH);
    expect(staging(join(cwd, 'evidence'))).toEqual([]);
    expect(await listBundles(join(cwd, 'evidence'))).toEqual([]);
  }, 60_000);
});

describe('a run killed while it seals', () => {
  it('does not block the next run: its lock is taken over at once, its staging folder removed, the chain intact', async () => {
    const cwd = tempDir();
    const ev = join(cwd, 'evidence');
    mkdirSync(ev);
    // SIGKILL the moment the lock appears: the run is inside the seal's locked section (manifests written,
    // bag-info and rename to come). Why a few tries: on a slow machine the kill can land after the rename.
    let pid = 0;
    for (let attempt = 0; attempt < 3 && !existsSync(join(ev, LOCK_FILE)); attempt++) {
      const child = startCli(['collect', '--demo', '--only', 'aws'], { cwd });
      const watcher = watch(ev, (_e, name) => {
        if (name === LOCK_FILE) child.kill('SIGKILL');
      });
      await new Promise((resolve) => child.on('close', resolve));
      watcher.close();
      pid = child.pid!;
    }
    expect(existsSync(join(ev, LOCK_FILE))).toBe(true);
    expect(staging(ev).some((n) => n.includes(`-${thisHost()}-${pid}-`))).toBe(true);
    const before = await listBundles(ev);
    const t0 = Date.now();
    const next = await runCliHere(['collect', '--demo', '--only', 'aws'], { cwd });
    expect(next.code, next.stderr).toBe(1);
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(next.stderr).toContain(`took over the lock left by run pid ${pid} on ${thisHost()}, which is gone\n  ${join(ev, LOCK_FILE)}`);
    expect(next.stderr).toMatch(/removed \d+ staging folder\(s\) left by killed runs/);
    expect(next.stderr).not.toMatch(NO_CRASH);
    expect(readdirSync(ev).filter((n) => n.startsWith('.'))).toEqual([]);
    // No sealed-looking partial bundle, and the chain (with the new bundle) verifies.
    expect(await listBundles(ev)).toHaveLength(before.length + 1);
    const v = await runCliHere(['verify', ev], { cwd });
    expect(v.code, v.stderr).toBe(0);
  }, 120_000);
});

describe('a lock held by a live run', () => {
  it('is named, exit 2, and the run that could not seal leaves no staging folder', async () => {
    const cwd = tempDir();
    const ev = join(cwd, 'evidence');
    mkdirSync(ev);
    // This test process is alive: its pid holds the lock.
    writeFileSync(join(ev, LOCK_FILE), `${JSON.stringify({ pid: process.pid, host: thisHost(), startedAt: '2026-12-01T00:00:00.000Z' })}\n`);
    const r = await runCli(['collect', '--demo', '--only', 'aws'], { cwd, env: { SOC2_LOCK_WAIT_MS: '500' } });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(
      `soc2: another run (pid ${process.pid} on ${thisHost()}, since 2026-12-01T00:00:00.000Z) holds the evidence lock\n  ${join(ev, LOCK_FILE)}\n  nothing was sealed; try again when it finishes`,
    );
    expect(r.stderr).not.toMatch(NO_CRASH);
    expect(staging(ev)).toEqual([]);
    expect(existsSync(join(ev, LOCK_FILE))).toBe(true);
  }, 60_000);
});

describe('a closed pipe', () => {
  let cwd: string;
  beforeAll(async () => {
    cwd = tempDir();
    // The bundle the cases below read (in-process: only the cases themselves are about the process).
    expect((await runCliHere(['collect', '--demo', '--only', 'aws'], { cwd })).code).toBe(1);
  }, 60_000);

  it('`soc2 check --json | head` ends quietly with the exit code of the check', async () => {
    const child = startCli(['check', '--demo', '--json'], { cwd });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    // The reader takes the first chunk and goes away, as head does.
    child.stdout!.once('data', () => child.stdout!.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(stderr).not.toMatch(NO_CRASH);
  }, 60_000);

  it('a record line over the limit in a sound bundle makes the checks reading it error, naming file:line', async () => {
    const r = await runCli(['check', '--demo'], { cwd, env: { SOC2_MAX_LINE_BYTES: '64' } });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /internal at check aws\.[a-z0-9.-]+:\s+\/\S*\/data\/records\/aws\.[a-z0-9.-]+\.jsonl:1:\s+a line longer than 64 bytes \(not a record line;\s+SOC2_MAX_LINE_BYTES\s+raises\s+the\s+limit\)/,
    );
    expect(r.stderr).not.toMatch(/^pass /m);
    expect(r.stderr).not.toMatch(NO_CRASH);
  }, 60_000);

  it('`soc2 check BUNDLE` refuses a bundle whose records are a link to /dev/zero or a FIFO, at once (exit 4)', async () => {
    const bundle = (await listBundles(join(cwd, 'evidence')))[0]!.dir;
    const rel = join('data', 'records', 'aws.iam.credential-report.jsonl');
    unlinkSync(join(bundle, rel));
    symlinkSync('/dev/zero', join(bundle, rel));
    const t0 = Date.now();
    const r = await runCli(['check', '--demo', bundle], { cwd });
    expect(r.code, r.stderr).toBe(4);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(r.stderr).toContain(`soc2: ${bundle}: fails verification`);
    expect(r.stderr).toContain('unsafe    data/records/aws.iam.credential-report.jsonl: a symbolic link inside the bundle');
    expect(r.stderr).not.toMatch(NO_CRASH);
    const v = await runCli(['verify', bundle], { cwd });
    expect(v.code).toBe(4);
    expect(v.stderr).toContain('data/records/aws.iam.credential-report.jsonl: a symbolic link inside the bundle');
  }, 60_000);
});

describe('hostile configuration', () => {
  const controls = packagePath('controls', 'library');

  it('an alias bomb and an alias without anchor are exit 2 with file:line:col, not 70', async () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, 'bomb.yaml'),
      [
        'organization: &o [x, x, x, x, x, x, x, x, x, x]',
        'scope: &s [*o, *o, *o, *o, *o, *o, *o, *o, *o, *o]',
        'period: &p [*s, *s, *s, *s, *s, *s, *s, *s, *s, *s]',
        'controls: [*p, *p, *p, *p, *p, *p, *p, *p, *p, *p]',
        '',
      ].join('\n'),
    );
    const r = await runCli(['check', '--config', 'bomb.yaml'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^bomb\.yaml:2:\d+ {2}\/ {2}YAML: aliases expand to more than 100 nodes \(an alias bomb\?\)/m);
    expect(r.stderr).not.toMatch(NO_CRASH);
    writeFileSync(join(cwd, 'alias.yaml'), `organization: Acme\ncontrols: [${controls}]\nevidenceDir: *dir\n`);
    const a = await runCli(['check', '--config', 'alias.yaml'], { cwd });
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('alias.yaml:3:14  /  YAML: alias *dir refers to no anchor &dir set before it');
  }, 60_000);

  it('a config path pointing at /dev/zero is exit 2 naming it, without hanging', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'soc2.config.yaml'), `organization: Acme\ncontrols: [${controls}]\nsources:\n  roster: { file: /dev/zero }\n`);
    const t0 = Date.now();
    const r = await runCli(['collect'], { cwd });
    expect(r.code, r.stderr).toBe(2);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(r.stderr).toContain('soc2.config.yaml:4:19  /sources/roster/file  /dev/zero: a device, not a regular file');
    writeFileSync(join(cwd, 'map.yaml'), '');
    writeFileSync(join(cwd, 'soc2.config.yaml'), 'organization: Acme\ncontrols: [/dev/zero]\n');
    const m = await runCli(['check'], { cwd });
    expect(m.code).toBe(2);
    expect(m.stderr).not.toMatch(NO_CRASH);
  }, 60_000);
});
