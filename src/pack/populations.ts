import { createReadStream, createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { BundleRef } from '../bundle/layout.js';
import { csvLine } from './csv.js';

/**
 * Record types that are populations an auditor samples from (events, changes), matched by suffix, for
 * bundles whose collectors are unknown here; collectors declare theirs in `meta.populations` (passed as `extra`).
 */
export const POPULATION_TYPES: readonly string[] = ['.event', '.pull-request', '.log-event'];

export function isPopulationType(type: string, extra: readonly string[] = []): boolean {
  return extra.includes(type) || POPULATION_TYPES.some((s) => type.endsWith(s));
}

/**
 * Writes `populations/<type>.csv` under `outDir` for every population type in the bundles: one row
 * per record of every bundle (bundle, evidence file, line, scope, then the record's top-level fields).
 * Two streaming passes per type: the first collects the columns, the second writes rows.
 */
export async function writePopulations(bundles: BundleRef[], outDir: string, extra: readonly string[] = []): Promise<string[]> {
  const types = new Set<string>();
  for (const b of bundles) {
    const dir = join(b.dir, 'data', 'records');
    if (!existsSync(dir)) continue;
    for (const f of await readdir(dir)) if (f.endsWith('.jsonl') && isPopulationType(f.slice(0, -6), extra)) types.add(f.slice(0, -6));
  }
  const written: string[] = [];
  for (const type of [...types].sort()) {
    const keys = new Set<string>();
    await eachRecord(bundles, type, (_b, _l, rec) => {
      if (rec.data && typeof rec.data === 'object' && !Array.isArray(rec.data)) for (const k of Object.keys(rec.data)) keys.add(k);
    });
    const cols = [...keys].sort();
    const rel = `populations/${type}.csv`;
    await mkdir(join(outDir, 'populations'), { recursive: true });
    const out = createWriteStream(join(outDir, rel));
    await write(out, csvLine(['bundle', 'evidence', 'line', 'scope', ...cols]));
    await eachRecord(bundles, type, async (b, line, rec) => {
      const data = (rec.data && typeof rec.data === 'object' ? rec.data : { value: rec.data }) as Record<string, unknown>;
      await write(out, csvLine([b.name, `bundles/${b.name}/data/records/${type}.jsonl`, line, rec.scope, ...cols.map((k) => data[k])]));
    });
    out.end();
    await once(out, 'close');
    written.push(rel);
  }
  return written;
}

interface Line {
  scope?: string;
  data?: unknown;
}

async function eachRecord(bundles: BundleRef[], type: string, fn: (b: BundleRef, line: number, rec: Line) => void | Promise<void>): Promise<void> {
  for (const b of bundles) {
    const p = join(b.dir, 'data', 'records', `${type}.jsonl`);
    if (!existsSync(p)) continue;
    let n = 0;
    for await (const text of createInterface({ input: createReadStream(p), crlfDelay: Infinity })) {
      n++;
      if (!text) continue;
      let rec: Line;
      try {
        rec = JSON.parse(text) as Line;
      } catch {
        rec = { data: { unparseable: text } };
      }
      await fn(b, n, rec);
    }
  }
}

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}
