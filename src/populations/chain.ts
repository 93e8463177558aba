/**
 * The population a check judges: this bundle's own interval stitched to the earlier bundles its `run.json` links
 * back through (`base`, down to a full read), each link checked by digest, one record per event (the first bundle
 * that recorded it is cited, as `../<bundle>/data/records/<type>.jsonl#L<n>`). A stretch of the window no sound
 * link covers is a hole: the scope becomes `error` naming it, so no check over it can pass.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TAG_MANIFEST } from '../bundle/bagit.js';
import { compareBundleNames } from '../bundle/layout.js';
import { forEachRecord, type RunInfo } from '../bundle/reader.js';
import type { ScopeState, StoredRecord } from '../types.js';
import { eventKey, formatInterval, holesIn, observationWindow, policyOf, type Interval } from './policy.js';
import type { BundleId, PopulationEntry } from './types.js';
import { recordsFileSound } from './verify.js';

/** results.json `populations[]`: which bundles (by digest) fed the verdicts over a population, and its holes. */
export interface PopulationSources {
  type: string;
  /** Earlier bundles read, oldest first (this bundle's own records come last and are not listed). */
  bundles: BundleId[];
  holes: Array<{ scope: string; from: string; to: string; why: string }>;
}

export interface Stitched {
  /** Scope states with holes turned into errors. */
  states: ScopeState[];
  /** Streams a type's records: earlier bundles of the chain first, then this bundle's, each event once. */
  stream: (type: string, fn: (rec: StoredRecord) => void) => void;
  sources: PopulationSources[];
}

interface Link {
  name: string;
  dir: string;
  digest: string;
  interval: Interval;
}

const MAX_LINKS = 10_000;

/**
 * Resolves the chains of a bundle's populations. `dir` is the bundle (or staging) directory; earlier bundles are
 * looked up by name in `searchDirs` (the evidence directory).
 */
export function stitch(run: RunInfo, dir: string, searchDirs: string[]): Stitched {
  const entries = run.populations ?? [];
  const window = observationWindow(run.period, new Date(run.asOf));
  const find = (name: string) => searchDirs.map((d) => join(d, name)).find((p) => existsSync(join(p, TAG_MANIFEST)));
  /** Per type: bundle name → the link and the scopes it feeds. */
  const feeds = new Map<string, Map<string, { link: Link; scopes: Set<string> }>>();
  const holes = new Map<string, PopulationSources['holes']>();
  // Walk state per (type, scope): the intervals found so far and why the chain broke, if it did.
  const walks = new Map<string, { e: PopulationEntry; covered: Interval[]; broken?: string }>();
  const key = (type: string, scope: string) => `${type}\u0000${scope}`;
  /** bundle name → the digest expected and the (type, scope) walks waiting on it. */
  const pending = new Map<string, { digest: string; waiting: string[] }>();
  const wait = (base: BundleId, k: string) => {
    const p = pending.get(base.bundle) ?? { digest: base.digest, waiting: [] };
    // Why a mismatch breaks the link: two scopes naming one bundle with different digests cannot both be right.
    if (p.digest !== base.digest) walks.get(k)!.broken = `the chain breaks at bundle ${base.bundle}: two different digests are recorded for it`;
    else p.waiting.push(k);
    pending.set(base.bundle, p);
  };
  for (const e of entries) {
    const k = key(e.type, e.scope);
    walks.set(k, { e, covered: [{ from: e.from, to: e.to }] });
    if (e.base) wait(e.base, k);
  }
  // Newest bundle first, one run.json in memory at a time: a base is always older than the bundle naming it.
  for (let n = 0; pending.size > 0 && n < MAX_LINKS; n++) {
    const name = [...pending.keys()].sort(compareBundleNames).pop()!;
    const { digest, waiting } = pending.get(name)!;
    pending.delete(name);
    const dir = find(name);
    let prior: RunInfo | undefined;
    try {
      prior = dir ? (JSON.parse(readFileSync(join(dir, 'data', 'run.json'), 'utf8')) as RunInfo) : undefined;
    } catch {
      prior = undefined;
    }
    const index = new Map((prior?.populations ?? []).map((p) => [key(p.type, p.scope), p]));
    const sound = new Map<string, string | undefined>();
    for (const k of waiting) {
      const w = walks.get(k)!;
      const type = w.e.type;
      if (!sound.has(type)) sound.set(type, dir && prior ? recordsFileSound(dir, type, digest) : 'is missing');
      const bad = sound.get(type);
      const prev = index.get(k);
      if (bad || !dir || !prev) {
        w.broken = `the chain breaks at bundle ${name}, which ${bad ?? `has no ${type} interval for ${w.e.scope}`}`;
        continue;
      }
      const link: Link = { name, dir, digest, interval: { from: prev.from, to: prev.to } };
      w.covered.push(link.interval);
      const byName = feeds.get(type) ?? new Map<string, { link: Link; scopes: Set<string> }>();
      feeds.set(type, byName);
      const f = byName.get(name) ?? { link, scopes: new Set<string>() };
      f.scopes.add(w.e.scope);
      byName.set(name, f);
      if (prev.base && compareBundleNames(prev.base.bundle, name) < 0) wait(prev.base, k);
      else if (prev.base) w.broken = `the chain breaks at bundle ${name}, whose base ${prev.base.bundle} is not older`;
    }
  }
  for (const { e, covered, broken } of walks.values()) {
    const days = policyOf(e.type).retentionDays;
    const list = holes.get(e.type) ?? [];
    holes.set(e.type, list);
    for (const h of holesIn(window, covered)) {
      list.push({ scope: e.scope, ...h, why: broken ?? `no bundle collected it while the provider held it${days ? ` (${days} days)` : ''}` });
    }
  }
  const states = run.coverage.scopes.map((s) => {
    const hs = (holes.get(s.type) ?? []).filter((h) => h.scope === s.scope);
    if (hs.length === 0 || s.state === 'error') return s;
    const message = hs.map((h) => `${formatInterval(h)} of the window: ${h.why}`).join('; ');
    return { ...s, state: 'error' as const, error: { type: s.type, scope: s.scope, cause: 'hole' as const, operation: 'chain of bundles', message } };
  });
  const sources: PopulationSources[] = [...new Set(entries.map((e) => e.type))].sort().map((type) => ({
    type,
    bundles: [...(feeds.get(type)?.values() ?? [])]
      .sort((a, b) => compareBundleNames(a.link.name, b.link.name))
      .map((f) => ({ bundle: f.link.name, digest: f.link.digest })),
    holes: holes.get(type) ?? [],
  }));
  const stream = (type: string, fn: (rec: StoredRecord) => void) => {
    const chain = [...(feeds.get(type)?.values() ?? [])].sort((a, b) => compareBundleNames(a.link.name, b.link.name));
    if (chain.length === 0) return forEachRecord(dir, type, fn);
    const policy = policyOf(type);
    const seen = new Set<string>();
    const first = (r: StoredRecord) => {
      const data = (r.data && typeof r.data === 'object' ? r.data : { value: r.data }) as Record<string, unknown>;
      const k = `${r.scope}\u0000${eventKey(policy, data)}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    };
    for (const { link, scopes } of chain) {
      forEachRecord(link.dir, type, (r) => {
        if (scopes.has(r.scope) && first(r)) fn({ ...r, ref: `../${link.name}/${r.ref}` });
      });
    }
    forEachRecord(dir, type, (r) => {
      if (first(r)) fn(r);
    });
  };
  return { states, stream, sources };
}
