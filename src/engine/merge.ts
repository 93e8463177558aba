import { createReadStream, createWriteStream, existsSync, realpathSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { isDeepStrictEqual } from 'node:util';
import type { LoadedConfig } from '../config/config.js';
import type { ControlMap } from '../config/control-map.js';
import type { Results } from './results.js';
import { renderReport } from './report.js';
import { scoreIntoBundle } from './run.js';
import { formatProblem } from '../util/problems.js';
import { verifyBundle } from '../bundle/verify.js';
import type { ScopeState } from '../types.js';
import { listFiles, sha256File } from '../bundle/bagit.js';
import { readBundle, type CollectorCoverage, type RunInfo } from '../bundle/reader.js';
import { BundleWriter, type SealedBundle } from '../bundle/writer.js';
import { mergedPopulations } from '../populations/merge.js';

/** A shard set that cannot be merged; the message names the offending bundle. */
export class MergeError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
    /** A shard failed verification (exit 4), rather than a shard set that does not fit together (exit 2). */
    readonly verification = false,
  ) {
    super(message);
  }
}

export interface MergeInput {
  /** Directories of the sealed shard bundles (any order). */
  shards: string[];
  /** The real evidence directory; it must not be the one holding the shards. */
  evidenceDir: string;
  loaded: Pick<LoadedConfig, 'config'>;
  controlMap: ControlMap;
  toolVersion: string;
}

/** run.json of a merged bundle: which shard bundles (by digest) it was made from. */
export type MergedRunInfo = RunInfo & { mergedFrom: Array<{ index: number; name: string; digest: string }> };

interface Shard {
  dir: string;
  name: string;
  digest: string;
  run: RunInfo & { shard: { index: number; count: number } };
}

const GENERATED = new Set(['data/run.json', 'data/results.json', 'data/report.md']);
/** Fields every shard of one run shares (set by `collect --shard i/n --as-of T` with one config). */
const SHARED = ['asOf', 'configDigest', 'controlMapDigest', 'organization', 'source', 'period', 'tool'] as const;

/**
 * Seals one bundle from the shard bundles of one run: records concatenated per type (shard by shard),
 * raw files united, coverage merged with every (type, scope) from exactly one shard, then re-scored.
 */
export async function mergeShards(input: MergeInput): Promise<{ bundle: SealedBundle; results: Results; run: MergedRunInfo }> {
  const shards = await loadShards(input.shards, input.evidenceDir);
  const first = shards[0]!.run;
  // A merge of backfilled shards is backfilled too (bag-info says so), collected when its first shard started.
  const backfill = shards.some((s) => s.run.backfill);
  const writer = await BundleWriter.create(input.evidenceDir, {
    asOf: new Date(first.asOf),
    toolVersion: input.toolVersion,
    source: first.source,
    organization: first.organization,
    collectedAt: new Date(shards.map((s) => s.run.startedAt).sort()[0]!),
    ...(backfill ? { backfill } : {}),
  });
  try {
    const scopes = mergeScopes(shards);
    const copied = new Map<string, string>();
    for (const s of shards) {
      for (const rel of await listFiles(join(s.dir, 'data'), s.dir)) {
        if (GENERATED.has(rel)) continue;
        // Records and the run log are one stream per run: shard by shard, as the records are.
        if (rel.startsWith('data/records/') || rel === 'data/log.jsonl') await append(join(s.dir, rel), join(writer.staging, rel));
        else await unite(s, rel, writer.staging, copied);
      }
    }
    const { shard: _s, ...base } = first;
    const run: MergedRunInfo = {
      ...base,
      endpoints: Object.assign({}, ...shards.map((s) => s.run.endpoints)) as Record<string, string>,
      facts: mergeFacts(shards),
      collectedTypes: [...new Set(shards.flatMap((s) => s.run.collectedTypes))].sort(),
      coverage: { collectors: mergeCollectors(shards), scopes },
      startedAt: shards.map((s) => s.run.startedAt).sort()[0]!,
      finishedAt: shards
        .map((s) => s.run.finishedAt)
        .sort()
        .at(-1)!,
      mergedFrom: shards.map((s) => ({ index: s.run.shard.index, name: s.name, digest: s.digest })),
      ...(backfill ? { backfill } : {}),
    };
    const populations = await mergedPopulations(shards, input.evidenceDir);
    if (populations) run.populations = populations;
    await writer.writeJson('run.json', run);
    const results = await scoreIntoBundle(writer, run, input.loaded, input.controlMap);
    await writer.writeData('report.md', renderReport(results, run));
    return { bundle: await writer.seal(), results, run };
  } catch (err) {
    await writer.abandon();
    throw err;
  }
}

