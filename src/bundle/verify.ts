import { existsSync } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { BAG_INFO, decodePath, MANIFEST, walkFiles, parseTagFile, sha256File, TAG_FILES, TAG_MANIFEST } from './bagit.js';
import type { Problem } from '../util/problems.js';

/** A link from a bundle to the one sealed before it (`Soc2-Previous-Bundle`). */
export interface PreviousLink {
  name: string;
  digest: string;
}

/** The verdict on one bundle. */
export interface BundleReport {
  name: string;
  dir: string;
  /** sha256 of tagmanifest-sha256.txt as found (the bundle's identity), when present. */
  digest?: string;
  /** `null` for the first bundle ever sealed (`none`); undefined when bag-info is unreadable. */
  previous?: PreviousLink | null;
  asOf?: string;
  files: number;
  bytes: number;
  problems: Problem[];
}

/** Tag files (manifests, bag-info) larger than this are not read: a manifest line per file stays far below it. */
const TAG_LIMIT = 256 * 1024 * 1024;

/** The largest single file verification hashes (and readers read); SOC2_MAX_FILE_BYTES overrides it. */
export function maxFileBytes(): number {
  return Number(process.env.SOC2_MAX_FILE_BYTES) || 16 * 1024 ** 3;
}

/** RFC 8493 §2.1.3: `<checksum> <whitespace> <path>`; we also require lowercase hex, as sha256sum writes it. */
const MANIFEST_LINE = /^([0-9a-f]{64})[ \t]+(\S.*)$/;
const PREVIOUS = /^(\S+) sha256:([0-9a-f]{64})$/;

export interface VerifyBundleOptions {
  /** Called once per file with its digest as hashed (the pack reuses these for SHA256SUMS). */
  onHash?: (rel: string, digest: string, size: number) => void;
}

/**
 * Re-hashes every file of a bundle (streaming) against its manifest and tag manifest, checks
 * bagit.txt, Payload-Oxum and the bag-info fields the chain relies on. Names each file that is
 * missing, extra or altered.
 */
export async function verifyBundle(dir: string, opts: VerifyBundleOptions = {}): Promise<BundleReport> {
  const name = basename(dir);
  const problems: Problem[] = [];
  const add = (kind: Problem['kind'], file: string | undefined, message: string): void => {
    problems.push({ kind, bundle: name, ...(file ? { file } : {}), message });
  };
  const walked = await walkFiles(dir, dir);
  // Why never followed: a link to /dev/zero, a FIFO or a file outside the bundle would hang a reader or smuggle in bytes no manifest covers.
  for (const e of walked.special) add('unsafe', e.rel, `a ${e.kind} inside the bundle (not read; a sealed bundle holds only regular files)`);
  const present = new Set(walked.files);
  const sizes = new Map<string, number>();
  for (const rel of present) sizes.set(rel, (await lstat(join(dir, rel))).size);
  const limit = maxFileBytes();
  const tooLarge = new Set([...present].filter((rel) => sizes.get(rel)! > limit));
  for (const rel of tooLarge)
    add('unsafe', rel, `${sizes.get(rel)} bytes, over the ${limit}-byte limit for one file (not hashed; SOC2_MAX_FILE_BYTES raises it)`);
  // Why before hashing: Payload-Oxum bounds the work. A payload far larger than it says (a huge or sparse file added or grown) is
  // not hashed; a small difference still is, so each altered file is named.
  const declared = /^(\d+)\.(\d+)$/.exec(
    present.has(BAG_INFO) && sizes.get(BAG_INFO)! <= TAG_LIMIT ? (parseTagFile(await readFile(join(dir, BAG_INFO), 'utf8')).get('Payload-Oxum') ?? '') : '',
  );
  const payloadBytes = [...present].filter((r) => r.startsWith('data/')).reduce((n, r) => n + sizes.get(r)!, 0);
  const skipPayload = payloadBytes > (declared ? 2 * Number(declared[1]) + 64 * 1024 * 1024 : limit);
  const hashes = new Map<string, string>();
  const hash = async (rel: string): Promise<string | undefined> => {
    if (tooLarge.has(rel) || (skipPayload && rel.startsWith('data/'))) return undefined;
    let h = hashes.get(rel);
    if (!h) {
      h = await sha256File(join(dir, rel));
      hashes.set(rel, h);
      opts.onHash?.(rel, h, sizes.get(rel)!);
    }
    return h;
  };
  const readTag = async (rel: string): Promise<string | undefined> => {
    if (!present.has(rel)) {
      if (!walked.special.some((e) => e.rel === rel)) add('missing', rel, 'tag file is missing');
      return undefined;
    }
    if (sizes.get(rel)! > TAG_LIMIT) {
      add('format', rel, `${sizes.get(rel)} bytes: too large for a tag file (limit ${TAG_LIMIT})`);
      return undefined;
    }
    return readFile(join(dir, rel), 'utf8');
  };

  // Tag manifest: covers bagit.txt, bag-info.txt and manifest-sha256.txt (and any other tag file).
  const covered = new Set<string>();
  const tagText = await readTag(TAG_MANIFEST);
  let digest: string | undefined;
  if (tagText !== undefined) {
    digest = await hash(TAG_MANIFEST);
    for (const [rel, want] of parseManifest(tagText, TAG_MANIFEST, add)) {
      if (rel.startsWith('data/') || rel === TAG_MANIFEST) add('format', TAG_MANIFEST, `lists ${rel}, which is not a tag file`);
      covered.add(rel);
      if (!present.has(rel)) add('missing', rel, `listed in ${TAG_MANIFEST} but not present`);
      else if (!tooLarge.has(rel) && (await hash(rel)) !== want) add('altered', rel, `sha256 differs from ${TAG_MANIFEST} (changed after sealing)`);
    }
    for (const f of TAG_FILES) if (!covered.has(f)) add('format', TAG_MANIFEST, `does not cover ${f}`);
  }

  const bagit = await readTag('bagit.txt');
  if (bagit !== undefined) for (const m of checkBagitTxt(bagit)) add('format', 'bagit.txt', m);

  // Payload manifest: every file under data/, each once, each matching.
  const listed = new Set<string>();
  const manifestText = await readTag(MANIFEST);
  if (manifestText !== undefined) {
    for (const [rel, want] of parseManifest(manifestText, MANIFEST, add)) {
      if (!rel.startsWith('data/')) add('format', MANIFEST, `lists ${rel}, outside data/`);
      listed.add(rel);
      if (!present.has(rel)) add('missing', rel, `listed in ${MANIFEST} but not present`);
      else if (skipPayload || tooLarge.has(rel)) continue;
      else if ((await hash(rel)) !== want) add('altered', rel, `sha256 differs from ${MANIFEST} (changed after sealing)`);
    }
  }
  let bytes = 0;
  let files = 0;
  for (const rel of present) {
    if (rel.startsWith('data/')) {
      files++;
      bytes += sizes.get(rel)!;
      if (manifestText !== undefined && !listed.has(rel)) add('extra', rel, `not listed in ${MANIFEST} (added after sealing)`);
    } else if (tagText !== undefined && rel !== TAG_MANIFEST && !covered.has(rel)) {
      add('extra', rel, `not listed in ${TAG_MANIFEST} (added after sealing)`);
    }
    await hash(rel);
  }

  const infoText = await readTag(BAG_INFO);
  let previous: PreviousLink | null | undefined;
  let asOf: string | undefined;
  if (infoText !== undefined) {
    const info = parseTagFile(infoText);
    const oxum = info.get('Payload-Oxum');
    if (oxum !== `${bytes}.${files}`)
      add(
        'oxum',
        BAG_INFO,
        `Payload-Oxum is ${oxum ?? '(absent)'} but the payload is ${bytes}.${files} (bytes.files)${skipPayload ? '; the payload was not hashed' : ''}`,
      );
    const id = info.get('External-Identifier');
    if (id !== name) add('format', BAG_INFO, `External-Identifier is ${id ?? '(absent)'} but the directory is ${name} (renamed?)`);
    asOf = info.get('Soc2-As-Of');
    const prev = info.get('Soc2-Previous-Bundle');
    const m = prev ? PREVIOUS.exec(prev) : null;
    if (prev === 'none') previous = null;
    else if (m) previous = { name: m[1]!, digest: m[2]! };
    else add('format', BAG_INFO, `Soc2-Previous-Bundle is ${prev ?? '(absent)'}; expected "none" or "<bundle> sha256:<hex>"`);
  }
  return { name, dir, digest, previous, asOf, files, bytes, problems };
}

