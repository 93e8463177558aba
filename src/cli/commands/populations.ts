import type { Command } from 'commander';
import { createWriteStream, existsSync } from 'node:fs';
import { Option } from 'commander';
import { bundleDigest } from '../../bundle/bagit.js';
import { loadRecords } from '../../bundle/reader.js';
import { csvLine } from '../../pack/csv.js';
import { EXIT, InputError } from '../exit.js';
import { action } from '../main.js';
import { registryFor, setup } from '../setup.js';
import { openBundle, resolveBundle } from './check.js';

interface Flags {
  type: string;
  format: 'csv' | 'jsonl';
  output?: string;
  evidenceDir?: string;
  demo?: boolean;
}

export function register(program: Command): void {
  program
    .command('populations [bundle]')
    .description('export an event or change population (CloudTrail events, merged PRs, Okta lifecycle events) from a bundle for sampling')
    .requiredOption('--type <type>', 'evidence type of the population, e.g. aws.cloudtrail.event, github.pr.merged')
    .addOption(new Option('--format <format>', 'csv (with # lines recording how the population was produced) or jsonl').choices(['csv', 'jsonl']).default('csv'))
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--evidence-dir <dir>', 'evidence directory (default: the config\'s evidenceDir)')
    .option('--demo', 'use the demo configuration')
    .action(
      action(async (out, opts, bundleArg: string | undefined, flags: Flags) => {
        const registry = await registryFor(opts);
        const known = [...new Set(registry.collectors.flatMap((c) => c.meta.populations ?? []))].sort();
        if (!known.includes(flags.type)) throw new InputError(`--type: ${flags.type} is not a population`, [`  expected one of: ${known.join(', ')}`]);
        const configured = flags.demo || existsSync(opts.config ?? 'soc2.config.yaml');
        const evidenceDir = flags.evidenceDir ?? (configured ? (await setup(opts, { demo: flags.demo })).evidenceDir : 'evidence');
        const dir = await resolveBundle(bundleArg, evidenceDir);
        const bundle = openBundle(dir);
        const states = bundle.run.coverage.scopes.filter((s) => s.type === flags.type);
        const records = loadRecords(dir, flags.type);
        const sink = flags.output ? createWriteStream(flags.output) : process.stdout;
        const write = (s: string) => sink.write(s);
        if (flags.format === 'jsonl') {
          for (const r of records) write(`${JSON.stringify({ scope: r.scope, evidence: r.ref, source: r.source, ...r.data })}\n`);
        } else {
          // Why: an auditor samples from a complete population and asks how it was produced; the header says.
          const operations = [...new Set(records.map((r) => r.source.operation))].sort();
          write(`# population: ${flags.type}\n`);
          write(`# organization: ${bundle.run.organization}\n`);
          write(`# bundle: ${bundle.bagInfo.get('External-Identifier') ?? dir} sha256:${await bundleDigest(dir)}\n`);
          write(`# window: ${bundle.run.period.start} to ${bundle.run.period.end} (collected ${bundle.run.asOf}, source ${bundle.run.source})\n`);
          write(`# query: ${operations.join('; ') || 'none'}\n`);
          write(`# scopes: ${states.map((s) => `${s.scope}=${s.state}${s.error ? ` (${s.error.cause} at ${s.error.operation})` : ''}`).join(', ') || 'none'}\n`);
          write(`# rows: ${records.length}\n`);
          const cols = [...new Set(records.flatMap((r) => (r.data && typeof r.data === 'object' ? Object.keys(r.data as object) : [])))].sort();
          write(csvLine(['scope', 'evidence', ...cols]));
          for (const r of records) write(csvLine([r.scope, r.ref, ...cols.map((c) => (r.data as Record<string, unknown>)[c])]));
        }
        if (flags.output) await new Promise<void>((resolve) => (sink as NodeJS.WritableStream).end(resolve));
        const incomplete = states.filter((s) => s.state !== 'complete');
        if (states.length === 0 || incomplete.length) {
          out.warn(`the ${flags.type} population is incomplete: ${incomplete.map((s) => `${s.scope} (${s.error?.cause ?? s.state})`).join(', ') || 'it was not collected'}`);
          return EXIT.incomplete;
        }
        out.info(`${records.length} ${flags.type} records from ${states.length} scope(s)`);
        return EXIT.ok;
      }),
    );
}
