import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { packagePath } from '../../src/util/paths.js';
import type { FaultSpec } from '../../src/sandbox/faults.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment for CLI subprocesses: no colour, UTC, and none of the developer's provider credentials. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(AWS_|GITHUB_|OKTA_|SOC2_|FORCE_COLOR)/.test(k)) env[k] = v;
  return {
    ...env,
    TZ: 'UTC',
    CI: 'true',
    NO_COLOR: '1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  };
}

/** Starts the built CLI (`node bin/soc2.js`) as a user would. */
export function startCli(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): ChildProcess {
  return spawn(process.execPath, [packagePath('bin', 'soc2.js'), ...args], { cwd: opts.cwd, env: cleanEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
}

export function runCli(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliResult> {
  const child = startCli(args, opts);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

export function tempDir(prefix = 'soc2-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A copy of the demo organisation with extra faults, as a scenario directory for `collect --demo --scenario DIR`. */
export function demoScenarioWith(faults: FaultSpec[], dir = tempDir('soc2-scenario-')): string {
  const src = packagePath('fixtures', 'demo-org');
  for (const f of readdirSync(src)) cpSync(join(src, f), join(dir, f), { recursive: true });
  writeFileSync(join(dir, 'faults.yaml'), stringify(faults));
  return dir;
}
