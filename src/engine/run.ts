import type { LoadedConfig } from '../config/config.js';
import type { ControlMap } from '../config/control-map.js';
import { dirname } from 'node:path';
import { forEachRecord, type CollectorCoverage, type RunInfo } from '../bundle/reader.js';
import { stitch } from '../populations/chain.js';
import { BundleWriter, type SealedBundle } from '../bundle/writer.js';
import type { Collector, CollectorStats, StoredRecord } from '../types.js';
import { DeadlineError } from '../collector-kit.js';
import { setMaxListeners } from 'node:events';
import { RecordsView, ScopeTracker } from './evidence.js';
import { evaluate } from './evaluate.js';
import type { Registry } from './registry.js';
import type { CheckResult, Results } from './results.js';
import { scoreToFile } from './results-file.js';
import { renderReport } from './report.js';
import { shardOf } from './shard.js';
import { planPopulations, populationEntries, type Resume } from '../populations/plan.js';
import { collectContext, inProcessRunner, RunFailure, type CollectorRunner, type ContextInit } from './runner.js';
import { threadable, threadRunner } from './thread.js';
import { RunLog, type LogEntry } from './run-log.js';

export { shardOf };

/** What the CLI shows while collectors run. */
export interface ProgressSink {
  start(collector: string): void;
  update(collector: string, done: number, total: number, label?: string): void;
  end(collector: string, summary: { records: number; failed: number; ms: number }): void;
  /** Pages (API answers) a collector has read so far. */
  pages?(collector: string, pages: number): void;
  /** A collector's warning, as it is said (it is in the bundle's `data/log.jsonl` too). */
  warn?(entry: LogEntry): void;
}

/** What every collector of one run shares: the signal, the window, the writer and the run's tallies and log. */
interface RunParts {
  planned: Collector<any>[];
  signal: AbortSignal;
  period: { start: string; end: string };
  resume: Resume;
  writer: BundleWriter;
  tracker: ScopeTracker;
  facts: Record<string, unknown>;
  coverage: Record<string, CollectorCoverage>;
  shared: Map<string, unknown>;
  log: RunLog;
}

export interface CollectOptions {
  loaded: LoadedConfig;
  controlMap: ControlMap;
  registry: Registry;
  evidenceDir: string;
  asOf: Date;
  sandbox: boolean;
  /** Only these sources (`--only`). */
  only?: string[];
  shard?: { index: number; count: number };
  toolVersion: string;
  progress: ProgressSink;
  signal: AbortSignal;
  /** Effective endpoints per source, for run.json. */
  endpoints: Record<string, string>;
  /** `--backfill`: the run describes an earlier day than it is collected on (run.json and bag-info say so). */
  backfill?: boolean;
  /** Read every population's whole window (as far as the provider keeps it) instead of continuing the chain. */
  full?: boolean;
  /**
   * The whole run's deadline (`--max-duration`): collectors still running then are stopped, their unfinished scopes
   * become `error` (cause timeout), and what was collected is scored and sealed. Default: no deadline.
   */
  maxDurationMs?: number;
}

export interface CollectOutcome {
  bundle: SealedBundle;
  results: Results;
  run: RunInfo;
}

/** Which collectors the enabled controls need, among the configured sources. */
export function planCollectors(reg: Registry, map: ControlMap, sources: Record<string, unknown>, only?: string[]): Collector<any>[] {
  const needed = new Set(map.controls.flatMap((c) => c.checks.flatMap((b) => [...b.check.meta.requires, ...(b.check.meta.requiresAnyOf ?? [])])));
  // Controls' `evidence:` requirements are matched to documents (engine/documents.ts).
  if (map.controls.some((c) => c.evidence.length > 0)) needed.add('documents.file');
  return reg.collectors.filter(
    (c) =>
      sources[c.meta.source] !== undefined && (!only || only.includes(c.meta.source) || only.includes(c.meta.id)) && c.meta.produces.some((t) => needed.has(t)),
  );
}

