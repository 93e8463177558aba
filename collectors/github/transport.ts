import { setTimeout as sleep } from 'node:timers/promises';
import type { Octokit } from '@octokit/rest';
import { RequestError } from '@octokit/request-error';
import pLimit from 'p-limit';
import pThrottle from 'p-throttle';
import { RawText, withDeadline } from '../../src/collector-kit.js';

/**
 * How the collector's requests travel, innermost first: native JSON parsing, retries of server errors, then
 * @octokit/plugin-throttling (primary and secondary limit answers), then one gate for concurrency and pacing.
 *
 * Why not Bottleneck: plugin-throttling and plugin-retry schedule every request through Bottleneck, whose local
 * store yields to the timer queue several times per job: milliseconds of added latency per layer on an idle event
 * loop and more on a busy one, a large share of a short round trip, paid on every call. The plugin's
 * limit handling is kept; its Bottleneck groups are replaced by `passThrough` and `Retrier`, which are the contract
 * the plugin uses (`key().schedule`, `schedule` and the `failed` event), without the timer hops.
 */

type Client = Pick<InstanceType<typeof Octokit>, 'hook'>;

/** Longest any single request is retried, whatever the listeners ask for: every request loop is bounded. */
const MAX_ATTEMPTS = 10;

/** Stands in for a plugin-throttling Bottleneck group: runs the job at once (the gate below bounds and paces). */
export const passThrough = {
  key: () => ({ schedule: <R>(_opts: unknown, fn: (...a: unknown[]) => R, ...args: unknown[]) => Promise.resolve().then(() => fn(...args)) }),
};

type FailedListener = (error: unknown, info: { args: unknown[]; retryCount: number }) => unknown;

/**
 * Bottleneck's retry contract without its scheduler: `schedule(fn, ...args)` runs the job; when it fails, the
 * `failed` listeners decide — a number is the wait in ms before the next attempt, anything else gives up.
 */
export class Retrier {
  private readonly listeners: FailedListener[] = [];

  constructor(private readonly signal?: AbortSignal) {}

  on(event: string, fn: FailedListener): this {
    if (event === 'failed') this.listeners.push(fn);
    return this;
  }

  async schedule<R>(fn: (...a: unknown[]) => Promise<R>, ...args: unknown[]): Promise<R> {
    for (let retryCount = 0; ; retryCount++) {
      try {
        return await fn(...args);
      } catch (error) {
        let wait: unknown;
        // Why a listener's own failure means "no retry": plugin-throttling's listener reads `error.response.headers`
        // of every GraphQL failure, and an attempt that timed out or lost its connection has no response; the
        // request's own error must be the one that surfaces.
        for (const l of this.listeners)
          wait ??= await Promise.resolve()
            .then(() => l(error, { args, retryCount }))
            .catch(() => undefined);
        if (typeof wait !== 'number' || retryCount + 1 >= MAX_ATTEMPTS) throw error;
        await sleep(wait, undefined, { signal: this.signal });
      }
    }
  }
}

/**
 * Parses successful JSON answers with the native `JSON.parse`. @octokit/request parses them with json-with-bigint,
 * which on Node 20 rewrites the text and revives every value — most of the collector's CPU and garbage on a large
 * organisation. GitHub's numbers in these answers (ids, counts) stay below 2^53, where the two parse alike.
 */
export function nativeJson(octokit: Client): void {
  octokit.hook.wrap('request', async (request, options) => {
    // Why assigned in place: before-after-hook binds inner hooks to this same options object, so a copy is ignored.
    options.request = { ...options.request, parseSuccessResponseBody: false };
    const response = await request(options);
    const body = response.data as unknown;
    if (!body || typeof (body as { getReader?: unknown }).getReader !== 'function') return response;
    const text = await new Response(body as ReadableStream).text();
    if (!/\bjson\b/i.test(String(response.headers['content-type'] ?? ''))) return { ...response, data: text };
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      // Why an error, not the text (as @octokit/request returns): a cut-off or empty body must never read as an
      // empty list or an object without its fields.
      throw new InvalidResponseError(
        `${options.method} ${String(options.url).split('?')[0]} answered ${response.status} with a body that is not JSON (${text.length} bytes)`,
      );
    }
    if (data && typeof data === 'object') {
      texts.set(data, text);
      // Why the inner object too, for GraphQL only: Octokit's graphql() hands back the answer's `data` member; a REST
      // object's own `data` field must not stand for the whole answer.
      const inner = (data as { data?: unknown }).data;
      if (/\/graphql$/.test(String(options.url)) && inner && typeof inner === 'object') texts.set(inner, text);
    }
    return { ...response, data };
  });
}

