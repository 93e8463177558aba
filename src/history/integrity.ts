import { verifyBundle } from '../bundle/verify.js';

export interface ManifestCheck {
  ok: boolean;
  /** One line per problem: `<path>: <what>`. */
  problems: string[];
  /** Verified sha256 of every payload and tag file, by bundle-relative path. */
  digests: Map<string, string>;
}

/**
 * The bundle verification of `soc2 verify` (streaming, one file at a time), in the shape history and diff
 * use: each problem as `<path>: <what>`, and the digests of the files that verified.
 */
export async function checkManifest(dir: string): Promise<ManifestCheck> {
  const digests = new Map<string, string>();
  const report = await verifyBundle(dir, { onHash: (rel, digest) => digests.set(rel, digest) });
  for (const p of report.problems) if (p.file) digests.delete(p.file);
  return { ok: report.problems.length === 0, problems: report.problems.map((p) => `${p.file ?? p.bundle}: ${p.message}`), digests };
}