/** Parses manifest lines, reporting malformed and duplicate ones; returns [path, digest] pairs. */
export function parseManifest(text: string, file: string, add: (kind: 'format', file: string, message: string) => void): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const seen = new Set<string>();
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  else add('format', file, 'does not end with a newline');
  lines.forEach((line, i) => {
    const m = MANIFEST_LINE.exec(line);
    if (!m) return add('format', file, `line ${i + 1} is not "<sha256 hex>  <path>": ${JSON.stringify(line.slice(0, 120))}`);
    const rel = decodePath(m[2]!);
    if (rel.startsWith('/') || rel.split('/').includes('..')) return add('format', file, `line ${i + 1}: path ${rel} escapes the bag`);
    if (seen.has(rel)) return add('format', file, `line ${i + 1}: ${rel} listed twice`);
    seen.add(rel);
    out.push([rel, m[1]!]);
  });
  return out;
}

/** RFC 8493 §2.1.1: exactly `BagIt-Version: M.N` then `Tag-File-Character-Encoding: ENC`; we write 1.0 and UTF-8. */
export function checkBagitTxt(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const errors: string[] = [];
  if (lines.length !== 2) errors.push(`must have exactly 2 lines, has ${lines.length}`);
  if (lines[0] !== 'BagIt-Version: 1.0') errors.push(`line 1 must be "BagIt-Version: 1.0", is ${JSON.stringify(lines[0] ?? '')}`);
  if (lines[1] !== 'Tag-File-Character-Encoding: UTF-8')
    errors.push(`line 2 must be "Tag-File-Character-Encoding: UTF-8", is ${JSON.stringify(lines[1] ?? '')}`);
  return errors;
}

/** sha256 of a bundle's tag manifest, or undefined when it has none. */
export async function tagManifestDigest(dir: string): Promise<string | undefined> {
  const p = join(dir, TAG_MANIFEST);
  // Why through sha256File: a link or FIFO in its place is refused (read as no tag manifest), never followed or waited on.
  return existsSync(p) ? sha256File(p).catch(() => undefined) : undefined;
}
