import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { TAG_MANIFEST } from '../bundle/bagit.js';
import { bundleDay, compareBundleNames, type BundleRef } from '../bundle/layout.js';
import { datedBundles } from '../history/scan.js';

/** Bad input for pack: the CLI turns it into exit 2. */
export class PackInputError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface Selection {
  bundles: BundleRef[];
  window: { from: string; to: string };
}

/**
 * The bundles of a pack: the named ones (names in the evidence directory, or bundle paths), or every
 * sealed bundle whose UTC day lies in [from, to]. Oldest first.
 */
export async function selectBundles(evidenceDir: string, opts: { from?: string; to?: string; names?: string[] }): Promise<Selection> {
  for (const [flag, v] of [
    ['--from', opts.from],
    ['--to', opts.to],
  ] as const) {
    if (v !== undefined && (!DAY.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))))
      throw new PackInputError(`${flag} ${v}: expected a date like 2026-01-31`);
  }
  if (opts.from && opts.to && opts.from > opts.to) throw new PackInputError(`--from ${opts.from} is after --to ${opts.to}`);
  let bundles: BundleRef[];
  if (opts.names && opts.names.length > 0) {
    bundles = opts.names.map((n) => {
      const dir = existsSync(join(n, TAG_MANIFEST)) ? resolve(n) : join(evidenceDir, n);
      if (!existsSync(join(dir, TAG_MANIFEST))) throw new PackInputError(`${n}: not a sealed bundle (looked in ${dir})`);
      return { name: basename(dir), dir };
    });
    const names = bundles.map((b) => b.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) throw new PackInputError(`bundle ${dup} is named twice`);
  } else {
    // A bundle belongs to the day it describes (its as-of day), which a bundle sealed out of order does not show in its name.
    const all = await datedBundles(evidenceDir);
    bundles = all.filter((b) => (!opts.from || b.day >= opts.from) && (!opts.to || b.day <= opts.to)).map(({ name, dir }) => ({ name, dir }));
    if (bundles.length === 0) {
      const have = all.length
        ? `${evidenceDir} holds ${all.length} bundle(s), ${all[0]!.name} … ${all[all.length - 1]!.name}`
        : `${evidenceDir} holds no sealed bundles (run soc2 collect first)`;
      throw new PackInputError(`no sealed bundles between ${opts.from ?? 'the beginning'} and ${opts.to ?? 'now'}`, [have]);
    }
  }
  bundles.sort((a, b) => compareBundleNames(a.name, b.name));
  const dayOf = new Map((await datedBundles(evidenceDir)).map((b) => [b.dir, b.day]));
  const days = bundles.map((b) => dayOf.get(b.dir) ?? bundleDay(b.name)).sort();
  return { bundles, window: { from: opts.from ?? days[0]!, to: opts.to ?? days[days.length - 1]! } };
}
