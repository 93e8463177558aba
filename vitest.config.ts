import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

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

/**
 * The long files, longest first (seconds on an idle two-core machine with the rest of the suite beside them): started
 * first, so that the short files fill the cores at the end instead of a long one starting last. Vitest orders by the
 * durations of the previous run when it has them and by file size on a fresh clone (CI), which started the 24 s wait of
 * max-duration.test.ts (a 2 kB file) among the last.
 */
const LONG = [
  'test/e2e/max-duration.test.ts', // 24 s, a wait on the run's deadline
  'test/bench/bench-small.test.ts', // 24 s, mostly the rate limits' waits
  'src/populations/equivalence.test.ts', // 32 s
  'test/e2e/populations.test.ts', // 35 s
  'test/e2e/install.slow.test.ts', // 30 s, npm install from the registry
  'test/e2e/week.test.ts', // 30 s
  'test/e2e/ci.test.ts', // 31 s
  'test/bench/daily-small.test.ts', // 31 s
  'test/e2e/robustness.test.ts', // 28 s
  'test/e2e/collect.test.ts', // 20 s
  'collectors/okta/collector.test.ts', // 10 s
];

class LongFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = LONG.findIndex((p) => f.moduleId.endsWith(`/${p}`));
      return i < 0 ? LONG.length : i;
    };
    // Stable: the groups and projects keep vitest's order, and so do the files that are not long.
    return (await super.sort(files)).sort(
      (a, b) =>
        a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder ||
        (a.project.name === b.project.name ? 0 : a.project.name < b.project.name ? -1 : 1) ||
        rank(a) - rank(b),
    );
  }
}

export default defineConfig({
  test: {
    env: { TZ: 'UTC', AWS_EC2_METADATA_DISABLED: 'true' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    sequence: { sequencer: LongFirst },
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
