import type { Command } from 'commander';
import { closeSync, openSync, writeSync } from 'node:fs';
import { Option } from 'commander';
import { bundleDigest } from '../../bundle/bagit.js';
import { forEachRecord } from '../../bundle/reader.js';
import { csvLine } from '../../pack/csv.js';
import { EXIT, InputError } from '../exit.js';
import { action } from '../main.js';
import { offlineContext } from '../setup.js';
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
        const { evidenceDir, registry } = await offlineContext(opts, flags);
        const known = [...new Set(registry.collectors.flatMap((c) => c.meta.populations ?? []))].sort();
        if (!known.includes(flags.type)) throw new InputError(`--type: ${flags.type} is not a population`, [`  expected one of: ${known.join(', ')}`]);
        const dir = await resolveBundle(bundleArg, evidenceDir);
        const bundle = await openBundle(dir);
        const states = bundle.run.coverage.scopes.filter((s) => s.type === flags.type);
        // Two streaming passes (columns and query, then rows): a population can be hundreds of thousands of records.
        let rows = 0;
        const keys = new Set<string>();
        const ops = new Set<string>();
        forEachRecord(dir, flags.type, (r) => {
          rows++;
          ops.add(r.source.operation);
          if (r.data && typeof r.data === 'object') for (const k of Object.keys(r.data)) keys.add(k);
        });
        // Why synchronous writes: the records are visited synchronously, so an async stream would buffer them all.
        const fd = flags.output ? openSync(flags.output, 'w') : undefined;
        const write = (s: string) => (fd === undefined ? process.stdout.write(s) : writeSync(fd, s));
        if (flags.format === 'jsonl') {
          forEachRecord(dir, flags.type, (r) => write(`${JSON.stringify({ scope: r.scope, evidence: r.ref, source: r.source, ...(r.data as object) })}\n`));
        } else {
          // Why: an auditor samples from a complete population and asks how it was produced; the header says.
          const operations = [...ops].sort();
          write(`# population: ${flags.type}\n`);
          write(`# organization: ${bundle.run.organization}\n`);
          write(`# bundle: ${bundle.bagInfo.get('External-Identifier') ?? dir} sha256:${await bundleDigest(dir)}\n`);
          write(`# window: ${bundle.run.period.start} to ${bundle.run.period.end} (collected ${bundle.run.asOf}, source ${bundle.run.source})\n`);
          write(`# query: ${operations.join('; ') || 'none'}\n`);
          write(`# scopes: ${states.map((s) => `${s.scope}=${s.state}${s.error ? ` (${s.error.cause} at ${s.error.operation})` : ''}`).join(', ') || 'none'}\n`);
          write(`# rows: ${rows}\n`);
          const cols = [...keys].sort();
          write(csvLine(['scope', 'evidence', ...cols]));
          forEachRecord(dir, flags.type, (r) => write(csvLine([r.scope, r.ref, ...cols.map((c) => (r.data as Record<string, unknown>)[c])])));
        }
        if (fd !== undefined) closeSync(fd);
        const incomplete = states.filter((s) => s.state !== 'complete');
        if (states.length === 0 || incomplete.length) {
          out.warn(`the ${flags.type} population is incomplete: ${incomplete.map((s) => `${s.scope} (${s.error?.cause ?? s.state})`).join(', ') || 'it was not collected'}`);
          return EXIT.incomplete;
        }
        out.info(`${rows} ${flags.type} records from ${states.length} scope(s)`);
        return EXIT.ok;
      }),
    );
}
