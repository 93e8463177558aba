import type { Command } from 'commander';
import { pack, PackVerifyError, type PackProgress, type PackResult } from '../../pack/pack.js';
import { PackInputError } from '../../pack/select.js';
import { EXIT, ExitError, InputError } from '../../util/exit.js';
import { action, toolVersion } from '../action.js';
import type { GlobalOptions, Output } from '../output.js';
import { offlineContext } from '../setup.js';

export interface PackFlags {
  from?: string;
  to?: string;
  output?: string;
  sign?: string;
  evidenceDir?: string;
  population?: string[];
}

export function register(program: Command): void {
  program
    .command('pack')
    .description('zip the sealed bundles of an audit window into the auditor pack: bundles, index.html, criteria matrix, exceptions, populations, SHA256SUMS')
    .argument('[bundles...]', 'bundle names (or paths) to pack instead of a window')
    .option('--from <day>', 'first UTC day (YYYY-MM-DD) of the window')
    .option('--to <day>', 'last UTC day (YYYY-MM-DD) of the window')
    .option('-o, --output <file>', 'the zip to write (default: soc2-pack-<from>_<to>.zip)')
    .option('--sign <keyfile>', 'sign SHA256SUMS with this Ed25519 private key (from `soc2 keygen`)')
    .option('--population <types...>', 'also export these record types as population CSVs')
    .option('--evidence-dir <dir>', "evidence directory (default: the config's evidenceDir, else ./evidence)")
    .action(action(runPack));
}

/** `soc2 pack`: 0 on success, 2 on bad input or an empty window, 4 when a bundle fails verification. */
export async function runPack(out: Output, opts: GlobalOptions, names: string[] = [], flags: PackFlags = {}): Promise<number> {
  const { evidenceDir, registry } = await offlineContext(opts, flags);
  let result: PackResult;
  try {
    result = await pack({
      evidenceDir,
      from: flags.from,
      to: flags.to,
      names,
      output: flags.output,
      signKey: flags.sign,
      // Populations are what the collectors declare (meta.populations), plus any named with --population.
      populations: [...new Set([...registry.collectors.flatMap((c) => c.meta.populations ?? []), ...(flags.population ?? [])])],
      toolVersion: toolVersion(),
      progress: progress(out),
    });
  } catch (err) {
    if (err instanceof PackInputError)
      throw new InputError(
        err.message,
        err.details.map((d) => `  ${d}`),
      );
    if (err instanceof PackVerifyError)
      throw new ExitError(
        EXIT.verify,
        err.message,
        err.details.map((d) => `  ${d}`),
      );
    throw err;
  } finally {
    if (out.tty && !opts.quiet) process.stderr.write('\r\x1b[K');
  }
  if (opts.json) out.json(result);
  out.info(
    `wrote ${result.output}: ${result.bundles.length} bundle(s) ${result.window.from} to ${result.window.to}, ${result.entries} entries, ${result.bytes} bytes`,
  );
  out.info(`sha256 ${result.sha256}`);
  if (result.fingerprint) out.info(`signed; public key fingerprint ${result.fingerprint}`);
  return EXIT.ok;
}

/** On a TTY one line rewritten in place; otherwise a plain line per bundle verified and one when zipping starts. */
function progress(out: Output): (p: PackProgress) => void {
  let zipping = false;
  return (p) => {
    if (out.opts.quiet) return;
    if (out.tty) {
      process.stderr.write(`\r\x1b[K${p.phase === 'verify' ? `verifying ${p.label} (${p.done + 1}/${p.total})` : `zipping ${p.done}/${p.total} entries`}`);
    } else if (p.phase === 'verify') {
      out.info(`verifying ${p.label} (${p.done + 1}/${p.total})`);
    } else if (!zipping) {
      zipping = true;
      out.info(`zipping ${p.total} entries`);
    }
  };
}
