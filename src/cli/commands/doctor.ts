import type { Command } from 'commander';
import type { Collector } from '../../types.js';
import { cannotAuthenticate, type Probe, type ProbeResult } from '../../probe.js';
import { planCollectors } from '../../engine/run.js';
import { liveEndpoints, pointAtSandbox } from '../../sandbox/demo.js';
import type { Sandbox } from '../../sandbox/index.js';
import { EXIT, InputError } from '../../util/exit.js';
import { action } from '../action.js';
import type { Output } from '../output.js';
import { setup, type Setup } from '../setup.js';

/** Probes per source, loaded on demand (each pulls in its provider's SDK). */
const PROBES: Record<string, () => Promise<Probe>> = {
  aws: async () => (await import('../../../collectors/aws/probe.js')).probeAws,
  github: async () => (await import('../../../collectors/github/probe.js')).probeGithub,
  okta: async () => (await import('../../../collectors/okta/probe.js')).probeOkta,
};

/** Longest a probe call may take: an unreachable host is reported in seconds, not after a request timeout. */
const PROBE_TIMEOUT_MS = 10_000;

/**
 * Probes each source the planned collectors read from (`only` as in `collect --only`), all at once. Sources
 * without a probe (file sources, plugins) are not listed.
 */
export async function runProbes(s: Setup, opts: { only?: string[]; authOnly?: boolean; sandbox: boolean; signal: AbortSignal }): Promise<ProbeResult[]> {
  const planned = planCollectors(s.registry, s.controlMap, s.loaded.config.sources, opts.only);
  const needed = new Set(s.controlMap.controls.flatMap((c) => c.checks.flatMap((b) => [...b.check.meta.requires, ...(b.check.meta.requiresAnyOf ?? [])])));
  const bySource = new Map<string, Collector<any>[]>();
  for (const c of planned) bySource.set(c.meta.source, [...(bySource.get(c.meta.source) ?? []), c]);
  const timeoutMs = Math.min(s.loaded.config.timeoutSeconds * 1000, PROBE_TIMEOUT_MS);
  return Promise.all(
    [...bySource]
      .filter(([source]) => PROBES[source])
      .map(async ([source, collectors]) => {
        const probe = await PROBES[source]!();
        const types = new Set(collectors.flatMap((c) => c.meta.produces).filter((t) => needed.has(t)));
        return probe({
          config: s.loaded.config.sources[source],
          needed: types,
          authOnly: opts.authOnly,
          timeoutMs,
          signal: opts.signal,
          sandbox: opts.sandbox,
        });
      }),
  );
}

/**
 * collect's pre-flight: a source that cannot authenticate at all (no credentials, refused, host unreachable) stops
 * the run before a bundle is started — exit 2, one line per source — instead of sealing a bundle of errors.
 */
export async function preflight(s: Setup, opts: { only?: string[]; sandbox: boolean; signal: AbortSignal }): Promise<void> {
  const failed = (await runProbes(s, { ...opts, authOnly: true })).filter(cannotAuthenticate);
  if (!failed.length) return;
  const lines = failed.flatMap((r) =>
    r.problems
      .filter((p) => p.kind === 'auth' || p.kind === 'unreachable')
      .slice(0, 1)
      .map((p) => `  ${p.source}: ${p.message}\n    fix: ${p.fix}`),
  );
  throw new InputError(
    `${failed.length === 1 ? `${failed[0]!.source} cannot` : `${failed.length} sources cannot`} be collected from; nothing was collected or written`,
    [...lines, '  `soc2 doctor` checks every source and permission'],
  );
}

export function register(program: Command): void {
  program
    .command('doctor')
    .description('check each configured source: credentials, reachability and the permissions the enabled checks need')
    .option('--demo', 'check the demo configuration against the sandbox APIs on 127.0.0.1')
    .option('--scenario <name>', 'with --demo: another sandbox scenario from fixtures/')
    .option('--only <source...>', 'check only these sources (aws, github, okta)')
    .action(
      action(async (out, opts, flags: { demo?: boolean; scenario?: string; only?: string[] }) => {
        if (flags.scenario && !flags.demo) throw new InputError('--scenario needs --demo');
        // Why loaded here: `collect` imports this module for its preflight, and a live run does not load the sandbox.
        const sb = flags.demo ? await import('../../sandbox/index.js') : undefined;
        let scenario;
        try {
          scenario = sb?.loadScenario(flags.scenario ?? 'demo-org');
        } catch (err) {
          throw new InputError(`--scenario: ${(err as Error).message}`);
        }
        const s = await setup(opts, { demo: flags.demo, demoConfig: scenario?.configFile, offline: false });
        let sandbox: Sandbox | undefined;
        try {
          let endpoints = liveEndpoints(s.loaded);
          if (scenario && sb) {
            sandbox = await sb.startSandbox(scenario);
            endpoints = pointAtSandbox(s.loaded, sandbox);
          }
          const results = await runProbes(s, { only: flags.only, sandbox: Boolean(sandbox), signal: new AbortController().signal });
          if (opts.json)
            out.json({ ok: results.every((r) => r.problems.length === 0), sources: results.map((r) => ({ ...r, endpoint: endpoints[r.source] })) });
          else renderDoctor(out, results, endpoints);
          if (results.some(cannotAuthenticate)) return EXIT.input;
          return results.some((r) => r.problems.length) ? EXIT.gaps : EXIT.ok;
        } finally {
          await sandbox?.close();
        }
      }),
    );
}

/** One line per source, then one line per problem with its fix. A report meant to be read: stdout. */
function renderDoctor(out: Output, results: ProbeResult[], endpoints: Record<string, string>): void {
  if (!results.length) {
    out.stdout('no API source is configured (or enabled by a check): nothing to check');
    return;
  }
  const lines: string[] = [];
  for (const r of results) {
    const verdict = cannotAuthenticate(r)
      ? out.c.red('cannot authenticate')
      : r.problems.length
        ? out.c.yellow(`${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}`)
        : out.c.green('ok');
    lines.push(`${r.source.padEnd(7)}${verdict}  ${out.c.dim(r.identity ?? endpoints[r.source] ?? '')}`);
    for (const p of r.problems) lines.push(`  ${kindLabel(out, p.kind)} ${p.check}: ${p.message}; fix: ${p.fix}`);
    if (r.passed.length) lines.push(out.c.dim(`  ok: ${r.passed.join(', ')}`));
  }
  out.stdout(lines.join('\n'));
}

function kindLabel(out: Output, kind: ProbeResult['problems'][number]['kind']): string {
  switch (kind) {
    case 'auth':
    case 'unreachable':
      return out.c.red(kind);
    case 'denied':
      return out.c.magenta(kind);
    default:
      return out.c.yellow(kind);
  }
}
