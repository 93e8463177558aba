import type { Command } from 'commander';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { quarterRange } from '../../../controls/checks/access/lib/quarters.js';
import { populationOf, reviewBundleFor, SYSTEMS } from '../../access/population.js';
import { requireVerified } from '../../bundle/open-verified.js';
import { reviewWorksheet } from '../../access/review-export.js';
import { importReview, summarizeProblems } from '../../access/review-import.js';
import { InputError } from '../../util/exit.js';
import { action } from '../action.js';
import { setup } from '../setup.js';

export function register(program: Command): void {
  const cmd = program.command('access-review').description('the quarterly access-review worksheet out, the signed decisions back in as evidence');
  cmd
    .command('export')
    .description('write one reviewer worksheet (CSV) per system from the latest bundle collected in the quarter')
    .requiredOption('--quarter <q>', 'quarter to review, e.g. 2026Q3')
    .option('--out <dir>', 'where to write the worksheets', '.')
    .option('--evidence-dir <dir>', "evidence directory (default: the config's evidenceDir)")
    .option('--demo', 'use the demo configuration')
    .action(
      action(async (out, opts, flags: { quarter: string; out: string; evidenceDir?: string; demo?: boolean }) => {
        if (!quarterRange(flags.quarter)) throw new InputError(`--quarter: expected a quarter like 2026Q3, got '${flags.quarter}'`);
        const s = await setup(opts, { demo: flags.demo, evidenceDir: flags.evidenceDir, offline: true });
        const bundle = await reviewBundleFor(s.evidenceDir, flags.quarter);
        if (!bundle)
          throw new InputError(`no sealed bundle collected in or after ${flags.quarter} in ${s.evidenceDir}`, [
            "  collect first: the review covers the quarter's last bundle (or, if none, the first one after it)",
          ]);
        const source = bundle.inside
          ? `population from bundle ${bundle.name}, the last one collected in ${flags.quarter}`
          : `no bundle was collected in ${flags.quarter}: population from bundle ${bundle.name} (${bundle.asOf.slice(0, 10)}), the first one after it`;
        if (!bundle.inside) out.warn(source);
        // The worksheet hands the bundle's people to reviewers as fact: only a bundle that verifies is used.
        await requireVerified(bundle.dir);
        const pop = populationOf(bundle.dir, bundle.name);
        mkdirSync(resolve(flags.out), { recursive: true });
        const written = SYSTEMS.map((system) => {
          const { csv, rows } = reviewWorksheet(pop, flags.quarter, system);
          const file = join(resolve(flags.out), `access-review-${flags.quarter}-${system}.csv`);
          writeFileSync(file, csv);
          return { system, file, rows };
        });
        if (opts.json)
          return void out.json({ quarter: flags.quarter, bundle: bundle.name, bundleAsOf: bundle.asOf, insideQuarter: bundle.inside, files: written });
        if (bundle.inside) out.info(source);
        for (const w of written) out.stdout(`${w.file}  ${w.rows} accounts`);
        out.info(`fill in decision (keep|revoke), reviewer and reviewedOn, then: soc2 access-review import ${written.map((w) => w.file).join(' ')}`);
      }),
    );
  cmd
    .command('import <files...>')
    .description('validate signed worksheets and store them as evidence for the next collect (access.review)')
    .option('--evidence-dir <dir>', "evidence directory (default: the config's evidenceDir)")
    .option('--demo', 'use the demo configuration')
    .action(
      action(async (out, opts, files: string[], flags: { evidenceDir?: string; demo?: boolean }) => {
        const s = await setup(opts, { demo: flags.demo, evidenceDir: flags.evidenceDir, offline: true });
        const roster = s.loaded.config.sources.roster as { reviewsDir?: string } | undefined;
        const reviewsDir = roster?.reviewsDir ?? join(s.evidenceDir, 'access-reviews');
        // All files are validated before any is stored: a batch goes in whole or not at all.
        const quarters = new Map<string, string | undefined>();
        const reviewBundle = async (f: string) => {
          const q = /^\d{4}Q[1-4]$/.test(quarterCell(f)) ? quarterCell(f) : '';
          if (q && !quarters.has(q)) quarters.set(q, (await reviewBundleFor(s.evidenceDir, q))?.name);
          return q ? quarters.get(q) : undefined;
        };
        const bundles = await Promise.all(files.map((f) => reviewBundle(resolve(f))));
        const checked = files.map((f, i) => importReview(resolve(f), f, s.evidenceDir, reviewsDir, false, bundles[i]));
        const problems = checked.flatMap((r) => r.problems);
        if (problems.length)
          throw new InputError(
            `${problems.length} problem${problems.length === 1 ? '' : 's'} in the signed worksheets; nothing was stored`,
            summarizeProblems(problems),
          );
        const results = files.map((f, i) => importReview(resolve(f), f, s.evidenceDir, reviewsDir, true, bundles[i]));
        for (const w of results.flatMap((r) => r.warnings)) out.warn(w);
        if (opts.json) return void out.json({ stored: results.map((r) => r.stored) });
        for (const r of results) out.stdout(`stored ${r.stored}`);
        out.info('the next `soc2 collect` records them as access.review evidence');
      }),
    );
}

/** The quarter a worksheet names (its first data row's first cell), before it is validated. */
function quarterCell(file: string): string {
  try {
    return (readFileSync(file, 'utf8').split(/\r?\n/)[1] ?? '').split(',')[0]!.replace(/^"|"$/g, '').trim();
  } catch {
    return '';
  }
}
