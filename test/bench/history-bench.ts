/**
 * Benchmark of `soc2 history`: writes 365 daily sealed bundles of 30 controls (with records to hash)
 * into a temp directory, then reads the history in a fresh child process and reports its wall time
 * and peak RSS (process.resourceUsage().maxRSS, sampled RSS as a cross-check).
 *
 *   npx tsc -p tsconfig.bench.json && node dist-test/test/bench/history-bench.js [days=365] [controls=30] [users=500]
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readHistory } from '../../src/history/history.js';
import type { CollectorEvent } from '../../src/types.js';
import { writeSyntheticBundle, type SyntheticControl } from '../helpers/bundles.js';

async function read(dir: string): Promise<void> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const t0 = performance.now();
  const h = await readHistory({ evidenceDir: dir });
  const ms = performance.now() - t0;
  clearInterval(timer);
  const episodes = h.controls.reduce((n, c) => n + c.episodes.length, 0);
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `${JSON.stringify({ days: h.summary.daysInWindow, bundlesRead: h.bundles.read, controls: h.controls.length, episodes, ms: Math.round(ms), maxRssMb: Math.round(maxRssMb), sampledPeakRssMb: Math.round(peak / 2 ** 20) })}\n`,
  );
}

function controlsOn(day: number, count: number): SyntheticControl[] {
  return Array.from({ length: count }, (_, k) => {
    const id = `CTL-${String(k + 1).padStart(2, '0')}`;
    // Every 7th control fails for a few days each month, so episodes exist.
    const failing = k % 7 === 0 && day % 30 < 3 ? [{ resource: `arn:aws:iam::123456789012:user/u${day}`, reason: 'no MFA' }] : [];
    return { id, status: failing.length ? 'fail' : 'pass', criteria: [`CC${(k % 9) + 1}.1`], failing };
  });
}

function records(users: number): CollectorEvent[] {
  const source = { operation: 'GET /api/v1/users', fetchedAt: '2026-01-01T00:00:00Z' };
  const events: CollectorEvent[] = [{ kind: 'plan', type: 'okta.user', scope: 'acme.okta.com' }];
  for (let i = 0; i < users; i++) {
    events.push({
      kind: 'record',
      type: 'okta.user',
      scope: 'acme.okta.com',
      source,
      data: { id: `00u${i}`, login: `user${i}@acme.example`, status: 'ACTIVE', lastLogin: '2026-01-01T00:00:00Z' },
    });
  }
  events.push({ kind: 'done', type: 'okta.user', scope: 'acme.okta.com' });
  return events;
}

async function main(): Promise<void> {
  if (process.argv[2] === '--read') return read(process.argv[3]!);
  const [days, controls, users] = [Number(process.argv[2] ?? 365), Number(process.argv[3] ?? 30), Number(process.argv[4] ?? 500)];
  const dir = await mkdtemp(join(tmpdir(), 'soc2-history-bench-'));
  try {
    const t0 = performance.now();
    const events = records(users);
    for (let d = 0; d < days; d++) await writeSyntheticBundle(dir, new Date(Date.UTC(2026, 0, 1 + d, 12)), controlsOn(d, controls), events);
    process.stdout.write(`wrote ${days} bundles (${controls} controls, ${users} records each) in ${Math.round(performance.now() - t0)} ms\n`);
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--read', dir], { encoding: 'utf8' });
    process.stdout.write(child.stdout);
    process.stderr.write(child.stderr);
    const du = spawnSync('du', ['-sh', dir], { encoding: 'utf8' });
    process.stdout.write(`evidence on disk: ${du.stdout.split('\t')[0] ?? '?'}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
