import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BAG_INFO, parseTagFile } from '../bundle/bagit.js';
import { bundleDay, compareBundleNames, listBundles, type BundleRef } from '../bundle/layout.js';
import type { Results } from '../engine/results.js';
import { readSlimResults } from '../engine/results-file.js';
import { checkManifest, type ManifestCheck } from './integrity.js';
import type { ExcludedBundle } from './model.js';

const RESULTS = 'data/results.json';
/** Bundles verified ahead of the one being consumed: I/O overlaps, memory stays at a few results files. */
const LOOKAHEAD = 6;

/** One verified bundle of a day. */
export interface ScannedBundle {
  bundle: string;
  dir: string;
  results: Results;
}

/** The bundles a day is judged by: every verified bundle of that day, oldest as-of first. */
export interface ScannedDay {
  day: string;
  bundles: ScannedBundle[];
  /** True when every bundle of the day was sealed with `--backfill` (collected after the day it describes). */
  backfilled: boolean;
}

export interface ScanSummary {
  read: number;
  excluded: ExcludedBundle[];
}

/** A sealed bundle with the day it describes (its as-of day, which the name need not show: see writer.ts). */
export interface DatedBundle extends BundleRef {
  day: string;
  asOf: string;
  backfilled: boolean;
}

type Loaded = { ref: DatedBundle; results: Results } | { ref: DatedBundle; problems: string[] };

/**
 * Every sealed bundle of an evidence directory with the day it describes, from its `bag-info.txt`
 * (`Soc2-As-Of`, `Soc2-Backfill`; the name's day for a bundle without them). Ordered by day, then
 * backfilled bundles before on-time ones, then as-of time, then name. Why not the name: a bundle sealed
 * out of order (an earlier `--as-of` after a later bundle) is named after its predecessor, so that the
 * names keep the chain's order, and still describes its own day.
 */
export async function datedBundles(evidenceDir: string): Promise<DatedBundle[]> {
  const refs = await listBundles(evidenceDir);
  const dated = await Promise.all(
    refs.map(async (ref): Promise<DatedBundle> => {
      const info = await readFile(join(ref.dir, BAG_INFO), 'utf8').then(parseTagFile, () => new Map<string, string>());
      const asOf = info.get('Soc2-As-Of') ?? '';
      const day = /^\d{4}-\d{2}-\d{2}T/.test(asOf) ? asOf.slice(0, 10) : bundleDay(ref.name);
      return { ...ref, day, asOf, backfilled: info.get('Soc2-Backfill') === 'true' };
    }),
  );
  return dated.sort((a, b) =>
    a.day !== b.day
      ? a.day < b.day
        ? -1
        : 1
      : a.backfilled !== b.backfilled
        ? a.backfilled
          ? -1
          : 1
        : a.asOf !== b.asOf
          ? a.asOf < b.asOf
            ? -1
            : 1
          : compareBundleNames(a.name, b.name),
  );
}

/**
 * Verifies every sealed bundle whose day lies in [from, to] and calls `visit` once per day that has a
 * verified bundle, in day order, with the verified bundles of that day. A day that has an on-time bundle
 * is judged by on-time bundles only; backfilled bundles judge a day only when nothing was collected on it,
 * and the day is then marked backfilled. Only `data/results.json` is read (after its digest is checked
 * against the verified manifest); records are hashed as streams, never loaded. Bundles' day and backfill
 * marks come from bag-info.txt, which the verification covers (tag manifest): an excluded bundle is never used.
 */
export async function scanWindow(
  evidenceDir: string,
  from: string,
  to: string,
  visit: (d: ScannedDay) => Promise<void> | void,
  /** Verifies one bundle; a caller that has just verified the bundles (soc2 pack) passes what it found. */
  verify: (dir: string) => Promise<ManifestCheck> = checkManifest,
  /** Which findings of each results file are kept (readSlimResults); the verdicts are always read. */
  findings: 'kept' | 'none' = 'kept',
): Promise<ScanSummary> {
  const refs = (await datedBundles(evidenceDir)).filter((r) => r.day >= from && r.day <= to);
  const pending: Array<Promise<Loaded>> = [];
  const excluded: ExcludedBundle[] = [];
  let read = 0;
  let next = 0;
  let current: { day: string; chosen: Array<ScannedBundle & { backfilled: boolean }> } | undefined;
  const flush = async () => {
    if (!current?.chosen.length) return;
    const onTime = current.chosen.filter((b) => !b.backfilled);
    const used = onTime.length ? onTime : current.chosen;
    await visit({ day: current.day, bundles: used.map(({ bundle, dir, results }) => ({ bundle, dir, results })), backfilled: onTime.length === 0 });
  };
  for (let i = 0; i < refs.length; i++) {
    while (next < refs.length && next < i + LOOKAHEAD) pending.push(load(refs[next++]!, verify, findings));
    const loaded = await pending[i]!;
    // eslint-disable-next-line @typescript-eslint/no-array-delete -- a hole, not a splice: indices stay, the bundle can be freed
    delete pending[i];
    const day = loaded.ref.day;
    if (current?.day !== day) {
      await flush();
      current = { day, chosen: [] };
    }
    if ('problems' in loaded) {
      excluded.push({ bundle: loaded.ref.name, day, problems: loaded.problems });
      continue;
    }
    read++;
    current.chosen.push({ bundle: loaded.ref.name, dir: loaded.ref.dir, results: loaded.results, backfilled: loaded.ref.backfilled });
  }
  await flush();
  return { read, excluded };
}

async function load(ref: DatedBundle, verify: (dir: string) => Promise<ManifestCheck>, findings: 'kept' | 'none'): Promise<Loaded> {
  try {
    const check = await verify(ref.dir);
    if (!check.ok) return { ref, problems: check.problems };
    const expected = check.digests.get(RESULTS);
    if (!expected) return { ref, problems: [`${RESULTS}: not listed in the manifest`] };
    // Hash the very bytes we parse: a file swapped after verification is still caught. Only failing and excepted
    // findings are kept (all that a history reads): a large estate's file holds hundreds of MB of passing ones parsed.
    const { results, sha256: digest } = await readSlimResults(join(ref.dir, RESULTS), findings);
    if (digest !== expected) return { ref, problems: [`${RESULTS}: changed while being read`] };
    if (!Array.isArray(results.controls)) return { ref, problems: [`${RESULTS}: no controls (not a soc2 results file)`] };
    return { ref, results };
  } catch (err) {
    return { ref, problems: [`${(err as Error).message}`] };
  }
}
