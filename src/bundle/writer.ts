import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BAG_INFO, BAGIT_TXT, bundleDigest, formatTagFile, listFiles, manifestFor, MANIFEST, sha256, TAG_FILES, TAG_MANIFEST } from './bagit.js';
import { compareBundleNames, latestBundle, recordsPath, safeSegment, STAGING_PREFIX } from './layout.js';
import { thisHost, withLock } from './lock.js';
import { writeJsonFile } from '../util/json-stream.js';
import { RawText } from '../collector-kit.js';

export interface BundleInfo {
  asOf: Date;
  toolVersion: string;
  source: 'live' | 'sandbox';
  organization: string;
  /** When the evidence was actually collected (default: when the writer was created). */
  collectedAt?: Date;
  /** Sealed with `--backfill`: collected later than the day `asOf` names (bag-info `Soc2-Backfill: true`). */
  backfill?: boolean;
}

export interface SealedBundle {
  dir: string;
  name: string;
  digest: string;
  previous?: { name: string; digest: string };
}

/** Bundle directory name for a time: UTC, sortable, no colons: 2026-11-22T131000Z. */
export function bundleName(asOf: Date): string {
  return asOf
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '');
}

/** `raw/<collector>/<scope>/<operation>[.<page>].json`: where `ctx.raw` saves a provider response under `data/`. */
export function rawFile(collector: string, scope: string, operation: string, page?: number): string {
  return `raw/${collector}/${scope}/${operation}${page !== undefined ? `.${page}` : ''}.json`;
}

/** What `ctx.raw` writes for a body: a provider's text as it arrived, or JSON. */
export function rawContent(body: unknown): string {
  return body instanceof RawText ? (body.text.endsWith('\n') ? body.text : `${body.text}\n`) : `${JSON.stringify(body)}\n`;
}

/**
 * Files under a staging bundle's `data/` folder, path segments sanitised. Also used by collectors on worker
 * threads, which write their raw pages straight into staging.
 */
export class DataFiles {
  /** Folders already created: a large run writes thousands of raw pages into a few dozen folders. */
  private readonly made = new Set<string>();

  /**
   * `sync`: write with blocking calls. On a collector's own thread nothing else waits on its event loop, and each
   * asynchronous file operation is a hand-off to libuv's shared pool (a raw page is three: open, write, close).
   */
  constructor(
    readonly staging: string,
    private readonly opts: { sync?: boolean } = {},
  ) {}

  async write(relUnderData: string, content: string | Buffer): Promise<string> {
    const rel = `data/${relUnderData.split('/').map(safeSegment).join('/')}`;
    const full = join(this.staging, rel);
    if (this.opts.sync) {
      if (!this.made.has(dirname(full))) mkdirSync(dirname(full), { recursive: true });
      this.made.add(dirname(full));
      writeFileSync(full, content);
      return rel;
    }
    await this.mkdirOnce(dirname(full));
    await writeFile(full, content);
    return rel;
  }

  async path(relUnderData: string): Promise<string> {
    const full = join(this.staging, 'data', ...relUnderData.split('/').map(safeSegment));
    await this.mkdirOnce(dirname(full));
    return full;
  }

  private async mkdirOnce(dir: string): Promise<void> {
    if (this.made.has(dir)) return;
    await mkdir(dir, { recursive: true });
    this.made.add(dir);
  }
}

interface RecordsFile {
  stream: WriteStream;
  lines: number;
  /** Lines not yet handed to the stream. */
  pending: string;
}

// Why this size: every write is handed to libuv's thread pool, and on a loaded machine each hand-off can cost a
// context switch, paid by the thread that writes (a collector thread's CPU goes to hand-offs when it flushes small
// writes every turn). A few hundred writes per large run, at most this much per records file held in memory.
const PENDING_BYTES = 256 * 1024;

function flush(f: RecordsFile): void {
  if (!f.pending) return;
  f.stream.write(f.pending);
  f.pending = '';
}

/**
 * The `data/records/<type>.jsonl` files of a staging bundle, appended line by line. The bundle writer holds one;
 * a collector on a worker thread holds its own for the types only it produces (engine/thread.ts).
 */
export class RecordFiles {
  private readonly streams = new Map<string, RecordsFile>();

  constructor(readonly staging: string) {}

