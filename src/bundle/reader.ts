import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { RecordsView } from '../engine/evidence.js';
import type { Results } from '../engine/results.js';
import type { ScopeState, StoredRecord } from '../types.js';
import type { PopulationEntry } from '../populations/types.js';
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
  /**
   * Per population type and scope: the interval `[from, to)` this bundle read, how, and the earlier bundles that
   * hold the rest of the window (absent in bundles written before populations were chain-wide).
   */
  populations?: PopulationEntry[];
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
  if (!existsSync(join(dir, 'data/results.json'))) throw new BundleReadError(`${join(dir, 'data/results.json')}: missing (not a sealed soc2 bundle?)`);
  let results: Results | undefined;
  return {
    dir,
    bagInfo,
    run,
    // Parsed on first use: re-scoring never needs the stored verdict, which can be tens of megabytes.
    get results() {
      return (results ??= readJson<Results>(dir, 'data/results.json'));
    },
    view: () => new RecordsView(run.coverage.scopes, (type) => loadRecords(dir, type), (type, fn) => forEachRecord(dir, type, fn)),
  };
}

/** Every record of a type stored in the bundle, with its reference. */
export function loadRecords(dir: string, type: string): StoredRecord[] {
  const out: StoredRecord[] = [];
  forEachRecord(dir, type, (r) => out.push(r));
  return out;
}

const CHUNK = 1 << 20;

/**
 * Reads a type's records line by line (synchronously, 1 MiB at a time) and hands each to `fn`;
 * nothing but the current chunk is held, so populations of any size stream through.
 */
export function forEachRecord(dir: string, type: string, fn: (rec: StoredRecord) => void): void {
  const rel = `data/records/${safeSegment(type)}.jsonl`;
  const p = join(dir, rel);
  if (!existsSync(p)) return;
  const fd = openSync(p, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    let rest = Buffer.alloc(0);
    let lineNo = 0;
    const emit = (line: Buffer) => {
      lineNo++;
      if (line.length === 0) return;
      let parsed: RecordLine;
      try {
        parsed = JSON.parse(line.toString('utf8')) as RecordLine;
      } catch {
        throw new BundleReadError(`${p}:${lineNo}: not a JSON record line`);
      }
      fn({ type, scope: parsed.scope, source: parsed.source, data: parsed.data, ref: `${rel}#L${lineNo}` });
    };
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      // A copy: `rest` must survive the next read into `buf`.
      const chunk = rest.length ? Buffer.concat([rest, buf.subarray(0, n)]) : Buffer.from(buf.subarray(0, n));
      let start = 0;
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, start)) {
        emit(chunk.subarray(start, i));
        start = i + 1;
      }
      rest = chunk.subarray(start);
    }
    if (rest.length) emit(rest);
  } finally {
    closeSync(fd);
  }
}
