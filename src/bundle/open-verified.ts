import { stat } from 'node:fs/promises';
import { BundleReadError, readBundle, type BundleContents } from './reader.js';
import { formatProblem } from '../util/problems.js';
import { verifyBundle } from './verify.js';
import { EXIT, ExitError, InputError } from '../util/exit.js';

/** Problems listed under the refusal; `soc2 verify` gives the rest. */
const SHOWN = 10;

/**
 * Verifies a bundle (every digest, Payload-Oxum, no link or special file inside) before anything in it is
 * trusted, then opens it. A bundle that fails is refused with exit 4, naming the files that fail; one that
 * verifies but is not a soc2 bundle (run.json or results.json unreadable) is bad input (exit 2).
 *
 * Why every command that reads a bundle goes through this: re-scoring, diffing, exporting or merging
 * tampered evidence would present it as sound, and a file replaced after sealing (a link to /dev/zero, a
 * FIFO, a 1 GB line) must end in a refusal, not a hang.
 */
export async function openVerifiedBundle(dir: string): Promise<BundleContents> {
  await requireVerified(dir);
  try {
    return readBundle(dir);
  } catch (err) {
    if (err instanceof BundleReadError) throw new InputError(err.message);
    throw err;
  }
}

/** Verifies a bundle; any problem ends the command with exit 4 naming the files that fail. */
export async function requireVerified(dir: string): Promise<void> {
  if (
    !(await stat(dir).then(
      (st) => st.isDirectory(),
      () => false,
    ))
  )
    throw new InputError(`${dir}: not a bundle (a bundle is a directory)`);
  const report = await verifyBundle(dir);
  const n = report.problems.length;
  if (n === 0) return;
  const shown = report.problems.slice(0, SHOWN).map((p) => `  ${formatProblem({ ...p, bundle: undefined })}`);
  if (n > SHOWN) shown.push(`  … and ${n - SHOWN} more (soc2 verify ${dir} lists them all)`);
  throw new ExitError(EXIT.verify, `${dir}: fails verification (${n} problem${n === 1 ? '' : 's'}); refusing to read it`, shown);
}
