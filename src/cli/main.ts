import { Command, CommanderError, Option } from 'commander';
import { LockHeldError } from '../bundle/lock.js';
import { BundleReadError } from '../bundle/reader.js';
import { EXIT, ExitError } from '../util/exit.js';
import { toolVersion } from './action.js';
import { isClosedPipe } from './output.js';
import { commands } from './commands/index.js';

export function buildProgram(): Command {
  const program = new Command('soc2')
    .description('SOC 2 evidence, every day: collect from AWS, GitHub and Okta, score controls, seal evidence bundles, pack them for the auditor.')
    .version(toolVersion())
    .option('-c, --config <file>', 'configuration file', 'soc2.config.yaml')
    .option('--json', 'machine output on stdout (human output stays on stderr)')
    .option('-q, --quiet', 'only warnings and errors on stderr')
    .option('--no-color', 'no colour')
    .addOption(new Option('--fail-on <level>', 'what makes the exit code non-zero').choices(['fail', 'error', 'never']).default('fail'))
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of commands) register(program);
  return program;
}

/**
 * A reader that goes away (`soc2 … | head`) closes the pipe: further output is dropped instead of ending in an
 * EPIPE stack trace, and the command runs to its own end (a collect still seals; the exit code still says what
 * it found).
 */
export function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
    const drop = (_chunk: unknown, enc?: unknown, cb?: unknown): boolean => {
      const done = typeof enc === 'function' ? enc : cb;
      if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
      return true;
    };
    stream.write = drop;
    // A writer waiting for 'drain' from the closed pipe would wait for ever.
    stream.emit('drain');
  });
}

export async function main(argv: string[]): Promise<void> {
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = report(err);
  }
}

function report(err: unknown): number {
  if (err instanceof CommanderError) {
    // commander already printed its message; help and version are not errors.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
    return EXIT.input;
  }
  // The reader of our output went away mid-command (the pipe is closed): no message, and the status a process
  // ended by SIGPIPE has (128 + 13), never 0, since the command did not finish.
  if (isClosedPipe(err)) return 141;
  // A bundle file that cannot be read as one (a line over the limit, a file that is not regular): bad input, named.
  if (err instanceof LockHeldError || err instanceof BundleReadError) {
    process.stderr.write(`soc2: ${err.message}\n`);
    return EXIT.input;
  }
  if (err instanceof ExitError) {
    process.stderr.write(`soc2: ${err.message}\n`);
    for (const d of err.details) process.stderr.write(`${d}\n`);
    return err.code;
  }
  const e = err as Error;
  process.stderr.write(`soc2: internal error: ${e?.message ?? String(err)}\n`);
  if (process.env.SOC2_DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
  process.stderr.write('This is a bug in soc2. Please report it with the command you ran (set SOC2_DEBUG=1 for a stack trace).\n');
  return 70;
}
