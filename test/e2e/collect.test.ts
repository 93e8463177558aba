import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ENV } from '../../src/sandbox/demo.js';
import { bundleDigest } from '../../src/bundle/bagit.js';
import { listBundles } from '../../src/bundle/layout.js';
import { bundleJsonProblems } from '../helpers/bundle-schemas.js';
import { demoScenarioWith, runCli, runCliHere, startCli, tempDir } from '../helpers/cli.js';

/** Every file under a directory. */
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe('soc2 collect --demo (the built CLI, against the sandbox)', () => {
  let cwd: string;
  let first: Awaited<ReturnType<typeof runCli>>;
  let bundleDir: string;

  beforeAll(async () => {
    cwd = tempDir();
    // Why a fixed as-of: the demo period starts 2026-10-01; once that is more than 90 days back, CloudTrail and the
    // Okta System Log no longer hold its first days and a first run rightly reports that stretch as a hole (error).
    first = await runCli(['collect', '--demo', '--json', '--as-of', '2026-11-22T12:00:00Z'], { cwd });
    bundleDir = (await listBundles(join(cwd, 'evidence')))[0]!.dir;
  }, 120_000);

  it('ends with exit 1 for the planted gaps, prints the gap table and seals one bundle under ./evidence', () => {
    expect(first.code, first.stderr).toBe(1);
    expect(first.stderr).toMatch(/^CONTROL\s+TITLE\s+CRITERIA\s+STATUS\s+FAILING\s+OWNER/m);
    expect(first.stderr).toContain('Criteria in scope');
    // eslint-disable-next-line no-control-regex -- ESC starts every ANSI colour sequence
    expect(first.stderr).not.toMatch(/\u001b\[/); // plain output when not on a TTY
    expect(existsSync(join(bundleDir, 'tagmanifest-sha256.txt'))).toBe(true);
    expect(readdirSync(join(cwd, 'evidence')).filter((n) => n.startsWith('.staging'))).toEqual([]);
  });

  it('prints results.json on stdout with --json, identical to the sealed one', () => {
    const results = JSON.parse(first.stdout);
    expect(results).toEqual(JSON.parse(readFileSync(join(bundleDir, 'data', 'results.json'), 'utf8')));
    const statuses = new Set(results.controls.map((c: { status: string }) => c.status));
    expect(statuses.has('pass')).toBe(true);
    expect(statuses.has('fail')).toBe(true);
    for (const source of ['aws', 'github', 'okta']) {
      expect(
        results.checks.some((c: { check: string }) => c.check.startsWith(`${source}.`)),
        source,
      ).toBe(true);
    }
    expect(results.criteria.find((c: { id: string }) => c.id === 'CC6.1').status).toBe('fail');
  });

  it('seals a run.json and results.json that match schemas/run.schema.json and schemas/results.schema.json', () => {
    expect(bundleJsonProblems('run', JSON.parse(readFileSync(join(bundleDir, 'data', 'run.json'), 'utf8')))).toEqual([]);
    expect(bundleJsonProblems('results', JSON.parse(readFileSync(join(bundleDir, 'data', 'results.json'), 'utf8')))).toEqual([]);
  });

  it('records run facts: versions, digests, endpoints on 127.0.0.1, coverage per collector', () => {
    const run = JSON.parse(readFileSync(join(bundleDir, 'data', 'run.json'), 'utf8'));
    expect(run.source).toBe('sandbox');
    expect(run.configDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(run.controlMapDigest).toMatch(/^[0-9a-f]{64}$/);
    for (const url of Object.values(run.endpoints)) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const cov of Object.values<{ scopesPlanned: number; scopesFailed: number }>(run.coverage.collectors)) {
      expect(cov.scopesPlanned).toBeGreaterThan(0);
      expect(cov.scopesFailed).toBe(0);
    }
    expect(readFileSync(join(bundleDir, 'bag-info.txt'), 'utf8')).toContain('Soc2-Source: sandbox');
  });

  it('re-scores the sealed bundle offline with `check` to identical results', async () => {
    const r = await runCliHere(['check', bundleDir, '--demo', '--json'], { cwd });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(first.stdout));
  });

  it('changes a verdict when a threshold in the control map changes, without touching any API', async () => {
    const dir = tempDir('soc2-threshold-');
    writeFileSync(join(dir, 'soc2.config.yaml'), 'organization: Acme Widgets (demo)\ncontrols: [./controls.yaml]\nsources: {}\n');
    const controls = (days: number) =>
      `- id: KEY-01\n  title: Access keys rotate\n  criteria: [CC6.1]\n  why: test\n  owner: sec@example.com\n  checks:\n    - use: aws.iam.access-key-rotation\n      params: { maxAgeDays: ${days} }\n`;
    writeFileSync(join(dir, 'controls.yaml'), controls(90));
    const strict = await runCliHere(['check', bundleDir, '--config', join(dir, 'soc2.config.yaml'), '--json'], { cwd: dir });
    writeFileSync(join(dir, 'controls.yaml'), controls(5000));
    const lax = await runCliHere(['check', bundleDir, '--config', join(dir, 'soc2.config.yaml'), '--json'], { cwd: dir });
    expect(JSON.parse(strict.stdout).controls[0].status).toBe('fail');
    expect(JSON.parse(lax.stdout).controls[0].status).toBe('pass');
    expect([strict.code, lax.code]).toEqual([1, 0]);
  });

  it('exports an event population as CSV whose header says how it was produced', async () => {
    const r = await runCliHere(['populations', bundleDir, '--type', 'aws.cloudtrail.event'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\r\n').join('\n').split('\n');
    expect(lines[0]).toMatch(/^# population: aws\.cloudtrail\.event \(one row per distinct event by EventId/);
    expect(lines).toContain('# window: [2026-10-01T00:00Z, 2026-11-22T12:00Z)');
    expect(lines.find((l) => l.startsWith('# query: '))).toMatch(
      /^# query: cloudtrail:LookupEvents per account and region, one call per attribute: EventName=ConsoleLogin; /,
    );
    expect(lines).toContain('# holes: none');
    const rows = Number(lines.find((l) => l.startsWith('# rows: '))!.slice(8));
    const header = lines.findIndex((l) => l.startsWith('bundle,evidence,line,scope,key,'));
    expect(lines.slice(header + 1).filter(Boolean)).toHaveLength(rows);
    expect(rows).toBe(
      readFileSync(join(bundleDir, 'data', 'records', 'aws.cloudtrail.event.jsonl'), 'utf8')
        .trim()
        .split('\n').length,
    );
    const bad = await runCliHere(['populations', bundleDir, '--type', 'aws.iam.credential-report'], { cwd });
    expect(bad.code).toBe(2);
  });

  it('writes no token or secret key anywhere in the bundle', () => {
    const secrets = [DEMO_ENV.SOC2_SANDBOX_GITHUB_TOKEN!, DEMO_ENV.SOC2_SANDBOX_OKTA_TOKEN!, DEMO_ENV.AWS_SECRET_ACCESS_KEY!, 'SANDBOXSECRET'];
    const files = walk(bundleDir);
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const s of secrets) expect(text.includes(s), `${s} in ${f}`).toBe(false);
    }
    for (const s of secrets) expect(first.stdout + first.stderr).not.toContain(s);
  });
});

describe('soc2 collect: bad input', () => {
  it('reports every config problem with file:line:col, exits 2, writes nothing and prints no stack trace', async () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, 'soc2.config.yaml'),
      [
        'organization: Acme',
        'sources:',
        '  aws:',
        '    region: [us-east-1]',
        '  github:',
        '    org: acme',
        '    token: ghp_abcdefghijklmnopqrstuvwxyz0123456789',
        'exceptions:',
        '  - { control: X, resource: "*", reason: ok ok, approvedBy: cto, ticket: T-1 }',
        '',
      ].join('\n'),
    );
    const r = await runCli(['collect'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      [
        'soc2: soc2.config.yaml: 2 problems',
        "soc2.config.yaml:4:5  /sources/aws/region  unknown property 'region'  (did you mean 'regions'?)",
        "soc2.config.yaml:9:5  /exceptions/0  missing required property 'expires'",
        '',
      ].join('\n'),
    );
    expect(existsSync(join(cwd, 'evidence'))).toBe(false);
    // With the shape fixed, the second pass finds the literal secret and the unknown control.
    writeFileSync(
      join(cwd, 'soc2.config.yaml'),
      ['organization: Acme', 'sources:', '  github:', '    org: acme', '    token: ghp_abcdefghijklmnopqrstuvwxyz0123456789', ''].join('\n'),
    );
    const r2 = await runCli(['collect'], { cwd });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain(
      'soc2.config.yaml:5:12  /sources/github/token  a literal secret is not allowed in the config file  (put it in the environment and write ${GITHUB_TOKEN})',
    );
  });

  it('rejects unknown flags and bad flag values with exit 2', async () => {
    const cwd = tempDir();
    expect((await runCli(['collect', '--demo', '--shard', '9/2'], { cwd })).code).toBe(2);
    expect((await runCli(['collect', '--bogus'], { cwd })).code).toBe(2);
    const none = await runCli(['collect'], { cwd });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('soc2.config.yaml: configuration file not found');
  });
});

