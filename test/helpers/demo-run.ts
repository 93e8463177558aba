import { collect, type CollectOutcome } from '../../src/engine/run.js';
import { setup } from '../../src/cli/setup.js';
import { loadScenario, startSandbox } from '../../src/sandbox/index.js';
import { pointAtSandbox } from '../../src/sandbox/demo.js';
import type { ProgressSink } from '../../src/engine/run.js';
import { assertBundleSchemas } from './bundle-schemas.js';

const silent: ProgressSink = { start() {}, update() {}, end() {} };

/**
 * One `soc2 collect --demo --scenario DIR --as-of T [--only …] [--backfill]` in-process: the same engine, sandbox and
 * real SDK clients as the CLI, without spawning it (for tests that need many runs and prove nothing about the CLI).
 */
export async function collectDemo(
  scenarioDir: string,
  evidenceDir: string,
  asOf: string,
  opts: { only?: string[]; backfill?: boolean } = {},
): Promise<CollectOutcome> {
  const s = await setup({}, { demo: true, demoConfig: `${scenarioDir}/soc2.config.yaml`, evidenceDir, offline: false });
  const at = new Date(asOf);
  const t0 = Date.now();
  const sandbox = await startSandbox(loadScenario(scenarioDir), { now: () => new Date(at.getTime() + Math.floor((Date.now() - t0) / 1000) * 1000) });
  try {
    const endpoints = pointAtSandbox(s.loaded, sandbox);
    const outcome = await collect({
      loaded: s.loaded,
      controlMap: s.controlMap,
      registry: s.registry,
      evidenceDir: s.evidenceDir,
      asOf: at,
      sandbox: true,
      only: opts.only,
      toolVersion: '0.0.0-test',
      progress: silent,
      signal: new AbortController().signal,
      endpoints,
      backfill: opts.backfill,
    });
    assertBundleSchemas(outcome.bundle.dir);
    return outcome;
  } finally {
    await sandbox.close();
  }
}
