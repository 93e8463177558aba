import type { Command } from 'commander';
import { basename } from 'node:path';
import { BundleReadError } from '../../bundle/reader.js';
import { diffBundles } from '../../history/diff.js';
import { renderDiffText } from '../../history/render-diff.js';
import { EXIT, InputError } from '../../util/exit.js';
import { requireVerified } from '../../bundle/open-verified.js';
import { action } from '../action.js';
import { offlineContext } from '../setup.js';
import { resolveBundle } from './check.js';

export function register(program: Command): void {
  program
    .command('diff <old> <new>')
    .description('what changed between two bundles: controls and findings newly failing or resolved, joiners and leavers, exceptions added or expired')
    .option('--evidence-dir <dir>', "where bundle names are looked up (default: the config's evidenceDir, else ./evidence)")
    .action(
      action(async (out, opts, oldArg: string, newArg: string, flags: { evidenceDir?: string }) => {
        const { evidenceDir } = await offlineContext(opts, flags);
        const dirs = [await resolveBundle(oldArg, evidenceDir), await resolveBundle(newArg, evidenceDir)] as const;
        // Diffing a bundle that fails verification would present tampered evidence as a change.
        for (const dir of dirs) await requireVerified(dir);
        let d;
        try {
          d = await diffBundles(dirs[0], dirs[1], { old: basename(dirs[0]), new: basename(dirs[1]) });
        } catch (err) {
          if (err instanceof BundleReadError || err instanceof SyntaxError) throw new InputError(err.message);
          throw err;
        }
        if (opts.json) out.json(d);
        out.info(renderDiffText(d, out.c));
        // Informational: a new failure is reported here, judged by `soc2 check`.
        return EXIT.ok;
      }),
    );
}
