import type { Command } from 'commander';
import { fileToStdout } from '../output.js';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { listBundles } from '../../bundle/layout.js';
import { mergeShards, MergeError } from '../../engine/merge.js';
import { BundleReadError } from '../../bundle/reader.js';
import { EXIT, ExitError, InputError } from '../../util/exit.js';
import { action, toolVersion } from '../action.js';
import { exitFor, renderGaps, renderGapTable, renderNext, renderSummary } from '../render.js';
import { setup } from '../setup.js';

export function register(program: Command): void {
  program
    .command('merge <shards...>')
    .description(
      'seal one bundle into the evidence directory from the shard bundles of a sharded run (collect --shard i/n --evidence-dir shards/); ' +
        'each argument is a shard bundle or a directory of them. Shards must live outside the evidence directory so they never join its chain',
    )
    .option('--evidence-dir <dir>', "where to seal the merged bundle (default: the config's evidenceDir)")
    .option('--demo', 'use the demo configuration')
    .action(
      action(async (out, opts, args: string[], flags: { evidenceDir?: string; demo?: boolean }) => {
        const s = await setup(opts, { demo: flags.demo, evidenceDir: flags.evidenceDir });
        const shards = (await Promise.all(args.map(expand))).flat();
        let merged;
        try {
          merged = await mergeShards({ shards, evidenceDir: s.evidenceDir, loaded: s.loaded, controlMap: s.controlMap, toolVersion: toolVersion() });
        } catch (err) {
          if (err instanceof MergeError && err.verification)
            throw new ExitError(
              EXIT.verify,
              err.message,
              err.details.map((d) => `  ${d}`),
            );
          if (err instanceof MergeError)
            throw new InputError(
              err.message,
              err.details.map((d) => `  ${d}`),
            );
          if (err instanceof BundleReadError) throw new InputError(err.message);
          throw err;
        }
        const { bundle, results } = merged;
        if (opts.json) await fileToStdout(join(bundle.dir, 'data', 'results.json'));
        out.info(out.c.dim(`merged ${shards.length} shard bundle${shards.length === 1 ? '' : 's'} (collected ${results.asOf})`));
        out.info(renderGapTable(out, results));
        const gaps = renderGaps(out, results);
        if (gaps) out.info(`\n${gaps}`);
        out.info(`\nsealed ${bundle.dir} (sha256:${bundle.digest.slice(0, 16)}…)`);
        out.info(`\n${renderSummary(out, results)}`);
        out.info(renderNext(out, results));
        return exitFor(results, opts.failOn);
      }),
    );
}

/** A shard argument: a sealed bundle, or a directory holding shard bundles (e.g. one downloaded CI artifact). */
async function expand(arg: string): Promise<string[]> {
  if (!existsSync(arg) || !statSync(arg).isDirectory()) throw new InputError(`${arg}: no such shard bundle or directory`);
  if (existsSync(join(arg, 'tagmanifest-sha256.txt'))) return [arg];
  const inside = await listBundles(arg);
  if (!inside.length) throw new InputError(`${arg}: neither a sealed bundle nor a directory of sealed bundles`);
  return inside.map((b) => b.dir);
}
