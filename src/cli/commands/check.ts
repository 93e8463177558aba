import type { Command } from 'commander';
import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { latestBundle } from '../../bundle/layout.js';
import type { BundleContents } from '../../bundle/reader.js';
import { openVerifiedBundle } from '../../bundle/open-verified.js';
import { scoreBundle } from '../../engine/run.js';
import { scoreToFile } from '../../engine/results-file.js';
import { InputError } from '../../util/exit.js';
import { action, toolVersion } from '../action.js';
import { outcomeOptions, reportOutcome, resolveBaseline, type OutcomeFlags } from '../outcome.js';
import { setup } from '../setup.js';

export function register(program: Command): void {
  const cmd = program
    .command('check [bundle]')
    .description('re-score a sealed bundle offline with the current control map (latest bundle by default); no credentials, no API calls')
    .option('--evidence-dir <dir>', "evidence directory (default: the config's evidenceDir)")
    .option('--demo', 'use the demo configuration');
  outcomeOptions(cmd).action(
    action(async (out, opts, bundleArg: string | undefined, flags: { evidenceDir?: string; demo?: boolean } & OutcomeFlags) => {
      const s = await setup(opts, { demo: flags.demo, evidenceDir: flags.evidenceDir, offline: true });
      const dir = await resolveBundle(bundleArg, s.evidenceDir);
      const baseline = await resolveBaseline(flags, s, dir);
      const bundle = await openBundle(dir);
      const resultsFile = join(tmpdir(), `soc2-check-${process.pid}-${randomUUID().slice(0, 8)}.json`);
      const results = await scoreToFile(resultsFile, (sink) => scoreBundle(bundle.run, dir, s.loaded, s.controlMap, sink));
      out.info(out.c.dim(`re-scored ${dir} (collected ${bundle.run.asOf}) with the current control map`));
      try {
        return await reportOutcome(out, opts, flags, s, results, { toolVersion: toolVersion(), bundleDir: dir, baseline, resultsFile });
      } finally {
        rmSync(resultsFile, { force: true });
      }
    }),
  );
}

/** A bundle argument: a path, a bundle name in the evidence directory, or (none) the latest bundle. */
export async function resolveBundle(arg: string | undefined, evidenceDir: string): Promise<string> {
  if (!arg || arg === 'latest') {
    const latest = await latestBundle(evidenceDir);
    if (!latest) throw new InputError(`no sealed bundle in ${evidenceDir}`, ['  run `soc2 collect` first, or name a bundle']);
    return latest.dir;
  }
  for (const candidate of [isAbsolute(arg) ? arg : resolve(arg), join(evidenceDir, arg)]) if (existsSync(candidate)) return candidate;
  throw new InputError(`${arg}: no such bundle (looked in . and ${evidenceDir})`);
}

/** Opens a sealed bundle after verifying it (exit 4 when it fails; exit 2 when it is not a soc2 bundle). */
export function openBundle(dir: string): Promise<BundleContents> {
  return openVerifiedBundle(dir);
}
