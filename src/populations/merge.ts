import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleDigest } from '../bundle/bagit.js';
import { listBundles } from '../bundle/layout.js';
import type { PopulationEntry } from './types.js';

/**
 * The population entries of a merged bundle: every shard's, with each link to an earlier shard bundle re-pointed at
 * the merged bundle of the evidence directory made from it (which holds the same records). A shard bundle that was
 * never merged keeps its name: re-scoring then finds that link missing and reports the hole.
 */
export async function mergedPopulations(
  shards: Array<{ run: { populations?: PopulationEntry[] } }>,
  evidenceDir: string,
): Promise<PopulationEntry[] | undefined> {
  const entries = shards.flatMap((s) => s.run.populations ?? []);
  if (!shards.some((s) => s.run.populations)) return undefined;
  const merged = new Map<string, { bundle: string; digest: string }>();
  for (const b of await listBundles(evidenceDir)) {
    const p = join(b.dir, 'data', 'run.json');
    if (!existsSync(p)) continue;
    let from: Array<{ name: string; digest: string }> | undefined;
    try {
      from = (JSON.parse(readFileSync(p, 'utf8')) as { mergedFrom?: Array<{ name: string; digest: string }> }).mergedFrom;
    } catch {
      continue;
    }
    if (!from) continue;
    const id = { bundle: b.name, digest: await bundleDigest(b.dir) };
    for (const f of from) merged.set(`${f.name}\u0000${f.digest}`, id);
  }
  return entries.map((e) => {
    const to = e.base ? merged.get(`${e.base.bundle}\u0000${e.base.digest}`) : undefined;
    return to ? { ...e, base: to, reason: `continues ${to.bundle} (merged from ${e.base!.bundle})` } : e;
  });
}
