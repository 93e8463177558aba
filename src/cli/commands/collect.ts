import type { Command } from 'commander';
import { appendFileSync } from 'node:fs';
import { setMaxListeners } from 'node:events';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { collect } from '../../engine/run.js';
import type { Sandbox } from '../../sandbox/index.js';
import type { SandboxProvider } from '../../sandbox/server.js';
import { liveEndpoints, pointAtSandbox } from '../../sandbox/demo.js';
import { InputError } from '../../util/exit.js';
import { action, toolVersion } from '../action.js';
import { progressFor } from '../progress.js';
import { outcomeOptions, reportOutcome, resolveBaseline, type OutcomeFlags } from '../outcome.js';
import { setup } from '../setup.js';
import { preflight } from './doctor.js';

interface CollectFlags extends OutcomeFlags {
  demo?: boolean;
  only?: string[];
  shard?: string;
  evidenceDir?: string;
  asOf?: string;
  scenario?: string;
  backfill?: boolean;
  full?: boolean;
  maxDuration?: string;
}

/**
 * How far in the past a live run's --as-of may lie without --backfill. Why not zero: the shards of a sharded run
 * share an --as-of fixed when the workflow started, and CI jobs queue.
 */
export const PAST_AS_OF_TOLERANCE_MS = 6 * 3_600_000;

/** Default whole-run deadline: generous for a large estate, yet a held run still ends and seals the same day. */
export const DEFAULT_MAX_DURATION = '2h';

