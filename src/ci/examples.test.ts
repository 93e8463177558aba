import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { packagePath } from '../util/paths.js';

// @action-validator/core: the GitHub workflow JSON Schema (SchemaStore) checker, compiled to wasm.
const require = createRequire(import.meta.url);
const { validateWorkflow } = require('@action-validator/core') as { validateWorkflow: (src: string) => { errors: unknown[] } };

const workflow = (name: string) => readFileSync(packagePath('examples', 'github-actions', name), 'utf8');

describe('example GitHub workflows', () => {
  for (const name of ['soc2.yml', 'soc2-sharded.yml']) {
    it(`${name} passes action-validator`, () => {
      expect(validateWorkflow(workflow(name)).errors).toEqual([]);
    });
  }

  it('the validator rejects a broken workflow (so the checks above can fail)', () => {
    const broken = workflow('soc2.yml').replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest');
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  // The current major of each action the examples use (looked up when they were last updated; all run on Node 24).
  const CURRENT: Record<string, string> = {
    'actions/checkout': 'v7',
    'actions/setup-node': 'v7',
    'aws-actions/configure-aws-credentials': 'v6',
    'actions/create-github-app-token': 'v3',
    'github/codeql-action/upload-sarif': 'v4',
    'actions/upload-artifact': 'v7',
    'actions/download-artifact': 'v8',
  };

  for (const name of ['soc2.yml', 'soc2-sharded.yml']) {
    it(`${name}: the pinned install on Node 24 (npm ci, then npx --no-install), current action majors`, () => {
      const text = workflow(name);
      const wf = parse(text) as { jobs: Record<string, { steps?: Array<{ uses?: string; with?: Record<string, unknown>; run?: string }> }> };
      // Without --no-install, npx would fetch whatever package is published under the name when the install is missing.
      expect(text.match(/\bnpx\s+(?!--no-install\b)(-\S+\s+)*soc2\b/g) ?? []).toEqual([]);
      expect(text).toMatch(/npx --no-install soc2 /);
      for (const [job, { steps = [] }] of Object.entries(wf.jobs)) {
        for (const s of steps.filter((x) => x.uses)) {
          const [action, version] = s.uses!.split('@');
          expect([job, action, version]).toEqual([job, action, CURRENT[action!]]);
        }
        const soc2 = steps.findIndex((s) => s.run?.includes('soc2 '));
        if (soc2 < 0) continue;
        const node = steps.findIndex((s) => s.uses?.startsWith('actions/setup-node@'));
        const ci = steps.findIndex((s) => /^npm ci\b/m.test(s.run ?? ''));
        expect([job, steps[node]?.with?.['node-version']]).toEqual([job, 24]);
        expect(node >= 0 && ci > node && soc2 > ci, `${job}: setup-node, then npm ci, then soc2`).toBe(true);
        // The roster collector reads the signed access reviews from <evidence dir>/access-reviews: a run that
        // collects or seals restores them with the latest bundle, not only the bundle.
        const restore = steps.findIndex((s) => /s3 sync .*access-reviews\S* (evidence|shards)\/access-reviews/.test(s.run ?? ''));
        expect(restore >= 0 && restore < soc2, `${job}: access reviews restored before soc2 runs`).toBe(true);
      }
    });
  }

  it('daily workflow: OIDC without stored AWS keys, App token, 0600 Okta key, SARIF upload, gate on the exit code', () => {
    const text = workflow('soc2.yml');
    const wf = parse(text);
    expect(wf.permissions['id-token']).toBe('write');
    expect(Object.keys(wf.on)).toEqual(['schedule', 'workflow_dispatch']);
    const steps = wf.jobs.collect.steps as Array<{ uses?: string; with?: Record<string, string>; run?: string }>;
    const aws = steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'))!;
    expect(Object.keys(aws.with!)).toContain('role-to-assume');
    expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY/);
    expect(steps.some((s) => s.uses?.startsWith('actions/create-github-app-token@'))).toBe(true);
    expect(steps.some((s) => s.run?.includes('install -m 600 /dev/null'))).toBe(true);
    expect(steps.some((s) => s.run?.includes('npx --no-install soc2 collect') && s.run.includes('--format sarif') && s.run.includes('--baseline latest'))).toBe(
      true,
    );
    expect(steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))).toBe(true);
    expect(steps.at(-1)!.run).toContain('exit 1');
  });

  it('sharded workflow: one --as-of for 4 shards written outside the evidence directory, then merged into it', () => {
    const wf = parse(workflow('soc2-sharded.yml'));
    expect(wf.jobs.collect.strategy.matrix.shard).toEqual([1, 2, 3, 4]);
    const collect = (wf.jobs.collect.steps as Array<{ run?: string }>).find((s) => s.run?.includes('soc2 collect'))!.run!;
    expect(collect).toContain('--shard ${{ matrix.shard }}/$SHARDS');
    expect(collect).toContain('--as-of ${{ needs.plan.outputs.as_of }}');
    expect(collect).toContain('--evidence-dir shards');
    const merge = (wf.jobs.merge.steps as Array<{ run?: string }>).find((s) => s.run?.includes('soc2 merge'))!.run!;
    expect(merge).toContain('npx --no-install soc2 merge shards/soc2-shard-* --evidence-dir evidence');
    expect(wf.jobs.merge.needs).toEqual(['plan', 'collect']);
  });
});

describe('cron wrapper', () => {
  const script = packagePath('examples', 'cron', 'soc2-daily.sh');

  function setup(npxExit: number) {
    const root = mkdtempSync(join(tmpdir(), 'soc2-cron-'));
    const bin = join(root, 'bin');
    mkdirSync(bin);
    // A stand-in for npx: records its arguments and exits as soc2 would.
    writeFileSync(join(bin, 'npx'), `#!/usr/bin/env bash\necho "npx $*"\necho "CI=$CI"\nexit ${npxExit}\n`);
    chmodSync(join(bin, 'npx'), 0o755);
    const env = { PATH: `${bin}:/usr/bin:/bin`, SOC2_HOME: root, LOG_DIR: join(root, 'logs'), LOCK_FILE: join(root, 'lock'), SOC2_ENV_FILE: join(root, 'env') };
    return { root, env, run: () => spawnSync('bash', [script], { env, encoding: 'utf8' }) };
  }

  it('logs the run and says nothing when there is no new gap', () => {
    const t = setup(0);
    const r = t.run();
    expect([r.status, r.stdout]).toEqual([0, '']);
    const logs = readdirSync(t.env.LOG_DIR);
    expect(logs).toHaveLength(1);
    expect(readFileSync(join(t.env.LOG_DIR, logs[0]!), 'utf8')).toBe('npx --no-install soc2 collect --baseline latest\nCI=true\n');
  });

  it("keeps soc2's exit code and prints one line for cron to mail", () => {
    const r = setup(1).run();
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^soc2-daily: a control newly fails; see .*soc2-\d{8}T\d{6}Z\.log\n$/);
  });

  it('does not start while another run holds the lock', () => {
    const t = setup(0);
    const held = spawnSync('flock', ['-n', t.env.LOCK_FILE, 'bash', script], { env: t.env, encoding: 'utf8' });
    expect(held.status).toBe(75);
    expect(held.stderr).toContain('the previous run still holds');
  });

  it('refuses an environment file others can read', () => {
    const t = setup(0);
    writeFileSync(t.env.SOC2_ENV_FILE, 'X=1\n', { mode: 0o644 });
    chmodSync(t.env.SOC2_ENV_FILE, 0o644);
    const r = t.run();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('chmod 600');
  });
});
