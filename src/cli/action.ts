/** What every command module shares (commands import this, never `main.ts`, which imports the commands). */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { packagePath } from '../util/paths.js';
import { EXIT } from '../util/exit.js';
import { Output, type GlobalOptions } from './output.js';

export function toolVersion(): string {
  return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
}

/** Wraps a command action: ExitError → message + exit code; anything else → an internal error report. */
export function action<A extends unknown[]>(fn: (out: Output, opts: GlobalOptions, ...args: A) => Promise<number | void>) {
  return async (...args: unknown[]): Promise<void> => {
    const cmd = args[args.length - 1] as Command;
    const opts = cmd.optsWithGlobals<GlobalOptions>();
    const out = new Output(opts);
    const code = await fn(out, opts, ...(args.slice(0, -1) as A));
    process.exitCode = code ?? EXIT.ok;
  };
}
