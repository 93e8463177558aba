/**
 * One population per type over a window, stitched from a series of bundles: one row per distinct event (the
 * provider's event id), citing the bundle and evidence line that first recorded it, with the intervals the
 * bundles cover and the holes they leave.
 */
import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { forEachRecord, readBundle, type RunInfo } from '../bundle/reader.js';
import { recordsPath, type BundleRef } from '../bundle/layout.js';
import { csvLine } from '../util/csv.js';
import { clip, eventKey, formatInterval, holesIn, policyOf, readInterval, type Interval } from './policy.js';
import { recordsFileSound } from './verify.js';

export interface StitchOptions {
  /** The window the population is for; events outside it are left out, stretches of it not covered are holes. */
  window: Interval;
  /** How evidence files are named in rows: `bundles/<name>/` in a pack, `<name>/` beside an evidence directory. */
  prefix(bundle: BundleRef): string;
  /** Re-check each bundle's records file against its manifests (off when the caller verified the bundles). */
  verify: boolean;
  /** csv (header lines starting with `#`, then RFC 4180 rows) or jsonl (one JSON object per row, no header). */
  format?: 'csv' | 'jsonl';
}

export interface StitchedPopulation {
  type: string;
  window: Interval;
  query: string[];
  bundles: string[];
  /** Covered intervals per scope (clipped to the window). */
  covered: Map<string, Interval[]>;
  /** Holes per scope, with why. */
  holes: Array<{ scope: string; interval: Interval; why: string }>;
  rows: number;
  /** sha256 of the CSV rows (column line included), as written. */
  digest: string;
}

interface Source {
  ref: BundleRef;
  /** Scopes whose records count, with the interval each covers. */
  scopes: Map<string, Interval>;
}

/** What the export needs of one bundle's run.json, read once: a year of daily run.json files can be gigabytes. */
export interface BundleSummary {
  ref: BundleRef;
  periodStart: string;
  asOf: string;
  /** Population types present in the bundle (any scope state). */
  types: Set<string>;
  /** Per population type: complete scopes and the interval each covers. */
  intervals: Map<string, Map<string, Interval>>;
  /** Per population type: the query as the collector described it (run.json fact `query:<type>`). */
  queries: Map<string, string>;
}

/** Reads each bundle's run.json once, keeping only the population types `isPopulation` accepts. */
export function summarizeBundles(bundles: BundleRef[], isPopulation: (type: string, run: RunInfo) => boolean): BundleSummary[] {
  return bundles.map((ref) => {
    const run = readBundle(ref.dir).run;
    const types = new Set(run.coverage.scopes.map((x) => x.type).filter((t) => isPopulation(t, run)));
    const queries = new Map([...types].flatMap((t) => (typeof run.facts[`query:${t}`] === 'string' ? [[t, run.facts[`query:${t}`] as string] as const] : [])));
    return { ref, periodStart: run.period.start, asOf: run.asOf, types, intervals: new Map([...types].map((t) => [t, bundleIntervals(run, t)])), queries };
  });
}

/** The intervals a bundle's complete scopes of `type` cover: recorded in run.json, or (older bundles) the full read. */
export function bundleIntervals(run: RunInfo, type: string): Map<string, Interval> {
  const out = new Map<string, Interval>();
  const entries = new Map((run.populations ?? []).filter((e) => e.type === type).map((e) => [e.scope, e]));
  for (const s of run.coverage.scopes) {
    if (s.type !== type || s.state !== 'complete') continue;
    const e = entries.get(s.scope);
    if (e) out.set(s.scope, { from: e.from, to: e.to });
    else {
      // Why: bundles written before intervals were recorded read the whole window the provider still held.
      const r = readInterval(type, run.period, new Date(run.asOf));
      out.set(s.scope, { from: r.from.toISOString(), to: r.to.toISOString() });
    }
  }
  return out;
}

