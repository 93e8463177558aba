import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packagePath } from '../../src/util/paths.js';
import { runCli } from './child.js';
import { startThreadedSandbox } from './sandbox-threads.js';
import { providerFigures, type CollectorCoverage, type ProviderFigures } from './figures.js';
import { defaultLimits, describeLimits, type LimitSettings } from './limits.js';
import { minimumCalls } from './minimum.js';
import { benchEnv, buildScenario, writeConfig, writeScenario, type BenchSize, type EstateSize } from './scenario.js';

export interface BenchOptions {
  size: BenchSize;
  latencyMs: number;
  limits?: LimitSettings;
  concurrency?: { top: number; aws: number; github: number; okta: number };
  /** Kill the CLI after this long. */
  timeoutMs?: number;
  /** Keep the scenario directory (its path is in the result). */
  keep?: boolean;
  /** Configure only these providers (default all three): one provider's figures without the others' load. */
  only?: Provider[];
  /** Write the sandbox's request log here as JSON lines (arrival time, service time, status per request). */
  trace?: string;
  onProgress?: (line: string) => void;
  /** AWS aggregation mode: GuardDuty/Inspector through the delegated administrator, aws-network through a Config aggregator. */
  aggregation?: boolean;
}

export type Provider = 'aws' | 'github' | 'okta';
const PROVIDERS: Provider[] = ['aws', 'github', 'okta'];

export interface BenchResult {
  size: BenchSize;
  /** AWS collection mode (`--aggregation`). */
  awsMode: 'direct' | 'aggregation';
  estate: EstateSize;
  latencyMs: number;
  concurrency: { top: number; aws: number; github: number; okta: number };
  limits: Record<string, string[]>;
  providers: Record<string, ProviderFigures>;
  /** The CLI's own wall time and exit code (0 pass, 1 gaps, 3 evidence incomplete). */
  cli: { exitCode: number | null; wallMs: number; peakRssMb: number; sampledPeakRssMb: number };
  records: number;
  dir?: string;
}

/** Concurrency a user would configure for this estate: every AWS account at once (limits are per account-region). */
function defaultConcurrency(e: EstateSize): BenchResult['concurrency'] {
  return { top: 4, aws: Math.min(32, e.aws.accounts), github: 4, okta: 8 };
}

/**
 * Generates the estate, serves it from the sandbox (one thread per provider, 127.0.0.1, fixed latency, limits in force),
 * runs `soc2 collect` with a generated config as a child process, and computes the figures.
 */
export async function runBench(o: BenchOptions): Promise<BenchResult> {
  const cli = packagePath('bin', 'soc2.js');
  if (!existsSync(packagePath('dist', 'src', 'cli', 'main.js'))) throw new Error('the CLI is not built: run `npm run build` (npm run bench builds it)');
  const limits = o.limits ?? defaultLimits();
  const now = new Date();
  const s = buildScenario(o.size, limits, now);
  const concurrency = o.concurrency ?? defaultConcurrency(s.estate);
  // Why set here: the engines are only served when the scenario names them (the management account holds both).
  if (o.aggregation) s.aws.aggregation = { configAggregator: { name: 'bench-aggregator' } };
  const min = minimumCalls(s, now, o.aggregation);
  const dir = await mkdtemp(join(tmpdir(), `soc2-bench-${o.size}-`));
  await writeScenario(dir, s);
  const only = o.only ?? PROVIDERS;
  const sandbox = await startThreadedSandbox(dir, only, o.latencyMs);
  let closed = false;
  try {
    const config = await writeConfig(dir, s, {
      urls: sandbox.urls,
      concurrency,
      lookupEventsPerSecond: limits.lookupEventsPerSecond,
      only,
      aggregation: o.aggregation,
    });
    const env = benchEnv(s);
    o.onProgress?.(`scenario ${dir}: running soc2 collect (latency ${o.latencyMs} ms)`);
    const run = await runCli(cli, ['collect', '--config', config, '--json', '--quiet'], { cwd: dir, env, timeoutMs: o.timeoutMs ?? 30 * 60_000 });
    if (run.code !== 0 && run.code !== 1 && run.code !== 3) throw new Error(`soc2 collect exited ${run.code ?? run.signal}:\n${run.stderr.slice(-4000)}`);
    const bundles = (await readdir(join(dir, 'evidence'))).filter((d) => !d.startsWith('.')).sort();
    const runJson = JSON.parse(await readFile(join(dir, 'evidence', bundles.at(-1)!, 'data', 'run.json'), 'utf8')) as {
      coverage: { collectors: Record<string, CollectorCoverage & { records: number }> };
    };
    const coverage = runJson.coverage.collectors;
    const bounds = { latencyMs: o.latencyMs, limits, concurrency };
    const providers: Record<string, ProviderFigures> = {};
    await sandbox.close();
    closed = true;
    if (o.trace) await writeFile(o.trace, sandbox.entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
    for (const p of only) providers[p] = providerFigures(p, sandbox.entries, coverage, min, bounds);
    const mb = (n: number) => Math.round(n / 2 ** 20);
    return {
      size: o.size,
      awsMode: o.aggregation ? 'aggregation' : 'direct',
      estate: s.estate,
      latencyMs: o.latencyMs,
      concurrency,
      limits: describeLimits(limits),
      providers,
      cli: {
        exitCode: run.code,
        wallMs: Math.round(run.wallMs),
        peakRssMb: mb(Math.max(run.hwm, run.sampledPeakRss)),
        sampledPeakRssMb: mb(run.sampledPeakRss),
      },
      records: Object.values(coverage).reduce((n, c) => n + c.records, 0),
      ...(o.keep ? { dir } : {}),
    };
  } finally {
    if (!closed) await sandbox.close();
    if (!o.keep) await rm(dir, { recursive: true, force: true });
  }
}
