import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compareBundleNames } from '../bundle/layout.js';
import type { BundleReport, PreviousLink } from '../bundle/verify.js';
import type { Problem } from '../util/problems.js';
import { tagManifestDigest } from '../bundle/verify.js';

export interface ChainReport {
  /** Where the verified chain begins: the first bundle and what it links to. */
  start?: { bundle: string; previous: PreviousLink | null; note: string };
  /** Links checked (bundle → predecessor). */
  links: number;
  problems: Problem[];
}

/**
 * Walks `Soc2-Previous-Bundle` across a set of verified bundles, oldest first. Each bundle must
 * link to the one before it in the set, with that bundle's tag-manifest digest. The first bundle may
 * link outside the set (a pack of one quarter starts mid-chain) — unless its predecessor's directory
 * sits in `setDir`, in which case that link is checked too.
 */
export async function verifyChain(bundles: BundleReport[], setDir?: string): Promise<ChainReport> {
  const sorted = [...bundles].sort((a, b) => compareBundleNames(a.name, b.name));
  const names = new Set(sorted.map((b) => b.name));
  const problems: Problem[] = [];
  let links = 0;
  let start: ChainReport['start'];
  for (let i = 0; i < sorted.length; i++) {
    const cur = sorted[i]!;
    const prev = cur.previous;
    if (prev === undefined) continue; // unreadable bag-info: already reported by verifyBundle
    if (i === 0) {
      start = await checkStart(cur, prev, setDir, problems);
      if (prev && setDir && existsSync(join(setDir, prev.name))) links++;
      continue;
    }
    const before = sorted[i - 1]!;
    links++;
    if (prev === null) {
      problems.push({ kind: 'gap', bundle: cur.name, message: `starts a new chain (Soc2-Previous-Bundle: none) although ${before.name} precedes it` });
    } else if (prev.name === before.name) {
      // Why a rewrite: the later bundle recorded this digest when it was sealed; a different one now means the earlier bundle changed since.
      if (before.digest && before.digest !== prev.digest) {
        problems.push({
          kind: 'rewrite',
          bundle: before.name,
          file: 'tagmanifest-sha256.txt',
          message: `hashes to sha256:${before.digest} but ${cur.name} (sealed after it) recorded sha256:${prev.digest}: rewritten after sealing`,
        });
      }
    } else if (names.has(prev.name)) {
      problems.push({
        kind: 'rewrite',
        bundle: before.name,
        message: `is not in the chain: ${cur.name} links to ${prev.name}, so ${before.name} was inserted or the chain forked`,
      });
    } else {
      problems.push({
        kind: 'gap',
        bundle: prev.name,
        message: `missing from the chain: ${cur.name} was sealed right after it, but it is not here (deleted or withheld)`,
      });
    }
  }
  return { start, links, problems };
}

async function checkStart(cur: BundleReport, prev: PreviousLink | null, setDir: string | undefined, problems: Problem[]): Promise<ChainReport['start']> {
  if (prev === null) return { bundle: cur.name, previous: null, note: 'first bundle ever sealed' };
  if (setDir && existsSync(join(setDir, prev.name))) {
    const digest = await tagManifestDigest(join(setDir, prev.name));
    if (!digest) {
      problems.push({ kind: 'gap', bundle: prev.name, message: `is present but not a sealed bundle (no tag manifest); ${cur.name} links to it` });
    } else if (digest !== prev.digest) {
      problems.push({
        kind: 'rewrite',
        bundle: prev.name,
        file: 'tagmanifest-sha256.txt',
        message: `hashes to sha256:${digest} but ${cur.name} (sealed after it) recorded sha256:${prev.digest}: rewritten after sealing`,
      });
    }
    return { bundle: cur.name, previous: prev, note: `links to ${prev.name} beside it` };
  }
  return { bundle: cur.name, previous: prev, note: `chain starts here; its predecessor ${prev.name} is outside this set` };
}