describe('soc2 collect: a denied API', () => {
  it('marks the dependent controls error (exit 3) and keeps everything else in the bundle', async () => {
    const scenario = demoScenarioWith([{ provider: 'aws', operation: 'iam:GetAccountAuthorizationDetails', kind: 'deny', match: { account: '222222222222' } }]);
    const cwd = tempDir();
    const r = await runCliHere(['collect', '--demo', '--scenario', scenario, '--json'], { cwd });
    expect(r.code, r.stderr).toBe(3);
    const results = JSON.parse(r.stdout);
    const check = results.checks.find((c: { check: string }) => c.check === 'aws.iam.user-direct-policies');
    expect(check.status).toBe('error');
    expect(check.errors).toContainEqual(
      expect.objectContaining({
        type: 'aws.iam.authorization-details',
        scope: '222222222222',
        cause: 'denied',
        operation: 'iam:GetAccountAuthorizationDetails',
      }),
    );
    // Other evidence of the same account, and other sources, are still judged.
    expect(results.checks.find((c: { check: string }) => c.check === 'aws.iam.console-user-mfa').status).toBe('fail');
    expect(results.checks.some((c: { check: string; status: string }) => c.check.startsWith('github.') && c.status === 'pass')).toBe(true);
    const bundle = (await listBundles(join(cwd, 'evidence')))[0]!.dir;
    expect(readFileSync(join(bundle, 'data', 'records', 'aws.iam.credential-report.jsonl'), 'utf8')).toContain('222222222222');
    expect(r.stderr).toContain('could not collect');
  });
});

