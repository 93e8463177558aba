import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../util/exit.js';
import type { Registry } from '../engine/registry.js';
import { ajv, type ValidateFunction } from '../util/ajv.js';
import { PLUGIN_API_VERSION, RESERVED_NAMESPACES, type LoadedPlugin, type Soc2Plugin } from './contract.js';

/** Where a plugin spec points: a relative/absolute path (from the config's directory) or a package name. */
export function resolvePlugin(spec: string, baseDir: string): string {
  if (spec.startsWith('.') || isAbsolute(spec)) {
    const p = resolve(baseDir, spec);
    if (!existsSync(p)) throw new InputError(`plugin ${spec}: file not found (${p})`);
    return p;
  }
  try {
    return createRequire(join(baseDir, 'package.json')).resolve(spec);
  } catch {
    throw new InputError(`plugin ${spec}: package not found from ${baseDir}`, ['  install it next to your config (npm install ' + spec + ')']);
  }
}

export async function loadPlugins(specs: string[], baseDir: string): Promise<LoadedPlugin[]> {
  const out: LoadedPlugin[] = [];
  for (const spec of specs) {
    const file = resolvePlugin(spec, baseDir);
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (err) {
      throw new InputError(`plugin ${spec} (${file}) failed to load: ${(err as Error).message}`);
    }
    const plugin = (mod.default ?? mod) as Soc2Plugin;
    out.push({ spec, file, plugin });
  }
  return out;
}

/**
 * Validates plugins like built-ins and returns a registry that includes them. Every problem of every
 * plugin is reported at once, naming the plugin file (InputError, exit 2).
 */
export function extendRegistry(base: Registry, plugins: LoadedPlugin[]): Registry {
  const problems: string[] = [];
  const collectors = [...base.collectors];
  const checks = new Map(base.checks);
  const sources = { ...base.sources };
  const schemas = new Map<string, ValidateFunction>();
  const knownTypes = new Set(base.collectors.flatMap((c) => c.meta.produces));
  for (const { file, plugin } of plugins) {
    const say = (msg: string) => problems.push(`${file}: ${msg}`);
    if (!plugin || typeof plugin !== 'object') {
      say('exports nothing a plugin should (a default export with apiVersion, name, collectors, checks)');
      continue;
    }
    if (plugin.apiVersion !== PLUGIN_API_VERSION) {
      say(`targets plugin API version ${String(plugin.apiVersion)}; this soc2 implements version ${PLUGIN_API_VERSION}`);
      continue;
    }
    if (typeof plugin.name !== 'string' || !plugin.name) say("missing 'name'");
    for (const [source, schema] of Object.entries(plugin.sources ?? {})) {
      if (sources[source]) say(`config section sources.${source} is already defined (built-in or another plugin)`);
      else if (compiles(schema, (e) => say(`sources.${source} schema: ${e}`))) sources[source] = schema;
    }
    for (const [type, schema] of Object.entries(plugin.evidenceSchemas ?? {})) {
      if (reserved(type)) say(`evidence type ${type} uses a reserved namespace (${RESERVED_NAMESPACES.join(', ')})`);
      try {
        schemas.set(type, ajv.compile(schema));
      } catch (err) {
        say(`evidence schema ${type} does not compile: ${(err as Error).message}`);
      }
    }
    for (const c of plugin.collectors ?? []) {
      const m = c?.meta;
      if (!m || !m.id || !m.source || !m.title || !Array.isArray(m.produces) || !Array.isArray(m.permissions) || typeof c.collect !== 'function') {
        say(`collector ${m?.id ?? '(no id)'}: meta needs id, source, title, produces[], permissions[] and a collect() function`);
        continue;
      }
      if (collectors.some((x) => x.meta.id === m.id) || reserved(m.id)) say(`collector id ${m.id} shadows a built-in or another plugin's collector`);
      if (!sources[m.source] || base.sources[m.source]) say(`collector ${m.id}: source ${m.source} needs a config schema in the plugin's 'sources'`);
      for (const t of m.produces) {
        if (!schemas.has(t)) say(`collector ${m.id} produces ${t} but the plugin has no evidence schema for it`);
        knownTypes.add(t);
      }
      collectors.push(c);
    }
    for (const k of plugin.checks ?? []) {
      const m = k?.meta;
      if (!m || !m.id || !m.title || !m.failureTitle || !m.remediation || !Array.isArray(m.requires) || typeof k.evaluate !== 'function') {
        say(`check ${m?.id ?? '(no id)'}: meta needs id, title, failureTitle, remediation, requires[] and an evaluate() function`);
        continue;
      }
      if (checks.has(m.id) || reserved(m.id)) say(`check id ${m.id} shadows a built-in or another plugin's check (use the plugin's own namespace)`);
      if (m.paramsSchema) compiles(m.paramsSchema, (e) => say(`check ${m.id} paramsSchema: ${e}`));
      for (const t of [...m.requires, ...(m.requiresAnyOf ?? [])]) if (!knownTypes.has(t)) say(`check ${m.id} requires ${t}, which no collector produces`);
      checks.set(m.id, k);
    }
  }
  if (problems.length) throw new InputError(`${problems.length} plugin problem${problems.length === 1 ? '' : 's'}`, problems);
  return {
    collectors,
    checks,
    sources,
    evidenceValidator: (type) => schemas.get(type) ?? base.evidenceValidator(type),
  };
}

function reserved(id: string): boolean {
  const ns = id.split(/[.-]/)[0]!;
  return RESERVED_NAMESPACES.includes(ns);
}

function compiles(schema: unknown, onError: (e: string) => void): boolean {
  try {
    ajv.compile(schema as object);
    return true;
  } catch (err) {
    onError((err as Error).message);
    return false;
  }
}
