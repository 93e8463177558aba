import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { parsePublicKey, fingerprint } from '../../pack/sign.js';
import { formatProblem } from '../../util/problems.js';
import { verifyPath, VerifyInputError, type VerifyReport } from '../../pack/verify.js';
import { EXIT, InputError } from '../../util/exit.js';
import { action } from '../action.js';
import type { GlobalOptions, Output } from '../output.js';

export interface VerifyFlags {
  key?: string;
  requireSignature?: boolean;
}

export function register(program: Command): void {
  program
    .command('verify')
    .description('re-hash a pack, a bundle or an evidence directory, walk the chain between bundles, check the signature; names every file that fails (exit 4)')
    .argument('<path>', 'a pack (.zip), an unpacked pack, one bundle directory or an evidence directory')
    .option('--key <pubfile>', 'require the pack to be signed by this Ed25519 public key (PEM)')
    .option('--require-signature', 'fail (exit 4) when the pack is not signed')
    .action(action(runVerify));
}

/** `soc2 verify PATH`: 0 when everything is sound, 4 on any failure, 2 when PATH is not something to verify. */
export async function runVerify(out: Output, opts: GlobalOptions, path: string, flags: VerifyFlags = {}): Promise<number> {
  if (flags.key) {
    try {
      parsePublicKey(await readFile(flags.key), flags.key);
    } catch (err) {
      throw new InputError(`--key ${flags.key}: ${(err as Error).message}`, ['  expected the .pub file written by `soc2 keygen` (SPKI PEM)']);
    }
  }
  let report: VerifyReport;
  try {
    report = await verifyPath(path, { key: flags.key, requireSignature: flags.requireSignature });
  } catch (err) {
    if (err instanceof VerifyInputError) throw new InputError(err.message);
    throw err;
  }
  if (opts.json) out.json(report);
  render(out, report, flags.key ? fingerprint(parsePublicKey(await readFile(flags.key), flags.key)) : undefined);
  return report.ok ? EXIT.ok : EXIT.verify;
}

function render(out: Output, r: VerifyReport, expected: string | undefined): void {
  const c = out.c;
  out.info(`${c.bold('verify')} ${r.path} (${r.target.replace('-', ' ')})`);
  for (const b of r.bundles)
    out.info(
      `  ${b.ok ? c.green('ok  ') : c.red.bold('FAIL')} ${b.name}  ${b.files} files, ${b.bytes} bytes${b.digest ? c.dim(`  sha256:${b.digest.slice(0, 16)}…`) : ''}`,
    );
  if (r.chain.start) out.info(`  chain: ${r.chain.start.bundle}: ${r.chain.start.note}; ${r.chain.links} link(s) checked`);
  if (r.pack) {
    out.info(`  SHA256SUMS: ${r.pack.sumsFiles} files listed`);
    const s = r.pack.signature;
    if (s.signed)
      out.info(
        `  signature: ${s.valid ? c.green('valid') : c.red.bold('INVALID')}, key ${s.fingerprint ?? '?'}${expected ? (s.fingerprint === expected ? ' (the expected key)' : ` (expected ${expected})`) : c.dim(' (pass --key to require a known key)')}`,
      );
    else if (s.stripped) out.info(`  signature: ${c.red.bold('REMOVED')} (the pack carries its signer's public key but no signature)`);
    else out.info(`  signature: ${expected ? c.red.bold('missing') : c.yellow.bold('NOT SIGNED')}`);
  }
  for (const p of r.problems) out.info(`  ${c.red(formatProblem(p))}`);
  out.info(r.ok ? c.green(`sound: ${r.bundles.length} bundle(s), every digest matches`) : c.red.bold(`FAILED: ${r.problems.length} problem(s)`));
  // Why prominent (a warning, shown even with --quiet): digests prove integrity, not origin; whoever rebuilt an unsigned pack
  // could have written matching SHA256SUMS.
  if (r.ok && r.pack && !r.pack.signature.signed) {
    out.warn('this pack is NOT SIGNED: nothing proves who made it');
    process.stderr.write('  (its digests match; ask for a signed pack and verify it with --key,\n  or pass --require-signature to fail on an unsigned pack)\n');
  }
}
