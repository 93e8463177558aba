import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { readBundle } from '../../bundle/reader.js';
import { scoreBundle } from '../../engine/run.js';
import { isDay } from '../../history/days.js';
import { readHistory, type Rescorer } from '../../history/history.js';
import { renderHistoryHtml } from '../../history/render-html.js';
import { renderHistoryText } from '../../history/render-text.js';
import { EXIT, InputError } from '../../util/exit.js';
import { action } from '../action.js';
import type { GlobalOptions } from '../output.js';
import { setup } from '../setup.js';

interface HistoryFlags {
  from?: string;
  to?: string;
  control?: string[];
  html?: string;
  rescore?: boolean;
  evidenceDir?: string;
  demo?: boolean;
}

export function register(program: Command): void {
  program
    .command('history')
    .description(
      'per-control, per-day status over the observation window from the sealed bundles: operating rates, failure episodes, exceptions, collection gaps',
    )
    .option('--from <day>', 'first UTC day (YYYY-MM-DD); default: the day of the first bundle')
    .option('--to <day>', 'last UTC day (YYYY-MM-DD); default: the day of the last bundle')
    .option('--control <ids...>', 'only these controls')
    .option('--html <file>', 'also write a self-contained HTML page with the grid')
    .option('--rescore', 're-evaluate every bundle with the current control map and show where verdicts change (stored results are not touched)')
    .option('--evidence-dir <dir>', "evidence directory (default: the config's evidenceDir, else ./evidence)")
    .option('--demo', 'use the demo configuration (with --rescore)')
    .action(
      action(async (out, opts, flags: HistoryFlags) => {
        for (const [name, v] of [
          ['--from', flags.from],
          ['--to', flags.to],
        ] as const) {
          if (v !== undefined && !isDay(v)) throw new InputError(`${name} ${v}: expected a date as YYYY-MM-DD`);
        }
        if (flags.from && flags.to && flags.from > flags.to) throw new InputError(`--from ${flags.from} is after --to ${flags.to}`);
        const { evidenceDir, rescore } = await resolveInputs(opts, flags);
        if (!existsSync(evidenceDir))
          throw new InputError(`${evidenceDir}: no such evidence directory`, ['  run `soc2 collect` first, or pass --evidence-dir DIR']);
        const h = await readHistory({ evidenceDir, from: flags.from, to: flags.to, controls: flags.control, rescore, remediation: true });
        if (!h.window.days.length) throw new InputError(`no sealed bundle in ${evidenceDir}`, ['  run `soc2 collect` first, or pass --from and --to']);
        if (flags.control?.length) {
          const unknown = flags.control.filter((id) => !h.controls.some((c) => c.id === id));
          if (unknown.length) out.warn(`no bundle in the window scored ${unknown.join(', ')}`);
        }
        // A report meant to be read goes to stdout (`soc2 history > history.txt`); with --json, stdout is the JSON.
        if (opts.json) {
          out.json(h);
          out.info(renderHistoryText(h, out.c));
        } else out.stdout(renderHistoryText(h, out.c));
        if (flags.html) {
          await writeFile(resolve(flags.html), renderHistoryHtml(h));
          out.info(out.c.dim(`wrote ${flags.html}`));
        }
        // A bundle that fails verification is evidence tampering or corruption: scripts must notice.
        return h.bundles.excluded.length ? EXIT.verify : EXIT.ok;
      }),
    );
}

/** The evidence directory and, with --rescore, the re-evaluation with the current control map. */
async function resolveInputs(opts: GlobalOptions, flags: HistoryFlags): Promise<{ evidenceDir: string; rescore?: Rescorer }> {
  const configured = flags.demo || flags.rescore || existsSync(opts.config ?? 'soc2.config.yaml');
  if (!configured) return { evidenceDir: resolve(flags.evidenceDir ?? 'evidence') };
  if (!flags.rescore && flags.evidenceDir) return { evidenceDir: resolve(flags.evidenceDir) };
  if (flags.rescore && !flags.demo && !existsSync(opts.config ?? 'soc2.config.yaml')) {
    throw new InputError('--rescore: rescoring needs the control map', ['  pass --config FILE (the control map it names is used), or --demo']);
  }
  const s = await setup(opts, { demo: flags.demo, evidenceDir: flags.evidenceDir });
  if (!flags.rescore) return { evidenceDir: s.evidenceDir };
  return {
    evidenceDir: s.evidenceDir,
    rescore: async (dir) => scoreBundle(readBundle(dir).run, dir, s.loaded, s.controlMap),
  };
}
