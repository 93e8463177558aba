import { existsSync } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256File, walkFiles } from '../bundle/bagit.js';
import { compareBundleNames } from '../bundle/layout.js';
import type { BundleReport } from '../bundle/verify.js';
import type { Problem } from '../util/problems.js';
import { fingerprint, parsePublicKey, PUB_FILE, SIG_FILE, verifySums } from './sign.js';
import { parseManifest, verifyBundle } from '../bundle/verify.js';

export const SUMS_FILE = 'SHA256SUMS';

export interface SignatureReport {
  signed: boolean;
  /** Fingerprint of the key in SHA256SUMS.pub. */
  fingerprint?: string;
  /** Fingerprint of the key given with --key, when one was. */
  expected?: string;
  valid: boolean;
  /** The pack carries its signer's public key but no signature: it was signed, and the signature was removed. */
  stripped?: boolean;
}

export interface PackVerifyOptions {
  /** The signer's public key (PEM file): the pack must be signed with it. */
  expectedKey?: string;
  /** An unsigned pack is a failure (`--require-signature`). */
  requireSignature?: boolean;
}

export interface PackDirReport {
  bundles: BundleReport[];
  sums: { files: number };
  signature: SignatureReport;
  problems: Problem[];
}

/**
 * Verifies an unpacked pack: every file against SHA256SUMS (nothing missing, nothing unlisted),
 * the signature when present (or required by `expectedKey`), and every bundle under `bundles/`.
 */
export async function verifyPackDir(root: string, opts: PackVerifyOptions | string = {}): Promise<PackDirReport> {
  const { expectedKey, requireSignature } = typeof opts === 'string' ? { expectedKey: opts, requireSignature: false } : opts;
  const problems: Problem[] = [];
  const sums = new Map<string, string>();
  const sumsPath = join(root, SUMS_FILE);
  let sumsBytes: Buffer | undefined;
  if (existsSync(sumsPath) && !(await isRegular(sumsPath))) {
    problems.push({ kind: 'unsafe', file: SUMS_FILE, message: 'not a regular file (not read)' });
  } else if (existsSync(sumsPath)) {
    sumsBytes = await readFile(sumsPath);
    const add = (kind: Problem['kind'], file: string, message: string): void => void problems.push({ kind, file, message });
    for (const [rel, digest] of parseManifest(sumsBytes.toString('utf8'), SUMS_FILE, add)) sums.set(rel, digest);
  } else {
    problems.push({ kind: 'missing', file: SUMS_FILE, message: 'the pack has no SHA256SUMS' });
  }
  const listed = sums.size;
  const check = (rel: string, digest: string): void => {
    if (!sumsBytes || rel === SUMS_FILE || rel === SIG_FILE) return;
    const want = sums.get(rel);
    if (want === undefined) problems.push({ kind: 'extra', file: rel, message: `not listed in ${SUMS_FILE} (added to the pack)` });
    else if (want !== digest) problems.push({ kind: 'altered', file: rel, message: `sha256 differs from ${SUMS_FILE}` });
    sums.delete(rel);
  };

  const bundleNames = existsSync(join(root, 'bundles'))
    ? (await readdir(join(root, 'bundles'), { withFileTypes: true }))
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort(compareBundleNames)
    : [];
  if (bundleNames.length === 0) problems.push({ kind: 'missing', file: 'bundles/', message: 'the pack holds no bundles' });
  const bundles: BundleReport[] = [];
  for (const name of bundleNames) {
    const report = await verifyBundle(join(root, 'bundles', name), { onHash: (rel, d) => check(`bundles/${name}/${rel}`, d) });
    bundles.push(report);
  }
  const inBundle = new Set(bundleNames.map((n) => `bundles/${n}/`));
  const walked = await walkFiles(root, root);
  for (const e of walked.special) {
    if (e.rel === SUMS_FILE || e.rel === SIG_FILE || e.rel === PUB_FILE) continue; // named by their own checks
    if (!/^bundles\/[^/]+\//.test(e.rel) || !inBundle.has(/^bundles\/[^/]+\//.exec(e.rel)![0]))
      problems.push({ kind: 'unsafe', file: e.rel, message: `a ${e.kind} inside the pack (not read)` });
  }
  for (const rel of walked.files) {
    const m = /^bundles\/[^/]+\//.exec(rel);
    if (m && inBundle.has(m[0])) continue;
    check(rel, await sha256File(join(root, rel)));
  }
  for (const rel of sums.keys()) problems.push({ kind: 'missing', file: rel, message: `listed in ${SUMS_FILE} but not in the pack (removed)` });

  const signature = await checkSignature(root, sumsBytes, expectedKey, problems, requireSignature ?? false);
  return { bundles, sums: { files: listed }, signature, problems };
}

async function checkSignature(
  root: string,
  sums: Buffer | undefined,
  expectedKey: string | undefined,
  problems: Problem[],
  required: boolean,
): Promise<SignatureReport> {
  const sigPath = join(root, SIG_FILE);
  const pubPath = join(root, PUB_FILE);
  const fail = (file: string, message: string): void => void problems.push({ kind: 'signature', file, message });
  let expected: ReturnType<typeof parsePublicKey> | undefined;
  if (expectedKey) expected = parsePublicKey(await readFile(expectedKey), expectedKey);
  const expectedFp = expected ? fingerprint(expected) : undefined;
  for (const [p, f] of [
    [sigPath, SIG_FILE],
    [pubPath, PUB_FILE],
  ] as const) {
    if (existsSync(p) && !(await isRegular(p))) {
      fail(f, 'not a regular file (not read)');
      return { signed: true, expected: expectedFp, valid: false };
    }
  }
  if (!existsSync(sigPath)) {
    // Why a failure whatever the flags: `soc2 pack --sign` writes both files; a public key alone means the signature was taken away.
    const stripped = existsSync(pubPath);
    if (stripped) fail(SIG_FILE, `missing, but ${PUB_FILE} is here: the pack was signed and its signature was removed`);
    else if (expected) fail(SIG_FILE, `the pack is not signed, but --key ${expectedKey} requires a signature by ${expectedFp}`);
    else if (required) fail(SIG_FILE, 'the pack is not signed (--require-signature): nothing proves who made it');
    return { signed: false, expected: expectedFp, valid: false, ...(stripped ? { stripped } : {}) };
  }
  if (!existsSync(pubPath)) {
    fail(PUB_FILE, 'the pack is signed but carries no public key');
    return { signed: true, expected: expectedFp, valid: false };
  }
  let packed: ReturnType<typeof parsePublicKey>;
  try {
    packed = parsePublicKey(await readFile(pubPath), PUB_FILE);
  } catch (err) {
    fail(PUB_FILE, `unreadable public key: ${(err as Error).message}`);
    return { signed: true, expected: expectedFp, valid: false };
  }
  const fp = fingerprint(packed);
  // Why the expected key wins: a forger can re-sign with their own key and ship its public key; only a key known out of band proves origin.
  if (expectedFp && fp !== expectedFp) fail(PUB_FILE, `signed with key ${fp}, not the expected key ${expectedFp}`);
  const valid = sums !== undefined && verifySums(sums, await readFile(sigPath, 'utf8'), expected ?? packed);
  if (!valid) fail(SIG_FILE, `signature does not verify over ${SUMS_FILE} with key ${expectedFp ?? fp}`);
  return { signed: true, fingerprint: fp, expected: expectedFp, valid: valid && (!expectedFp || fp === expectedFp) };
}

async function isRegular(p: string): Promise<boolean> {
  return (await lstat(p)).isFile();
}
