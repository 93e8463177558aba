#!/usr/bin/env node
// Why: commander 15 and the SDKs need Node.js 22.12 or newer (package.json engines); on an older Node a dependency
// would fail somewhere deep with a stack trace, so say so once, plainly (exit 2: the environment is bad input).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`soc2: needs Node.js 22.12 or newer; this is Node.js ${process.versions.node} (see README, Install)\n`);
  process.exit(2);
}
// Why: evaluating a large estate and the offline commands are memory-bound; asking V8 to favour memory keeps peak
// RSS within budget (see README, Benchmark). Set once, here, before anything is loaded: nothing switches V8 flags
// later (Node documents that as undefined behaviour). Not for `--demo`: the built-in demo estate is small and fixed,
// memory is never its limit, and the flag doubles its CPU time (9.5 s against 5.0 s of user time for
// `collect --demo`, 270 against 335 MB peak). SOC2_OPTIMIZE_FOR_SIZE=1 or =0 decides instead.
const optimizeForSize = process.env.SOC2_OPTIMIZE_FOR_SIZE ? process.env.SOC2_OPTIMIZE_FOR_SIZE !== '0' : !process.argv.includes('--demo');
if (optimizeForSize) (await import('node:v8')).setFlagsFromString('--optimize-for-size');
// Node 22's on-disk compile cache (os.tmpdir()/node-compile-cache, compiled code of soc2 and its dependencies only):
// about 15% less CPU to start. Enabled after the V8 flags above, which the cache entries are keyed on.
(await import('node:module')).enableCompileCache?.();
const { main } = await import('../dist/src/cli/main.js');
await main(process.argv);