async function loadShards(dirs: string[], evidenceDir: string): Promise<Shard[]> {
  if (dirs.length === 0) throw new MergeError('no shard bundles given');
  const target = real(evidenceDir);
  const shards: Shard[] = [];
  for (const d of dirs) {
    const dir = resolve(d);
    if (!existsSync(join(dir, 'tagmanifest-sha256.txt'))) throw new MergeError(`${d}: not a sealed soc2 bundle (no tagmanifest-sha256.txt)`);
    // Why: shard bundles must not join the chain of the evidence directory the auditor receives.
    if (real(dirname(dir)) === target) {
      throw new MergeError(`${d}: the shard bundle is inside ${evidenceDir}, where the merged bundle would go`, [
        'write shards to a separate directory (collect --shard i/n --evidence-dir shards/) and merge them into the real evidence directory',
      ]);
    }
    const report = await verifyBundle(dir);
    if (report.problems.length)
      throw new MergeError(
        `${d}: not intact (${report.problems.length} problem(s)): ${formatProblem(report.problems[0]!)}`,
        report.problems.slice(1, 10).map(formatProblem),
        true,
      );
    const { run } = readBundle(dir);
    if (!run.shard) throw new MergeError(`${d}: not a shard bundle (run.json has no shard; collect with --shard i/n)`);
    shards.push({ dir, name: basename(dir), digest: report.digest!, run: run as Shard['run'] });
  }
  shards.sort((a, b) => a.run.shard.index - b.run.shard.index);
  const ref = shards[0]!;
  const count = ref.run.shard.count;
  for (const s of shards) {
    if (s.run.shard.count !== count)
      throw new MergeError(`${s.dir}: shard ${s.run.shard.index}/${s.run.shard.count}, but ${ref.dir} is shard ${ref.run.shard.index}/${count}`);
    for (const k of SHARED) {
      if (!isDeepStrictEqual(s.run[k], ref.run[k]))
        throw new MergeError(
          `${s.dir}: ${k} ${JSON.stringify(s.run[k])} differs from ${ref.dir} (${JSON.stringify(ref.run[k])}); shards of one run share it (use one config and one --as-of)`,
        );
    }
  }
  for (let i = 1; i < shards.length; i++) {
    if (shards[i]!.run.shard.index === shards[i - 1]!.run.shard.index)
      throw new MergeError(`${shards[i]!.dir} and ${shards[i - 1]!.dir} are both shard ${shards[i]!.run.shard.index}/${count}`);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !shards.some((s) => s.run.shard.index === i));
  if (missing.length)
    throw new MergeError(`shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${count} missing: a merged bundle needs every shard of the run`);
  return shards;
}

/** Every (type, scope) from exactly one shard: a scope seen twice would count its records twice. */
function mergeScopes(shards: Shard[]): ScopeState[] {
  const seen = new Map<string, Shard>();
  const out: ScopeState[] = [];
  for (const s of shards) {
    for (const st of s.run.coverage.scopes) {
      const key = `${st.type}\u0000${st.scope}`;
      const other = seen.get(key);
      if (other)
        throw new MergeError(
          `${s.dir}: ${st.type} for scope ${st.scope} was also collected by shard ${other.run.shard.index} (${other.dir}); every scope must come from exactly one shard`,
        );
      seen.set(key, s);
      out.push(st);
    }
  }
  return out.sort((a, b) => (a.type === b.type ? a.scope.localeCompare(b.scope) : a.type.localeCompare(b.type)));
}

function mergeCollectors(shards: Shard[]): Record<string, CollectorCoverage> {
  const out: Record<string, CollectorCoverage> = {};
  for (const s of shards) {
    for (const [id, c] of Object.entries(s.run.coverage.collectors)) {
      const m = (out[id] ??= { source: c.source, scopesPlanned: 0, scopesCollected: 0, scopesFailed: 0, records: 0, pages: {}, retries: 0, durationMs: 0 });
      m.scopesPlanned += c.scopesPlanned;
      m.scopesCollected += c.scopesCollected;
      m.scopesFailed += c.scopesFailed;
      m.records += c.records;
      m.retries += c.retries;
      // Why: shards run in parallel, so the collector's wall time is the slowest shard's.
      m.durationMs = Math.max(m.durationMs, c.durationMs);
      for (const [op, n] of Object.entries(c.pages)) m.pages[op] = (m.pages[op] ?? 0) + n;
    }
  }
  return out;
}

/** Equal facts are kept once; a fact that differs between shards is kept per shard rather than dropped. */
function mergeFacts(shards: Shard[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = [...new Set(shards.flatMap((s) => Object.keys(s.run.facts)))].sort();
  for (const k of keys) {
    const have = shards.filter((s) => k in s.run.facts);
    const v0 = have[0]!.run.facts[k];
    out[k] = have.every((s) => isDeepStrictEqual(s.run.facts[k], v0))
      ? v0
      : { byShard: Object.fromEntries(have.map((s) => [String(s.run.shard.index), s.run.facts[k]])) };
  }
  return out;
}

async function append(src: string, dst: string): Promise<void> {
  await mkdir(dirname(dst), { recursive: true });
  await pipeline(createReadStream(src), createWriteStream(dst, { flags: 'a' }));
}

/** Raw and other files: identical copies are kept once; a differing one is kept beside it as `<name>.shard-<i>.<ext>`. */
async function unite(s: Shard, rel: string, staging: string, copied: Map<string, string>): Promise<void> {
  const digest = await sha256File(join(s.dir, rel));
  let target = rel;
  const have = copied.get(rel);
  if (have === digest) return;
  if (have !== undefined) target = rel.replace(/(\.[^./]*)?$/, (ext) => `.shard-${s.run.shard.index}${ext}`);
  await mkdir(dirname(join(staging, target)), { recursive: true });
  await copyFile(join(s.dir, rel), join(staging, target));
  copied.set(target, digest);
}

function real(p: string): string {
  try {
    return realpathSync(resolve(p));
  } catch {
    return resolve(p);
  }
}
