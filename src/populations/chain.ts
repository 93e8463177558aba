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
  stream(type: string, fn: (rec: StoredRecord) => void): void;
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
  const runs = new Map<string, { dir: string; run: RunInfo } | undefined>();
  const open = (name: string) => {
    if (!runs.has(name)) {
      const d = searchDirs.map((s) => join(s, name)).find((p) => existsSync(join(p, TAG_MANIFEST)));
      let r: RunInfo | undefined;
      try {
        r = d ? (JSON.parse(readFileSync(join(d, 'data', 'run.json'), 'utf8')) as RunInfo) : undefined;
      } catch {
        r = undefined;
      }
      runs.set(name, d && r ? { dir: d, run: r } : undefined);
    }
    return runs.get(name);
  };
  const sound = new Map<string, string | undefined>();
  /** Per type: bundle name → the link and the scopes it feeds. */
  const feeds = new Map<string, Map<string, { link: Link; scopes: Set<string> }>>();
  const holes = new Map<string, PopulationSources['holes']>();
  for (const e of entries) {
    const links: Link[] = [];
    let broken: string | undefined;
    let at: PopulationEntry | undefined = e;
    const seen = new Set<string>();
    for (let i = 0; at?.base && i < MAX_LINKS; i++) {
      const { bundle, digest } = at.base;
      if (seen.has(bundle)) break;
      seen.add(bundle);
      const b = open(bundle);
      const key = `${bundle}\u0000${e.type}`;
      if (!sound.has(key)) sound.set(key, b ? recordsFileSound(b.dir, e.type, digest) : 'is missing');
      const bad = sound.get(key);
      const prev: PopulationEntry | undefined = b?.run.populations?.find((p) => p.type === e.type && p.scope === e.scope);
      if (bad || !b || !prev) {
        broken = `the chain breaks at bundle ${bundle}, which ${bad ?? `has no ${e.type} interval for ${e.scope}`}`;
        break;
      }
      links.push({ name: bundle, dir: b.dir, digest, interval: { from: prev.from, to: prev.to } });
      at = prev;
    }
    const byName = feeds.get(e.type) ?? new Map<string, { link: Link; scopes: Set<string> }>();
    feeds.set(e.type, byName);
    for (const l of links) {
      const f = byName.get(l.name) ?? { link: l, scopes: new Set<string>() };
      f.scopes.add(e.scope);
      byName.set(l.name, f);
    }
    const covered = [{ from: e.from, to: e.to }, ...links.map((l) => l.interval)];
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
    bundles: [...(feeds.get(type)?.values() ?? [])].sort((a, b) => compareBundleNames(a.link.name, b.link.name)).map((f) => ({ bundle: f.link.name, digest: f.link.digest })),
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
