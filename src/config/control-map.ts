import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { assertCheck, type AssertSpec } from './assert-check.js';
import { compileParams, ParamsError } from './params.js';
import type { Check } from '../types.js';
import { makeAjv } from '../util/ajv.js';
import { packagePath } from '../util/paths.js';
import { inputError } from './config.js';
import { ajvProblems, closest, type Problem } from '../util/problems.js';
import { YamlFile } from '../util/yaml-file.js';

export interface EvidenceRequirement {
  id: string;
  description: string;
  freshDays?: number;
  cadence?: 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'annually';
  graceDays?: number;
}

interface RawControl {
  id: string;
  title: string;
  description?: string;
  criteria: string[];
  why?: string;
  severity?: string;
  owner?: string;
  enabled?: boolean;
  checks?: Array<{ use?: string; params?: Record<string, unknown>; why?: string; id?: string; title?: string; assert?: AssertSpec }>;
  evidence?: EvidenceRequirement[];
}

export interface BoundCheck {
  /** Check id in results (`aws.iam.root-mfa`, or `<CONTROL>/assert-<n>`). */
  id: string;
  check: Check;
  params: Record<string, unknown>;
  why?: string;
}

export interface Control {
  id: string;
  title: string;
  description?: string;
  criteria: string[];
  why?: string;
  severity: string;
  owner?: string;
  checks: BoundCheck[];
  evidence: EvidenceRequirement[];
  /** Where it was defined: `file:line`. */
  origin: string;
  /** What the config's `overrides` changed: `owner`, `params.<check id>`, `enabled`. */
  overridden?: string[];
}

export interface ControlMap {
  controls: Control[];
  files: string[];
  /** sha256 over the files' bytes in load order. */
  digest: string;
  /** Controls the config's `overrides` switched off (`enabled: false`): listed as not assessed, never scored. */
  disabled?: Array<{ id: string; title: string; reason: string }>;
}

const BUILTIN = 'controls/library';

/** Expands config `controls:` entries into YAML files, in order: directories contribute their *.yaml sorted. */
export function controlFiles(entries: string[], baseDir: string): { files: string[]; problems: Problem[] } {
  const files: string[] = [];
  const problems: Problem[] = [];
  for (const entry of entries) {
    const path = entry === BUILTIN ? packagePath(BUILTIN) : resolve(baseDir, entry);
    if (!existsSync(path)) {
      problems.push({ file: entry, line: 1, col: 1, pointer: '', message: 'control map file or directory not found', hint: `looked for ${path}` });
      continue;
    }
    if (statSync(path).isDirectory()) {
      for (const f of readdirSync(path)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort())
        files.push(join(path, f));
    } else files.push(path);
  }
  return { files, problems };
}

/**
 * Loads control map files in two passes: shape (JSON Schema per file), then cross-references
 * (duplicate ids, unknown check ids and criteria, params against each check's paramsSchema, assert
 * schemas that do not compile). All problems are reported at once (InputError, exit 2).
 */
export function loadControlMap(entries: string[], baseDir: string, checks: Map<string, Check>, criteria: Set<string>): ControlMap {
  const { files, problems } = controlFiles(entries, baseDir);
  const schema = JSON.parse(readFileSync(packagePath('schemas', 'control-map.schema.json'), 'utf8')) as object;
  const validate = makeAjv().compile(schema);
  const controls: Control[] = [];
  const seen = new Map<string, string>();
  const hash = createHash('sha256');
  for (const path of files) {
    const shown = displayPath(path);
    hash.update(readFileSync(path));
    const { file, problems: syntax } = YamlFile.load(path, shown);
    problems.push(...syntax);
    if (!file) continue;
    const value = file.value ?? [];
    if (!validate(value)) {
      problems.push(...ajvProblems(file, validate.errors));
      continue;
    }
    (value as RawControl[]).forEach((raw, i) => {
      const at = `/${i}`;
      if (seen.has(raw.id)) problems.push(file.problem(`${at}/id`, `duplicate control id ${raw.id}`, `first defined at ${seen.get(raw.id)}`));
      seen.set(raw.id, `${shown}:${file.locate(at).line}`);
      raw.criteria.forEach((c, j) => {
        if (!criteria.has(c)) problems.push(file.problem(`${at}/criteria/${j}`, `unknown criterion ${c}`, hintFor(c, [...criteria])));
      });
      if (raw.enabled === false) return;
      const bound: BoundCheck[] = [];
      (raw.checks ?? []).forEach((ref, j) => {
        const p = `${at}/checks/${j}`;
        if (ref.use !== undefined) {
          const check = checks.get(ref.use);
          if (!check) {
            problems.push(file.problem(`${p}/use`, `unknown check ${ref.use}`, hintFor(ref.use, [...checks.keys()]) ?? 'soc2 checks lists them'));
            return;
          }
          try {
            bound.push({ id: ref.use, check, params: compileParams(ref.use, check.meta.paramsSchema)(ref.params ?? {}), why: ref.why });
          } catch (err) {
            if (!(err instanceof ParamsError)) throw err;
            for (const pr of err.problems) problems.push(file.problem(`${p}/params${pr.pointer}`, `${ref.use}: ${pr.message}`, paramsHint(check)));
          }
        } else if (ref.assert) {
          const id = ref.id ?? `${raw.id}/assert-${j + 1}`;
          try {
            bound.push({ id, check: assertCheck(id, ref.title ?? `${raw.title} (${ref.assert.type})`, ref.assert), params: {}, why: ref.why });
          } catch (err) {
            problems.push(file.problem(`${p}/assert`, `the assert schema does not compile: ${(err as Error).message}`));
          }
        }
      });
      controls.push({
        id: raw.id,
        title: raw.title,
        description: raw.description,
        criteria: raw.criteria,
        why: raw.why,
        severity: raw.severity ?? 'medium',
        owner: raw.owner,
        checks: bound,
        evidence: raw.evidence ?? [],
        origin: `${shown}:${file.locate(at).line}`,
      });
    });
  }
  if (problems.length) throw inputError(files.length === 1 ? displayPath(files[0]!) : 'control map', problems);
  return { controls, files: files.map(displayPath), digest: hash.digest('hex') };
}

function hintFor(word: string, candidates: string[]): string | undefined {
  const near = closest(word, candidates);
  return near ? `did you mean '${near}'?` : undefined;
}

function paramsHint(check: Check): string | undefined {
  const props = (check.meta.paramsSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? `${check.meta.id} takes: ${Object.keys(props).join(', ') || 'no params'}` : undefined;
}

function displayPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel.startsWith('..') ? p : rel;
}
