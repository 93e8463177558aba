import type { Command } from 'commander';
import { appendFileSync } from 'node:fs';
import { setMaxListeners } from 'node:events';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { collect } from '../../engine/run.js';
import { startSandbox, loadScenario, type Sandbox } from '../../sandbox/index.js';
import type { SandboxProvider } from '../../sandbox/server.js';
import { liveEndpoints, pointAtSandbox } from '../../sandbox/demo.js';
import { InputError } from '../exit.js';
import { action, toolVersion } from '../main.js';
import { progressFor } from '../progress.js';
import { outcomeOptions, reportOutcome, resolveBaseline, type OutcomeFlags } from '../outcome.js';
import { setup } from '../setup.js';

interface CollectFlags extends OutcomeFlags {
  demo?: boolean;
  only?: string[];
  shard?: string;
  evidenceDir?: string;
  asOf?: string;
  scenario?: string;
  maxDuration?: string;
}

/** Default whole-run deadline: generous for a large estate, yet a held run still ends and seals the same day. */
export const DEFAULT_MAX_DURATION = '2h';

export function register(program: Command): void {
  const cmd = program
    .command('collect')
    .description('collect evidence for the enabled controls, score them, seal a bundle under the evidence directory and print the gap table')
    .option('--demo', 'run on the built-in demo organisation (sandbox APIs on 127.0.0.1, no credentials)')
    .option('--only <source...>', 'collect only these sources (aws, github, okta) or collector ids')
    .option('--shard <i/n>', 'collect only shard i of n of the scopes (accounts, repositories)')
    .option('--evidence-dir <dir>', 'where to write the bundle (default: the config\'s evidenceDir)')
    .option('--as-of <time>', 'reference time of the run (ISO-8601; default: now)')
    .option('--scenario <name>', 'with --demo: another sandbox scenario from fixtures/')
    .option('--max-duration <dur>', `whole-run deadline (e.g. 90m, 2h): then unfinished scopes are errors and the bundle is sealed (default ${DEFAULT_MAX_DURATION})`);
  outcomeOptions(cmd).action(
      action(async (out, opts, flags: CollectFlags) => {
        const asOf = flags.asOf ? parseTime(flags.asOf) : new Date();
        const shard = flags.shard ? parseShard(flags.shard) : undefined;
        const maxDurationMs = parseDuration(flags.maxDuration ?? DEFAULT_MAX_DURATION, '--max-duration');
        if (flags.scenario && !flags.demo) throw new InputError('--scenario needs --demo');
        const scenarioPeek = flags.demo ? scenarioOrInputError(flags.scenario ?? 'demo-org') : undefined;
        const s = await setup(opts, { demo: flags.demo, evidenceDir: flags.evidenceDir, demoConfig: scenarioPeek?.configFile, offline: false });
        const pluginSandbox = Object.assign({}, ...s.plugins.map((p) => p.plugin.sandbox ?? {})) as Record<string, SandboxProvider & { configKey?: string }>;
        // Reload the scenario now that plugins' sandbox providers are known (their data files are read too).
        const scenario = flags.demo ? scenarioOrInputError(flags.scenario ?? 'demo-org', Object.keys(pluginSandbox)) : undefined;
        const baselineDir = await resolveBaseline(flags, s);
        const known = new Set(s.registry.collectors.flatMap((c) => [c.meta.source, c.meta.id]));
        const unknown = (flags.only ?? []).filter((o) => !known.has(o));
        if (unknown.length) throw new InputError(`--only: unknown source ${unknown.join(', ')}`, [`  expected one of: ${[...known].sort().join(', ')}`]);
        let sandbox: Sandbox | undefined;
        const ac = new AbortController();
        // Why unlimited: every in-flight request of every collector listens to this one signal (dozens at once).
        setMaxListeners(0, ac.signal);
        const onSignal = () => ac.abort();
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        const progress = progressFor(out);
        // SOC2_DEBUG_MEMORY=FILE: a memory and event-loop-lag timeline for diagnosing large runs (one line per second).
        const lag = process.env.SOC2_DEBUG_MEMORY ? monitorEventLoopDelay({ resolution: 10 }) : undefined;
        lag?.enable();
        const memLog = lag
          ? setInterval(() => {
              const m = process.memoryUsage();
              appendFileSync(process.env.SOC2_DEBUG_MEMORY!, `${new Date().toISOString()} rss=${Math.round(m.rss / 1e6)} heap=${Math.round(m.heapUsed / 1e6)} loopLagMaxMs=${Math.round(lag.max / 1e6)} loopLagMeanMs=${Math.round(lag.mean / 1e6)}\n`);
              lag.reset();
            }, 1000).unref()
          : undefined;
        try {
          let endpoints = liveEndpoints(s.loaded);
          if (scenario) {
            // The sandbox's clock starts at the run's asOf (relative dates in scenarios follow --as-of) and ticks
            // in whole seconds, so the same --as-of gives the same data (sharded runs, re-runs).
            const t0 = Date.now();
            sandbox = await startSandbox(scenario, { extraProviders: pluginSandbox, now: () => new Date(asOf.getTime() + Math.floor((Date.now() - t0) / 1000) * 1000) });
            endpoints = pointAtSandbox(s.loaded, sandbox, Object.fromEntries(Object.entries(pluginSandbox).map(([k, v]) => [k, v.configKey ?? 'endpoint'])));
            out.info(out.c.dim(`demo: sandbox APIs for ${Object.keys(sandbox.urls).join(', ')} on 127.0.0.1 (evidence is marked source: sandbox)`));
          }
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
            maxDurationMs,
          }).catch((err: unknown) => {
            if (!ac.signal.aborted) throw err;
            return undefined;
          });
          progress.stop();
          if (!outcome) {
            // An interrupt is the user's decision, not a failure of soc2: say what was kept and what was not.
            out.warn(`interrupted: the run's staging folder was discarded and no bundle was sealed (earlier bundles are untouched)`);
            return 130;
          }
          const code = await reportOutcome(out, opts, flags, s, outcome.results, { toolVersion: toolVersion(), bundleDir: outcome.bundle.dir, baselineDir, resultsFile: join(outcome.bundle.dir, 'data', 'results.json') });
          out.info(`\nsealed ${outcome.bundle.dir} (sha256:${outcome.bundle.digest.slice(0, 16)}…)`);
          return code;
        } finally {
          if (memLog) clearInterval(memLog);
          lag?.disable();
          progress.stop();
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          await sandbox?.close();
          if (ac.signal.aborted) {
            process.exitCode = 130;
            // Why: SDK sockets and pacing timers of the stopped collectors may keep the loop alive a while; the
            // staging folder is already gone, so nothing is lost by not waiting for them.
            setTimeout(() => process.exit(130), 2000).unref();
          }
        }
      }),
    );
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
  if (!Number.isFinite(ms) || ms < 1000 || ms > 7 * 86_400_000) throw new InputError(`${flag}: expected a duration such as 90m or 2h (1s to 7 days), got '${s}'`);
  return ms;
}

export function parseShard(s: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(s);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) throw new InputError(`--shard: expected i/n with 1 ≤ i ≤ n, got '${s}'`);
  return { index, count };
}

function scenarioOrInputError(name: string, extra: string[] = []) {
  try {
    return loadScenario(name, extra);
  } catch (err) {
    throw new InputError(`--scenario: ${(err as Error).message}`);
  }
}
