import { setFlagsFromString } from 'node:v8';

/**
 * V8's heap policy per phase of a run. Collecting is paced by APIs but CPU-sensitive: responses must be parsed and
 * the next request sent while other collectors' work competes for the same cores. `--optimize-for-size` there
 * made every full GC a memory-reducing one and kept the young generation at its minimum, so on the large bench
 * V8 ran a full collection of the main heap every ~70 ms and GC took about a fifth of the CPU; instead the heap
 * may grow by 20% between full GCs (V8's default lets it grow up to fourfold). Scoring and the offline commands
 * are memory-bound, so they favour memory. Both flags are read by V8 at each GC, so switching between phases
 * takes effect at once. SOC2_OPTIMIZE_FOR_SIZE=0 leaves V8's defaults throughout.
 */
export function heapPolicy(phase: 'collect' | 'memory'): void {
  if (process.env.SOC2_OPTIMIZE_FOR_SIZE === '0') return;
  setFlagsFromString(phase === 'collect' ? '--no-optimize-for-size --heap-growing-percent=20' : '--optimize-for-size --heap-growing-percent=0');
}
