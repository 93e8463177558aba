import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { BUNDLE_NAME } from '../../src/bundle/layout.js';
import { packagePath, packageRoot } from '../../src/util/paths.js';
import { cleanEnv, tempDir } from '../helpers/cli.js';

/**
 * Slow end-to-end test (`*.slow.test.ts`, 20–60 s: it installs the runtime dependencies from the npm registry).
 * `npm test` runs it; `npx vitest run --exclude '**\/*.slow.test.ts'` leaves it out while iterating.
 * It installs the tarball `npm pack` makes, as a compliance repository would, and runs the installed CLI.
 */
const version = (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;

function files(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name), root) : [relative(root, join(dir, e.name))]));
}

function npm(args: string[], cwd: string): string {
  // Bounded: a registry that hangs fails the test instead of holding the run.
  return execFileSync('npm', args, {
    cwd,
    env: cleanEnv({ npm_config_update_notifier: 'false' }),
    encoding: 'utf8',
    timeout: 150_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('slow e2e: the npm package', () => {
  it('npm pack output installs into an empty folder and `npx --no-install soc2 collect --demo` runs there', { timeout: 200_000 }, () => {
    expect(existsSync(packagePath('dist', 'src', 'cli', 'main.js')), 'dist/ is missing: run `npm run build` first').toBe(true);
    const out = tempDir('soc2-pack-');
    const repo = tempDir('soc2-install-');
    // The install holds the SDKs (about 100 MB): removed whatever the outcome.
    onTestFinished(() => [out, repo].forEach((d) => rmSync(d, { recursive: true, force: true })));
    // --ignore-scripts: `npm test` has just built dist/; the tarball is what `npm pack` publishes from it.
    const [packed] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', out], packageRoot())) as Array<{ filename: string }>;
    const tarball = join(out, packed!.filename);

    writeFileSync(join(repo, 'package.json'), `${JSON.stringify({ name: 'compliance', private: true }, null, 2)}\n`);
    npm(['install', '--save-dev', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball], repo);

    const installed = files(join(repo, 'node_modules', 'soc2'));
    expect(installed).toContain('dist/src/cli/main.js');
    expect(installed).toContain('collectors/okta/config.schema.json');
    expect(installed.filter((f) => /^dist\/test\/|\.test\.js$|testing\.js$|\.ts$/.test(f))).toEqual([]);
    // Only runtime dependencies: the test runner and the compiler stay out of a user's install.
    expect(existsSync(join(repo, 'node_modules', 'vitest'))).toBe(false);
    expect(existsSync(join(repo, 'node_modules', 'typescript'))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(manifest.devDependencies.soc2).toMatch(/^file:.*\.tgz$/);

    const run = (args: string[]) => spawnSync('npx', ['--no-install', 'soc2', ...args], { cwd: repo, env: cleanEnv(), encoding: 'utf8', timeout: 90_000 });
    const v = run(['--version']);
    expect([v.status, v.stdout.trim()]).toEqual([0, version]);

    const demo = run(['collect', '--demo', '--as-of', '2026-11-22T12:00:00Z']);
    // Exit 1 is the demo's expected result: the demo organisation has planted gaps.
    expect(demo.status, demo.stderr.slice(-2000)).toBe(1);
    expect(demo.stderr).toMatch(/sealed .*evidence/);
    expect(demo.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // no stack trace
    const bundles = readdirSync(join(repo, 'evidence')).filter((n) => BUNDLE_NAME.test(n));
    expect(bundles).toHaveLength(1);
    expect(existsSync(join(repo, 'evidence', bundles[0]!, 'tagmanifest-sha256.txt'))).toBe(true);

    const verify = run(['verify', join('evidence', bundles[0]!)]);
    expect(verify.status, verify.stderr).toBe(0);
  });
});
