import { existsSync } from 'node:fs';
import { mkdtemp, open, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { TAG_MANIFEST } from '../bundle/bagit.js';
import { BUNDLE_NAME, compareBundleNames } from '../bundle/layout.js';
import type { BundleReport } from '../bundle/verify.js';
import type { Problem } from '../util/problems.js';
import { extractZip } from './unzip.js';
import { verifyBundle } from '../bundle/verify.js';
import { verifyChain, type ChainReport } from './verify-chain.js';
import { SUMS_FILE, verifyPackDir, type SignatureReport } from './verify-pack.js';

export { verifyBundle } from '../bundle/verify.js';
export { verifyChain } from './verify-chain.js';
export { verifyPackDir } from './verify-pack.js';

export type VerifyTarget = 'pack' | 'unpacked-pack' | 'bundle' | 'evidence-dir';

/** The machine-readable result of `soc2 verify` (`--json`). */
export interface VerifyReport {
  path: string;
  target: VerifyTarget;
  ok: boolean;
  bundles: Array<{ name: string; digest?: string; asOf?: string; files: number; bytes: number; ok: boolean }>;
  chain: ChainReport;
  /** Pack checks (SHA256SUMS, signature); absent for bundles and evidence directories. */
  pack?: { sumsFiles: number; signature: SignatureReport };
  problems: Problem[];
}

/** The path is neither a pack, a bundle nor an evidence directory. */
export class VerifyInputError extends Error {}

/**
 * Verifies a pack zip, an unpacked pack, one bundle directory or an evidence directory: every
 * digest, Payload-Oxum, the chain between bundles, and (for packs) SHA256SUMS and the signature.
 */
export async function verifyPath(path: string, opts: { key?: string; requireSignature?: boolean } = {}): Promise<VerifyReport> {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new VerifyInputError(`${path}: no such file or directory`);
  const st = await stat(abs);
  if (!st.isFile() && !st.isDirectory()) throw new VerifyInputError(`${path}: neither a file nor a directory (a FIFO, socket or device is not read)`);
  if (st.isFile()) {
    if (!(await isZip(abs))) throw new VerifyInputError(`${path}: not a zip file (expected a pack, a bundle or an evidence directory)`);
    const tmp = await mkdtemp(join(tmpdir(), 'soc2-verify-'));
    try {
      let problems: Problem[];
      try {
        problems = await extractZip(abs, tmp);
      } catch (err) {
        return finish(path, 'pack', [], { links: 0, problems: [] }, [{ kind: 'format', message: `unreadable zip: ${(err as Error).message}` }]);
      }
      // A zip that would unpack past its limits is judged on that alone: what was unpacked before it stopped proves nothing.
      if (problems.some((p) => p.kind === 'unsafe' && !p.file)) return finish(path, 'pack', [], { links: 0, problems: [] }, problems);
      const report = await fromPackDir(path, tmp, opts, 'pack');
      return { ...report, ok: report.ok && problems.length === 0, problems: [...problems, ...report.problems] };
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }
  if (existsSync(join(abs, TAG_MANIFEST)) || existsSync(join(abs, 'bagit.txt'))) {
    const report = await verifyBundle(abs);
    const chain = await verifyChain([report], dirname(abs));
    return finish(path, 'bundle', [report], chain, unsignable(opts));
  }
  if (existsSync(join(abs, SUMS_FILE)) && existsSync(join(abs, 'bundles'))) return fromPackDir(path, abs, opts, 'unpacked-pack');
  // An evidence directory: every bundle-named directory, including ones whose tag manifest is gone.
  const names = (await readdir(abs, { withFileTypes: true }))
    .filter((e) => e.isDirectory() && BUNDLE_NAME.test(e.name))
    .map((e) => e.name)
    .sort(compareBundleNames);
  if (names.length === 0) throw new VerifyInputError(`${path}: no bundle, pack or evidence directory here (no bagit.txt, SHA256SUMS or bundle directories)`);
  const reports: BundleReport[] = [];
  for (const n of names) reports.push(await verifyBundle(join(abs, n)));
  return finish(path, 'evidence-dir', reports, await verifyChain(reports, abs), unsignable(opts));
}

async function fromPackDir(path: string, root: string, opts: { key?: string; requireSignature?: boolean }, target: VerifyTarget): Promise<VerifyReport> {
  const pack = await verifyPackDir(root, { expectedKey: opts.key, requireSignature: opts.requireSignature });
  const chain = await verifyChain(pack.bundles);
  const report = finish(path, target, pack.bundles, chain, pack.problems);
  return { ...report, pack: { sumsFiles: pack.sums.files, signature: pack.signature } };
}

/** Only packs are signed: asking a bundle or an evidence directory for a signature cannot succeed. */
function unsignable(opts: { key?: string; requireSignature?: boolean }): Problem[] {
  return opts.requireSignature || opts.key
    ? [{ kind: 'signature', message: 'only packs carry a signature; a bundle or an evidence directory has none to check' }]
    : [];
}

function finish(path: string, target: VerifyTarget, bundles: BundleReport[], chain: ChainReport, extra: Problem[]): VerifyReport {
  const problems = [...extra, ...bundles.flatMap((b) => b.problems), ...chain.problems];
  return {
    path,
    target,
    ok: problems.length === 0,
    bundles: bundles.map((b) => ({ name: b.name, digest: b.digest, asOf: b.asOf, files: b.files, bytes: b.bytes, ok: b.problems.length === 0 })),
    chain,
    problems,
  };
}

async function isZip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(4);
    await fh.read(buf, 0, 4, 0);
    // Local file header, or the end-of-central-directory record of an empty zip.
    return buf.equals(Buffer.from('PK\x03\x04', 'latin1')) || buf.equals(Buffer.from('PK\x05\x06', 'latin1'));
  } finally {
    await fh.close();
  }
}