export function register(program: Command): void {
  const cmd = program
    .command('collect')
    .description('collect evidence for the enabled controls, score them, seal a bundle under the evidence directory and print the gap table')
    .option('--demo', 'run on the built-in demo organisation (sandbox APIs on 127.0.0.1, no credentials)')
    .option('--only <source...>', 'collect only these sources (aws, github, okta) or collector ids')
    .option('--shard <i/n>', 'collect only shard i of n of the scopes (accounts, repositories)')
    .option('--evidence-dir <dir>', "where to write the bundle (default: the config's evidenceDir)")
    .option('--as-of <time>', 'reference time of the run (ISO-8601; default: now)')
    .option('--scenario <name>', 'with --demo: another sandbox scenario from fixtures/')
    .option('--backfill', 'allow a past --as-of against live APIs: the bundle is marked backfilled (collected later than the day it describes)')
    .option('--full', 'read every event population over the whole window again instead of continuing the previous bundle')
    .option(
      '--max-duration <dur>',
      `whole-run deadline (e.g. 90m, 2h): then unfinished scopes are errors and the bundle is sealed (default ${DEFAULT_MAX_DURATION})`,
    );
  outcomeOptions(cmd).action(
    action(async (out, opts, flags: CollectFlags) => {
      const asOf = flags.asOf ? parseTime(flags.asOf) : new Date();
      checkBackfill(asOf, flags, new Date());
      const shard = flags.shard ? parseShard(flags.shard) : undefined;
      const maxDurationMs = parseDuration(flags.maxDuration ?? DEFAULT_MAX_DURATION, '--max-duration');
      if (flags.scenario && !flags.demo) throw new InputError('--scenario needs --demo');
      const scenarioPeek = flags.demo ? await scenarioOrInputError(flags.scenario ?? 'demo-org') : undefined;
      const s = await setup(opts, { demo: flags.demo, evidenceDir: flags.evidenceDir, demoConfig: scenarioPeek?.configFile, offline: false });
      const pluginSandbox = Object.assign({}, ...s.plugins.map((p) => p.plugin.sandbox ?? {})) as Record<string, SandboxProvider & { configKey?: string }>;
      // Reload the scenario now that plugins' sandbox providers are known (their data files are read too).
      const scenario = flags.demo ? await scenarioOrInputError(flags.scenario ?? 'demo-org', Object.keys(pluginSandbox)) : undefined;
      const baseline = await resolveBaseline(flags, s);
      const known = new Set(s.registry.collectors.flatMap((c) => [c.meta.source, c.meta.id]));
      const unknown = (flags.only ?? []).filter((o) => !known.has(o));
      if (unknown.length) throw new InputError(`--only: unknown source ${unknown.join(', ')}`, [`  expected one of: ${[...known].sort().join(', ')}`]);
      let sandbox: Sandbox | undefined;
      const ac = new AbortController();
      // Why unlimited: every in-flight request of every collector listens to this one signal (dozens at once).
      setMaxListeners(0, ac.signal);
      // What an interrupt stops: the collectors still running, else the phase after them (scoring, sealing).
      const running = new Set<string>();
      let phase = 'starting';
      let signalled: NodeJS.Signals | undefined;
      /** What the signal stopped, as it was when the signal came (stopped collectors end, and would say 'done'). */
      let stopped = '';
      const onSignal = (sig: NodeJS.Signals) => {
        signalled ??= sig;
        stopped ||= running.size ? `collecting ${[...running].sort().join(', ')}` : phase;
        ac.abort(new Error(`interrupted by ${sig}`));
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const shown = progressFor(out);
      const progress: typeof shown = {
        start: (id) => {
          phase = 'collecting';
          running.add(id);
          shown.start(id);
        },
        update: (id, done, total, label) => shown.update(id, done, total, label),
        pages: (id, n) => shown.pages?.(id, n),
        end: (id, sum) => {
          running.delete(id);
          if (running.size === 0) phase = 'scoring and sealing';
          shown.end(id, sum);
        },
        stop: () => shown.stop(),
      };
      // SOC2_DEBUG_MEMORY=FILE: a memory and event-loop-lag timeline for diagnosing large runs (one line per second).
      const lag = process.env.SOC2_DEBUG_MEMORY ? monitorEventLoopDelay({ resolution: 10 }) : undefined;
      lag?.enable();
      const memLog = lag
        ? setInterval(() => {
            const m = process.memoryUsage();
            appendFileSync(
              process.env.SOC2_DEBUG_MEMORY!,
              `${new Date().toISOString()} rss=${Math.round(m.rss / 1e6)} heap=${Math.round(m.heapUsed / 1e6)} loopLagMaxMs=${Math.round(lag.max / 1e6)} loopLagMeanMs=${Math.round(lag.mean / 1e6)}\n`,
            );
            lag.reset();
          }, 1000).unref()
        : undefined;
      try {
        let endpoints = liveEndpoints(s.loaded);
        if (scenario) {
          // The sandbox's clock starts at the run's asOf (relative dates in scenarios follow --as-of) and ticks
          // in whole seconds, so the same --as-of gives the same data (sharded runs, re-runs).
          const t0 = Date.now();
          const { startSandbox } = await import('../../sandbox/index.js');
          sandbox = await startSandbox(scenario, {
            extraProviders: pluginSandbox,
            now: () => new Date(asOf.getTime() + Math.floor((Date.now() - t0) / 1000) * 1000),
          });
          endpoints = pointAtSandbox(s.loaded, sandbox, Object.fromEntries(Object.entries(pluginSandbox).map(([k, v]) => [k, v.configKey ?? 'endpoint'])));
          out.info(out.c.dim(`demo: sandbox APIs for ${Object.keys(sandbox.urls).join(', ')} on 127.0.0.1 (source: sandbox)`));
        }
        // A source that cannot authenticate at all stops the run here (exit 2), before a bundle is started.
        await preflight(s, { only: flags.only, sandbox: Boolean(flags.demo), signal: ac.signal });
        const outcome = await collect({
          loaded: s.loaded,
          controlMap: s.controlMap,
          registry: s.registry,
          evidenceDir: s.evidenceDir,
          asOf,
          sandbox: Boolean(flags.demo),
          only: flags.only,
          shard,
          toolVersion: toolVersion(),
          progress,
          signal: ac.signal,
          endpoints,
          backfill: Boolean(flags.backfill),
          full: flags.full,
          maxDurationMs,
        }).catch((err: unknown) => {
          if (!ac.signal.aborted) throw err;
          return undefined;
        });
        progress.stop();
        if (!outcome) {
          // An interrupt is the user's decision, not a failure of soc2: say what was kept and what was not.
          out.warn(`interrupted by ${signalled ?? 'a signal'} while ${stopped || phase}`);
          process.stderr.write('  nothing was sealed and staging was removed; earlier bundles are untouched\n');
          return exitForSignal(signalled);
        }
        const pops = outcome.run.populations ?? [];
        const popLines: string[] = [];
        if (pops.length) {
          // Why say it: an incremental bundle holds one interval of each population; the rest is in the chain.
          const inc = pops.filter((e) => e.how === 'incremental');
          const bases = [...new Set(inc.map((e) => e.base!.bundle))].sort();
          const full = pops.length - inc.length;
          if (inc.length === 0) popLines.push(`populations: ${full} scope(s) read over the whole window`, `  (${pops[0]!.reason})`);
          else
            popLines.push(
              `populations: ${inc.length} scope(s) continue ${bases.length === 1 ? bases[0] : `${bases.length} earlier bundles`}${full ? `, ${full} read in full` : ''}`,
            );
          const holes = pops.filter((e) => e.holes.length).length;
          if (holes) popLines.push(`populations: ${holes} scope(s) have holes in the window (see the errors above)`);
        }
        const code = await reportOutcome(out, opts, flags, s, outcome.results, {
          toolVersion: toolVersion(),
          bundleDir: outcome.bundle.dir,
          baseline,
          resultsFile: join(outcome.bundle.dir, 'data', 'results.json'),
          sealed: [
            `sealed ${outcome.bundle.dir} (sha256:${outcome.bundle.digest.slice(0, 16)}…)`,
            ...(flags.backfill
              ? [
                  `backfilled: describes ${asOf.toISOString()}, collected ${outcome.run.startedAt} (bag-info Soc2-Backfill: true; history and the pack show it apart)`,
                ]
              : []),
            ...popLines,
          ].join('\n'),
        });
        return code;
      } finally {
        if (memLog) clearInterval(memLog);
        lag?.disable();
        progress.stop();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await sandbox?.close();
        if (ac.signal.aborted) {
          const code = exitForSignal(signalled);
          process.exitCode = code;
          // Why: SDK sockets and pacing timers of the stopped collectors may keep the loop alive a while; the
          // staging folder is already gone, so nothing is lost by not waiting for them.
          setTimeout(() => process.exit(code), 2000).unref();
        }
      }
    }),
  );
}

/**
 * Against live APIs a past --as-of would seal today's state as an earlier day's evidence: refused unless
 * --backfill says so (the bundle then records both times and is shown as backfilled). The sandbox's clock
 * follows --as-of, so a demo run describes its as-of day truthfully and needs no flag.
 */
export function checkBackfill(asOf: Date, flags: Pick<CollectFlags, 'asOf' | 'backfill' | 'demo'>, now: Date): void {
  if (flags.backfill && !flags.asOf) throw new InputError('--backfill needs --as-of (the earlier time the bundle describes)');
  if (flags.demo || flags.backfill || now.getTime() - asOf.getTime() <= PAST_AS_OF_TOLERANCE_MS) return;
  throw new InputError(
    `--as-of ${asOf.toISOString()} is in the past: against live APIs the bundle would date today's state ${asOf.toISOString().slice(0, 10)}`,
    [`  to seal it anyway as a backfilled bundle (history and the pack show it as backfilled), add --backfill`],
  );
}

/** The shell's convention: 128 + the signal's number (SIGINT 130, SIGTERM 143). */
function exitForSignal(sig: NodeJS.Signals | undefined): number {
  return sig === 'SIGTERM' ? 143 : 130;
}

function parseTime(s: string): Date {
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw new InputError(`--as-of: expected an ISO-8601 time, got '${s}'`);
  return d;
}

/** `90s`, `30m`, `2h`, `1h30m`, or a number of seconds; at least one second, at most a week. */
export function parseDuration(s: string, flag: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(s.trim());
  const ms = /^\d+$/.test(s.trim()) ? Number(s) * 1000 : m && s.trim() ? ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000 : NaN;
  if (!Number.isFinite(ms) || ms < 1000 || ms > 7 * 86_400_000)
    throw new InputError(`${flag}: expected a duration such as 90m or 2h (1s to 7 days), got '${s}'`);
  return ms;
}

export function parseShard(s: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(s);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) throw new InputError(`--shard: expected i/n with 1 ≤ i ≤ n, got '${s}'`);
  return { index, count };
}

/**
 * The sandbox (its servers, GraphQL's schema and executor) is loaded only by a demo run: a run against live APIs does
 * not carry it in memory.
 */
async function scenarioOrInputError(name: string, extra: string[] = []) {
  const { loadScenario } = await import('../../sandbox/index.js');
  try {
    return loadScenario(name, extra);
  } catch (err) {
    throw new InputError(`--scenario: ${(err as Error).message}`);
  }
}
