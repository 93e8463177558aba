import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ZipArchive } from 'archiver';
import { sha256File } from '../bundle/bagit.js';
import { controlsCriteriaCsv, exceptionsCsv } from './csv.js';
import { renderIndex } from './html.js';
import { readHistory } from '../history/history.js';
import { datedBundles } from '../history/scan.js';
import { checkManifest } from '../history/integrity.js';
import { writePopulations } from './populations.js';
import type { BundleReport } from '../bundle/verify.js';
import { formatProblem } from '../util/problems.js';
import { PackInputError, selectBundles } from './select.js';
import { loadPrivateKey, publicKeyPem, PUB_FILE, SIG_FILE, signSums } from './sign.js';
import { summarize } from './summary.js';
import { verifyBundle } from '../bundle/verify.js';
import { verifyChain } from './verify-chain.js';
import { packVendors, vendorsCsv } from './vendors.js';
import { SUMS_FILE } from './verify-pack.js';

export interface PackOptions {
  evidenceDir: string;
  from?: string;
  to?: string;
  /** Named bundles (names in the evidence directory or paths); overrides the window. */
  names?: string[];
  output?: string;
  /** Ed25519 private key (PEM) to sign SHA256SUMS with. */
  signKey?: string;
  /** Record types exported as populations in addition to POPULATION_TYPES. */
  populations?: string[];
  toolVersion: string;
  progress?: (p: PackProgress) => void;
}

export interface PackProgress {
  phase: 'verify' | 'zip';
  done: number;
  total: number;
  label?: string;
}

export interface PackResult {
  output: string;
  window: { from: string; to: string };
  bundles: string[];
  entries: number;
  bytes: number;
  sha256: string;
  fingerprint?: string;
}

/** A bundle fails verification: packing it would hand the auditor a pack that does not verify. */
export class PackVerifyError extends Error {
  constructor(
    message: string,
    readonly details: string[],
  ) {
    super(message);
  }
}

/** Zip entries have this mode and time whatever the machine, umask or time zone: same bundles, same bytes. */
const FILE_MODE = 0o644;
const DIR_MODE = 0o755;

/**
 * Writes the auditor pack: the bundles as on disk under `bundles/`, index.html, the CSVs, SHA256SUMS
 * (and its signature). Bundles are verified first; files are hashed and zipped as streams.
 */
