import type { SandboxProvider } from '../sandbox/server.js';
import type { Check, Collector } from '../types.js';

/** The plugin API this soc2 implements. A plugin declares the version it was written for. */
export const PLUGIN_API_VERSION = 1;

/** Namespaces reserved for built-in evidence types, checks and collectors. */
export const RESERVED_NAMESPACES = ['aws', 'github', 'okta', 'access', 'documents', 'roster', 'vendors', 'soc2'];

/**
 * What a plugin module exports (as its default export, or as named exports with these names).
 *
 * ```js
 * export default {
 *   apiVersion: 1,
 *   name: 'acme-admin',
 *   sources: { 'acme-admin': { type: 'object', properties: { endpoint: { type: 'string' } } } },
 *   evidenceSchemas: { 'acme-admin.user': { type: 'object', required: ['login'] } },
 *   collectors: [{ meta: { id: 'acme-admin', source: 'acme-admin', … }, async *collect(ctx) { … } }],
 *   checks: [{ meta: { id: 'acme-admin.users.mfa', requires: ['acme-admin.user'], … }, evaluate(ev, params, asOf) { … } }],
 * };
 * ```
 */
export interface Soc2Plugin {
  apiVersion: number;
  name: string;
  /** JSON Schema of each `sources.<name>` config section the plugin's collectors read. */
  sources?: Record<string, Record<string, unknown>>;
  /** JSON Schema of the `data` of every evidence type the plugin produces. */
  evidenceSchemas?: Record<string, Record<string, unknown>>;
  collectors?: Collector<any>[];
  checks?: Check<any>[];
  /** Sandbox servers for the plugin's sources (tests and `collect --demo --scenario`). */
  sandbox?: Record<string, SandboxProvider & { configKey?: string }>;
}

/** A plugin after loading: where it came from. */
export interface LoadedPlugin {
  spec: string;
  file: string;
  plugin: Soc2Plugin;
}
