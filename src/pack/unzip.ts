import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import type { Problem } from '../util/problems.js';

/**
 * Extracts a zip entry by entry (one entry's stream at a time, never the archive in memory).
 * Entries with unsafe names are not written; duplicate names are reported, since an unzip tool
 * would let the later one silently replace the earlier.
 */
/** Entries accepted in one pack; a year of daily bundles holds tens of thousands. */
const maxEntries = (): number => Number(process.env.SOC2_MAX_ZIP_ENTRIES) || 1_000_000;
/** Bytes a pack may unpack to at most, whatever its size; SOC2_MAX_UNPACKED_BYTES overrides it. */
const maxUnpacked = (): number => Number(process.env.SOC2_MAX_UNPACKED_BYTES) || 64 * 1024 ** 3;
/**
 * How much larger than the zip its content may be. Why 200: evidence (JSON, CSV) deflates 5–20 times; a zip
 * bomb (a run of zeros) deflates about 1,000 times.
 */
const RATIO = 200;

/** A zip that would unpack to more than its limits allow (a zip bomb): extraction stops. */
export class ZipLimitError extends Error {}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

/**
 * Extracts a zip entry by entry (one entry's stream at a time, never the archive in memory).
 * Entries with unsafe names are not written; duplicate names are reported, since an unzip tool
 * would let the later one silently replace the earlier. Symbolic links and other special entries are
 * not extracted. The declared sizes (which yauzl holds each entry to) are added up before each entry is
 * written; past the budget (RATIO × the zip's size, at most SOC2_MAX_UNPACKED_BYTES) extraction stops with
 * an `unsafe` problem, so a zip bomb ends in bounded time and space.
 */
export async function extractZip(zipPath: string, dest: string): Promise<Problem[]> {
  const problems: Problem[] = [];
  const zipBytes = (await stat(zipPath)).size;
  const budget = Math.min(maxUnpacked(), Math.max(64 * 1024 * 1024, RATIO * zipBytes));
  let unpacked = 0;
  let entries = 0;
  // strictFileNames off: we judge names ourselves so an unsafe entry becomes a named problem, not a crash.
  // decodeStrings off: yauzl would otherwise end the whole archive at the first unsafe name; we decode and judge each.
  const zip = await yauzl.openPromise(zipPath, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true, decodeStrings: false });
  const seen = new Set<string>();
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', resolve);
      zip.on('entry', (entry: yauzl.Entry) => {
        void handle(entry).then(
          () => zip.readEntry(),
          (err: unknown) => {
            if (!(err instanceof ZipLimitError)) return reject(err);
            problems.push({ kind: 'unsafe', message: `${err.message}; extraction stopped (a zip bomb?)` });
            resolve();
          },
        );
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return problems;

  async function handle(entry: yauzl.Entry): Promise<void> {
    const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
    const invalid = yauzl.validateFileName(name);
    if (invalid || name.includes('\\')) {
      problems.push({ kind: 'unsafe', file: name, message: `zip entry not extracted: ${invalid ?? 'backslash in name'}` });
      return;
    }
    if (seen.has(name)) {
      problems.push({ kind: 'extra', file: name, message: 'the zip holds two entries with this name' });
      return;
    }
    seen.add(name);
    if (++entries > maxEntries()) throw new ZipLimitError(`more than ${maxEntries()} entries`);
    // Why the mode's file type: an entry made by `zip --symlinks` holds a link target; written out, it would be followed later.
    const type = (entry.externalFileAttributes >>> 16) & S_IFMT;
    if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) {
      problems.push({ kind: 'unsafe', file: name, message: `zip entry not extracted: ${type === 0o120000 ? 'a symbolic link' : 'a special file'}` });
      return;
    }
    unpacked += entry.uncompressedSize;
    if (unpacked > budget)
      throw new ZipLimitError(
        `the entries unpack to more than ${budget} bytes (${RATIO} times the zip's ${zipBytes}, at most ${maxUnpacked()}; SOC2_MAX_UNPACKED_BYTES raises it)`,
      );
    // Why: tools disagree on whether the local header or the central directory names an entry; a mismatch is an ambiguous zip.
    const local = await zip.readLocalFileHeaderPromise(entry);
    if (!local.fileName.equals(entry.fileNameRaw)) {
      problems.push({
        kind: 'altered',
        file: name,
        message: `the zip's local header names this entry ${JSON.stringify(local.fileName.toString('utf8'))} (ambiguous zip)`,
      });
    }
    const target = join(dest, name);
    if (name.endsWith('/')) {
      await mkdir(target, { recursive: true });
      return;
    }
    await mkdir(dirname(target), { recursive: true });
    try {
      await pipeline(await zip.openReadStreamPromise(entry), createWriteStream(target, { flags: 'wx' }));
    } catch (err) {
      // A damaged entry is named and left out (so it also shows as missing); the other entries are still checked.
      problems.push({ kind: 'altered', file: name, message: `cannot be read from the zip: ${(err as Error).message}` });
      await rm(target, { force: true });
    }
  }
}