/** Runs the planned collectors, scores, and seals one bundle. */
export async function collect(opts: CollectOptions): Promise<CollectOutcome> {
  const { config } = opts.loaded;
  const startedAt = new Date();
  const period = config.period ?? defaultPeriod(opts.asOf);
  const planned = planCollectors(opts.registry, opts.controlMap, config.sources, opts.only);
  const populationTypes = [...new Set(planned.flatMap((c) => c.meta.populations ?? []))].sort();
  // Before the writer exists: its staging directory is not a bundle, but the plan reads only sealed ones.
  const popPlan = await planPopulations({
    evidenceDir: opts.evidenceDir,
    types: populationTypes,
    organization: config.organization,
    period,
    asOf: opts.asOf,
    full: opts.full ?? false,
  });
  const writer = await BundleWriter.create(opts.evidenceDir, {
    asOf: opts.asOf,
    toolVersion: opts.toolVersion,
    source: opts.sandbox ? 'sandbox' : 'live',
    organization: config.organization,
    collectedAt: startedAt,
    ...(opts.backfill ? { backfill: true } : {}),
  });
  // One signal for the collectors: the user's interrupt (the run is discarded) or the run's deadline (it is sealed).
  const collecting = new AbortController();
  setMaxListeners(0, collecting.signal);
  const onAbort = () => {
    collecting.abort(opts.signal.reason);
    void writer.abandon();
  };
  opts.signal.addEventListener('abort', onAbort, { once: true });
  const deadline = opts.maxDurationMs
    ? setTimeout(() => collecting.abort(new DeadlineError(`the run's maximum duration (${formatDuration(opts.maxDurationMs!)}) passed`)), opts.maxDurationMs)
    : undefined;
  try {
    const tracker = new ScopeTracker();
    const facts: Record<string, unknown> = {};
    const coverage: Record<string, CollectorCoverage> = {};
    const shared = new Map<string, unknown>();
    const log = new RunLog((entry) => opts.progress.warn?.(entry));
    // Why two phases: SDKs load (and collector threads start) before any collector makes a request, so loading one
    // does not hold up another's round trips; each collector's clock starts when it starts collecting.
    try {
      const parts: RunParts = { planned, signal: collecting.signal, period, resume: popPlan.resume, writer, tracker, facts, coverage, shared, log };
      const runs = planned.map((c) => prepareOne(c, opts, parts));
      await Promise.all(runs.map((r) => r.ready));
      await Promise.all(runs.map((r) => r.go()));
    } finally {
      clearTimeout(deadline);
    }
    if (collecting.signal.aborted && !opts.signal.aborted) facts['run.deadline'] = { maxDurationMs: opts.maxDurationMs, reached: true };
    if (opts.signal.aborted) throw new Error('interrupted');
    await writer.flushRecords();
    await writer.writeData('log.jsonl', log.jsonl());
    const scopes = tracker.list();
    const collectedTypes = [...new Set(planned.flatMap((c) => c.meta.produces))].sort();
    const run: RunInfo = {
      tool: { name: 'soc2', version: opts.toolVersion },
      organization: config.organization,
      asOf: opts.asOf.toISOString(),
      period,
      source: opts.sandbox ? 'sandbox' : 'live',
      configDigest: opts.loaded.digest,
      controlMapDigest: opts.controlMap.digest,
      controlMapFiles: opts.controlMap.files,
      categories: config.scope.categories,
      endpoints: opts.endpoints,
      facts,
      ...(opts.shard && opts.shard.count > 1 ? { shard: opts.shard } : {}),
      collectedTypes,
      coverage: { collectors: coverage, scopes },
      populations: populationEntries(popPlan, scopes, populationTypes, period, opts.asOf),
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      ...(opts.backfill ? { backfill: true } : {}),
    };
    await writer.writeJson('run.json', run);
    const results = await scoreIntoBundle(writer, run, opts.loaded, opts.controlMap);
    await writer.writeData('report.md', renderReport(results, run));
    const bundle = await writer.seal();
    return { bundle, results, run };
  } catch (err) {
    await writer.abandon();
    throw err;
  } finally {
    clearTimeout(deadline);
    opts.signal.removeEventListener('abort', onAbort);
  }
}

