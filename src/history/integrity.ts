import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodePath, listFiles, MANIFEST, sha256File, TAG_MANIFEST } from '../bundle/bagit.js';

export interface ManifestCheck {
  ok: boolean;
  /** One line per problem: `<path>: <what>`. */
  problems: string[];
  /** Verified sha256 of every payload and tag file, by bundle-relative path. */
  digests: Map<string, string>;
}

/**
 * Recomputes the sha256 of every file listed in `tagmanifest-sha256.txt` and `manifest-sha256.txt`,
 * one file at a time as a stream, and names each file that is missing, altered or unlisted under data/.
 * Minimal on purpose: the chain between bundles is checked by `soc2 verify`.
 */
export async function checkManifest(dir: string): Promise<ManifestCheck> {
  const problems: string[] = [];
  const digests = new Map<string, string>();
  for (const name of [TAG_MANIFEST, MANIFEST]) {
    const path = join(dir, name);
    if (!existsSync(path)) {
      problems.push(`${name}: missing`);
      continue;
    }
    const entries = parseManifest(await readFile(path, 'utf8'));
    if (entries === undefined) {
      problems.push(`${name}: not a sha256 manifest`);
      continue;
    }
    for (const [rel, expected] of entries) {
      // A manifest naming a path outside the bundle is itself tampering.
      if (rel.startsWith('/') || rel.split('/').includes('..')) {
        problems.push(`${rel}: path escapes the bundle`);
        continue;
      }
      const full = join(dir, rel);
      if (!existsSync(full)) {
        problems.push(`${rel}: missing`);
        continue;
      }
      const actual = await sha256File(full).catch((err: Error) => `unreadable (${err.message})`);
      if (actual !== expected) problems.push(`${rel}: ${actual.startsWith('unreadable') ? actual : 'digest differs from the manifest'}`);
      else digests.set(rel, actual);
    }
  }
  if (existsSync(join(dir, 'data'))) {
    for (const rel of await listFiles(join(dir, 'data'), dir)) {
      if (!digests.has(rel) && !problems.some((p) => p.startsWith(`${rel}:`))) problems.push(`${rel}: not listed in ${MANIFEST}`);
    }
  }
  if (!digests.has(MANIFEST) && !problems.some((p) => p.startsWith(`${MANIFEST}:`))) {
    problems.push(`${MANIFEST}: not covered by ${TAG_MANIFEST}`);
  }
  return { ok: problems.length === 0, problems, digests };
}

/** `<hex>  <path>` lines; undefined when a line is not of that form. */
function parseManifest(text: string): Array<[string, string]> | undefined {
  const out: Array<[string, string]> = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const m = /^([0-9a-fA-F]{64})[ \t]+\*?(.+)$/.exec(line.replace(/\r$/, ''));
    if (!m) return undefined;
    out.push([decodePath(m[2]!), m[1]!.toLowerCase()]);
  }
  return out;
}
