/**
 * Daily-series mode of the bench (`npm run bench -- --daily 30 [--full]`): the estate's events get fixed times over
 * the last 80 days, and `soc2 collect --as-of` runs once per simulated day on one evidence directory, so each day
 * has the events the scenario generated for it. Per day: calls per provider (the sandbox's request log), the calls
 * of the population queries against their bound, wall time, the bundle's size on disk; and the evidence directory's
 * size at the end. `--full` re-reads every population's window each day (the design before chain-wide populations).
 */
import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_BASE_CREDENTIALS } from '../../src/sandbox/aws/model.js';
import { EVENT_QUERIES } from '../../collectors/aws/cloudtrail-events.js';
import { LOG_QUERIES } from '../../collectors/okta/logs.js';
import { packagePath } from '../../src/util/paths.js';
import { runCli } from './child.js';
import { defaultLimits } from './limits.js';
import { startThreadedSandbox } from './sandbox-threads.js';
import { BENCH_GITHUB_TOKEN, BENCH_OKTA_TOKEN, buildScenario, writeConfig, writeScenario, type BenchScenario, type BenchSize } from './scenario.js';

const DAY = 86_400_000;
type Provider = 'aws' | 'github' | 'okta';
const PROVIDERS: Provider[] = ['aws', 'github', 'okta'];

export interface DailyOptions {
  size: BenchSize;
  days: number;
  full: boolean;
  latencyMs: number;
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
}

export interface DailyResult {
  size: BenchSize;
  mode: 'incremental' | 'full';
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

function sizeOf(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((n, f) => n + sizeOf(join(path, f)), 0);
}

/** Population page operations and page sizes as the collectors use them (CloudTrail 50, System Log 1000, GitHub 100). */
const POP_OPS: Record<Provider, { match: RegExp; pageSize: number; queriesPerScope: number }> = {
  aws: { match: /LookupEvents/, pageSize: 50, queriesPerScope: EVENT_QUERIES.length },
  okta: { match: /ListLogEvents|logs/i, pageSize: 1000, queriesPerScope: Object.keys(LOG_QUERIES).length },
  // The first page of each repository's merged pull requests arrives in the repository batch query.
  github: { match: /MergedPulls/, pageSize: 100, queriesPerScope: 0 },
};

export async function runDaily(o: DailyOptions): Promise<DailyResult> {
  const cli = packagePath('bin', 'soc2.js');
  const limits = defaultLimits();
  const now = new Date(Math.floor(Date.now() / DAY) * DAY + 12 * 3_600_000);
  const s = buildScenario(o.size, limits, now);
  fixTimes(s, now);
  const dir = await mkdtemp(join(tmpdir(), `soc2-bench-daily-${o.size}-`));
  const days: DayFigures[] = [];
  try {
    await writeScenario(dir, s);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      BENCH_GITHUB_TOKEN,
      BENCH_OKTA_TOKEN,
      AWS_ACCESS_KEY_ID: SANDBOX_BASE_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: SANDBOX_BASE_CREDENTIALS.secretAccessKey,
      AWS_REGION: s.estate.aws.regions[0],
      AWS_EC2_METADATA_DISABLED: 'true',
      NO_COLOR: '1',
    };
    for (const k of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE']) delete env[k];
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
        run = await runCli(cli, ['collect', '--config', config, '--quiet', '--as-of', asOf.toISOString(), ...(o.full ? ['--full'] : [])], {
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
          scopes: Array<{ type: string; scope: string; count: number }>;
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
          const prefix = p === 'aws' ? 'aws.' : p === 'okta' ? 'okta.' : 'github.';
          const scopes = runJson.coverage.scopes.filter((x) => popTypes.has(x.type) && x.type.startsWith(prefix));
          const events = scopes.reduce((n, x) => n + x.count, 0);
          const perType = new Set(scopes.map((x) => x.scope)).size;
          const bound = Math.ceil(events / op.pageSize) + op.queriesPerScope * (p === 'okta' ? 1 : perType);
          return [p, { calls: pages, events, bound }];
        }),
      ) as DayFigures['population'];
      days.push({ asOf: asOf.toISOString(), exitCode: run.code, wallMs: Math.round(run.wallMs), calls, population, bundleBytes: sizeOf(bundle) });
    }
    return { size: o.size, mode: o.full ? 'full' : 'incremental', days, evidenceBytes: sizeOf(join(dir, 'evidence')) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`;

/** First day, a typical later day (the median of days 2…n by wall time), and the evidence directory. */
export function renderDaily(r: DailyResult): string {
  const later = r.days.slice(1).sort((a, b) => a.wallMs - b.wallMs);
  const typical = later[Math.floor(later.length / 2)];
  const line = (label: string, d: DayFigures) => [
    `${label} (as of ${d.asOf}, exit ${d.exitCode}): wall ${(d.wallMs / 1000).toFixed(1)} s, bundle ${mb(d.bundleBytes)}`,
    ...PROVIDERS.map(
      (p) =>
        `  ${p.padEnd(6)} calls ${String(d.calls[p]).padStart(7)}   population calls ${String(d.population[p].calls).padStart(6)} for ${String(d.population[p].events).padStart(7)} events (bound ${d.population[p].bound}, x1.1 = ${Math.ceil(d.population[p].bound * 1.1)})`,
    ),
  ];
  return [
    `soc2 bench --daily ${r.days.length} — ${r.size} estate, ${r.mode}`,
    ...line('first day', r.days[0]!),
    ...(typical ? line('typical later day', typical) : []),
    `evidence directory after ${r.days.length} day(s): ${mb(r.evidenceBytes)}`,
  ].join('\n');
}