/** `7200000` → `2h`, `90000` → `1m30s`: durations as a user writes them. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const parts = [
    [Math.floor(s / 3600), 'h'],
    [Math.floor((s % 3600) / 60), 'm'],
    [s % 60, 's'],
  ] as const;
  const out = parts
    .filter(([n]) => n > 0)
    .map(([n, u]) => `${n}${u}`)
    .join('');
  return out || `${ms}ms`;
}

/**
 * Scores a bundle's records (staging or sealed) with a control map; `soc2 check` and `collect` share it. Population
 * types are read stitched across the chain of earlier bundles recorded in run.json, looked up by name in
 * `searchDirs` (default: the bundle's own directory's parent, the evidence directory).
 */
export function scoreBundle(
  run: RunInfo,
  dir: string,
  loaded: Pick<LoadedConfig, 'config'>,
  map: ControlMap,
  onCheck?: (check: CheckResult) => void,
  searchDirs: string[] = [dirname(dir)],
): Results {
  const chain = run.populations?.length ? stitch(run, dir, searchDirs) : undefined;
  const stream = chain ? chain.stream : (type: string, fn: (rec: StoredRecord) => void) => forEachRecord(dir, type, fn);
  const view = new RecordsView(
    chain?.states ?? run.coverage.scopes,
    (type) => {
      const out: StoredRecord[] = [];
      stream(type, (r) => out.push(r));
      return out;
    },
    stream,
  );
  const results = evaluate({
    organization: run.organization,
    asOf: new Date(run.asOf),
    period: run.period,
    categories: run.categories,
    controls: map.controls,
    disabled: map.disabled,
    controlMapDigest: map.digest,
    exceptions: loaded.config.exceptions,
    view,
    collectedTypes: new Set(run.collectedTypes),
    onCheck,
  });
  return chain ? { ...results, populations: chain.sources } : results;
}

/**
 * Scores a staged bundle into its `data/results.json`, findings written through to disk; returns the
 * results with failing and excepted findings only (see results-file.ts).
 */
export async function scoreIntoBundle(writer: BundleWriter, run: RunInfo, loaded: Pick<LoadedConfig, 'config'>, map: ControlMap): Promise<Results> {
  return scoreToFile(await writer.dataPath('results.json'), (sink) => scoreBundle(run, writer.staging, loaded, map, sink));
}

/**
 * One collector's run: `ready` once what it needs is loaded (its `prepare`, on whichever side it runs), then `go`
 * collects through its runner (runner.ts: in-process, or thread.ts: its own thread) and folds what the runner took in
 * into the run's scope states and coverage.
 */