  /** Appends one JSON line to `data/records/<type>.jsonl`; returns the record's reference. */
  append(type: string, line: unknown): string {
    const rel = recordsPath(type);
    let s = this.streams.get(rel);
    if (!s) {
      s = { stream: createWriteStream(join(this.staging, rel), { flags: 'a' }), lines: 0, pending: '' };
      this.streams.set(rel, s);
    }
    // Why buffered: one write per record costs a libuv request each; lines are joined up to PENDING_BYTES (the rest
    // is written by close()), so a large run makes a few hundred writes instead of hundreds of thousands.
    s.pending += `${JSON.stringify(line)}\n`;
    s.lines++;
    if (s.pending.length >= PENDING_BYTES) flush(s);
    return `${rel}#L${s.lines}`;
  }

  /** Resolves when the files have drained (undefined when none is backed up): bounds memory while collecting. */
  backpressure(): Promise<void> | undefined {
    // Why a loop first: this runs once per record; the usual answer (nothing backed up) allocates nothing.
    let any = false;
    for (const s of this.streams.values()) any ||= s.stream.writableNeedDrain;
    if (!any) return undefined;
    const full = [...this.streams.values()].filter((s) => s.stream.writableNeedDrain);
    // Why 'close' too: an interrupted run ends the streams (abandon) while a collector waits here; it must not wait on.
    const drained = (w: WriteStream) =>
      new Promise<void>((r) => {
        const done = () => {
          w.off('drain', done).off('close', done);
          r();
        };
        w.once('drain', done).once('close', done);
      });
    return full.length ? Promise.all(full.map((s) => drained(s.stream))).then(() => undefined) : undefined;
  }

  /** Writes out and closes every file (they can be read back, or the staging folder removed). */
  async close(): Promise<void> {
    await Promise.all(
      [...this.streams.values()].map(
        (s) =>
          new Promise<void>((resolve, reject) => {
            flush(s);
            s.stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
          }),
      ),
    );
    this.streams.clear();
  }
}

/**
 * Writes a bundle into a staging directory under the evidence directory; `seal()` writes the
 * manifests, fsyncs them and renames the directory into place. An interrupted run leaves only a
 * staging directory, never a bundle that looks complete.
 */
export class BundleWriter {
  private readonly data: DataFiles;
  /** The records files (what the engine's intake appends to). */
  readonly records: RecordFiles;

  private constructor(
    readonly evidenceDir: string,
    readonly staging: string,
    private readonly info: BundleInfo,
  ) {
    this.data = new DataFiles(staging);
    this.records = new RecordFiles(staging);
  }

  static async create(evidenceDir: string, info: BundleInfo): Promise<BundleWriter> {
    const staging = join(evidenceDir, `${STAGING_PREFIX}${bundleName(info.asOf)}-${thisHost()}-${process.pid}-${randomUUID().slice(0, 8)}`);
    await mkdir(join(staging, 'data', 'records'), { recursive: true });
    return new BundleWriter(evidenceDir, staging, { ...info, collectedAt: info.collectedAt ?? new Date() });
  }

  /** Appends one JSON line to `data/records/<type>.jsonl`; returns the record's reference. */
  appendRecord(type: string, line: unknown): string {
    return this.records.append(type, line);
  }

  /** Writes a file under `data/` (path segments are sanitised). */
  writeData(relUnderData: string, content: string | Buffer): Promise<string> {
    return this.data.write(relUnderData, content);
  }

  /** Full path of a file under `data/` (its folder created), for writers that stream into it themselves. */
  dataPath(relUnderData: string): Promise<string> {
    return this.data.path(relUnderData);
  }

  /** Writes pretty JSON under `data/`, streamed member by member (results can hold many findings). */
  async writeJson(relUnderData: string, value: unknown): Promise<string> {
    const rel = `data/${relUnderData.split('/').map(safeSegment).join('/')}`;
    const full = join(this.staging, rel);
    await mkdir(dirname(full), { recursive: true });
    await writeJsonFile(full, value);
    return rel;
  }

  /** Finishes the records files so they can be read back (scoring reads them from staging). */
  async flushRecords(): Promise<void> {
    await this.closeStreams();
  }

  private closeStreams(): Promise<void> {
    return this.records.close();
  }

  /** Seals the bundle and links it to the latest sealed bundle in the evidence directory. */
  seal(): Promise<SealedBundle> {
    if (this.abandoned) return Promise.reject(new Error('the run was abandoned before it was sealed'));
    return (this.sealing ??= this.sealNow());
  }

