import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { latestBundle } from '../bundle/layout.js';
import type { Results } from '../engine/results.js';
import { MANIFEST, TAG_MANIFEST, decodePath, sha256 } from '../bundle/bagit.js';
import { addDays, spanDays } from './days.js';
import { readHistory } from './history.js';
import type { ManifestCheck } from './integrity.js';

/** How far back a failing streak is followed (days); a longer one shows as "≥ 90 days". */
export const STREAK_WINDOW_DAYS = 90;

/**
 * Verifies only what a streak needs: `data/results.json` against the manifest, and the manifest and bag-info
 * against the tag manifest. Why not the full re-hash `soc2 history` does: the gap table is printed by every
 * `collect` and `check`, and hashing 90 days of records each time would cost more than the run. A results file
 * that does not match is excluded like a bundle that fails verification.
 */
export async function resultsOnlyCheck(dir: string): Promise<ManifestCheck> {
  const problems: string[] = [];
  const digests = new Map<string, string>();
  const parse = (text: string) =>
    new Map(
      text
        .split('\n')
        .filter(Boolean)
        .map((l) => {
          const m = /^([0-9a-f]{64})\s+(.+)$/.exec(l);
          return m ? ([decodePath(m[2]!), m[1]!] as const) : (['', ''] as const);
        }),
    );
  try {
    const tags = parse(await readFile(join(dir, TAG_MANIFEST), 'utf8'));
    const manifestBytes = await readFile(join(dir, MANIFEST));
    for (const [file, bytes] of [
      [MANIFEST, manifestBytes],
      ['bag-info.txt', await readFile(join(dir, 'bag-info.txt'))],
    ] as const) {
      if (tags.get(file) !== sha256(bytes)) problems.push(`${file}: does not match ${TAG_MANIFEST}`);
    }
    const results = parse(manifestBytes.toString('utf8')).get('data/results.json');
    if (results) digests.set('data/results.json', results);
  } catch (err) {
    problems.push(`${(err as Error).message}`);
  }
  return { ok: problems.length === 0, problems, digests };
}

/** Per control failing at `day`: the first day of its current failing (or erroring) streak, from the bundles. */
export async function failingSince(evidenceDir: string, day: string): Promise<Map<string, string>> {
  const h = await readHistory({ evidenceDir, from: addDays(day, -(STREAK_WINDOW_DAYS - 1)), to: day, verify: resultsOnlyCheck, findings: 'none' });
  return new Map(h.summary.openAtEnd.filter((o) => o.status === 'fail' || o.status === 'error').map((o) => [o.control, o.since]));
}

export interface OwnerStanding {
  owner: string;
  controls: number;
  failing: number;
  /** The longest current streak among the owner's failing controls: calendar days, both ends counted. */
  longest: { control: string; days: number; since: string } | null;
}

/**
 * Per owner: how many of their controls fail or error now, and the longest-failing one. A failing control with
 * no streak in the bundles (first failing today, or rescored differently) counts one day.
 */
export function ownerStanding(
  controls: Array<{ id: string; owner?: string | null; status: string }>,
  since: Map<string, string>,
  day: string,
): OwnerStanding[] {
  const by = new Map<string, OwnerStanding>();
  for (const c of controls) {
    const owner = c.owner ?? '(no owner)';
    const s = by.get(owner) ?? { owner, controls: 0, failing: 0, longest: null };
    by.set(owner, s);
    s.controls++;
    if (c.status !== 'fail' && c.status !== 'error') continue;
    s.failing++;
    const from = since.get(c.id) ?? day;
    const days = from <= day ? spanDays(from, day) : 1;
    if (!s.longest || days > s.longest.days) s.longest = { control: c.id, days, since: from };
  }
  return [...by.values()].sort((a, b) => b.failing - a.failing || (b.longest?.days ?? 0) - (a.longest?.days ?? 0) || a.owner.localeCompare(b.owner));
}

/** Table rows: OWNER, FAILING (n of m), LONGEST (days, control). */
export function ownerRows(rows: OwnerStanding[]): string[][] {
  return rows.map((r) => [
    r.owner,
    `${r.failing} of ${r.controls}`,
    r.longest ? `${r.longest.days >= STREAK_WINDOW_DAYS ? '≥ ' : ''}${r.longest.days} d (${r.longest.control})` : '-',
  ]);
}

/** The latest sealed bundle's results, when its results file matches its manifests (undefined otherwise). */
export async function latestResults(evidenceDir: string): Promise<Results | undefined> {
  const latest = await latestBundle(evidenceDir);
  if (!latest) return undefined;
  const check = await resultsOnlyCheck(latest.dir);
  const expected = check.digests.get('data/results.json');
  if (!check.ok || !expected) return undefined;
  const bytes = await readFile(join(latest.dir, 'data', 'results.json'));
  if (sha256(bytes) !== expected) return undefined;
  const r = JSON.parse(bytes.toString('utf8')) as Results;
  return Array.isArray(r.controls) ? r : undefined;
}
