import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { MANIFEST, TAG_MANIFEST } from '../bundle/bagit.js';
import { recordsPath } from '../bundle/layout.js';

/**
 * Checks the one file a population is read from: its sha256 against the bundle's manifest, and the manifest's
 * against the tag manifest (whose digest is the bundle's identity). Returns why it fails, or undefined when sound.
 * Cheaper than re-hashing a whole bundle, and enough to trust the records read from it.
 */
export function recordsFileSound(dir: string, type: string, digest?: string): string | undefined {
  if (!existsSync(join(dir, TAG_MANIFEST))) return 'is missing';
  const tag = readFileSync(join(dir, TAG_MANIFEST));
  if (digest !== undefined && sha256(tag) !== digest) return `is not the bundle recorded (sha256 of ${TAG_MANIFEST} differs)`;
  const listed = (text: string, rel: string) => new RegExp(`^([0-9a-f]{64})[ \\t]+${escape(rel)}$`, 'm').exec(text)?.[1];
  const manifestWant = listed(tag.toString('utf8'), MANIFEST);
  if (!manifestWant || !existsSync(join(dir, MANIFEST))) return `has no ${MANIFEST} in its tag manifest`;
  const manifest = readFileSync(join(dir, MANIFEST));
  if (sha256(manifest) !== manifestWant) return `fails verification (${MANIFEST} altered)`;
  const rel = recordsPath(type);
  const want = listed(manifest.toString('utf8'), rel);
  const present = existsSync(join(dir, rel));
  if (!want) return present ? `fails verification (${rel} is not in its manifest)` : undefined;
  if (!present) return `fails verification (${rel} is missing)`;
  if (hashFile(join(dir, rel)) !== want) return `fails verification (${rel} altered)`;
  return undefined;
}

function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

function hashFile(path: string): string {
  const h = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) h.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return h.digest('hex');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
