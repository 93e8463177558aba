import ora, { type Ora } from 'ora';
import type { ProgressSink } from '../engine/run.js';
import type { Output } from './output.js';

/**
 * Collector progress: a live spinner line on a TTY, plain start/finish lines in CI or when piped,
 * nothing with --quiet.
 */
export function progressFor(out: Output): ProgressSink & { stop(): void } {
  const state = new Map<string, string>();
  if (out.opts.quiet) return { start() {}, update() {}, end() {}, stop() {} };
  if (!out.tty) {
    return {
      start: (id) => out.info(`collecting ${id}…`),
      update() {},
      end: (id, s) => out.info(`collected ${id}: ${s.records} records${s.failed ? `, ${s.failed} scope(s) failed` : ''} in ${(s.ms / 1000).toFixed(1)}s`),
      stop() {},
    };
  }
  const spinner: Ora = ora({ stream: process.stderr, text: 'collecting…' }).start();
  const render = () => {
    spinner.text = [...state].map(([id, s]) => `${id} ${s}`).join(' · ');
  };
  return {
    start: (id) => {
      state.set(id, '…');
      render();
    },
    update: (id, done, total, label) => {
      state.set(id, `${done}/${total}${label ? ` ${label}` : ''}`);
      render();
    },
    end: (id, s) => {
      state.set(id, s.failed ? out.c.magenta(`done (${s.failed} failed)`) : out.c.green('done'));
      render();
    },
    stop: () => spinner.stop(),
  };
}
