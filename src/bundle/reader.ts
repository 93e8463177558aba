import { closeSync, constants, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { RecordsView } from '../engine/evidence.js';
import type { Results } from '../engine/results.js';
import type { ScopeState, StoredRecord } from '../types.js';
import type { PopulationEntry } from '../populations/types.js';
import { BAG_INFO, parseTagFile } from './bagit.js';
import { recordsPath } from './layout.js';

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
  /** When the evidence was collected (real time; asOf is the time the run describes). */
  startedAt: string;
  finishedAt: string;
  /** Sealed with `--backfill`: collected (startedAt) later than the day asOf names. */
  backfill?: boolean;
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

/** JSON files of a bundle (run.json, results.json) larger than this are refused: V8 cannot hold a string much longer. */
const JSON_LIMIT = 512 * 1024 * 1024;

/** The longest record line read; SOC2_MAX_LINE_BYTES overrides it. A longer one is an unreadable bundle, not a hang. */
export function maxLineBytes(): number {
  return Number(process.env.SOC2_MAX_LINE_BYTES) || 64 * 1024 * 1024;
}

/**
 * Opens a file of a bundle for reading: never through a symbolic link, never a FIFO or device (opened
 * non-blocking, then refused), so a replaced file cannot hang or redirect a reader. Undefined when absent.
 */
export function openBundleFile(p: string): { fd: number; size: number } | undefined {
  let fd: number;
  try {
    fd = openSync(p, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP') throw new BundleReadError(`${p}: a symbolic link (not followed; a sealed bundle holds only regular files)`);
    throw new BundleReadError(`${p}: cannot be read (${code ?? (err as Error).message})`);
  }
  const st = fstatSync(fd);
  if (!st.isFile()) {
    closeSync(fd);
    throw new BundleReadError(`${p}: not a regular file (not read; a sealed bundle holds only regular files)`);
  }
  return { fd, size: st.size };
}

function readJson<T>(dir: string, rel: string): T {
  const p = join(dir, rel);
  const f = openBundleFile(p);
  if (!f) throw new BundleReadError(`${p}: missing (not a sealed soc2 bundle?)`);
  let text: string;
  try {
    if (f.size > JSON_LIMIT) throw new BundleReadError(`${p}: ${f.size} bytes, more than the ${JSON_LIMIT} a bundle's JSON file may have`);
    text = readFileSync(f.fd, 'utf8');
  } finally {
    closeSync(f.fd);
  }
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new BundleReadError(`${p}: not valid JSON (${(err as Error).message})`);
  }
}

function readTag(p: string): string {
  const f = openBundleFile(p);
  if (!f) return '';
  try {
    if (f.size > 1024 * 1024) throw new BundleReadError(`${p}: ${f.size} bytes, too large for bag-info`);
    return readFileSync(f.fd, 'utf8');
  } finally {
    closeSync(f.fd);
  }
}

export function readBundle(dir: string): BundleContents {
  const bagInfo = parseTagFile(readTag(join(dir, BAG_INFO)));
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
    view: () =>
      new RecordsView(
        run.coverage.scopes,
        (type) => loadRecords(dir, type),
        (type, fn) => forEachRecord(dir, type, fn),
      ),
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
  const rel = recordsPath(type);
  const p = join(dir, rel);
  const f = openBundleFile(p);
  if (!f) return;
  const fd = f.fd;
  const maxLine = maxLineBytes();
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    let rest = Buffer.alloc(0);
    let lineNo = 0;
    const emit = (line: Buffer) => {
      lineNo++;
      if (line.length === 0) return;
      if (line.length > maxLine)
        throw new BundleReadError(`${p}:${lineNo}: a line longer than ${maxLine} bytes (not a record line; SOC2_MAX_LINE_BYTES raises the limit)`);
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
      // Why lines are read from `buf` itself and only a partial last line is copied: a copy of every chunk would leave
      // one dead buffer per MiB read for the GC, tens of MB of them while scoring a large records file (CloudTrail events).
      const view = buf.subarray(0, n);
      let start = 0;
      let i = view.indexOf(10);
      if (rest.length && i >= 0) {
        emit(Buffer.concat([rest, view.subarray(0, i)]));
        rest = Buffer.alloc(0);
        start = i + 1;
        i = view.indexOf(10, start);
      }
      for (; i >= 0; i = view.indexOf(10, start)) {
        emit(view.subarray(start, i));
        start = i + 1;
      }
      // A copy: `rest` must survive the next read into `buf`.
      rest = rest.length ? Buffer.concat([rest, view.subarray(start)]) : Buffer.from(view.subarray(start));
      if (rest.length > maxLine)
        throw new BundleReadError(`${p}:${lineNo + 1}: a line longer than ${maxLine} bytes (not a record line; SOC2_MAX_LINE_BYTES raises the limit)`);
    }
    if (rest.length) emit(rest);
  } finally {
    closeSync(fd);
  }
}
