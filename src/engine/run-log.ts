import type { Logger } from '../types.js';

export type LogLevel = 'debug' | 'info' | 'warn';

/** One line of `data/log.jsonl`: a fixed message string and its metadata, never a secret. */
export interface LogEntry {
  time: string;
  level: LogLevel;
  collector: string;
  message: string;
  meta?: Record<string, string | number | boolean | null>;
}

/** Entries kept per run; past it the log counts what it dropped (a run that logs per request must not fill memory). */
const MAX_ENTRIES = 10_000;
/** A metadata string longer than this is cut: a provider's error text is evidence enough in its first line. */
const MAX_VALUE = 300;

/**
 * Token shapes the collectors' providers issue. A collector logs fixed messages and identifiers, but metadata may
 * carry a provider's error text, and a provider may echo a request back: these are masked whatever the source.
 */
const SECRET_SHAPES = [
  /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g,
  /\b00[A-Za-z0-9_-]{38,40}\b/g, // Okta API tokens
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, // AWS access key ids
  /(?:SSWS|Bearer|token)\s+[A-Za-z0-9._-]{16,}/gi,
  /(?:X-Amz-Security-Token|X-Amz-Signature|Signature)=[^&\s]+/gi,
];

export function maskSecrets(s: string): string {
  return SECRET_SHAPES.reduce((t, re) => t.replace(re, '[redacted]'), s);
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function cleanValue(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  const s = maskSecrets(v instanceof Error ? v.message : typeof v === 'string' ? v : typeof v === 'function' ? '[function]' : safeJson(v)).split('\n')[0]!;
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

/** Metadata as the log keeps it: flat, secrets masked, long text cut, nothing that cannot be cloned or serialised. */
export function cleanMeta(meta: Record<string, unknown> | undefined): LogEntry['meta'] {
  if (!meta || !Object.keys(meta).length) return undefined;
  return Object.fromEntries(Object.entries(meta).map(([k, v]) => [k, cleanValue(v)]));
}

/**
 * The run's log: what collectors say through `ctx.log` (an account that could not be opened, a service not enabled
 * in a region, a provider that keeps less history than the window), written into the bundle as `data/log.jsonl` and,
 * for warnings, shown to the user as they happen.
 */
export class RunLog {
  private readonly entries: LogEntry[] = [];
  private dropped = 0;

  constructor(private readonly onWarn?: (entry: LogEntry) => void) {}

  add(collector: string, level: LogLevel, message: string, meta?: Record<string, unknown>): void {
    const entry: LogEntry = { time: new Date().toISOString(), level, collector, message: cleanValue(message) as string };
    const clean = cleanMeta(meta);
    if (clean) entry.meta = clean;
    if (this.entries.length < MAX_ENTRIES) this.entries.push(entry);
    else this.dropped++;
    if (level === 'warn') this.onWarn?.(entry);
  }

  /** The logger a collector receives. */
  for(collector: string): Logger {
    return {
      debug: (m, meta) => this.add(collector, 'debug', m, meta),
      info: (m, meta) => this.add(collector, 'info', m, meta),
      warn: (m, meta) => this.add(collector, 'warn', m, meta),
    };
  }

  get warnings(): number {
    return this.entries.filter((e) => e.level === 'warn').length;
  }

  /** JSON lines, in the order entries were made; a last line counts entries past the cap. */
  jsonl(): string {
    const lines = this.entries.map((e) => JSON.stringify(e));
    if (this.dropped)
      lines.push(
        JSON.stringify({
          time: new Date().toISOString(),
          level: 'warn',
          collector: 'soc2',
          message: 'log entries dropped past the cap',
          meta: { dropped: this.dropped, cap: MAX_ENTRIES },
        }),
      );
    return lines.length ? `${lines.join('\n')}\n` : '';
  }
}
