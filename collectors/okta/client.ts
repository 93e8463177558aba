import { readFileSync } from 'node:fs';
import okta from '@okta/okta-sdk-nodejs';
import type { CollectContext } from '../../src/types.js';
import { OKTA_SCOPES, operationOf, type OktaConfig } from './config.js';
import { Pacer } from './pacer.js';
import { withDeadline } from '../../src/collector-kit.js';

export interface OktaHandle {
  client: okta.Client;
  /** Effective org URL (what the SDK talks to). */
  orgUrl: string;
  /** Evidence scope: the org's host, e.g. `acme.okta.com`. */
  scope: string;
  pacer: Pacer;
}

/**
 * Builds the real SDK client from config only. The SDK's ConfigLoader merges ~/.okta/okta.yaml, ./okta.yaml
 * and OKTA_CLIENT_* env vars under the constructor config (src/config-loader.js), so every key it reads
 * (authorizationMode, orgUrl, token, clientId, scopes, privateKey, keyId, userAgent) is set explicitly here;
 * an explicit '' overwrites whatever those sources put in.
 */
export function createOktaClient(ctx: CollectContext<OktaConfig>): OktaHandle {
  const cfg = ctx.config;
  const pacer = new Pacer();
  const Executor = okta.DefaultRequestExecutor as unknown as new (o: { maxRetries: number; requestTimeout: number }) => okta.DefaultRequestExecutor;
  const timeoutMs = ctx.limits.timeoutMs;
  const retries = cfg.maxRetries ?? 4;
  const baseMs = cfg.retryBaseMs ?? 1000;
  // The SDK's retry covers 429 only; `maxRetries: 0` disables it (the README's "unlimited" is wrong).
  class PacedExecutor extends Executor {
    override fetch(request: any): any {
      const op = operationOf(request.url, request.method);
      const attempt = async (): Promise<any> => {
        await pacer.before(op);
        // Why set here: node-fetch's `timeout` bounds one attempt (until the answer, then again its body); the SDK
        // sets it only on a request's first pass, to the whole budget of its 429 retries.
        request.startTime ??= new Date();
        request.timeout = timeoutMs;
        return buffered(await super.fetch(request), timeoutMs, String(request.url));
      };
      return retryTransient(attempt, retries, baseMs, ctx.signal, () => ctx.stats.retry(op, 'server error, cut answer or timeout'));
    }
  }
  // requestTimeout 0: each attempt carries its own timeout (above), so the SDK's total budget is not needed.
  const executor = new PacedExecutor({ maxRetries: retries, requestTimeout: 0 });
  executor.on('response', (res: { url: string; headers: { get(n: string): string | null }; status: number }) => {
    const op = operationOf(res.url);
    pacer.after(op, res.headers);
    if (res.status < 300) ctx.stats.page(op);
  });
  executor.on('backoff', (req: { url: string; method?: string }, res: { status: number }, _id: string, delayMs: number) => {
    ctx.stats.retry(operationOf(req.url, req.method), `HTTP ${res.status} E0000047, backing off ${Math.max(0, Math.round(delayMs))} ms`);
  });
  const orgUrl = cfg.orgUrl.replace(/\/+$/, '');
  const common = { orgUrl, requestExecutor: executor, cacheMiddleware: null, userAgent: 'soc2-evidence-collector' };
  let client: okta.Client;
  if (cfg.oauth) {
    const text = readFileSync(cfg.oauth.privateKeyFile, 'utf8');
    const privateKey = text.trimStart().startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : text;
    client = new okta.Client({
      ...common,
      authorizationMode: 'PrivateKey',
      token: '',
      clientId: cfg.oauth.clientId,
      scopes: cfg.oauth.scopes ?? Object.keys(OKTA_SCOPES),
      privateKey,
      keyId: cfg.oauth.keyId ?? '',
    });
  } else {
    if (!cfg.token) throw new Error('sources.okta needs `token` (an SSWS API token, e.g. ${OKTA_API_TOKEN}) or `oauth`');
    client = new okta.Client({ ...common, authorizationMode: 'SSWS', token: cfg.token, clientId: '', scopes: '', privateKey: '', keyId: '' } as never);
  }
  const effective = (client as unknown as { baseUrl: string }).baseUrl;
  ctx.stats.fact('okta.orgUrl', effective);
  ctx.stats.fact('okta.authorizationMode', cfg.oauth ? 'PrivateKey' : 'SSWS');
  return { client, orgUrl: effective, scope: cfg.evidenceScope ?? new URL(cfg.orgUrl).host, pacer };
}

/**
 * Why the body is read here: the SDK reads it after the executor has returned, where a body cut mid-way or never
 * finished could no longer be retried. A whole body is handed on in a response of the same class.
 */
async function buffered(res: any, timeoutMs: number, url: string): Promise<any> {
  const body: Buffer = await withDeadline(new AbortController().signal, 2 * timeoutMs, `GET ${new URL(url).pathname}`, () => res.buffer());
  const Res = res.constructor as new (b: Buffer, o: object) => any;
  return new Res(body, { url: res.url, status: res.status, statusText: res.statusText, headers: res.headers });
}

/**
 * Okta's own retry is for 429 only. A server error (5xx), a connection that failed or was cut, and an attempt that
 * timed out are retried here `retries` times, waiting baseMs × 2^n; the last answer (or error) is what the SDK sees.
 */
async function retryTransient(attempt: () => Promise<any>, retries: number, baseMs: number, signal: AbortSignal, onRetry: () => void): Promise<any> {
  for (let n = 0; ; n++) {
    let res: any;
    try {
      res = await attempt();
    } catch (err) {
      if (n >= retries || signal.aborted || !transient(err)) throw err;
      onRetry();
      await sleep(baseMs * 2 ** n, signal);
      continue;
    }
    if (res.status < 500 || n >= retries || signal.aborted) return res;
    onRetry();
    await sleep(baseMs * 2 ** n, signal);
  }
}

function transient(err: unknown): boolean {
  const e = err as { name?: string; type?: string; code?: string };
  return (
    e.name === 'TimeoutError' || e.name === 'FetchError' || e.type === 'request-timeout' || e.type === 'body-timeout' || e.type === 'system' || Boolean(e.code)
  );
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
