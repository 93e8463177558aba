import { defineConfig } from 'vitest/config';

/**
 * Files whose assertions are about time (request deadlines of a few hundred milliseconds, bounds measured against a
 * clean run): they run after every other file, in their own group, so that no end-to-end file's CLI children load the
 * machine meanwhile.
 */
const TIMED = ['test/e2e/fault-matrix-*.test.ts', 'test/e2e/deadlines.test.ts'];

/**
 * The command line's `--exclude` patterns (`npx vitest run --exclude '**\/*.slow.test.ts'`): vitest applies them to
 * the root config only, and every test here belongs to a project, so each project adds them to its own exclude.
 */
const cliExclude = process.argv.flatMap((a, i, all) => (a === '--exclude' && all[i + 1] ? [all[i + 1]!] : a.startsWith('--exclude=') ? [a.slice(10)] : []));

export default defineConfig({
  test: {
    env: { TZ: 'UTC', AWS_EC2_METADATA_DISABLED: 'true' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          include: ['src/**/*.test.ts', 'collectors/**/*.test.ts', 'controls/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['dist/**', 'node_modules/**', ...TIMED, ...cliExclude],
          // Why three on two cores: vitest's default (cores − 1) leaves a core idle while an end-to-end file waits on
          // its CLI child or its sandbox; three kept both cores busy (four only added contention). The timed files,
          // whose bounds a third worker would disturb, run alone below.
          maxWorkers: 3,
          // Why not isolated: each file in a fresh process loads vitest and every SDK again (a third of the unit
          // files' CPU); no test stubs a module or leaves a global changed (runCliHere restores what it swaps).
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'timed',
          include: TIMED,
          exclude: ['dist/**', 'node_modules/**', ...cliExclude],
          // The fault matrix's two halves and the deadlines: one file per core, nothing else beside them.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
