import { Chalk, type ChalkInstance } from 'chalk';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Status } from '../types.js';
import { writeJsonTo } from '../util/json-stream.js';

/** An error from writing to a pipe whose reader went away (`soc2 … | head`). */
export function isClosedPipe(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}

/** Streams a file to stdout; a reader that went away ends the output quietly (the command goes on to its exit code). */
export async function fileToStdout(path: string): Promise<void> {
  try {
    await pipeline(createReadStream(path), process.stdout, { end: false });
  } catch (err) {
    if (!isClosedPipe(err)) throw err;
  }
}

/** Global flags every command sees. */
export interface GlobalOptions {
  config?: string;
  json?: boolean;
  quiet?: boolean;
  color?: boolean;
  failOn?: 'fail' | 'error' | 'never';
}

/**
 * Where output goes: machine output (`--json`) on stdout, everything for people on stderr.
 * Colour only on a TTY, never with --no-color, NO_COLOR or CI plain mode.
 */
export class Output {
  readonly c: ChalkInstance;
  readonly tty: boolean;

  constructor(readonly opts: GlobalOptions) {
    this.tty = Boolean(process.stderr.isTTY) && process.env.CI !== 'true';
    const colour = opts.color !== false && !process.env.NO_COLOR && (this.tty || Boolean(process.env.FORCE_COLOR));
    this.c = new Chalk({ level: colour ? 1 : 0 });
  }

  /** A line for people (stderr), unless --quiet. */
  info(line = ''): void {
    if (!this.opts.quiet) process.stderr.write(`${line}\n`);
  }

  /** A warning for people (stderr), even with --quiet. */
  warn(line: string): void {
    process.stderr.write(`${this.c.yellow('warning')} ${line}\n`);
  }

  /** Machine output (stdout). */
  json(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Machine output for large values (results): written member by member, never one big string. */
  async jsonStream(value: unknown): Promise<void> {
    await writeJsonTo(process.stdout, value);
  }

  /** Plain data output for people who pipe it (stdout): tables of `soc2 controls`, CSV exports. */
  stdout(text: string): void {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  status(s: Status | 'uncovered' | 'gap' | 'excepted'): string {
    const c = this.c;
    switch (s) {
      case 'pass':
        return c.green('pass');
      case 'fail':
        return c.red.bold('fail');
      case 'error':
        return c.magenta('error');
      case 'manual':
        return c.yellow('manual');
      case 'not-applicable':
        return c.dim('n/a');
      case 'uncovered':
        return c.dim('uncovered');
      case 'gap':
        return c.dim('gap');
      case 'excepted':
        return c.cyan('excepted');
    }
  }
}
