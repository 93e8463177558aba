import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RecordsView } from '../engine/evidence.js';
import type { Results } from '../engine/results.js';
import type { ScopeState, StoredRecord } from '../types.js';
import { BAG_INFO, parseTagFile } from './bagit.js';
import { safeSegment } from './writer.js';

/** `data/run.json`: how a bundle was produced. */
export interface RunInfo {
  tool: { name: 'soc2'; version: string };
  organization: string;
  asOf: string;
  period: { start: string; end: string };
  source: 'live' | 'sandbox';
  configDigest: string;
  controlMapDigest: string;
  controlMapFiles: string[];
  categories: string[];
  endpoints: Record<string, string>;
  facts: Record<string, unknown>;
  shard?: { index: number; count: number };
  /** Evidence types the collectors of this run were asked for (checks needing others are skipped). */
  collectedTypes: string[];
  coverage: {
    collectors: Record<string, CollectorCoverage>;
    scopes: ScopeState[];
  };
  startedAt: string;
  finishedAt: string;
}

export interface CollectorCoverage {
  source: string;
  scopesPlanned: number;
  scopesCollected: number;
  scopesFailed: number;
  records: number;
  pages: Record<string, number>;
  retries: number;
  durationMs: number;
}

export interface BundleContents {
  dir: string;
  bagInfo: Map<string, string>;
  run: RunInfo;
  results: Results;
  view(): RecordsView;
}

/** One JSON line of `data/records/<type>.jsonl`. */
export interface RecordLine {
  scope: string;
  source: StoredRecord['source'];
  data: unknown;
}

export class BundleReadError extends Error {}

function readJson<T>(dir: string, rel: string): T {
  const p = join(dir, rel);
  if (!existsSync(p)) throw new BundleReadError(`${p}: missing (not a sealed soc2 bundle?)`);
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as T;
  } catch (err) {
    throw new BundleReadError(`${p}: not valid JSON (${(err as Error).message})`);
  }
}

export function readBundle(dir: string): BundleContents {
  const bagInfo = parseTagFile(existsSync(join(dir, BAG_INFO)) ? readFileSync(join(dir, BAG_INFO), 'utf8') : '');
  const run = readJson<RunInfo>(dir, 'data/run.json');
  const results = readJson<Results>(dir, 'data/results.json');
  return { dir, bagInfo, run, results, view: () => new RecordsView(run.coverage.scopes, (type) => loadRecords(dir, type)) };
}

/** Every record of a type stored in the bundle, with its reference. */
export function loadRecords(dir: string, type: string): StoredRecord[] {
  const rel = `data/records/${safeSegment(type)}.jsonl`;
  const p = join(dir, rel);
  if (!existsSync(p)) return [];
  const out: StoredRecord[] = [];
  const lines = readFileSync(p, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    let parsed: RecordLine;
    try {
      parsed = JSON.parse(line) as RecordLine;
    } catch {
      throw new BundleReadError(`${p}:${i + 1}: not a JSON record line`);
    }
    out.push({ type, scope: parsed.scope, source: parsed.source, data: parsed.data, ref: `${rel}#L${i + 1}` });
  }
  return out;
}