  private sealing?: Promise<SealedBundle>;

  private async sealNow(): Promise<SealedBundle> {
    await this.closeStreams();
    const payload = await listFiles(join(this.staging, 'data'), this.staging);
    const manifest = await manifestFor(this.staging, payload);
    await writeFile(join(this.staging, MANIFEST), manifest.text);
    await writeFile(join(this.staging, 'bagit.txt'), BAGIT_TXT);
    for (const p of payload) await fsync(join(this.staging, p));
    // The chain link and the rename happen under one lock so concurrent runs stay linear.
    return withLock(this.evidenceDir, async () => {
      const prev = await latestBundle(this.evidenceDir);
      const previous = prev ? { name: prev.name, digest: await bundleDigest(prev.dir) } : undefined;
      // Names keep the chain's order (verify walks bundles by name). A bundle whose as-of sorts before the latest
      // one (a backfill sealed after later days) is named after the latest, with the next -N; the day it describes
      // is its Soc2-As-Of, which history and the pack read. Why not its as-of name: it would sort into the chain
      // before bundles that were sealed earlier and that it links to.
      let name = bundleName(this.info.asOf);
      if (prev && compareBundleNames(name, prev.name) <= 0) name = nextName(prev.name);
      while (await exists(join(this.evidenceDir, name))) name = nextName(name, 2);
      const bagInfo = formatTagFile([
        ['Bagging-Date', this.info.asOf.toISOString().slice(0, 10)],
        ['Payload-Oxum', `${manifest.bytes}.${payload.length}`],
        ['External-Identifier', name],
        ['Soc2-Organization', this.info.organization],
        ['Soc2-As-Of', this.info.asOf.toISOString()],
        ['Soc2-Collected-At', (this.info.collectedAt ?? new Date()).toISOString()],
        ...(this.info.backfill ? ([['Soc2-Backfill', 'true']] as Array<[string, string]>) : []),
        ['Soc2-Tool-Version', this.info.toolVersion],
        ['Soc2-Source', this.info.source],
        ['Soc2-Previous-Bundle', previous ? `${previous.name} sha256:${previous.digest}` : 'none'],
      ]);
      await writeFile(join(this.staging, BAG_INFO), bagInfo);
      let tag = '';
      for (const f of TAG_FILES) tag += `${sha256(await readFile(join(this.staging, f)))}  ${f}\n`;
      await writeFile(join(this.staging, TAG_MANIFEST), tag);
      for (const f of [...TAG_FILES, TAG_MANIFEST]) await fsync(join(this.staging, f));
      const dir = join(this.evidenceDir, name);
      await rename(this.staging, dir);
      await fsyncDir(this.evidenceDir);
      return { dir, name, digest: sha256(tag), previous };
    });
  }

  private abandoned?: Promise<void>;

  /**
   * Removes the staging directory (a run that ends without sealing). Never rejects, and callers share one
   * removal: an interrupt can come while collectors still write into staging, where a single `rm` fails with
   * ENOTEMPTY; it is retried, and what cannot be removed is left for the next run's sweep (lock.ts).
   */
  abandon(): Promise<void> {
    return (this.abandoned ??= (async () => {
      // Why wait for a seal under way: removing files under it could leave a sealed bundle with holes; once sealed, nothing is abandoned.
      if (
        this.sealing &&
        (await this.sealing.then(
          () => true,
          () => false,
        ))
      )
        return;
      await this.closeStreams().catch(() => undefined);
      for (let i = 0; i < 5; i++) {
        try {
          await rm(this.staging, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
          return;
        } catch {
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    })());
  }
}

/** The next name after `name` in bundle order: X → X-<first>, X-n → X-(n+1). */
export function nextName(name: string, first = 1): string {
  const m = /^(.*Z)(?:-(\d+))?$/.exec(name);
  if (!m) return `${name}-${first}`;
  return `${m[1]}-${m[2] ? Number(m[2]) + 1 : first}`;
}

async function fsync(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function fsyncDir(path: string): Promise<void> {
  try {
    await fsync(path);
  } catch {
    // Some file systems refuse fsync on directories; the rename is still atomic.
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await open(p, 'r').then((fh) => fh.close());
    return true;
  } catch {
    return false;
  }
}
