#!/usr/bin/env node
// The AWS SDK warns about its future Node 22 requirement on every run; the lockfile pins versions that support Node 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Why: collection is bound by API latency and rate limits, not CPU, while evaluating a large estate is
// memory-bound. Asking V8 to favour memory keeps peak RSS within budget (see README, Benchmark).
// SOC2_OPTIMIZE_FOR_SIZE=0 turns it off.
if (process.env.SOC2_OPTIMIZE_FOR_SIZE !== '0') (await import('node:v8')).setFlagsFromString('--optimize-for-size');
const { main } = await import('../dist/src/cli/main.js');
await main(process.argv);
