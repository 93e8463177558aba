import { relative } from 'node:path';
import { Option, type Command } from 'commander';
import { baselineResults, gateExit, newFailures } from '../ci/baseline.js';
import { toJUnit } from '../ci/junit.js';
import { toSarif } from '../ci/sarif.js';
import type { Results } from '../engine/results.js';
import { unmatchedExceptions } from '../engine/exceptions.js';
import type { ExitCode } from '../util/exit.js';
import { fileToStdout, type GlobalOptions, type Output } from './output.js';
import { exitFor, renderGaps, renderGapTable, renderNext, renderSummary } from './render.js';
import type { Setup } from './setup.js';
import { ownersSection } from './owners.js';
import { resolveBundle } from './commands/check.js';
import { compareBundleNames, listBundles } from '../bundle/layout.js';
import { basename, resolve, sep } from 'node:path';

export type Format = 'table' | 'json' | 'junit' | 'sarif';

export interface OutcomeFlags {
  format?: Format;
  baseline?: string;
}

/** `--format` and `--baseline`, shared by `collect` and `check`. */
export function outcomeOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--format <format>', 'machine output on stdout: json, junit (JUnit XML) or sarif (SARIF 2.1.0)').choices(['table', 'json', 'junit', 'sarif']),
    )
    .option('--baseline <bundle>', 'exit 1 only for controls that newly fail against this bundle (or "latest")');
}

/** `--baseline` resolved: the baseline bundle, or why there is none yet (the gate starts with the next run). */
export interface BaselineChoice {
  dir?: string;
  /** Set when `--baseline latest` found no earlier bundle: this run is the first baseline. */
  none?: string;
}

/**
 * Resolves `--baseline` before a run seals, so "latest" is the previous bundle, not the new one. For
 * `check BUNDLE`, "latest" is the bundle sealed before the one being checked (never itself). With no
 * earlier bundle, "latest" is not an error: the run is judged and sealed, and the gate starts tomorrow.
 * A named baseline that does not exist is still bad input.
 */
export async function resolveBaseline(flags: OutcomeFlags, s: Setup, checking?: string): Promise<BaselineChoice> {
  if (!flags.baseline) return {};
  if (flags.baseline !== 'latest') return { dir: await resolveBundle(flags.baseline, s.evidenceDir) };
  const all = await listBundles(s.evidenceDir);
  const before = checking ? all.filter((b) => compareBundleNames(b.name, basename(checking)) < 0) : all;
  const prev = before[before.length - 1];
  if (prev) return { dir: prev.dir };
  return { none: checking ? `no bundle was sealed before ${basename(checking)}` : `no sealed bundle in ${s.evidenceDir} yet` };
}

/**
 * Prints a run's outcome — the gap table and gaps for people (stderr), the chosen machine format on
 * stdout — and returns the exit code (gated by the baseline when there is one).
 */
export async function reportOutcome(
  out: Output,
  opts: GlobalOptions,
  flags: OutcomeFlags,
  s: Setup,
  results: Results,
  meta: { toolVersion: string; bundleDir: string; baseline?: BaselineChoice; resultsFile: string; sealed?: string },
): Promise<ExitCode> {
  const format: Format = flags.format ?? (opts.json ? 'json' : 'table');
  // The full results (every finding) are on disk; the in-memory results keep only what fails.
  if (format === 'json') await fileToStdout(meta.resultsFile);
  if (format === 'junit') out.stdout(toJUnit(results));
  if (format === 'sarif')
    out.json(
      toSarif(results, meta.toolVersion, {
        bundle: basename(meta.bundleDir),
        configPath: relative(process.cwd(), resolve(s.loaded.path)).split(sep).join('/'),
      }),
    );
  out.info(renderGapTable(out, results));
  const owners = await ownersSection(out, results.controls, s.evidenceDir, results.asOf.slice(0, 10));
  if (owners) out.info(`\n${owners}`);
  const gaps = renderGaps(out, results);
  if (gaps) out.info(`\n${gaps}`);
  // The summary comes last (after the gaps, the baseline and where the bundle went), then what to do next.
  const finish = (code: ExitCode): ExitCode => {
    if (meta.sealed) out.info(`\n${meta.sealed}`);
    out.info(`\n${renderSummary(out, results)}`);
    out.info(renderNext(out, results));
    return code;
  };
  for (const e of unmatchedExceptions(results)) {
    out.warn(`exception ${e.ticket} (${e.control}, resource '${e.resource}') matched no failing finding: fix the pattern, or remove it if the gap is closed`);
  }
  if (meta.baseline?.none) {
    // Why not exit 1: on the first day every gap is "new", and a failing first run would skip the CI step that keeps
    // the evidence, so the chain would never start. The run's gaps become the baseline; incomplete evidence is still 3.
    const failing = results.controls.filter((c) => c.status === 'fail').length;
    out.info(
      `\nno baseline yet (${meta.baseline.none}): this run is the first baseline; the gate starts with the next run${failing ? ` (${failing} failing control(s) recorded, not gated)` : ''}`,
    );
    return finish(gateExit(results, results, opts.failOn));
  }
  if (!meta.baseline?.dir) return finish(exitFor(results, opts.failOn));
  const baselineDir = meta.baseline.dir;
  const baseline = baselineResults(baselineDir, s.loaded, s.controlMap);
  const fresh = newFailures(results, baseline);
  out.info(`\nagainst baseline ${baselineDir}: ${fresh.length ? `${fresh.length} control(s) newly failing` : 'no new failures'}`);
  for (const f of fresh)
    out.info(
      `  ${out.status(f.status)} ${f.control} ${f.title}${f.was ? ` (was ${f.was})` : ' (new control)'}${f.newResources.length ? `: ${f.newResources.slice(0, 5).join(', ')}` : ''}`,
    );
  return finish(gateExit(results, baseline, opts.failOn));
}