describe('soc2 collect: an interrupted run', () => {
  it('leaves no sealed bundle and the previous bundles intact', async () => {
    const cwd = tempDir();
    const ok = await runCliHere(['collect', '--demo', '--only', 'aws', '--as-of', '2026-11-22T12:00:00Z'], { cwd });
    expect(ok.code).toBe(1);
    const before = await listBundles(join(cwd, 'evidence'));
    const digest = await bundleDigest(before[0]!.dir);
    const scenario = demoScenarioWith([{ provider: 'aws', operation: 'iam:GetAccountAuthorizationDetails', kind: 'hang', ms: 60_000 }]);
    for (const signal of ['SIGINT', 'SIGKILL'] as const) {
      const child = startCli(['collect', '--demo', '--scenario', scenario, '--only', 'aws'], { cwd, env: {} });
      const seen = await waitFor(
        () => readdirSync(join(cwd, 'evidence')).some((n) => n.startsWith('.staging-') && existsSync(join(cwd, 'evidence', n, 'data', 'raw'))),
        30_000,
      );
      expect(seen).toBe(true);
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      const t0 = Date.now();
      child.kill(signal);
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      expect(code).not.toBe(0);
      if (signal === 'SIGINT') {
        // Ctrl-C stops a collector blocked in a long request at once, says what happened and exits 130.
        expect(code).toBe(130);
        expect(stderr).toContain('interrupted');
        expect(stderr).not.toMatch(/internal error|bug in soc2/);
        expect(Date.now() - t0).toBeLessThan(10_000);
      }
      const after = await listBundles(join(cwd, 'evidence'));
      expect(after.map((b) => b.name)).toEqual(before.map((b) => b.name));
      expect(await bundleDigest(after[0]!.dir)).toBe(digest);
    }
  }, 90_000);
});

async function waitFor(pred: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (pred()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
