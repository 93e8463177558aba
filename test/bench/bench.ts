/**
 * `npm run bench [-- --size small|large] [--latency MS] [--only aws,github,okta] [--aggregation] [--trace FILE] [--json] [--keep]`
 * (or `-- --daily N [--full|--compare] [--unlimited] [--collectors ID,…]`, the daily series of test/bench/daily.ts): generates a seeded estate, serves it
 * from the sandbox (fixed latency, provider rate limits in force), runs `soc2 collect` on it as a child process and
 * prints per provider calls vs the minimum the estate needs, retries, throttled responses, wall time vs its lower
 * bound, and the CLI's peak RSS. Human output on stderr, `--json` on stdout.
 */
import { runBench, type BenchResult, type Provider } from './run-bench.js';
import type { BenchSize } from './scenario.js';
import { renderComparison, renderDaily, runDaily } from './daily.js';

interface Args {
  size: BenchSize;
  latencyMs: number;
  json: boolean;
  keep: boolean;
  only?: Provider[];
  trace?: string;
  /** Daily-series mode: this many consecutive simulated days on one evidence directory. */
  daily?: number;
  /** With --daily: re-read every population's whole window each day. */
  full: boolean;
  /** With --daily: the incremental series, then the --full one, and the two side by side. */
  compare: boolean;
  /** With --daily: lift the rate limits (calls and bytes unchanged; wall time then measures our own CPU). */
  unlimited: boolean;
  /** With --daily: `soc2 collect --only` these collector ids or sources. */
  collectors?: string[];
  /** AWS aggregation mode (sources.aws.aggregation). */
  aggregation: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { size: 'large', latencyMs: 50, json: false, keep: false, full: false, compare: false, unlimited: false, aggregation: false };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i]!;
    if (v === '--json') a.json = true;
    else if (v === '--keep') a.keep = true;
    else if (v === '--size' && (argv[i + 1] === 'small' || argv[i + 1] === 'large')) a.size = argv[++i] as BenchSize;
    else if (v === '--latency' && /^\d+$/.test(argv[i + 1] ?? '')) a.latencyMs = Number(argv[++i]);
    else if (v === '--only' && /^(aws|github|okta)(,(aws|github|okta))*$/.test(argv[i + 1] ?? '')) a.only = argv[++i]!.split(',') as Provider[];
    else if (v === '--trace' && argv[i + 1]) a.trace = argv[++i];
    else if (v === '--daily' && /^[1-9]\d*$/.test(argv[i + 1] ?? '')) a.daily = Number(argv[++i]);
    else if (v === '--full') a.full = true;
    else if (v === '--compare') a.compare = true;
    else if (v === '--unlimited') a.unlimited = true;
    else if (v === '--collectors' && /^[a-z0-9-]+(,[a-z0-9-]+)*$/.test(argv[i + 1] ?? '')) a.collectors = argv[++i]!.split(',');
    else if (v === '--aggregation') a.aggregation = true;
    else
      throw new Error(
        `bench: unknown or incomplete argument '${v}' (use --size small|large, --latency MS, --only aws,github,okta, --trace FILE, --daily N, --full, --compare, --unlimited, --collectors ID,…, --aggregation, --json, --keep)`,
      );
  }
  return a;
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The human report: one block per provider, then the limits in force and the process's peak RSS. */
export function render(r: BenchResult): string {
  const lines = [`soc2 bench — ${r.size} estate, AWS ${r.awsMode} mode, ${r.latencyMs} ms latency per response, ${r.records.toLocaleString('en')} records`, ''];
  lines.push('provider  calls    minimum  calls/min  retries  throttled  wall      lower bound  wall/bound  concurrency  service');
  for (const [p, f] of Object.entries(r.providers)) {
    lines.push(
      [
        p.padEnd(8),
        String(f.calls).padEnd(8),
        String(f.minimum).padEnd(8),
        String(f.callRatio).padEnd(10),
        String(f.retries).padEnd(8),
        String(f.throttled).padEnd(10),
        s(f.wallMs).padEnd(9),
        s(f.lowerBoundMs).padEnd(12),
        String(f.wallRatio).padEnd(11),
        String(f.concurrency).padEnd(12),
        `${f.serviceMs} ms`,
      ].join(' '),
    );
  }
  lines.push('');
  for (const [p, f] of Object.entries(r.providers)) {
    for (const [op, e] of Object.entries(f.excess)) lines.push(`  ${p} ${op}: ${e.calls} calls, minimum ${e.minimum}`);
    if (f.scopesFailed) lines.push(`  ${p}: ${f.scopesFailed} scope(s) failed to collect`);
  }
  lines.push('', 'rate limits in force:');
  for (const [p, ls] of Object.entries(r.limits)) for (const l of ls) lines.push(`  ${p}: ${l}`);
  lines.push('', `soc2 collect: exit ${r.cli.exitCode}, ${s(r.cli.wallMs)} wall, peak RSS ${r.cli.peakRssMb} MB (sampled ${r.cli.sampledPeakRssMb} MB)`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.daily) {
    const days = args.daily;
    const series = (full: boolean) =>
      runDaily({
        size: args.size,
        days,
        full,
        latencyMs: args.latencyMs,
        unlimited: args.unlimited,
        collectors: args.collectors,
        onProgress: (l) => process.stderr.write(`${l}\n`),
      });
    const modes = args.compare ? [false, true] : [args.full];
    const results = [];
    for (const full of modes) {
      const r = await series(full);
      process.stderr.write(`${renderDaily(r)}\n`);
      results.push(r);
    }
    if (results.length === 2) process.stderr.write(`${renderComparison(results[0]!, results[1]!)}\n`);
    if (args.json) process.stdout.write(`${JSON.stringify(results.length === 2 ? { incremental: results[0], full: results[1] } : results[0], null, 2)}\n`);
    return;
  }
  const result = await runBench({
    size: args.size,
    latencyMs: args.latencyMs,
    keep: args.keep,
    only: args.only,
    trace: args.trace,
    aggregation: args.aggregation,
    onProgress: (l) => process.stderr.write(`${l}\n`),
  });
  process.stderr.write(`${render(result)}\n`);
  if (args.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).message}\n`);
  process.exitCode = 2;
});