/**
 * Writes the population CSV (header lines, then one row per distinct event) to `out`. Rows go to a temporary
 * file first: the header carries their count and digest.
 */
export async function stitchPopulation(
  bundles: BundleSummary[],
  type: string,
  opts: StitchOptions,
  out: Writable,
  tmpFile: string,
): Promise<StitchedPopulation> {
  const policy = policyOf(type);
  const sources: Source[] = [];
  const holes: StitchedPopulation['holes'] = [];
  const unsound: Array<{ name: string; scopes: Map<string, Interval>; why: string }> = [];
  for (const b of bundles) {
    const scopes = b.intervals.get(type);
    if (!scopes || scopes.size === 0) continue;
    const bad = opts.verify ? recordsFileSound(b.ref.dir, type) : undefined;
    if (bad) unsound.push({ name: b.ref.name, scopes, why: bad });
    else sources.push({ ref: b.ref, scopes });
  }
  const inWindow = (t: string | undefined) => t === undefined || (t >= opts.window.from && t < opts.window.to);
  // Pass 1: the columns, the operations and which line of which bundle is the first record of each event.
  const seen = new Set<string>();
  const first = new Map<string, Set<number>>();
  const keys = new Set<string>();
  const ops = new Map<string, Set<string>>();
  for (const s of sources) {
    const lines = new Set<number>();
    first.set(s.ref.name, lines);
    forEachRecord(s.ref.dir, type, (r) => {
      if (!s.scopes.has(r.scope) || !inWindow(r.source.sourceTime)) return;
      const data = (r.data && typeof r.data === 'object' ? r.data : { value: r.data }) as Record<string, unknown>;
      const k = `${r.scope}\u0000${eventKey(policy, data)}`;
      if (seen.has(k)) return;
      seen.add(k);
      lines.add(lineOf(r.ref));
      for (const c of Object.keys(data)) keys.add(c);
      const q = ops.get(r.source.operation) ?? new Set<string>();
      if (typeof data.query === 'string') q.add(data.query);
      ops.set(r.source.operation, q);
    });
  }
  // Pass 2: the rows, hashed as written.
  const cols = [...keys].sort();
  const hash = createHash('sha256');
  const fd = openSync(tmpFile, 'w');
  let rows = 0;
  try {
    const put = (s: string) => {
      hash.update(s);
      writeSync(fd, s);
    };
    const jsonl = opts.format === 'jsonl';
    if (!jsonl) put(csvLine(['bundle', 'evidence', 'line', 'scope', 'key', ...cols]));
    for (const s of sources) {
      const lines = first.get(s.ref.name)!;
      const evidence = `${opts.prefix(s.ref)}${recordsPath(type)}`;
      forEachRecord(s.ref.dir, type, (r) => {
        const n = lineOf(r.ref);
        if (!lines.has(n)) return;
        const data = (r.data && typeof r.data === 'object' ? r.data : { value: r.data }) as Record<string, unknown>;
        const key = eventKey(policy, data);
        put(
          jsonl
            ? `${JSON.stringify({ bundle: s.ref.name, evidence, line: n, scope: r.scope, key, ...data })}\n`
            : csvLine([s.ref.name, evidence, n, r.scope, key, ...cols.map((c) => data[c])]),
        );
        rows++;
      });
    }
  } finally {
    closeSync(fd);
  }
  // Coverage per scope over every bundle that counted; holes are the window's stretches none covers.
  const covered = new Map<string, Interval[]>();
  for (const s of sources) for (const [scope, i] of s.scopes) covered.set(scope, [...(covered.get(scope) ?? []), i]);
  for (const u of unsound) for (const scope of u.scopes.keys()) if (!covered.has(scope)) covered.set(scope, []);
  for (const [scope, list] of covered) {
    const c = clip(list, opts.window);
    covered.set(scope, c);
    for (const h of holesIn(opts.window, c)) {
      const lost = unsound.find((u) => u.scopes.has(scope) && overlaps(u.scopes.get(scope)!, h));
      holes.push({ scope, interval: h, why: lost ? `bundle ${lost.name} ${lost.why}` : 'no bundle of the window covers it' });
    }
  }
  const described = new Set(bundles.flatMap((b) => (b.queries.has(type) ? [b.queries.get(type)!] : [])));
  const result: StitchedPopulation = {
    type,
    window: opts.window,
    // The collectors' own description of the query when the bundles carry it; else the operations the records name.
    query: described.size
      ? [...described].sort()
      : [...ops].sort(([a], [b]) => a.localeCompare(b)).map(([op, q]) => (q.size ? `${op} (${[...q].sort().join(', ')})` : op)),
    bundles: sources.map((s) => s.ref.name),
    covered,
    holes,
    rows,
    digest: hash.digest('hex'),
  };
  if (opts.format !== 'jsonl') for (const line of headerLines(result, policy.keyName)) await put(out, `# ${line}\n`);
  const input = createReadStream(tmpFile);
  for await (const chunk of input) await put(out, chunk as Buffer);
  return result;
}

