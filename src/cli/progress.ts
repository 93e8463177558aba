import ora, { type Ora } from 'ora';
import type { ProgressSink } from '../engine/run.js';
import type { LogEntry } from '../engine/run-log.js';
import type { Output } from './output.js';
import { clip, stripAnsi, terminalWidth } from '../util/table.js';

/** How often a CI log gets a progress line per collector that is still working. */
const PLAIN_EVERY_MS = 30_000;

interface State {
  done?: number;
  total?: number;
  label?: string;
  pages: number;
  finished?: boolean;
  failed?: boolean;
}

/** `3/20 aws accounts, 412 pages`: what a collector has got through, from its own counts. */
export function describeProgress(s: State): string {
  const parts: string[] = [];
  if (s.total !== undefined && s.done !== undefined) parts.push(`${s.done}/${s.total}${s.label ? ` ${s.label}` : ''}`);
  if (s.pages) parts.push(`${s.pages} page${s.pages === 1 ? '' : 's'}`);
  return parts.join(', ') || '…';
}

/** `aws-iam: aws account could not be opened (account=2222…, error=AccessDenied)`: a warning in one line. */
export function describeWarning(e: LogEntry): string {
  const meta = Object.entries(e.meta ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return `${e.collector}: ${e.message}${meta ? ` (${meta})` : ''}`;
}

/**
 * Collector progress: on a TTY a live line with each collector's counts (accounts, repositories, users, pages)
 * fitted to the terminal; in CI or when piped, plain start/finish lines and, for a long collector, a line with its
 * counts every 30 s; nothing with --quiet.
 */
export function progressFor(out: Output, now: () => number = Date.now): ProgressSink & { stop(): void } {
  const state = new Map<string, State>();
  const get = (id: string) => state.get(id) ?? state.set(id, { pages: 0 }).get(id)!;
  // Warnings are said even with --quiet, as every warning is (Output.warn).
  const warn = (e: LogEntry) => out.warn(describeWarning(e));
  if (out.opts.quiet) return { start() {}, update() {}, end() {}, pages() {}, warn, stop() {} };
  if (!out.tty) {
    const last = new Map<string, number>();
    const maybe = (id: string) => {
      const t = now();
      if (t - (last.get(id) ?? t) < PLAIN_EVERY_MS) return;
      last.set(id, t);
      out.info(`collecting ${id}: ${describeProgress(get(id))}`);
    };
    return {
      start: (id) => {
        last.set(id, now());
        out.info(`collecting ${id}…`);
      },
      update: (id, done, total, label) => {
        Object.assign(get(id), { done, total, label });
        maybe(id);
      },
      pages: (id, n) => {
        get(id).pages = n;
        maybe(id);
      },
      warn,
      end: (id, s) =>
        out.info(
          `collected ${id}: ${s.records} records${get(id).pages ? ` from ${get(id).pages} pages` : ''}${s.failed ? `, ${s.failed} scope(s) failed` : ''} in ${(s.ms / 1000).toFixed(1)}s`,
        ),
      stop() {},
    };
  }
  const spinner: Ora = ora({ stream: process.stderr, text: 'collecting…' }).start();
  let rendered = 0;
  const render = (force = false) => {
    // Why throttled: pages arrive by the thousand; the line is redrawn at most ten times a second.
    if (!force && now() - rendered < 100) return;
    rendered = now();
    // Running collectors with their counts first; finished ones shrink to a count (failures stay named).
    const running = [...state].filter(([, s]) => !s.finished).map(([id, s]) => `${id} ${describeProgress(s)}`);
    const failed = [...state].filter(([, s]) => s.failed).map(([id]) => out.c.magenta(`${id} failed`));
    const done = [...state].filter(([, s]) => s.finished).length;
    const text = [...running, ...failed, ...(done ? [out.c.green(`${done} done`)] : [])].join(' · ');
    spinner.text = stripAnsi(text).length > terminalWidth() - 3 ? clip(stripAnsi(text), terminalWidth() - 3) : text;
  };
  return {
    start: (id) => {
      get(id);
      render(true);
    },
    update: (id, done, total, label) => {
      Object.assign(get(id), { done, total, label });
      render();
    },
    pages: (id, n) => {
      get(id).pages = n;
      render();
    },
    end: (id, s) => {
      Object.assign(get(id), { finished: true, failed: s.failed > 0 });
      render(true);
    },
    // Why cleared first: the spinner's line is redrawn after the warning, so the two never share a line.
    warn: (e) => {
      spinner.clear();
      warn(e);
      spinner.render();
    },
    stop: () => spinner.stop(),
  };
}
