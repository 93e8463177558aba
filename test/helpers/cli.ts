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

/**
 * The same CLI in this test process: `main()` of src/cli with the same arguments, in `cwd`, with the environment
 * `runCli` gives its child, stdout and stderr captured and the exit code read from `process.exitCode`. Commander's
 * parsing, every command, its rendering and its exit code are the ones `node bin/soc2.js` runs; what it does not
 * prove is the bin itself (the Node version check, the V8 flags, the built dist/), signals, closed pipes and two
 * processes on one evidence directory — tests of those spawn (`runCli`). It saves a Node start and the loading of
 * every SDK per call. One call at a time: it swaps process-wide state (cwd, env, stdout/stderr writes, exitCode).
 */
export async function runCliHere(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliResult> {
  if (busy) throw new Error('runCliHere: one call at a time (it swaps cwd, env and the output streams of the process)');
  busy = true;
  const { main } = await import('../../src/cli/main.js');
  // The streams' own `write` (if any: else the prototype's), put back as it was.
  const writes = { out: Object.getOwnPropertyDescriptor(process.stdout, 'write'), err: Object.getOwnPropertyDescriptor(process.stderr, 'write') };
  const saved = { cwd: process.cwd(), env: { ...process.env }, exitCode: process.exitCode };
  const listeners = { out: process.stdout.listeners('error'), err: process.stderr.listeners('error') };
  const captured = { stdout: '', stderr: '' };
  const capture = (stream: 'stdout' | 'stderr') =>
    function (this: unknown, chunk: string | Uint8Array, enc?: unknown, cb?: unknown): boolean {
      captured[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const done = typeof enc === 'function' ? enc : cb;
      if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
      return true;
    } as typeof process.stdout.write;
  const env = cleanEnv(opts.env);
  try {
    for (const k of Object.keys(process.env)) if (!(k in env)) delete process.env[k];
    Object.assign(process.env, env);
    process.chdir(opts.cwd);
    process.exitCode = undefined;
    process.stdout.write = capture('stdout');
    process.stderr.write = capture('stderr');
    await main([process.execPath, packagePath('bin', 'soc2.js'), ...args]);
    const code = process.exitCode;
    return { code: code === undefined ? 0 : Number(code), ...captured };
  } finally {
    for (const [stream, d] of [
      [process.stdout, writes.out],
      [process.stderr, writes.err],
    ] as const) {
      if (d) Object.defineProperty(stream, 'write', d);
      else delete (stream as { write?: unknown }).write;
    }
    // main() makes each stream quiet on a closed pipe with one listener per call: the process keeps its own only.
    for (const l of process.stdout.listeners('error')) if (!listeners.out.includes(l)) process.stdout.off('error', l as () => void);
    for (const l of process.stderr.listeners('error')) if (!listeners.err.includes(l)) process.stderr.off('error', l as () => void);
    process.exitCode = saved.exitCode;
    process.chdir(saved.cwd);
    for (const k of Object.keys(process.env)) if (!(k in saved.env)) delete process.env[k];
    Object.assign(process.env, saved.env);
    busy = false;
  }
}

let busy = false;

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
