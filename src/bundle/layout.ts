import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { TAG_MANIFEST } from './bagit.js';

/** Staging directories start with this; they are never read as bundles. */
export const STAGING_PREFIX = '.staging-';

/** Names of bundles look like 2026-11-22T131000Z (optionally -N). */
export const BUNDLE_NAME = /^\d{4}-\d{2}-\d{2}T\d{6}Z(-\d+)?$/;

/** Path segment safe on every file system: keeps [A-Za-z0-9._@=-], replaces the rest. */
export function safeSegment(s: string): string {
  const out = s.replace(/[^A-Za-z0-9._@=-]/g, '_');
  return out === '' || out === '.' || out === '..' ? '_' : out;
}

/** Bundle-relative path of a type's records file (`data/records/<type>.jsonl`): built here and nowhere else. */
export function recordsPath(type: string): string {
  return `data/records/${safeSegment(type)}.jsonl`;
}

export interface BundleRef {
  name: string;
  dir: string;
}

/** Sealed bundles of an evidence directory, oldest first. */
export async function listBundles(evidenceDir: string): Promise<BundleRef[]> {
  if (!existsSync(evidenceDir)) return [];
  const names = (await readdir(evidenceDir, { withFileTypes: true }))
    .filter((e) => e.isDirectory() && BUNDLE_NAME.test(e.name) && existsSync(join(evidenceDir, e.name, TAG_MANIFEST)))
    .map((e) => e.name)
    .sort(compareBundleNames);
  return names.map((name) => ({ name, dir: join(evidenceDir, name) }));
}

/** Orders by time, then by the -N suffix numerically. */
export function compareBundleNames(a: string, b: string): number {
  const [ta, na] = splitName(a);
  const [tb, nb] = splitName(b);
  return ta < tb ? -1 : ta > tb ? 1 : na - nb;
}

function splitName(n: string): [string, number] {
  const m = /^(.*Z)(?:-(\d+))?$/.exec(n);
  return m ? [m[1]!, m[2] ? Number(m[2]) : 0] : [n, 0];
}

export async function latestBundle(evidenceDir: string): Promise<BundleRef | undefined> {
  const all = await listBundles(evidenceDir);
  return all[all.length - 1];
}

/** Date (YYYY-MM-DD, UTC) a bundle name belongs to. */
export function bundleDay(name: string): string {
  return name.slice(0, 10);
}
