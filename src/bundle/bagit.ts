import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import type { Dirent } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** BagIt 1.0 (RFC 8493) file names and the bundle-level facts we keep in bag-info.txt. */
export const BAGIT_TXT = 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n';
export const MANIFEST = 'manifest-sha256.txt';
export const TAG_MANIFEST = 'tagmanifest-sha256.txt';
export const BAG_INFO = 'bag-info.txt';
/** Tag files covered by the tag manifest, in this order. */
export const TAG_FILES = ['bagit.txt', BAG_INFO, MANIFEST] as const;

/** Hashes a regular file as a stream; a symbolic link, FIFO or device at `path` is refused, never read. */
export async function sha256File(path: string): Promise<string> {
  const fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    if (!(await fh.stat()).isFile()) throw new Error(`${path}: not a regular file`);
    const h = createHash('sha256');
    for await (const chunk of fh.createReadStream({ autoClose: false })) h.update(chunk as Buffer);
    return h.digest('hex');
  } finally {
    await fh.close();
  }
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Something below a bundle that is not a regular file or a folder: never read, never followed. */
export interface SpecialEntry {
  rel: string;
  kind: 'symbolic link' | 'FIFO' | 'socket' | 'device' | 'special file';
}

function kindOf(e: Dirent): SpecialEntry['kind'] {
  if (e.isSymbolicLink()) return 'symbolic link';
  if (e.isFIFO()) return 'FIFO';
  if (e.isSocket()) return 'socket';
  if (e.isCharacterDevice() || e.isBlockDevice()) return 'device';
  return 'special file';
}

/**
 * Every regular file below `dir` (as '/'-separated paths relative to `base`, sorted by code point), and
 * every entry that is neither a regular file nor a folder. Symbolic links are listed, never followed.
 */
export async function walkFiles(dir: string, base: string): Promise<{ files: string[]; special: SpecialEntry[] }> {
  const files: string[] = [];
  const special: SpecialEntry[] = [];
  async function walk(d: string): Promise<void> {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const rel = relative(base, p).split(sep).join('/');
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) files.push(rel);
      else special.push({ rel, kind: kindOf(e) });
    }
  }
  await walk(dir);
  const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return { files: files.sort(byCodePoint), special: special.sort((a, b) => byCodePoint(a.rel, b.rel)) };
}

/** Every regular file below `dir`, as '/'-separated paths relative to `base`, sorted by code point. */
export async function listFiles(dir: string, base: string): Promise<string[]> {
  return (await walkFiles(dir, base)).files;
}

/** Manifest text: `<sha256>  <path>` lines (two spaces, as sha256sum writes them), LF-terminated. */
export async function manifestFor(bagDir: string, paths: string[]): Promise<{ text: string; bytes: number }> {
  let text = '';
  let bytes = 0;
  for (const p of paths) {
    const full = join(bagDir, p);
    text += `${await sha256File(full)}  ${encodePath(p)}\n`;
    bytes += (await stat(full)).size;
  }
  return { text, bytes };
}

/** RFC 8493 §2.1.3: CR, LF and % in manifest paths are percent-encoded. */
export function encodePath(p: string): string {
  return p.replace(/%/g, '%25').replace(/\n/g, '%0A').replace(/\r/g, '%0D');
}

export function decodePath(p: string): string {
  return p.replace(/%0A/gi, '\n').replace(/%0D/gi, '\r').replace(/%25/g, '%');
}

/** Parses `Label: value` lines (bag-info.txt, bagit.txt); continuation lines start with whitespace. */
export function parseTagFile(text: string): Map<string, string> {
  const m = new Map<string, string>();
  let last: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (!line) continue;
    if (/^\s/.test(line) && last) {
      m.set(last, `${m.get(last)} ${line.trim()}`);
      continue;
    }
    const i = line.indexOf(':');
    if (i < 0) continue;
    last = line.slice(0, i).trim();
    m.set(last, line.slice(i + 1).trim());
  }
  return m;
}

export function formatTagFile(entries: Array<[string, string]>): string {
  return entries.map(([k, v]) => `${k}: ${v}\n`).join('');
}

/** A bundle's identity: the sha256 of its tag manifest. */
export async function bundleDigest(bundleDir: string): Promise<string> {
  return sha256File(join(bundleDir, TAG_MANIFEST));
}
