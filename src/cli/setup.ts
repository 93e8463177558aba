import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, type LoadedConfig } from '../config/config.js';
import { loadControlMap, type ControlMap } from '../config/control-map.js';
import { loadCriteria } from '../engine/criteria.js';
import { builtinRegistry, type Registry } from '../engine/registry.js';
import { packagePath } from '../util/paths.js';
import { applyDemoEnv } from '../sandbox/demo.js';
import { InputError } from './exit.js';
import type { GlobalOptions } from './output.js';

export interface Setup {
  loaded: LoadedConfig;
  registry: Registry;
  controlMap: ControlMap;
  evidenceDir: string;
}

export const DEMO_CONFIG = () => packagePath('fixtures', 'demo-org', 'soc2.config.yaml');

/**
 * Loads config, registry and control map; every input problem is an InputError (exit 2) before
 * anything is collected or written.
 */
export function setup(opts: GlobalOptions, extra: { demo?: boolean; evidenceDir?: string; demoConfig?: string } = {}): Setup {
  if (extra.demo) applyDemoEnv();
  const registry = builtinRegistry();
  const configPath = extra.demo ? (extra.demoConfig ?? DEMO_CONFIG()) : (opts.config ?? 'soc2.config.yaml');
  if (!existsSync(configPath)) {
    throw new InputError(`${configPath}: configuration file not found`, [
      `  run \`soc2 init\` to write a starter config, pass --config FILE, or try \`soc2 collect --demo\``,
    ]);
  }
  const loaded = loadConfig(configPath, registry.sources);
  const criteria = new Set(loadCriteria().map((c) => c.id));
  for (const [i, e] of loaded.config.exceptions.entries()) {
    if (e.check && !registry.checks.has(e.check)) {
      throw new InputError(`${configPath}: 1 problem`, [formatAt(loaded, `/exceptions/${i}/check`, `unknown check ${e.check}`)]);
    }
  }
  const controlMap = loadControlMap(loaded.config.controls, loaded.dir, registry.checks, criteria);
  const ids = new Set(controlMap.controls.map((c) => c.id));
  const bad = loaded.config.exceptions.map((e, i) => [e, i] as const).filter(([e]) => !ids.has(e.control));
  if (bad.length) {
    throw new InputError(`${configPath}: ${bad.length} problem${bad.length === 1 ? '' : 's'}`, bad.map(([e, i]) => formatAt(loaded, `/exceptions/${i}/control`, `unknown control ${e.control}`)));
  }
  // The demo writes evidence/ under the current directory; a real config's paths are relative to it.
  const evidenceDir = extra.evidenceDir ? resolve(extra.evidenceDir) : extra.demo ? resolve('evidence') : resolve(loaded.dir, loaded.config.evidenceDir);
  return { loaded, registry, controlMap, evidenceDir };
}

function formatAt(loaded: LoadedConfig, pointer: string, message: string): string {
  const p = loaded.file.problem(pointer, message);
  return `${p.file}:${p.line}:${p.col}  ${p.pointer}  ${p.message}`;
}
