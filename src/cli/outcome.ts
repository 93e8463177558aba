import { relative } from 'node:path';
import { Option, type Command } from 'commander';
import { baselineResults, gateExit, newFailures } from '../ci/baseline.js';
import { toJUnit } from '../ci/junit.js';
import { toSarif } from '../ci/sarif.js';
import type { Results } from '../engine/results.js';
import type { ExitCode } from './exit.js';
import { fileToStdout, type GlobalOptions, type Output } from './output.js';
import { exitFor, renderGaps, renderGapTable } from './render.js';
import type { Setup } from './setup.js';
import { resolveBundle } from './commands/check.js';

export type Format = 'table' | 'json' | 'junit' | 'sarif';

export interface OutcomeFlags {
  format?: Format;
  baseline?: string;
}

/** `--format` and `--baseline`, shared by `collect` and `check`. */
export function outcomeOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--format <format>', 'machine output on stdout: json, junit (JUnit XML) or sarif (SARIF 2.1.0)').choices(['table', 'json', 'junit', 'sarif']))
    .option('--baseline <bundle>', 'exit 1 only for controls that newly fail against this bundle (or "latest")');
}

/** Resolves `--baseline` before a run seals, so "latest" is the previous bundle, not the new one. */
export async function resolveBaseline(flags: OutcomeFlags, s: Setup): Promise<string | undefined> {
  return flags.baseline ? resolveBundle(flags.baseline, s.evidenceDir) : undefined;
}

/**
 * Prints a run's outcome — the gap table and gaps for people (stderr), the chosen machine format on
 * stdout — and returns the exit code (gated by the baseline when there is one).
 */
export async function reportOutcome(out: Output, opts: GlobalOptions, flags: OutcomeFlags, s: Setup, results: Results, meta: { toolVersion: string; bundleDir: string; baselineDir?: string; resultsFile: string }): Promise<ExitCode> {
  const format: Format = flags.format ?? (opts.json ? 'json' : 'table');
  // The full results (every finding) are on disk; the in-memory results keep only what fails.
  if (format === 'json') await fileToStdout(meta.resultsFile);
  if (format === 'junit') out.stdout(toJUnit(results));
  if (format === 'sarif') out.json(toSarif(results, meta.toolVersion, { bundlePath: relative(process.cwd(), meta.bundleDir) || '.' }));
  out.info(renderGapTable(out, results));
  const gaps = renderGaps(out, results);
  if (gaps) out.info(`\n${gaps}`);
  if (!meta.baselineDir) return exitFor(results, opts.failOn);
  const baseline = baselineResults(meta.baselineDir, s.loaded, s.controlMap);
  const fresh = newFailures(results, baseline);
  out.info(`\nagainst baseline ${meta.baselineDir}: ${fresh.length ? `${fresh.length} control(s) newly failing` : 'no new failures'}`);
  for (const f of fresh) out.info(`  ${out.status(f.status)} ${f.control} ${f.title}${f.was ? ` (was ${f.was})` : ' (new control)'}${f.newResources.length ? `: ${f.newResources.slice(0, 5).join(', ')}` : ''}`);
  return gateExit(results, baseline, opts.failOn);
}
