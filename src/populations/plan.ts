/**
 * Before a collect: where each population scope resumes. After it: the `run.json` entry of each population scope.
 *
 * A scope resumes from the newest earlier bundle of the same organisation and period in which it was complete and
 * whose records file verifies; it reads from that bundle's `to` less the provider's overlap. The first run,
 * `--full`, or a newest bundle that fails verification reads the whole window the provider still holds.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleDigest } from '../bundle/bagit.js';
import { listBundles } from '../bundle/layout.js';
import type { RunInfo } from '../bundle/reader.js';
import type { ScopeState } from '../types.js';
import { holesIn, observationWindow, policyOf, readInterval, type Interval } from './policy.js';
import { bundleIntervals } from './stitch.js';
import type { BundleId, PopulationEntry } from './types.js';
import { recordsFileSound } from './verify.js';

/** type → scope → ISO time an incremental read starts at (the base's `to` less the overlap). */
export type Resume = Record<string, Record<string, string>>;

export interface PopulationPlan {
  resume: Resume;
  /** Per `type\0scope`: the base bundle and its interval and holes. */
  bases: Map<string, { base: BundleId; interval: Interval; holes: Interval[] }>;
  /** Why a scope without a base reads the whole window, per type (default: no earlier bundle collected it). */
  fullReason: Map<string, string>;
}

const k = (type: string, scope: string) => `${type}\u0000${scope}`;

export async function planPopulations(opts: {
  evidenceDir: string;
  types: string[];
  organization: string;
  period: { start: string; end: string };
  asOf: Date;
  full: boolean;
}): Promise<PopulationPlan> {
  const plan: PopulationPlan = { resume: {}, bases: new Map(), fullReason: new Map() };
  if (opts.types.length === 0) return plan;
  if (opts.full) {
    for (const t of opts.types) plan.fullReason.set(t, '--full');
    return plan;
  }
  const open = new Set(opts.types);
  const bundles = (await listBundles(opts.evidenceDir)).reverse();
  for (const b of bundles) {
    if (open.size === 0) break;
    const run = readRun(b.dir);
    // Why these bundles only: another organisation's or period's evidence is not this window's chain; a bundle
    // as of the same time or later (a re-run of an earlier day) is not before this one.
    if (
      !run ||
      run.organization !== opts.organization ||
      run.period.start !== opts.period.start ||
      run.period.end !== opts.period.end ||
      Date.parse(run.asOf) >= opts.asOf.getTime()
    )
      continue;
    let digest: string | undefined;
    for (const type of [...open]) {
      const intervals = bundleIntervals(run, type);
      if (intervals.size === 0) continue;
      const bad = recordsFileSound(b.dir, type);
      if (bad) {
        // Why stop: the chain runs through this bundle; a scope continuing from an older one would skip it.
        plan.fullReason.set(type, `previous bundle ${b.name} ${bad}`);
        open.delete(type);
        continue;
      }
      digest ??= await bundleDigest(b.dir);
      const entries = new Map((run.populations ?? []).filter((e) => e.type === type).map((e) => [e.scope, e]));
      const overlap = policyOf(type).overlapMs;
      const window = observationWindow(run.period, new Date(run.asOf));
      for (const [scope, interval] of intervals) {
        if (plan.bases.has(k(type, scope))) continue;
        const holes = entries.get(scope)?.holes ?? holesIn(window, [interval]);
        plan.bases.set(k(type, scope), { base: { bundle: b.name, digest }, interval, holes });
        (plan.resume[type] ??= {})[scope] = new Date(Date.parse(interval.to) - overlap).toISOString();
      }
      // Why stop here when every scope of the type was complete: older bundles could only serve scopes that this
      // one did not collect at all (gone from the estate); a scope that errored here is looked for further back.
      if (run.coverage.scopes.every((x) => x.type !== type || x.state === 'complete')) open.delete(type);
    }
  }
  return plan;
}

/** The `run.json` entries of a collect: one per population type and scope it planned. */
export function populationEntries(
  plan: PopulationPlan,
  states: ScopeState[],
  types: string[],
  period: { start: string; end: string },
  asOf: Date,
): PopulationEntry[] {
  const window = observationWindow(period, asOf);
  const out: PopulationEntry[] = [];
  for (const s of states) {
    if (!types.includes(s.type) || s.scope === '*') continue;
    const based = plan.bases.get(k(s.type, s.scope));
    const r = readInterval(s.type, period, asOf, plan.resume[s.type]?.[s.scope]);
    const own = { from: r.from.toISOString(), to: r.to.toISOString() };
    if (based) {
      // What the base did not cover stays a hole; a gap between the base's end and where the provider still
      // answers (beyond its retention) is a new one.
      const covered = [{ from: window.from, to: based.interval.to }, own];
      const holes = [...based.holes, ...holesIn({ from: based.interval.to, to: window.to }, covered)];
      out.push({ type: s.type, scope: s.scope, ...own, how: 'incremental', reason: `continues ${based.base.bundle}`, base: based.base, holes: merge(holes) });
    } else {
      out.push({
        type: s.type,
        scope: s.scope,
        ...own,
        how: 'full',
        reason: plan.fullReason.get(s.type) ?? 'no earlier bundle of this window collected it',
        holes: holesIn(window, [own]),
      });
    }
  }
  return out;
}

function merge(list: Interval[]): Interval[] {
  const sorted = [...list].sort((a, b) => (a.from < b.from ? -1 : 1));
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.from <= last.to) last.to = i.to > last.to ? i.to : last.to;
    else out.push({ ...i });
  }
  return out;
}

function readRun(dir: string): RunInfo | undefined {
  const p = join(dir, 'data', 'run.json');
  if (!existsSync(p)) return undefined;
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as RunInfo;
  } catch {
    return undefined;
  }
}
