import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256 } from '../bundle/bagit.js';
import { bundleDay, listBundles, type BundleRef } from '../bundle/layout.js';
import type { Results } from '../engine/results.js';
import { checkManifest, type ManifestCheck } from './integrity.js';
import type { ExcludedBundle } from './model.js';

const RESULTS = 'data/results.json';
/** Bundles verified ahead of the one being consumed: I/O overlaps, memory stays at a few results files. */
const LOOKAHEAD = 6;

/** The bundle a day is judged by. */
export interface ScannedDay {
  day: string;
  bundle: string;
  dir: string;
  results: Results;
}

export interface ScanSummary {
  read: number;
  excluded: ExcludedBundle[];
}

type Loaded = { ref: BundleRef; results: Results } | { ref: BundleRef; problems: string[] };

/**
 * Verifies every sealed bundle whose day lies in [from, to] and calls `visit` once per day that has a
 * verified bundle, in day order, with the last verified bundle of that day. Only `data/results.json`
 * is read (after its digest is checked against the verified manifest); records are hashed as streams,
 * never loaded.
 */
export async function scanWindow(
  evidenceDir: string,
  from: string,
  to: string,
  visit: (d: ScannedDay) => Promise<void> | void,
  /** Verifies one bundle; a caller that has just verified the bundles (soc2 pack) passes what it found. */
  verify: (dir: string) => Promise<ManifestCheck> = checkManifest,
): Promise<ScanSummary> {
  const refs = (await listBundles(evidenceDir)).filter((r) => bundleDay(r.name) >= from && bundleDay(r.name) <= to);
  const pending: Array<Promise<Loaded>> = [];
  const excluded: ExcludedBundle[] = [];
  let read = 0;
  let next = 0;
  let current: { day: string; chosen?: ScannedDay } | undefined;
  const flush = async () => {
    if (current?.chosen) await visit(current.chosen);
  };
  for (let i = 0; i < refs.length; i++) {
    while (next < refs.length && next < i + LOOKAHEAD) pending.push(load(refs[next++]!, verify));
    const loaded = await pending[i]!;
    delete pending[i];
    const day = bundleDay(loaded.ref.name);
    if (current?.day !== day) {
      await flush();
      current = { day };
    }
    if ('problems' in loaded) {
      excluded.push({ bundle: loaded.ref.name, day, problems: loaded.problems });
      continue;
    }
    read++;
    current.chosen = { day, bundle: loaded.ref.name, dir: loaded.ref.dir, results: loaded.results };
  }
  await flush();
  return { read, excluded };
}

async function load(ref: BundleRef, verify: (dir: string) => Promise<ManifestCheck>): Promise<Loaded> {
  try {
    const check = await verify(ref.dir);
    if (!check.ok) return { ref, problems: check.problems };
    const expected = check.digests.get(RESULTS);
    if (!expected) return { ref, problems: [`${RESULTS}: not listed in the manifest`] };
    // Hash the very bytes we parse: a file swapped after verification is still caught.
    const bytes = await readFile(join(ref.dir, RESULTS));
    if (sha256(bytes) !== expected) return { ref, problems: [`${RESULTS}: changed while being read`] };
    const results = JSON.parse(bytes.toString('utf8')) as Results;
    if (!Array.isArray(results.controls)) return { ref, problems: [`${RESULTS}: no controls (not a soc2 results file)`] };
    return { ref, results };
  } catch (err) {
    return { ref, problems: [`${(err as Error).message}`] };
  }
}
