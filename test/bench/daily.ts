/**
 * Daily-series mode of the bench (`npm run bench -- --daily 30 [--full]`): the estate's events get fixed times over
 * the last 80 days, and `soc2 collect --as-of` runs once per simulated day on one evidence directory, so each day
 * has the events the scenario generated for it. Per day: calls per provider (the sandbox's request log), the calls
 * of the population queries against their bound, wall time, the bundle's size on disk; and the evidence directory's
 * size at the end. `--full` re-reads every population's window each day (the design before chain-wide populations).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_QUERIES } from '../../collectors/aws/cloudtrail-events.js';
import { LOG_QUERIES } from '../../collectors/okta/logs.js';
import { PR_PAGE } from '../../collectors/github/query.js';
import { recordsPath } from '../../src/bundle/layout.js';
import { packagePath } from '../../src/util/paths.js';
import { runCli } from './child.js';
import { defaultLimits, type LimitSettings } from './limits.js';
import { startThreadedSandbox } from './sandbox-threads.js';
import { benchEnv, buildScenario, writeConfig, writeScenario, type BenchScenario, type BenchSize } from './scenario.js';

const DAY = 86_400_000;
type Provider = 'aws' | 'github' | 'okta';
const PROVIDERS: Provider[] = ['aws', 'github', 'okta'];

export interface DailyOptions {
  size: BenchSize;
  days: number;
  full: boolean;
  latencyMs: number;
  /**
   * Lift the sandbox's rate limits (and the collectors' own CloudTrail pacing with them). Calls, bytes and bounds do
   * not change (collectors pace, they are not throttled), only the wall time, which then measures our own CPU.
   */
  unlimited?: boolean;
  /** Passed to `soc2 collect --only` (collector ids or sources); default every collector of the three sources. */
  collectors?: string[];
  onProgress?: (line: string) => void;
}

export interface DayFigures {
  asOf: string;
  exitCode: number | null;
  wallMs: number;
  calls: Record<Provider, number>;
  /** Population queries: calls made, events stored, and the bound (events ÷ page size + one call per query and scope). */
  population: Record<Provider, { calls: number; events: number; bound: number }>;
  bundleBytes: number;
  /** Bytes of the population records files (`data/records/<type>.jsonl`) in the bundle, per provider. */
  populationBytes: Record<Provider, number>;
  /** Population scopes not complete (error or incomplete: a hole, a failed read) in this bundle. */
  populationScopesFailed: number;
}

export interface DailyResult {
  size: BenchSize;
  mode: 'incremental' | 'full';
  latencyMs: number;
  unlimited: boolean;
  collectors?: string[];
  days: DayFigures[];
  evidenceBytes: number;
}

/** Relative times (`-90m`) as absolute ones: each event keeps its time whatever day the series simulates. */
function fixTimes(s: BenchScenario, now: Date): void {
  const abs = (v: unknown) => {
    const m = typeof v === 'string' ? /^-(\d+)m$/.exec(v) : null;
    return m ? new Date(now.getTime() - Number(m[1]) * 60_000).toISOString() : v;
  };
  for (const a of (s.aws as { accounts: Array<{ events?: Array<{ at: unknown }> }> }).accounts) for (const e of a.events ?? []) e.at = abs(e.at);
  for (const l of (s.okta as { logs?: Array<{ published: unknown }> }).logs ?? []) l.published = abs(l.published);
}

