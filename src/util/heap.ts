import { setFlagsFromString } from 'node:v8';

/**
 * V8's heap policy per phase of a run. Collecting is paced by APIs but CPU-sensitive: responses must be parsed and
 * the next request sent while other collectors' work competes for the same cores. `--optimize-for-size` there
 * made every full GC a memory-reducing one, so on the large bench V8 ran a full collection of the main heap every
 * ~70 ms and GC took about a fifth of the CPU; instead the heap may grow by 20% between full GCs (V8's default lets
 * it grow up to fourfold). `--optimize-for-size` also caps the young generation of every isolate created after it is
 * set, and switching it off again does not lift the cap: a collector thread started under it scavenged every ~1 MB
 * (a third of its CPU). So the cap is set explicitly, to 4 MB semi-spaces, before collector threads start. Scoring
 * and the offline commands are memory-bound and favour memory. The flags are read by V8 at each GC (the young
 * generation's size when an isolate is created), so switching takes effect at once. SOC2_OPTIMIZE_FOR_SIZE=0
 * leaves V8's defaults throughout.
 */
export function heapPolicy(phase: 'collect' | 'memory'): void {
  if (process.env.SOC2_OPTIMIZE_FOR_SIZE === '0') return;
  setFlagsFromString(phase === 'collect' ? '--no-optimize-for-size --max-semi-space-size=4 --heap-growing-percent=20' : '--optimize-for-size --heap-growing-percent=0');
}