const texts = new WeakMap<object, string>();

/** The text a parsed answer (or a GraphQL answer's `data`) was read from, as `ctx.raw` takes it; else `fallback`. */
export function asReceived(parsed: unknown, fallback: unknown): unknown {
  const text = parsed && typeof parsed === 'object' ? texts.get(parsed) : undefined;
  return text === undefined ? fallback : new RawText(text);
}

/** A provider answer that is not what the API documents (not JSON, not a list where a list is due). */
export class InvalidResponseError extends Error {
  override readonly name = 'InvalidResponseError';
}

/**
 * A deadline on every attempt: Octokit's fetch-based request ignores `request.timeout`, so an answer the server
 * withholds would wait for undici's own 300 s (per attempt). Each attempt gets a signal that aborts after the
 * configured timeout (or with the run's signal), covering the body as well (nativeJson reads it inside); the
 * attempt then fails as a TimeoutError, which serverRetry retries like a server error.
 */
export function deadline(octokit: Client, options: { request?: { timeout?: number; signal?: AbortSignal } }): void {
  const ms = options.request?.timeout;
  if (!ms) return;
  const outer = options.request?.signal ?? new AbortController().signal;
  octokit.hook.wrap('request', (request, opts) => {
    const what = `${opts.method} ${String(opts.url).split('?')[0]}`;
    return withDeadline(outer, ms, what, async (signal) => {
      // Why assigned in place: see nativeJson.
      opts.request = { ...opts.request, signal };
      return request(opts);
    });
  });
}

/** A failure of the connection rather than an answer: retried like a server error. */
export function isTransportFailure(error: unknown): boolean {
  if (error instanceof RequestError) return false;
  const e = error as { name?: string; message?: string };
  return e?.name === 'TimeoutError' || /fetch failed|terminated|other side closed|socket|ECONNRESET|ECONNREFUSED|EPIPE/i.test(e?.message ?? '');
}

export interface ServerRetryOptions {
  retries: number;
  baseMs: number;
  /** Statuses never retried here (client errors, and rate limits, which plugin-throttling waits out). */
  doNotRetry: number[];
  onRetry: (options: { method?: string; url?: string }) => void;
  signal?: AbortSignal;
}

/**
 * Retries server errors (5xx, network failures, GraphQL's "Something went wrong while executing your query") up to
 * `retries` times, waiting baseMs × (attempt)² — the policy of @octokit/plugin-retry, whose per-request Bottleneck
 * this replaces.
 */
export function serverRetry(octokit: Client, o: ServerRetryOptions): void {
  octokit.hook.wrap('request', (request, options) => {
    const retrier = new Retrier(o.signal).on('failed', (error, info) => {
      const status = (error as { status?: number }).status ?? 0;
      if (info.retryCount >= o.retries || o.signal?.aborted) return undefined;
      if (!isTransportFailure(error) && (!(error instanceof RequestError) || status < 400 || o.doNotRetry.includes(status))) return undefined;
      o.onRetry(options);
      return o.baseMs * (info.retryCount + 1) ** 2;
    });
    return retrier.schedule(async () => {
      const response = await request(options);
      const errors = (response.data as { errors?: Array<{ message?: string }> } | undefined)?.errors;
      if (errors?.length && /Something went wrong while executing your query/.test(errors[0]!.message ?? '')) {
        throw new RequestError(errors[0]!.message!, 500, { request: options, response: response as never });
      }
      return response;
    });
  });
}

/**
 * Every request of the collector goes through one gate: REST and GraphQL each within their secondary points per
 * sliding minute, then at most `concurrency` in flight (the configured figure; GitHub allows 100).
 */
export function gate(octokit: Client, concurrency: number, perMinute: { rest: number; graphql: number }, signal: AbortSignal): void {
  const inFlight = pLimit(Math.max(1, concurrency));
  const window = (limit: number) => pThrottle({ limit, interval: 60_000, strict: true, signal })(async () => undefined);
  const rest = window(perMinute.rest);
  const graphql = window(perMinute.graphql);
  octokit.hook.wrap('request', async (request, options) => {
    // Why: an App's installation token is minted from inside another request's auth hook; gating it could deadlock.
    if (/\/app\/installations\/[^/]+\/access_tokens$/.test(String(options.url))) return request(options);
    await (/\/graphql$/.test(String(options.url)) ? graphql() : rest());
    return inFlight(() => request(options));
  });
}
