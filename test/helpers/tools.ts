import { spawnSync } from 'node:child_process';

/** A command-line tool some tests need (xmllint, chromium): installed, or why not and how to install it. */
export interface Tool {
  name: string;
  available: boolean;
  /** Set when the tool is missing: names it and the Debian package that provides it. */
  missing?: string;
  /**
   * True when the tests needing it should be skipped: missing locally. Under CI (`CI=true`, as `.ci/run` sets) a
   * missing tool is never a skip: the tests run and fail, since CI installs both tools.
   */
  skip: boolean;
}

const reported = new Set<string>();

/** Looks for `name` by running it with `args` (e.g. `--version`); `pkg` is the Debian package to install. */
export function tool(name: string, args: string[], pkg: string): Tool {
  const r = spawnSync(name, args, { encoding: 'utf8', timeout: 30_000 });
  if (!r.error && r.status === 0) return { name, available: true, skip: false };
  const missing = `${name} is not installed (${r.error ? r.error.message : `exit ${r.status}`}): install it with \`apt-get install ${pkg}\``;
  const skip = process.env.CI !== 'true';
  if (skip && !reported.has(name)) {
    reported.add(name);
    process.stderr.write(`skipped: tests that need ${name}: ${missing} (CI installs it and fails instead of skipping)\n`);
  }
  return { name, available: false, missing, skip };
}

export const xmllintTool = (): Tool => tool('xmllint', ['--version'], 'libxml2-utils');
export const chromiumTool = (): Tool => tool('chromium', ['--version'], 'chromium');
