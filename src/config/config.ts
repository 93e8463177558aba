import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../util/exit.js';
import { makeAjv } from '../util/ajv.js';
import { packagePath } from '../util/paths.js';
import { ajvProblems, formatProblem, type Problem } from '../util/problems.js';
import { YamlFile } from '../util/yaml-file.js';

export interface ExceptionSpec {
  control: string;
  check?: string;
  resource: string;
  reason: string;
  approvedBy: string;
  ticket: string;
  expires: string;
}

export interface Soc2Config {
  organization: string;
  scope: { categories: string[] };
  period?: { start: string; end: string };
  controls: string[];
  evidenceDir: string;
  concurrency: number;
  timeoutSeconds: number;
  sources: Record<string, Record<string, unknown>>;
  exceptions: ExceptionSpec[];
  /** Per-control owner, params and enabled, keyed by control id (src/config/overrides.ts). */
  overrides?: Record<string, { owner?: string; enabled?: boolean; params?: Record<string, Record<string, unknown>> }>;
  plugins: string[];
  /** `soc2 remediate` targets (src/remediate). */
  remediation?: { github?: RemediationGithubConfig };
}

export interface RemediationGithubConfig {
  repo: string;
  labels: string[];
  assignFromOwner: boolean;
  owners?: Record<string, string>;
  token?: string;
  baseUrl?: string;
}

export interface LoadedConfig {
  /** Path as the user gave it (used in messages). */
  path: string;
  /** Directory relative paths in the config are resolved against. */
  dir: string;
  config: Soc2Config;
  /** sha256 of the file as written (it holds only ${ENV} references, never secrets). */
  digest: string;
  file: YamlFile;
}

const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const SECRET_KEY = /(token|secret|password|passphrase|apikey|api_key|privatekey$|clientsecret)/i;
const SECRET_VALUE = [
  /\bgh[pousr]_[A-Za-z0-9]{20,}/, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{20,}/,
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, // AWS access key ids
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\b00[A-Za-z0-9_-]{38,}\b/, // Okta API tokens
];

/**
 * Loads and validates `soc2.config.yaml` in two passes: shape (JSON Schema, with each source's own
 * config schema), then references (`${ENV}` variables present, no literal secrets). Every problem is
 * reported at once, with file, line and column; any problem is an InputError (exit 2).
 */
export function loadConfig(
  path: string,
  sourceSchemas: Record<string, Record<string, unknown>>,
  env: NodeJS.ProcessEnv = process.env,
  opts: { requireEnv?: boolean } = {},
): LoadedConfig {
  const { file, problems } = YamlFile.load(path);
  if (!file) throw inputError(path, problems);
  const schema = JSON.parse(readFileSync(packagePath('schemas', 'config.schema.json'), 'utf8')) as {
    properties: { sources: { properties: Record<string, unknown>; additionalProperties?: boolean } };
  };
  schema.properties.sources.properties = sourceSchemas;
  schema.properties.sources.additionalProperties = false;
  const validate = makeAjv({ useDefaults: true }).compile(schema);
  const value = structuredClone(file.value ?? {}) as Record<string, unknown>;
  if (!validate(value)) {
    throw inputError(
      path,
      ajvProblems(file, validate.errors, (p) => (p === '/sources' ? Object.keys(sourceSchemas) : [])),
    );
  }
  const refProblems: Problem[] = [];
  const resolved = resolveRefs(value, '', file, env, refProblems, opts.requireEnv ?? true) as Soc2Config;
  const cfg = resolved;
  if (cfg.period && cfg.period.start > cfg.period.end)
    refProblems.push(file.problem('/period/end', `the period ends (${cfg.period.end}) before it starts (${cfg.period.start})`));
  if (refProblems.length) throw inputError(path, refProblems);
  cfg.scope ??= { categories: ['security'] };
  if (!cfg.scope.categories.includes('security')) cfg.scope.categories = ['security', ...cfg.scope.categories];
  cfg.exceptions ??= [];
  cfg.plugins ??= [];
  return { path, dir: dirname(resolve(path)), config: cfg, digest: createHash('sha256').update(readFileSync(path)).digest('hex'), file };
}

function resolveRefs(v: unknown, pointer: string, file: YamlFile, env: NodeJS.ProcessEnv, problems: Problem[], requireEnv: boolean): unknown {
  if (Array.isArray(v)) return v.map((x, i) => resolveRefs(x, `${pointer}/${i}`, file, env, problems, requireEnv));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = resolveRefs(x, `${pointer}/${k}`, file, env, problems, requireEnv);
    return out;
  }
  if (typeof v !== 'string') return v;
  const key = pointer.split('/').pop() ?? '';
  const isRefOnly = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(v.trim());
  if (!isRefOnly && ((SECRET_KEY.test(key) && !/file$/i.test(key)) || SECRET_VALUE.some((re) => re.test(v)))) {
    problems.push(
      file.problem(pointer, 'a literal secret is not allowed in the config file', `put it in the environment and write \${${suggestVar(pointer)}}`),
    );
    return v;
  }
  return v.replace(ENV_REF, (_m, name: string) => {
    const val = env[name];
    if (val === undefined || val === '') {
      if (requireEnv) problems.push(file.problem(pointer, `environment variable ${name} is not set`, `export ${name}=… before running soc2`));
      return '';
    }
    return val;
  });
}

function suggestVar(pointer: string): string {
  if (pointer.startsWith('/sources/github')) return 'GITHUB_TOKEN';
  if (pointer.startsWith('/sources/okta')) return 'OKTA_API_TOKEN';
  return pointer
    .split('/')
    .filter(Boolean)
    .join('_')
    .replace(/[^A-Za-z0-9_]/g, '_')
    .toUpperCase();
}

export function inputError(path: string, problems: Problem[]): InputError {
  const n = problems.length;
  problems = [...problems].sort((a, b) =>
    a.file === b.file ? (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0) : (a.file ?? '').localeCompare(b.file ?? ''),
  );
  return new InputError(`${path}: ${n} problem${n === 1 ? '' : 's'}`, problems.map(formatProblem));
}
