#!/usr/bin/env node
// The AWS SDK warns about its future Node 22 requirement on every run; the lockfile pins versions that support Node 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { main } = await import('../dist/src/cli/main.js');
await main(process.argv);
