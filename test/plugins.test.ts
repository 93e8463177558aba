import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../src/engine/registry.js';
import { extendRegistry } from '../src/plugins/load.js';
import type { LoadedPlugin, Soc2Plugin } from '../src/plugins/contract.js';
import { ExitError } from '../src/util/exit.js';
import { packagePath } from '../src/util/paths.js';
import { runCli, tempDir } from './helpers/cli.js';

const example = packagePath('examples', 'plugins', 'soc2-plugin-acme-admin');
const TOKEN = { ACME_ADMIN_TOKEN: 'acme-admin-SANDBOXSECRET-token' };

/** A scenario directory whose config loads the plugin with `spec`. */
function scenario(spec: string, dir = tempDir('soc2-plugin-')): string {
  for (const f of readdirSync(join(example, 'scenario'))) cpSync(join(example, 'scenario', f), join(dir, f));
  const cfg = readFileSync(join(dir, 'soc2.config.yaml'), 'utf8').replace('plugins: [../index.js]', `plugins: [${JSON.stringify(spec)}]`);
  writeFileSync(join(dir, 'soc2.config.yaml'), cfg);
  return dir;
}

function problems(plugin: Partial<Soc2Plugin>): string[] {
  try {
    extendRegistry(builtinRegistry(), [{ spec: './p.js', file: '/plugins/p.js', plugin: plugin as Soc2Plugin } satisfies LoadedPlugin]);
  } catch (err) {
    if (err instanceof ExitError) return err.details;
    throw err;
  }
  return [];
}

describe('plugins', () => {
  it('loads a plugin by path and runs it end to end into a sealed bundle', async () => {
    const cwd = tempDir();
    const r = await runCli(['collect', '--demo', '--scenario', join(example, 'scenario'), '--json'], { cwd, env: TOKEN });
    expect(r.code).toBe(1);
    const results = JSON.parse(r.stdout);
    expect(results.controls).toEqual([expect.objectContaining({ id: 'ADMIN-MFA-01', status: 'fail', failing: 1 })]);
    const [bundle] = readdirSync(join(cwd, 'evidence')).filter((n) => !n.startsWith('.'));
    const records = readFileSync(join(cwd, 'evidence', bundle!, 'data', 'records', 'acme-admin.admin.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(records).toHaveLength(4);
    const manifest = readFileSync(join(cwd, 'evidence', bundle!, 'manifest-sha256.txt'), 'utf8');
    expect(manifest).toContain('data/records/acme-admin.admin.jsonl');
    expect(manifest).toContain('data/raw/acme-admin/');
  });

  it('loads a plugin by package name, installed from a local tarball', async () => {
    const project = tempDir('soc2-plugin-pkg-');
    const tgz = execFileSync('npm', ['pack', example, '--pack-destination', project, '--silent'], { cwd: project, encoding: 'utf8' }).trim().split('\n').pop()!;
    writeFileSync(join(project, 'package.json'), '{ "name": "audit-project", "private": true }\n');
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', join(project, tgz)], { cwd: project });
    expect(existsSync(join(project, 'node_modules', 'soc2-plugin-acme-admin', 'index.js'))).toBe(true);
    scenario('soc2-plugin-acme-admin', project);
    const r = await runCli(['collect', '--demo', '--scenario', project, '--json'], { cwd: project, env: TOKEN });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).controls[0]).toMatchObject({ id: 'ADMIN-MFA-01', status: 'fail' });
    const list = await runCli(['--config', join(project, 'soc2.config.yaml'), 'checks', '--json'], { cwd: project, env: TOKEN });
    expect(JSON.parse(list.stdout)).toContainEqual(expect.objectContaining({ id: 'acme-admin.admins.mfa', origin: 'plugin' }));
  });

  it('rejects a plugin that shadows a built-in id, lacks an evidence schema, or targets another API version', async () => {
    const good = (await import(join(example, 'index.js'))).default as Soc2Plugin;
    const shadow = problems({ ...good, checks: [{ ...good.checks![0]!, meta: { ...good.checks![0]!.meta, id: 'aws.iam.root-mfa' } }] });
    expect(shadow).toEqual([expect.stringMatching(/^\/plugins\/p\.js: check id aws\.iam\.root-mfa shadows a built-in/)]);
    const noSchema = problems({ ...good, evidenceSchemas: {} });
    expect(noSchema).toContain('/plugins/p.js: collector acme-admin produces acme-admin.admin but the plugin has no evidence schema for it');
    const version = problems({ ...good, apiVersion: 2 });
    expect(version).toEqual(['/plugins/p.js: targets plugin API version 2; this soc2 implements version 1']);
  });

  it('exits 2 naming the plugin file when the CLI meets a bad plugin', async () => {
    const dir = scenario('./bad-plugin.js');
    writeFileSync(join(dir, 'bad-plugin.js'), `import p from ${JSON.stringify(join(example, 'index.js'))};\nexport default { ...p, apiVersion: 0 };\n`);
    const r = await runCli(['collect', '--demo', '--scenario', dir], { cwd: tempDir(), env: TOKEN });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'bad-plugin.js')}: targets plugin API version 0; this soc2 implements version 1`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('turns a plugin check that throws into error and goes on with the run', async () => {
    const dir = scenario('./throwing-plugin.js');
    writeFileSync(
      join(dir, 'throwing-plugin.js'),
      `import p from ${JSON.stringify(join(example, 'index.js'))};\n` +
        `const boom = { meta: { ...p.checks[0].meta, id: 'acme-admin.admins.boom' }, evaluate() { throw new Error('boom'); } };\n` +
        `export default { ...p, checks: [...p.checks, boom] };\n`,
    );
    writeFileSync(
      join(dir, 'controls.yaml'),
      readFileSync(join(dir, 'controls.yaml'), 'utf8') +
        '- id: ADMIN-BOOM-01\n  title: A check that throws\n  criteria: [CC6.1]\n  why: test\n  owner: t@example.com\n  checks:\n    - use: acme-admin.admins.boom\n',
    );
    const r = await runCli(['collect', '--demo', '--scenario', dir, '--json'], { cwd: tempDir(), env: TOKEN });
    expect(r.code).toBe(3);
    const results = JSON.parse(r.stdout);
    expect(results.controls.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([
      ['ADMIN-MFA-01', 'fail'],
      ['ADMIN-BOOM-01', 'error'],
    ]);
    expect(results.checks[1].errors[0]).toMatchObject({ cause: 'internal', message: 'boom' });
  });
});