function prepareOne(collector: Collector<any>, opts: CollectOptions, parts: RunParts): { ready: Promise<void>; go(): Promise<void> } {
  const { planned, signal, period, resume, writer, tracker, facts, coverage, shared, log } = parts;
  const { config } = opts.loaded;
  const id = collector.meta.id;
  const cov: CollectorCoverage = {
    source: collector.meta.source,
    scopesPlanned: 0,
    scopesCollected: 0,
    scopesFailed: 0,
    records: 0,
    pages: {},
    retries: 0,
    durationMs: 0,
  };
  coverage[id] = cov;
  let pagesRead = 0;
  const init: ContextInit = {
    id,
    config: config.sources[collector.meta.source],
    asOf: opts.asOf.toISOString(),
    period,
    // Only this collector's population types: a thread gets what it needs and no more.
    resume: Object.fromEntries(Object.entries(resume).filter(([t]) => collector.meta.produces.includes(t))),
    shard: opts.shard ?? { index: 1, count: 1 },
    sandbox: opts.sandbox,
    limits: { concurrency: config.concurrency, timeoutMs: config.timeoutSeconds * 1000 },
  };
  const stats: CollectorStats = {
    page: (op) => {
      cov.pages[op] = (cov.pages[op] ?? 0) + 1;
      opts.progress.pages?.(id, ++pagesRead);
    },
    retry: () => {
      cov.retries++;
    },
    progress: (done, total, label) => opts.progress.update(id, done, total, label),
    fact: (k, v) => {
      facts[k] = v;
    },
  };
  const io = { log: log.for(id), stats, signal };
  // Why only when no other collector of the run produces its types: the thread then owns those records files.
  const onThread =
    threadable(collector.meta.thread) && !planned.some((o) => o !== collector && o.meta.produces.some((t) => collector.meta.produces.includes(t)));
  const runner: CollectorRunner = onThread
    ? threadRunner(
        collector.meta.thread!,
        init,
        io,
        writer.staging,
        Object.fromEntries(
          collector.meta.produces.flatMap((t) => {
            const schema = opts.registry.evidenceValidator(t)?.schema;
            return schema === undefined ? [] : [[t, schema]];
          }),
        ),
      )
    : inProcessRunner(collector, collectContext(init, { ...io, writeData: (rel, content) => writer.writeData(rel, content), shared, attach: true }), {
        validator: (t) => opts.registry.evidenceValidator(t),
        records: writer.records,
      });
  return { ready: runner.ready, go: () => runOne(collector, runner, { signal, progress: opts.progress, tracker, cov }) };
}

async function runOne(
  collector: Collector<any>,
  runner: CollectorRunner,
  run: { signal: AbortSignal; progress: ProgressSink; tracker: ScopeTracker; cov: CollectorCoverage },
): Promise<void> {
  const { signal, cov } = run;
  const id = collector.meta.id;
  const t0 = Date.now();
  run.progress.start(id);
  const own = new ScopeTracker();
  try {
    const taken = await runner.run();
    own.merge(taken.states);
    cov.records += taken.records;
  } catch (err) {
    if (err instanceof RunFailure && err.taken) {
      own.merge(err.taken.states);
      cov.records += err.taken.records;
    }
    // Why: whatever a collector throws ends only its own unfinished scopes; the run goes on to score and seal.
    const late = signal.aborted && signal.reason instanceof DeadlineError;
    const cause = late ? 'timeout' : 'internal';
    const message = late ? `collector ${id} did not finish: ${(signal.reason as Error).message}` : `collector ${id} stopped: ${(err as Error).message}`;
    own.failUnfinished(collector.meta.produces, cause, id, message);
    for (const type of collector.meta.produces) {
      if (!own.has(type)) own.add({ kind: 'error', type, scope: '*', cause, operation: id, message });
    }
  }
  if (signal.aborted && signal.reason instanceof DeadlineError) {
    // A collector (a thread) that wound up in time after the deadline: what it left unfinished is named too.
    own.failUnfinished(collector.meta.produces, 'timeout', id, `collector ${id} did not finish: ${signal.reason.message}`);
  }
  const states = own.list();
  run.tracker.merge(states);
  cov.scopesPlanned = new Set(states.map((s) => s.scope)).size;
  cov.scopesCollected = new Set(states.filter((s) => s.state === 'complete').map((s) => s.scope)).size;
  cov.scopesFailed = new Set(states.filter((s) => s.state !== 'complete').map((s) => s.scope)).size;
  cov.durationMs = Date.now() - t0;
  run.progress.end(id, { records: cov.records, failed: cov.scopesFailed, ms: cov.durationMs });
}

function defaultPeriod(asOf: Date): { start: string; end: string } {
  const start = new Date(asOf.getTime() - 90 * 86_400_000);
  return { start: start.toISOString().slice(0, 10), end: asOf.toISOString().slice(0, 10) };
}
