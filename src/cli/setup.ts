import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, type LoadedConfig } from '../config/config.js';
import { loadControlMap, type ControlMap } from '../config/control-map.js';
import { prepareSources } from '../config/sources.js';
import { applyOverrides } from '../config/overrides.js';
import { resolveCheckInputs } from '../config/check-inputs.js';
import { loadCriteria } from '../engine/criteria.js';
import { builtinRegistry, type Registry } from '../engine/registry.js';
import { extendRegistry, loadPlugins } from '../plugins/load.js';
import type { LoadedPlugin } from '../plugins/contract.js';
import { YamlFile } from '../util/yaml-file.js';
import { dirname } from 'node:path';
import { packagePath } from '../util/paths.js';
import { applyDemoEnv } from '../sandbox/demo.js';
import { InputError } from '../util/exit.js';
import { formatProblem } from '../util/problems.js';
import type { GlobalOptions } from './output.js';

export interface Setup {
  loaded: LoadedConfig;
  plugins: LoadedPlugin[];
  registry: Registry;
  controlMap: ControlMap;
  evidenceDir: string;
}

export const DEMO_CONFIG = () => packagePath('fixtures', 'demo-org', 'soc2.config.yaml');

/**
 * Loads config, registry and control map; every input problem is an InputError (exit 2) before
 * anything is collected or written.
 */
export async function setup(opts: GlobalOptions, extra: { demo?: boolean; evidenceDir?: string; demoConfig?: string; offline?: boolean } = {}): Promise<Setup> {
  if (extra.demo) applyDemoEnv();
  const configPath = extra.demo ? (extra.demoConfig ?? DEMO_CONFIG()) : (opts.config ?? 'soc2.config.yaml');
  if (!existsSync(configPath)) {
    throw new InputError(`${configPath}: configuration file not found`, [
      `  run \`soc2 init\` to write a starter config, pass --config FILE, or try \`soc2 collect --demo\``,
    ]);
  }
  const plugins = await loadPlugins(pluginSpecs(configPath), dirname(resolve(configPath)));
  const registry = extendRegistry(builtinRegistry(), plugins);
  // Offline commands (check, merge, history, pack…) never call an API, so unset credentials are not an error there.
  const loaded = loadConfig(configPath, registry.sources, process.env, { requireEnv: extra.offline === false });
  const criteria = new Set(loadCriteria().map((c) => c.id));
  for (const [i, e] of loaded.config.exceptions.entries()) {
    if (e.check && !registry.checks.has(e.check)) {
      throw new InputError(`${configPath}: 1 problem`, [formatAt(loaded, `/exceptions/${i}/check`, `unknown check ${e.check}`)]);
    }
  }
  // Input files named by check params (a grant-ticket list) are read here, relative to the config: bad ones exit 2.
  const controlMap = resolveCheckInputs(
    applyOverrides(loadControlMap(loaded.config.controls, loaded.dir, registry.checks, criteria), loaded),
    loaded.dir,
    configPath,
  );
  const ids = new Set(controlMap.controls.map((c) => c.id));
  const bad = loaded.config.exceptions.map((e, i) => [e, i] as const).filter(([e]) => !ids.has(e.control));
  if (bad.length) {
    const off = new Set((controlMap.disabled ?? []).map((d) => d.id));
    throw new InputError(
      `${configPath}: ${bad.length} problem${bad.length === 1 ? '' : 's'}`,
      bad.map(([e, i]) =>
        formatAt(
          loaded,
          `/exceptions/${i}/control`,
          off.has(e.control)
            ? `control ${e.control} is disabled by overrides.${e.control}.enabled: remove the exception or enable the control`
            : `unknown control ${e.control}`,
        ),
      ),
    );
  }
  // The demo writes evidence/ under the current directory; a real config's paths are relative to it.
  const evidenceDir = extra.evidenceDir ? resolve(extra.evidenceDir) : extra.demo ? resolve('evidence') : resolve(loaded.dir, loaded.config.evidenceDir);
  // Roster rows and document front-matter are input too: bad ones stop a collection before it starts.
  prepareSources(loaded, evidenceDir, extra.offline === false, ids);
  return { loaded, plugins, registry, controlMap, evidenceDir };
}

function formatAt(loaded: LoadedConfig, pointer: string, message: string): string {
  const p = loaded.file.problem(pointer, message);
  return formatProblem(p);
}

/** The config's `plugins:` list, read before validation (plugins define part of the config schema). */
function pluginSpecs(configPath: string): string[] {
  const { file } = YamlFile.load(configPath);
  const list = (file?.value as { plugins?: unknown } | undefined)?.plugins;
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * For commands that only read bundles (pack, diff, populations): the evidence directory (flag, else the
 * config's, else ./evidence) and the registry (with the config's plugins), loading the config once.
 */
export async function offlineContext(
  opts: GlobalOptions,
  flags: { evidenceDir?: string; demo?: boolean } = {},
): Promise<{ evidenceDir: string; registry: Registry }> {
  if (flags.demo || existsSync(opts.config ?? 'soc2.config.yaml')) {
    const s = await setup(opts, { demo: flags.demo, evidenceDir: flags.evidenceDir });
    return { evidenceDir: s.evidenceDir, registry: s.registry };
  }
  return { evidenceDir: resolve(flags.evidenceDir ?? 'evidence'), registry: builtinRegistry() };
}

/** The registry for commands that list modules: with the config's plugins when a config is present. */
export async function registryFor(opts: GlobalOptions): Promise<Registry> {
  const configPath = opts.config ?? 'soc2.config.yaml';
  if (!existsSync(configPath)) return builtinRegistry();
  return extendRegistry(builtinRegistry(), await loadPlugins(pluginSpecs(configPath), dirname(resolve(configPath))));
}
