#!/usr/bin/env node
// The AWS SDK warns about its future Node 22 requirement on every run; the lockfile pins versions that support Node 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Why: evaluating a large estate and the offline commands are memory-bound; asking V8 to favour memory keeps peak
// RSS within budget (see README, Benchmark). While collectors run, `collect` switches to a policy that costs less
// CPU (src/util/heap.ts). SOC2_OPTIMIZE_FOR_SIZE=0 leaves V8's defaults throughout.
if (process.env.SOC2_OPTIMIZE_FOR_SIZE !== '0') (await import('node:v8')).setFlagsFromString('--optimize-for-size');
const { main } = await import('../dist/src/cli/main.js');
await main(process.argv);
