import { describeAjvError, type ErrorObject } from './ajv.js';
import type { YamlFile } from './yaml-file.js';

/** What kind of thing failed verification of a bundle or a pack. */
export type ProblemKind =
  | 'missing' // a file a manifest (or SHA256SUMS) lists is not there
  | 'extra' // a file is there that no manifest lists
  | 'altered' // a file's digest differs from its manifest line
  | 'format' // a tag file or manifest breaks RFC 8493 or our bag-info rules
  | 'oxum' // Payload-Oxum does not match the payload
  | 'gap' // a bundle's predecessor is missing from the chain
  | 'rewrite' // a predecessor's digest differs from the link that names it
  | 'signature' // the pack signature is missing, wrong or made with another key
  | 'unsafe'; // a zip entry that would escape the extraction directory

/**
 * One thing wrong: where, what was expected, and how to fix it. Input files (config, control map, roster,
 * registers) are located by line, column and JSON pointer; bundles and packs by the kind of failure, the bundle
 * and the file. Every input error and every verification failure is one of these, printed by `formatProblem`.
 */
export interface Problem {
  /** The input file as given, or a path relative to `bundle` (to the pack root when `bundle` is unset). */
  file?: string;
  /** Input files: 1-based position of the offending value (or key). */
  line?: number;
  col?: number;
  /** Input files: JSON pointer into the document ('' = the whole document). */
  pointer?: string;
  /** Verification: what failed. */
  kind?: ProblemKind;
  /** Verification: the bundle (directory name) the problem belongs to, when it belongs to one. */
  bundle?: string;
  message: string;
  hint?: string;
}

/**
 * The one human form: `file:line:col  /pointer  message  (hint)` for input files, `kind      bundle/file: message`
 * for verification.
 */
export function formatProblem(p: Problem): string {
  const hint = p.hint ? `  (${p.hint})` : '';
  if (p.line !== undefined) return `${p.file}:${p.line}:${p.col ?? 1}  ${p.pointer || '/'}  ${p.message}${hint}`;
  const where = [p.bundle, p.file].filter(Boolean).join('/');
  return `${p.kind ? `${p.kind.padEnd(9)} ` : ''}${where ? `${where}: ` : ''}${p.message}${hint}`;
}

/** Turns ajv errors into problems located in the YAML source; drops the noise of oneOf branches. */
export function ajvProblems(file: YamlFile, errors: ErrorObject[] | null | undefined, known: (pointer: string) => string[] = () => []): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<string>();
  for (const e of pruneOneOf(errors ?? [])) {
    let pointer = e.instancePath;
    let onKey = false;
    let hint: string | undefined;
    if (e.keyword === 'additionalProperties') {
      const prop = (e.params as { additionalProperty: string }).additionalProperty;
      pointer = `${pointer}/${escapePointer(prop)}`;
      onKey = true;
      const allowed = allowedProps(e) ?? known(e.instancePath);
      const near = closest(prop, allowed);
      hint = near ? `did you mean '${near}'?` : allowed.length ? `expected one of: ${allowed.join(', ')}` : undefined;
    }
    if (e.keyword === 'enum') {
      const vals = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const near = closest(String(file.valueAt(pointer) ?? ''), vals);
      if (near) hint = `did you mean '${near}'?`;
    }
    let message = describeAjvError(e);
    const expected = expectedForm(e, file.valueAt(pointer));
    if (expected) ({ message, hint } = { message: expected.message, hint: expected.hint ?? hint });
    const pos = file.locate(pointer, onKey);
    const p: Problem = { file: file.path, line: pos.line, col: pos.col, pointer, message, hint };
    const key = formatProblem(p);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(p);
    }
  }
  return out;
}

/**
 * The expected form, named, for values people get wrong in YAML: dates (`YYYY-MM-DD`) and AWS account ids, which
 * YAML reads as numbers when unquoted (dropping leading zeros).
 */
function expectedForm(e: ErrorObject, value: unknown): { message: string; hint?: string } | undefined {
  const schema = (e.parentSchema ?? {}) as { format?: string; pattern?: string };
  const got = typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
  if (schema.format === 'date' && (e.keyword === 'format' || e.keyword === 'type')) {
    return { message: `expected a date in the form YYYY-MM-DD, got ${got}` };
  }
  if (schema.pattern?.includes('\\d{12}') && schema.pattern.startsWith('^\\d')) {
    if (typeof value === 'number')
      return {
        message: `expected a 12-digit AWS account id as a string, got the number ${value}`,
        hint: `quote the 12-digit id: "${String(value).padStart(12, '0')}" (unquoted, YAML reads it as a number and drops leading zeros)`,
      };
    if (e.keyword === 'pattern') return { message: `expected a 12-digit AWS account id, got ${got}`, hint: 'quote the 12-digit id, e.g. "012345678901"' };
  }
  return undefined;
}

function allowedProps(e: ErrorObject): string[] | undefined {
  const props = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props) : undefined;
}

/** For oneOf failures ajv reports every branch; keep the errors of the branch that got furthest. */
function pruneOneOf(errors: ErrorObject[]): ErrorObject[] {
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf');
  if (oneOfs.length === 0) return errors;
  let out = errors.filter((e) => e.keyword !== 'oneOf');
  for (const o of oneOfs) {
    const inside = out.filter((e) => e.schemaPath.startsWith(o.schemaPath.replace(/\/oneOf$/, '/oneOf/')) && e.instancePath.startsWith(o.instancePath));
    if (inside.length === 0) continue;
    const byBranch = new Map<string, ErrorObject[]>();
    for (const e of inside) {
      const branch = e.schemaPath.slice(0, o.schemaPath.length + 3).replace(/\/$/, '');
      byBranch.set(branch, [...(byBranch.get(branch) ?? []), e]);
    }
    // A branch whose errors are about unknown properties or deeper paths matched the shape better than one missing its key.
    const ranked = [...byBranch.values()].sort((a, b) => score(a) - score(b));
    const keep = new Set(ranked[0]);
    out = out.filter((e) => !inside.includes(e) || keep.has(e));
  }
  return out;
}

function score(errs: ErrorObject[]): number {
  return errs.reduce((n, e) => n + (e.keyword === 'required' ? 10 : 1), 0);
}

export function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The candidate within edit distance 2 (or a third of the length) of `word`, if any. */
export function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD > 0 && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}
