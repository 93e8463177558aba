import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import type { Problem } from './problems.js';

/**
 * Extracts a zip entry by entry (one entry's stream at a time, never the archive in memory).
 * Entries with unsafe names are not written; duplicate names are reported, since an unzip tool
 * would let the later one silently replace the earlier.
 */
export async function extractZip(zipPath: string, dest: string): Promise<Problem[]> {
  const problems: Problem[] = [];
  // strictFileNames off: we judge names ourselves so an unsafe entry becomes a named problem, not a crash.
  const zip = await yauzl.openPromise(zipPath, { lazyEntries: true, strictFileNames: false, validateEntrySizes: true });
  const seen = new Set<string>();
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', resolve);
      zip.on('entry', (entry: yauzl.Entry) => {
        void handle(entry).then(() => zip.readEntry(), reject);
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return problems;

  async function handle(entry: yauzl.Entry): Promise<void> {
    const name = entry.fileName;
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
    // Why: tools disagree on whether the local header or the central directory names an entry; a mismatch is an ambiguous zip.
    const local = await zip.readLocalFileHeaderPromise(entry);
    if (!local.fileName.equals(entry.fileNameRaw)) {
      problems.push({ kind: 'altered', file: name, message: `the zip's local header names this entry ${JSON.stringify(local.fileName.toString('utf8'))} (ambiguous zip)` });
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
