import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { packagePath } from '../util/paths.js';
import { FaultEngine, type FaultSpec } from './faults.js';
import { providers } from './providers.js';
import { RequestLog } from './request-log.js';
import { closeServer, listenProvider, type RunningProvider, type SandboxEnv, type SandboxProvider } from './server.js';

/** An organisation the sandbox serves: one data object per provider plus faults. */
export interface ScenarioData {
  name: string;
  /** Keyed by provider name (`aws`, `github`, `okta`, plugin providers). */
  providers: Record<string, unknown>;
  faults?: FaultSpec[];
  /** Path of the scenario's own soc2.config.yaml when it has one. */
  configFile?: string;
}

export interface Sandbox {
  /** Base URL per provider: `{ aws: 'http://127.0.0.1:41234', ... }`. */
  urls: Record<string, string>;
  log: RequestLog;
  faults: FaultEngine;
  scenario: ScenarioData;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Start only these providers (default: every provider the scenario has data for). */
  only?: string[];
  latencyMs?: number;
  now?: () => Date;
  /** Providers beyond the built-in ones (plugins' sandbox servers), by name. */
  extraProviders?: Record<string, SandboxProvider>;
}

/**
 * Loads `fixtures/<name>/` (or a directory path): `<provider>.yaml|json` data files, `faults.yaml`,
 * and `soc2.config.yaml`.
 */
export function loadScenario(nameOrDir: string, extraProviders: string[] = []): ScenarioData {
  const dir = existsSync(nameOrDir) ? resolve(nameOrDir) : packagePath('fixtures', nameOrDir);
  if (!existsSync(dir)) throw new Error(`no sandbox scenario '${nameOrDir}' (looked in ${dir})`);
  const data: ScenarioData = { name: nameOrDir, providers: {}, faults: [] };
  for (const file of readdirSync(dir).sort()) {
    const m = /^(.+)\.(ya?ml|json)$/.exec(file);
    if (!m) continue;
    const base = m[1]!;
    const path = join(dir, file);
    if (base === 'soc2.config') {
      data.configFile = path;
      continue;
    }
    const text = readFileSync(path, 'utf8');
    const parsed: unknown = m[2] === 'json' ? JSON.parse(text) : parse(text);
    if (base === 'faults') data.faults = (parsed as FaultSpec[]) ?? [];
    else if (base in providers || extraProviders.includes(base)) data.providers[base] = parsed;
  }
  return data;
}

export async function startSandbox(scenario: ScenarioData, opts: StartOptions = {}): Promise<Sandbox> {
  const log = new RequestLog();
  const faults = new FaultEngine([...(scenario.faults ?? [])]);
  const env: SandboxEnv = { faults, log, now: opts.now ?? (() => new Date()) };
  const running: RunningProvider[] = [];
  const urls: Record<string, string> = {};
  try {
    for (const [name, data] of Object.entries(scenario.providers)) {
      if (opts.only && !opts.only.includes(name)) continue;
      const provider = opts.extraProviders?.[name] ?? providers[name];
      if (!provider) throw new Error(`the sandbox has no '${name}' provider`);
      const r = await listenProvider(name, provider.create(data, env), env, { latencyMs: opts.latencyMs });
      running.push(r);
      urls[name] = r.url;
    }
  } catch (err) {
    await Promise.all(running.map((r) => closeServer(r.server)));
    throw err;
  }
  return {
    urls,
    log,
    faults,
    scenario,
    close: async () => {
      await Promise.all(running.map((r) => closeServer(r.server)));
    },
  };
}

export { FaultEngine, RequestLog };
export type { FaultSpec };