export async function pack(opts: PackOptions): Promise<PackResult> {
  const sel = await selectBundles(opts.evidenceDir, { from: opts.from, to: opts.to, names: opts.names });
  const key = opts.signKey
    ? await loadPrivateKey(opts.signKey).catch((e: Error) => Promise.reject(new PackInputError(`--sign ${opts.signKey}: ${e.message}`)))
    : undefined;
  const output = resolve(opts.output ?? `soc2-pack-${sel.window.from}_${sel.window.to}.zip`);

  // Verify every bundle and keep the digests: SHA256SUMS reuses them instead of reading each file again.
  const sums = new Map<string, string>();
  const sources = new Map<string, string>();
  const reports: BundleReport[] = [];
  /** Digests of the bundles verified here (all sound, or packing stops), reused by the history grid. */
  const verified = new Map<string, Map<string, string>>();
  for (const [i, b] of sel.bundles.entries()) {
    opts.progress?.({ phase: 'verify', done: i, total: sel.bundles.length, label: b.name });
    const digests = new Map<string, string>();
    verified.set(b.dir, digests);
    const r = await verifyBundle(b.dir, {
      onHash: (rel, digest) => {
        digests.set(rel, digest);
        sums.set(`bundles/${b.name}/${rel}`, digest);
        sources.set(`bundles/${b.name}/${rel}`, join(b.dir, rel));
      },
    });
    reports.push(r);
  }
  const problems = [...reports.flatMap((r) => r.problems), ...(await verifyChain(reports)).problems];
  if (problems.length)
    throw new PackVerifyError(`refusing to pack: ${problems.length} verification failure(s); the pack would not verify`, problems.map(formatProblem));

  const staging = await mkdtemp(join(tmpdir(), 'soc2-pack-'));
  const tmpOut = join(dirname(output), `.${Date.now().toString(36)}-${process.pid}.zip.partial`);
  try {
    // Summarised in the order of the days they describe (a backfill sealed last is not the newest evidence).
    const order = new Map((await datedBundles(opts.evidenceDir)).map((b, i) => [resolve(b.dir), i]));
    const ordered = [...sel.bundles].sort((a, b) => (order.get(resolve(a.dir)) ?? -1) - (order.get(resolve(b.dir)) ?? -1));
    const summary = summarize(ordered, sel.window);
    // The register as of the newest bundle; its reports by the digests just verified against the bundle's manifest.
    const vend = packVendors(ordered, (b, rel) => verified.get(b.dir)?.get(rel));
    if (vend.problems.length)
      throw new PackVerifyError(`refusing to pack: ${vend.problems.length} assurance report(s) do not match the vendor register`, vend.problems);
    // Why only for a window: a hand-picked set of bundles has no day-by-day meaning.
    const history = opts.names?.length
      ? undefined
      : await readHistory({
          evidenceDir: opts.evidenceDir,
          from: sel.window.from,
          to: sel.window.to,
          // Why: every bundle of the window was just re-hashed above; hashing them again would double the I/O.
          verify: async (dir) => {
            const digests = verified.get(dir);
            return digests ? { ok: true, problems: [], digests } : checkManifest(dir);
          },
        });
    const populations = await writePopulations(sel.bundles, staging, opts.populations, { from: opts.from, to: opts.to });
    let fingerprint: string | undefined;
    const generated: Array<[string, string]> = [
      ['controls-criteria.csv', controlsCriteriaCsv(summary, history)],
      ['exceptions.csv', exceptionsCsv(summary)],
      ...(vend.vendors ? [['vendors.csv', vendorsCsv(vend.vendors)] as [string, string]] : []),
    ];
    if (key) {
      const pub = publicKeyPem(key);
      fingerprint = pub.fingerprint;
      generated.push([PUB_FILE, pub.pem]);
    }
    generated.push(['index.html', renderIndex(summary, { fingerprint, populations, toolVersion: opts.toolVersion, history, vendors: vend.vendors })]);
    for (const [rel, text] of generated) await writeFile(join(staging, rel), text);
    for (const rel of [...generated.map(([r]) => r), ...populations.map((p) => p.file)]) {
      sums.set(rel, await sha256File(join(staging, rel)));
      sources.set(rel, join(staging, rel));
    }
    for (const r of vend.vendors?.reports ?? []) {
      sums.set(r.packPath, r.sha256);
      sources.set(r.packPath, r.source);
    }
    const sumsText = Buffer.from(
      [...sums.keys()]
        .sort(byCodePoint)
        .map((rel) => `${sums.get(rel)}  ${rel}\n`)
        .join(''),
    );
    await writeFile(join(staging, SUMS_FILE), sumsText);
    sources.set(SUMS_FILE, join(staging, SUMS_FILE));
    if (key) {
      await writeFile(join(staging, SIG_FILE), signSums(sumsText, key).sig);
      sources.set(SIG_FILE, join(staging, SIG_FILE));
    }

    const date = zipDate(reports);
    const names = withDirectories([...sources.keys()]);
    const archive = new ZipArchive({ zlib: { level: 6 } });
    const out = createWriteStream(tmpOut, { flags: 'wx' });
    const failed = new Promise<never>((_, reject) => {
      archive.on('error', reject);
      archive.on('warning', reject);
      out.on('error', reject);
    });
    failed.catch(() => undefined);
    archive.pipe(out);
    archive.on('progress', (p) => opts.progress?.({ phase: 'zip', done: p.entries.processed, total: names.length }));
    for (const name of names) {
      const src = sources.get(name);
      if (src) archive.append(lazyStream(src), { name, date, mode: FILE_MODE });
      else archive.append(Buffer.alloc(0), { name, type: 'directory', date, mode: DIR_MODE });
    }
    await Promise.race([Promise.all([archive.finalize(), once(out, 'close')]), failed]);
    await rename(tmpOut, output);
    return {
      output,
      window: sel.window,
      bundles: sel.bundles.map((b) => b.name),
      entries: names.length,
      bytes: (await stat(output)).size,
      sha256: await sha256File(output),
      fingerprint,
    };
  } finally {
    await rm(tmpOut, { force: true });
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * A file stream that opens the file only when the archiver starts reading it: archiver.file() stats
 * files concurrently (so entries could come out in any order), and eager streams would hold one
 * descriptor per file of a year of bundles.
 */
function lazyStream(path: string): Readable {
  return Readable.from(
    (async function* () {
      yield* createReadStream(path);
    })(),
    { objectMode: false },
  );
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every file plus each parent directory entry (`bundles/`, `bundles/X/`, …), sorted by code point. */
function withDirectories(files: string[]): string[] {
  const all = new Set(files);
  for (const f of files) {
    const parts = f.split('/');
    for (let i = 1; i < parts.length; i++) all.add(`${parts.slice(0, i).join('/')}/`);
  }
  return [...all].sort(byCodePoint);
}

/** Entry time: the newest bundle's as-of time (UTC), so the zip shows when the evidence ends, independent of when it was packed. */
function zipDate(reports: BundleReport[]): Date {
  const times = reports.map((r) => Date.parse(r.asOf ?? '')).filter((t) => !Number.isNaN(t));
  return new Date(times.length ? Math.max(...times) : Date.UTC(1980, 0, 1));
}
