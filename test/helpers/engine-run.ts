/**
 * The collect pipeline in-process (the real SDKs, the engine, the bundle writer) against a sandbox scenario, with
 * the demo organisation's config and test-sized deadlines: for tests that need many runs (the fault matrix).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setup, type Setup } from '../../src/cli/setup.js';
import { collect, type CollectOutcome, type ProgressSink } from '../../src/engine/run.js';
import { pointAtSandbox } from '../../src/sandbox/demo.js';
import { loadScenario, startSandbox, type FaultSpec, type Sandbox } from '../../src/sandbox/index.js';
import type { ScopeState } from '../../src/types.js';
import { tempDir } from './cli.js';
import { assertBundleSchemas } from './bundle-schemas.js';

export const AS_OF = new Date('2026-11-22T12:00:00Z');

const quiet: ProgressSink = { start() {}, update() {}, end() {} };

/** Test-sized run settings: a short request deadline, few attempts and tiny retry waits. */
export interface RunSettings {
  timeoutMs: number;
  /** Whole-run deadline (`--max-duration`), when the test sets one. */
  maxDurationMs?: number;
  /** What the user would see (default: nothing). */
  progress?: ProgressSink;
}

let base: Setup | undefined;

/** The demo organisation's config, control map and registry, loaded once per test file. */
export async function demoSetup(): Promise<Setup> {
  base ??= await setup({}, { demo: true, evidenceDir: tempDir('soc2-matrix-ev-'), offline: false });
  return base;
}

export interface EngineRun {
  outcome?: CollectOutcome;
  error?: unknown;
  /** Unhandled rejections and uncaught exceptions while the run was going (each would have ended the CLI). */
  crashes: unknown[];
  sandbox: Sandbox;
  ms: number;
  /** When the run ended, on the clock of the sandbox's request log (`performance.now()`). */
  endedAt: number;
  /** Records in the sealed bundle per `type\u0000scope`. */
  records: Map<string, number>;
  states: ScopeState[];
}

/**
 * One collection of `only` (sources) from the demo organisation with `faults`, sealed into a fresh evidence
 * directory. A failed run is reported in `error`, a process-ending failure in `crashes`; it throws only when the sealed
 * bundle's run.json or results.json does not match its schema.
 */
export async function runEngine(only: string[], faults: FaultSpec[], settings: RunSettings): Promise<EngineRun> {
  const s = await demoSetup();
  const scenario = loadScenario('demo-org');
  scenario.faults = faults;
  // `only` names sources or collector ids (`aws-iam`), as `collect --only` does.
  const sources = [...new Set(only.map((o) => s.registry.collectors.find((c) => c.meta.id === o)?.meta.source ?? o))];
  const sandbox = await startSandbox(scenario, { only: sources, now: () => AS_OF });
  const config = { ...s.loaded.config, sources: structuredClone(s.loaded.config.sources), timeoutSeconds: settings.timeoutMs / 1000 };
  for (const k of Object.keys(config.sources)) if (!sources.includes(k)) delete config.sources[k];
  const aws = config.sources.aws;
  if (aws) Object.assign(aws, { maxAttempts: 2, retryBaseMs: 1 });
  const gh = config.sources.github;
  if (gh) Object.assign(gh, { retryBaseMs: 1 });
  const okta = config.sources.okta;
  if (okta) Object.assign(okta, { maxRetries: 1, retryBaseMs: 1 });
  const loaded = { ...s.loaded, config };
  const endpoints = pointAtSandbox(loaded, sandbox);
  const evidenceDir = tempDir('soc2-matrix-');
  const crashes: unknown[] = [];
  const onCrash = (err: unknown) => crashes.push(err);
  process.on('unhandledRejection', onCrash);
  process.on('uncaughtException', onCrash);
  const t0 = performance.now();
  let outcome: CollectOutcome | undefined;
  let error: unknown;
  try {
    outcome = await collect({
      loaded,
      controlMap: s.controlMap,
      registry: s.registry,
      evidenceDir,
      asOf: AS_OF,
      sandbox: true,
      only,
      toolVersion: '0.0.0-test',
      progress: settings.progress ?? quiet,
      signal: new AbortController().signal,
      endpoints,
      ...(settings.maxDurationMs !== undefined ? { maxDurationMs: settings.maxDurationMs } : {}),
    });
  } catch (err) {
    error = err;
  }
  const endedAt = performance.now();
  const ms = endedAt - t0;
  // Why a turn: a rejection left unhandled is reported after the microtask queue drains.
  await new Promise((r) => setTimeout(r, 5));
  process.off('unhandledRejection', onCrash);
  process.off('uncaughtException', onCrash);
  await sandbox.close();
  // Every sealed bundle, whatever failed while collecting, has a run.json and results.json that match their schemas.
  if (outcome) assertBundleSchemas(outcome.bundle.dir);
  const records = outcome ? countRecords(outcome.bundle.dir) : new Map<string, number>();
  return { outcome, error, crashes, sandbox, ms, endedAt, records, states: outcome?.run.coverage.scopes ?? [] };
}

function countRecords(bundleDir: string): Map<string, number> {
  const dir = join(bundleDir, 'data', 'records');
  const out = new Map<string, number>();
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.jsonl')) continue;
    const type = f.slice(0, -'.jsonl'.length);
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!line) continue;
      const key = `${type}\u0000${(JSON.parse(line) as { scope: string }).scope}`;
      out.set(key, (out.get(key) ?? 0) + 1);
    }
  }
  return out;
}
