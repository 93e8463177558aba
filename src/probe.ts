/**
 * Credential and permission probes (`soc2 doctor`, and `collect`'s check that each source can authenticate at
 * all before a bundle is started). A probe makes the provider's cheapest calls through the same SDK clients the
 * collectors use, without retries and with a short timeout, and never returns a secret.
 */
import type { CollectContext, EvidenceType } from './types.js';

/** What a probe found wrong. */
export interface ProbeProblem {
  source: string;
  /**
   * `unreachable`: the host does not answer (DNS, refused, no route); `auth`: the credentials are missing,
   * unreadable or refused; `denied`: authenticated, but a permission the enabled checks need is missing;
   * `limited`: answers, but some fields are hidden (GitHub owner-only settings); `error`: anything else.
   */
  kind: 'unreachable' | 'auth' | 'denied' | 'limited' | 'error';
  /** The call (or step) that showed it: `sts:GetCallerIdentity`, `GET /orgs/{org}`. */
  check: string;
  message: string;
  /** What to do about it, in one line. */
  fix: string;
}

export interface ProbeResult {
  source: string;
  /** Who the credentials are (an ARN, a login, a client id), when authentication worked. */
  identity?: string;
  /** Calls that answered as they should. */
  passed: string[];
  problems: ProbeProblem[];
}

export interface ProbeOptions<C> {
  /** The resolved `sources.<source>` section. */
  config: C;
  /** Evidence types the enabled checks need from this source; permissions are probed for these only. */
  needed: Set<EvidenceType>;
  /** Stop after authentication (collect's pre-flight). */
  authOnly?: boolean;
  timeoutMs: number;
  signal: AbortSignal;
  sandbox: boolean;
}

export type Probe<C = any> = (opts: ProbeOptions<C>) => Promise<ProbeResult>;

/** True when a probe result means the source cannot be collected from at all. */
export function cannotAuthenticate(r: ProbeResult): boolean {
  return r.problems.some((p) => p.kind === 'auth' || p.kind === 'unreachable');
}

const UNREACHABLE = /\b(ENOTFOUND|ECONNREFUSED|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ECONNRESET|ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT)\b/;

/**
 * The network error code behind an SDK error when the host could not be reached (DNS failure, connection
 * refused, no route), looking through wrapped causes (`fetch failed` → `getaddrinfo ENOTFOUND host`).
 */
export function unreachableCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e && depth < 5; depth++) {
    const x = e as { code?: unknown; errno?: unknown; message?: unknown; cause?: unknown; name?: unknown };
    for (const v of [x.code, x.errno, x.name, x.message]) {
      const m = typeof v === 'string' ? UNREACHABLE.exec(v) : null;
      if (m) return m[1];
    }
    // The AWS SDK's and undici's words for a connection that was never established in time.
    if (typeof x.message === 'string' && /without establishing a connection|Connect Timeout Error/i.test(x.message)) return 'ETIMEDOUT';
    // AggregateError (happy-eyeballs connection attempts) keeps its reasons in `errors`.
    const inner = (x as { errors?: unknown[] }).errors;
    if (Array.isArray(inner))
      for (const i of inner) {
        const c = unreachableCode(i);
        if (c) return c;
      }
    e = x.cause;
  }
  return undefined;
}

/** `cannot reach HOST (CODE)`, the one message every probe uses for an unreachable host. */
export function unreachableProblem(source: string, check: string, host: string, code: string, fix: string): ProbeProblem {
  return { source, kind: 'unreachable', check, message: `cannot reach ${host} (${code})`, fix };
}

/** A context for the collectors' client factories: no raw files, no stats, the probe's timeout and signal. */
export function probeContext<C>(opts: ProbeOptions<C>, config: C = opts.config): CollectContext<C> {
  const now = new Date();
  return {
    config,
    asOf: now,
    period: { start: now.toISOString().slice(0, 10), end: now.toISOString().slice(0, 10) },
    raw: async () => {},
    log: { debug() {}, info() {}, warn() {} },
    stats: { page() {}, retry() {}, progress() {}, fact() {} },
    signal: opts.signal,
    shard: { index: 1, count: 1, owns: () => true },
    sandbox: opts.sandbox,
    limits: { concurrency: 1, timeoutMs: opts.timeoutMs },
    shared: new Map(),
  };
}

/** A secret-free, one-line form of an error message. */
export function shortMessage(err: unknown, max = 200): string {
  const e = err as { name?: string; message?: string };
  const text = `${e?.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e?.message ?? String(err)}`.split('\n')[0]!;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