export function headerLines(p: StitchedPopulation, keyName: string): string[] {
  const lines = [
    `population: ${p.type} (one row per distinct event by ${keyName}; bundle, evidence and line cite the first record of it)`,
    `query: ${p.query.join('; ') || 'none'}`,
    `window: ${formatInterval(p.window)}`,
    `bundles: ${p.bundles.length}${p.bundles.length ? ` (${p.bundles[0]} … ${p.bundles[p.bundles.length - 1]})` : ''}`,
  ];
  // Scopes with the same coverage share a line: an estate has hundreds of account/region scopes.
  const groups = new Map<string, string[]>();
  for (const [scope, list] of [...p.covered].sort(([a], [b]) => a.localeCompare(b))) {
    const k = list.map(formatInterval).join(' ') || 'nothing';
    groups.set(k, [...(groups.get(k) ?? []), scope]);
  }
  if (groups.size === 0) lines.push('covered: nothing (no bundle of the window collected this population)');
  for (const [k, scopes] of groups) lines.push(`covered: ${k} for ${scopes.length} scope(s): ${scopes.join(', ')}`);
  if (p.holes.length === 0 && p.covered.size > 0) lines.push('holes: none');
  else if (p.covered.size === 0) lines.push(`holes: ${formatInterval(p.window)} (nothing collected)`);
  for (const h of p.holes) lines.push(`hole: ${h.scope} ${formatInterval(h.interval)}: ${h.why}`);
  lines.push(`rows: ${p.rows}`);
  lines.push(`rows-sha256: ${p.digest}`);
  return lines;
}

/** True when the population has holes or nothing covers it. */
export function hasHoles(p: StitchedPopulation): boolean {
  return p.holes.length > 0 || p.covered.size === 0;
}

/** `[from, to)` of a population window: a day range (inclusive days), capped by the latest bundle's reach. */
export function exportWindow(bundles: BundleSummary[], type: string, from?: string, to?: string): Interval {
  let start: string | undefined = from ? `${from}T00:00:00.000Z` : undefined;
  let reach = '';
  for (const b of bundles) {
    const p = `${b.periodStart}T00:00:00.000Z`;
    if (!from && (start === undefined || p < start)) start = p;
    for (const i of b.intervals.get(type)?.values() ?? []) if (i.to > reach) reach = i.to;
    if (!reach) reach = b.asOf;
  }
  const end = to ? new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString() : undefined;
  const stop = end && (!reach || end < reach) ? end : reach;
  const s = start ?? stop;
  return { from: s, to: stop < s ? s : stop };
}

function overlaps(a: Interval, b: Interval): boolean {
  return a.from < b.to && b.from < a.to;
}

function lineOf(ref: string): number {
  return Number(ref.slice(ref.lastIndexOf('#L') + 2));
}

async function put(out: Writable, chunk: string | Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}
