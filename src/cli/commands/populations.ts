import type { Command } from 'commander';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Option } from 'commander';
import { bundleDay, compareBundleNames, listBundles } from '../../bundle/layout.js';
import { formatInterval, policyOf } from '../../populations/policy.js';
import { exportWindow, hasHoles, headerLines, stitchPopulation, summarizeBundles } from '../../populations/stitch.js';
import { EXIT, InputError } from '../../util/exit.js';
import { action } from '../action.js';
import { offlineContext } from '../setup.js';
import { openBundle, resolveBundle } from './check.js';

interface Flags {
  type: string;
  from?: string;
  to?: string;
  format: 'csv' | 'jsonl';
  output?: string;
  evidenceDir?: string;
  demo?: boolean;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function register(program: Command): void {
  program
    .command('populations [bundle]')
    .description('export one event or change population (CloudTrail events, merged PRs, Okta lifecycle events) over a window, one row per event, for sampling')
    .requiredOption('--type <type>', 'evidence type of the population, e.g. aws.cloudtrail.event, github.pr.merged')
    .option('--from <day>', 'first day of the window (default: the period start)')
    .option('--to <day>', 'last day of the window (default: as far as the bundles reach)')
    .addOption(
      new Option('--format <format>', 'csv (with # lines recording how the population was produced) or jsonl').choices(['csv', 'jsonl']).default('csv'),
    )
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--evidence-dir <dir>', "evidence directory (default: the config's evidenceDir)")
    .option('--demo', 'use the demo configuration')
    .action(
      action(async (out, opts, bundleArg: string | undefined, flags: Flags) => {
        const { evidenceDir, registry } = await offlineContext(opts, flags);
        const known = [...new Set(registry.collectors.flatMap((c) => c.meta.populations ?? []))].sort();
        if (!known.includes(flags.type)) throw new InputError(`--type: ${flags.type} is not a population`, [`  expected one of: ${known.join(', ')}`]);
        for (const [flag, v] of [
          ['--from', flags.from],
          ['--to', flags.to],
        ] as const) {
          if (v !== undefined && (!DAY.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))))
            throw new InputError(`${flag} ${v}: expected a date like 2026-01-31`);
        }
        if (flags.from && flags.to && flags.from > flags.to) throw new InputError(`--from ${flags.from} is after --to ${flags.to}`);
        // A bundle names the end of the chain (its own window); otherwise every bundle of the evidence directory.
        let from = flags.from;
        let bundles;
        if (bundleArg) {
          const dir = await resolveBundle(bundleArg, evidenceDir);
          const run = (await openBundle(dir)).run;
          from ??= run.period.start;
          bundles = (await listBundles(dirname(dir))).filter((b) => compareBundleNames(b.name, basename(dir)) <= 0);
          if (!bundles.some((b) => b.name === basename(dir))) bundles.push({ name: basename(dir), dir });
        } else bundles = await listBundles(evidenceDir);
        bundles = bundles.filter((b) => !flags.to || bundleDay(b.name) <= flags.to);
        if (bundles.length === 0)
          throw new InputError(`no sealed bundle in ${evidenceDir}${flags.to ? ` up to ${flags.to}` : ''}`, ['  run `soc2 collect` first, or name a bundle']);
        const summaries = summarizeBundles(bundles, (t) => t === flags.type);
        const window = exportWindow(summaries, flags.type, from, flags.to);
        const tmp = await mkdtemp(join(tmpdir(), 'soc2-population-'));
        try {
          const sink = flags.output ? createWriteStream(flags.output) : process.stdout;
          const root = bundleArg ? dirname(bundles[bundles.length - 1]!.dir) : evidenceDir;
          const p = await stitchPopulation(
            summaries,
            flags.type,
            { window, prefix: (b) => (dirname(b.dir) === root ? `${b.name}/` : `${b.dir}/`), verify: true, format: flags.format },
            sink,
            join(tmp, 'rows'),
          );
          if (flags.output) {
            (sink as ReturnType<typeof createWriteStream>).end();
            await once(sink, 'close');
          }
          if (flags.format === 'jsonl') for (const line of headerLines(p, policyOf(flags.type).keyName)) out.info(line);
          if (hasHoles(p)) {
            out.warn(`the ${flags.type} population has holes:`);
            for (const h of p.holes) out.warn(`  ${h.scope} ${formatInterval(h.interval)}: ${h.why}`);
            if (p.holes.length === 0) out.warn('  nothing was collected in the window');
            return EXIT.incomplete;
          }
          out.info(`${p.rows} distinct ${flags.type} events from ${p.bundles.length} bundle(s)`);
          out.info(`  window ${formatInterval(window)}, no holes`);
          return EXIT.ok;
        } finally {
          await rm(tmp, { recursive: true, force: true });
        }
      }),
    );
}
