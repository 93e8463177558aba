import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'collectors/**/*.test.ts', 'controls/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['dist/**', 'node_modules/**'],
    env: { TZ: 'UTC', AWS_EC2_METADATA_DISABLED: 'true' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Why 3 on two cores: vitest's default (cores - 1) is one worker, which runs the 93 files one after another while
    // most end-to-end files wait on a spawned CLI, a sandbox deadline or a hung request; three keep both cores busy.
    maxWorkers: 3,
  },
});