function sizeIfAny(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

function sizeOf(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((n, f) => n + sizeOf(join(path, f)), 0);
}

/**
 * Population page operations (run.json `pages` keys) and page sizes as the collectors use them: CloudTrail 50 per
 * LookupEvents call, System Log 1000, GitHub 25 merged pull requests (PR_PAGE).
 */
const POP_OPS: Record<Provider, { match: RegExp; types: (t: string) => boolean; pageSize: number; queriesPerScope: number }> = {
  // Why by type: AWS has another population (Backup restore jobs) whose events LookupEvents does not page through.
  aws: { match: /^cloudtrail:LookupEvents$/, types: (t) => t === 'aws.cloudtrail.event', pageSize: 50, queriesPerScope: EVENT_QUERIES.length },
  // Why anchored: `GET /api/v1/logStreams` is not a System Log page.
  okta: { match: /^GET \/api\/v1\/logs$/, types: (t) => t in LOG_QUERIES, pageSize: 1000, queriesPerScope: Object.keys(LOG_QUERIES).length },
  // The first page of each repository's merged pull requests arrives in the repository batch query (which the
  // repository's other evidence needs anyway): only the further pages are the population's own calls.
  github: { match: /^POST \/graphql MergedPulls$/, types: (t) => t === 'github.pr.merged', pageSize: PR_PAGE, queriesPerScope: 0 },
};

/** Rate limits high enough that nothing waits for them (`unlimited`). */
function liftedLimits(): LimitSettings {
  const l = defaultLimits();
  return {
    // 0: the sandbox enforces no LookupEvents rate and the collector (config `lookupEventsPerSecond: 0`) does not pace.
    lookupEventsPerSecond: 0,
    github: { ...l.github, core: 1e9, graphql: 1e9, secondary: { rest_per_minute: 1e9, graphql_per_minute: 1e9 } },
    okta: { ...l.okta, scale: 1e6 },
  };
}

export async function runDaily(o: DailyOptions): Promise<DailyResult> {
  const cli = packagePath('bin', 'soc2.js');
  const limits = o.unlimited ? liftedLimits() : defaultLimits();
  const now = new Date(Math.floor(Date.now() / DAY) * DAY + 12 * 3_600_000);
  const s = buildScenario(o.size, limits, now);
  fixTimes(s, now);
  const dir = await mkdtemp(join(tmpdir(), `soc2-bench-daily-${o.size}-`));
  const days: DayFigures[] = [];
  try {
    await writeScenario(dir, s);
    const env = benchEnv(s);
    for (let d = 0; d < o.days; d++) {
      const asOf = new Date(now.getTime() - (o.days - 1 - d) * DAY);
      // A fresh sandbox per day: its request log is that day's calls.
      const sandbox = await startThreadedSandbox(dir, PROVIDERS, o.latencyMs);
      let run;
      try {
        const config = await writeConfig(dir, s, {
          urls: sandbox.urls,
          concurrency: { top: 4, aws: Math.min(32, s.estate.aws.accounts), github: 4, okta: 8 },
          lookupEventsPerSecond: limits.lookupEventsPerSecond,
          only: PROVIDERS,
        });
        o.onProgress?.(`day ${d + 1}/${o.days}: soc2 collect --as-of ${asOf.toISOString()}${o.full ? ' --full' : ''}`);
        // Why --backfill: the simulated days lie in the past of the machine's clock, which collect refuses against
        // endpoints it takes for live APIs unless the bundle is marked backfilled (that changes nothing collected).
        const args = ['collect', '--config', config, '--quiet', '--as-of', asOf.toISOString(), '--backfill', ...(o.full ? ['--full'] : [])];
        if (o.collectors?.length) args.push('--only', ...o.collectors);
        run = await runCli(cli, args, {
          cwd: dir,
          env,
          timeoutMs: 30 * 60_000,
        });
      } finally {
        await sandbox.close();
      }
      if (run.code !== 0 && run.code !== 1 && run.code !== 3) throw new Error(`soc2 collect exited ${run.code ?? run.signal}:\n${run.stderr.slice(-4000)}`);
      const bundles = readdirSync(join(dir, 'evidence'))
        .filter((n) => !n.startsWith('.'))
        .sort();
      const bundle = join(dir, 'evidence', bundles.at(-1)!);
      const runJson = JSON.parse(await readFile(join(bundle, 'data', 'run.json'), 'utf8')) as {
        coverage: {
          collectors: Record<string, { source: string; pages: Record<string, number> }>;
          scopes: Array<{ type: string; scope: string; count: number; state: string }>;
        };
        populations?: Array<{ type: string; scope: string }>;
      };
      const calls = Object.fromEntries(PROVIDERS.map((p) => [p, sandbox.entries.filter((e) => e.provider === p).length])) as Record<Provider, number>;
      const popTypes = new Set((runJson.populations ?? []).map((e) => e.type));
      const population = Object.fromEntries(
        PROVIDERS.map((p) => {
          const op = POP_OPS[p];
          const pages = Object.values(runJson.coverage.collectors)
            .filter((c) => c.source === p)
            .reduce(
              (n, c) =>
                n +
                Object.entries(c.pages)
                  .filter(([k]) => op.match.test(k))
                  .reduce((m, [, v]) => m + v, 0),
              0,
            );
          const prefix = `${p}.`;
          const scopes = runJson.coverage.scopes.filter((x) => popTypes.has(x.type) && x.type.startsWith(prefix) && op.types(x.type));
          const events = scopes.reduce((n, x) => n + x.count, 0);
          // Why distinct scopes: each population type of a provider is its own query over the same scopes (Okta's
          // three System Log filters over one org); a provider not collected has none and a bound of 0.
          const perType = new Set(scopes.map((x) => x.scope)).size;
          const bound = Math.ceil(events / op.pageSize) + op.queriesPerScope * perType;
          return [p, { calls: pages, events, bound }];
        }),
      ) as DayFigures['population'];
      const populationBytes = Object.fromEntries(
        PROVIDERS.map((p) => [p, [...popTypes].filter((t) => t.startsWith(`${p}.`)).reduce((n, t) => n + sizeIfAny(join(bundle, recordsPath(t))), 0)]),
      ) as Record<Provider, number>;
      const day: DayFigures = {
        asOf: asOf.toISOString(),
        exitCode: run.code,
        wallMs: Math.round(run.wallMs),
        calls,
        population,
        bundleBytes: sizeOf(bundle),
        populationBytes,
        populationScopesFailed: runJson.coverage.scopes.filter((x) => popTypes.has(x.type) && x.state !== 'complete').length,
      };
      days.push(day);
      // Each day's figures as they come: a series cut short still reports the days it ran.
      o.onProgress?.(`  ${dayLine(day)}`);
    }
    return {
      size: o.size,
      mode: o.full ? 'full' : 'incremental',
      latencyMs: o.latencyMs,
      unlimited: Boolean(o.unlimited),
      ...(o.collectors?.length ? { collectors: o.collectors } : {}),
      days,
      evidenceBytes: sizeOf(join(dir, 'evidence')),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`;
const kb = (n: number) => (n < 2 ** 20 ? `${(n / 1024).toFixed(0)} kB` : mb(n));

/** One day on one line: wall, bundle, and per provider calls, population calls/bound and population bytes. */
export function dayLine(d: DayFigures): string {
  return [
    `${d.asOf.slice(0, 10)} exit ${d.exitCode} wall ${(d.wallMs / 1000).toFixed(1)} s bundle ${mb(d.bundleBytes)}${d.populationScopesFailed ? ` ${d.populationScopesFailed} population scope(s) FAILED` : ''}`,
    ...PROVIDERS.map(
      (p) => `${p} ${d.calls[p]} calls, pop ${d.population[p].calls}/${d.population[p].bound} for ${d.population[p].events} ev, ${kb(d.populationBytes[p])}`,
    ),
  ].join(' | ');
}

/** The issue's target on a later day: population calls ≤ 1.1 × the bound, per provider. */
export function withinTarget(d: DayFigures, p: Provider): boolean {
  return d.population[p].calls <= 1.1 * d.population[p].bound;
}

/** The typical later day: the median of days 2…n by wall time. */
export function typicalDay(r: DailyResult): DayFigures | undefined {
  const later = r.days.slice(1).sort((a, b) => a.wallMs - b.wallMs);
  return later[Math.floor(later.length / 2)];
}

/** First day, a typical later day (the median of days 2…n by wall time), the target check, and the evidence directory. */
export function renderDaily(r: DailyResult): string {
  const typical = typicalDay(r);
  const line = (label: string, d: DayFigures) => [
    `${label} (as of ${d.asOf}, exit ${d.exitCode}): wall ${(d.wallMs / 1000).toFixed(1)} s, bundle ${mb(d.bundleBytes)}, population scopes failed ${d.populationScopesFailed}`,
    ...PROVIDERS.map(
      (p) =>
        `  ${p.padEnd(6)} calls ${String(d.calls[p]).padStart(7)}   population calls ${String(d.population[p].calls).padStart(6)} for ${String(d.population[p].events).padStart(7)} events (bound ${d.population[p].bound}, x1.1 = ${Math.ceil(d.population[p].bound * 1.1)}), population records ${kb(d.populationBytes[p])}`,
    ),
  ];
  const later = r.days.slice(1);
  const target = PROVIDERS.map((p) => {
    const ok = later.filter((d) => withinTarget(d, p)).length;
    const worst = Math.max(0, ...later.map((d) => d.population[p].calls / Math.max(1, d.population[p].bound)));
    return `  ${p.padEnd(6)} ${ok}/${later.length} later days within 1.1 × bound (worst calls/bound ${worst.toFixed(2)})`;
  });
  const popBytes = (d: DayFigures) => PROVIDERS.reduce((n, p) => n + d.populationBytes[p], 0);
  return [
    `soc2 bench --daily ${r.days.length} — ${r.size} estate, ${r.mode}, ${r.latencyMs} ms latency${r.unlimited ? ', rate limits lifted' : ''}${r.collectors ? `, collectors ${r.collectors.join(' ')}` : ''}`,
    ...line('first day', r.days[0]!),
    ...(typical ? line('typical later day', typical) : []),
    ...(later.length ? ['target: population calls on each later day <= 1.1 × (events ÷ page size + one call per query and scope)', ...target] : []),
    ...(typical
      ? [
          `population records: first day ${kb(popBytes(r.days[0]!))}, typical later day ${kb(popBytes(typical))}; bundle: first day ${mb(r.days[0]!.bundleBytes)}, typical later day ${mb(typical.bundleBytes)}`,
        ]
      : []),
    `evidence directory after ${r.days.length} day(s): ${mb(r.evidenceBytes)}`,
  ].join('\n');
}

/** Incremental against full (`--compare`): the evidence directory and a typical later day side by side. */
export function renderComparison(inc: DailyResult, full: DailyResult): string {
  const ti = typicalDay(inc);
  const tf = typicalDay(full);
  const rows: Array<[string, string, string]> = [['evidence directory', mb(inc.evidenceBytes), mb(full.evidenceBytes)]];
  if (ti && tf) {
    rows.push(['typical later day: wall', `${(ti.wallMs / 1000).toFixed(1)} s`, `${(tf.wallMs / 1000).toFixed(1)} s`]);
    rows.push(['typical later day: bundle', mb(ti.bundleBytes), mb(tf.bundleBytes)]);
    for (const p of PROVIDERS) {
      rows.push([`typical later day: ${p} calls`, String(ti.calls[p]), String(tf.calls[p])]);
      rows.push([`typical later day: ${p} population calls`, String(ti.population[p].calls), String(tf.population[p].calls)]);
    }
  }
  return [
    `incremental vs full (--full) over ${inc.days.length} day(s):`,
    ...rows.map(([k, a, b]) => `  ${k.padEnd(42)} ${a.padStart(10)}  ${b.padStart(10)}`),
  ].join('\n');
}
