import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import type { BundleRef } from '../bundle/layout.js';
import { exportWindow, hasHoles, stitchPopulation, summarizeBundles } from '../populations/stitch.js';
import type { Interval } from '../populations/policy.js';

/**
 * Record types that are populations an auditor samples from (events, changes), matched by suffix, for
 * bundles whose collectors are unknown here; collectors declare theirs in `meta.populations` (passed as `extra`).
 */
export const POPULATION_TYPES: readonly string[] = ['.event', '.pull-request', '.log-event'];

export function isPopulationType(type: string, extra: readonly string[] = []): boolean {
  return extra.includes(type) || POPULATION_TYPES.some((s) => type.endsWith(s));
}

/** What the pack's index shows of one population. */
export interface PopulationSummary {
  file: string;
  type: string;
  rows: number;
  window: Interval;
  covered: Array<{ interval: Interval; scopes: number }>;
  holes: Array<{ scope: string; interval: Interval; why: string }>;
}

/**
 * Writes `populations/<type>.csv` under `outDir` for every population type in the bundles: one population per
 * type over the window, one row per distinct event (stitched across the bundles, see populations/stitch.ts).
 */
export async function writePopulations(
  bundles: BundleRef[],
  outDir: string,
  extra: readonly string[] = [],
  days: { from?: string; to?: string } = {},
): Promise<PopulationSummary[]> {
  const summaries = summarizeBundles(bundles, (t, run) => isPopulationType(t, [...extra, ...(run.populations ?? []).map((e) => e.type)]));
  const types = new Set(summaries.flatMap((b) => [...b.types]));
  const written: PopulationSummary[] = [];
  await mkdir(join(outDir, 'populations'), { recursive: true });
  for (const type of [...types].sort()) {
    const file = `populations/${type}.csv`;
    const out = createWriteStream(join(outDir, file));
    const tmp = join(outDir, `.${type}.rows`);
    const window = exportWindow(summaries, type, days.from, days.to);
    // Why no re-check: the pack verified every bundle in full before this.
    const p = await stitchPopulation(summaries, type, { window, prefix: (b) => `bundles/${b.name}/`, verify: false }, out, tmp);
    out.end();
    await once(out, 'close');
    await rm(tmp, { force: true });
    const byInterval = new Map<string, { interval: Interval; scopes: number }>();
    for (const list of p.covered.values()) {
      for (const i of list) {
        const k = `${i.from}/${i.to}`;
        const g = byInterval.get(k) ?? { interval: i, scopes: 0 };
        g.scopes++;
        byInterval.set(k, g);
      }
    }
    written.push({
      file,
      type,
      rows: p.rows,
      window,
      covered: [...byInterval.values()],
      holes: hasHoles(p) && p.holes.length === 0 ? [{ scope: '*', interval: window, why: 'nothing collected' }] : p.holes,
    });
  }
  return written;
}
