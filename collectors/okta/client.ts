import { readFileSync } from 'node:fs';
import okta from '@okta/okta-sdk-nodejs';
import type { CollectContext } from '../../src/types.js';
import { OKTA_SCOPES, operationOf, type OktaConfig } from './config.js';
import { Pacer } from './pacer.js';

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
  // The SDK's retry covers 429 only; `maxRetries: 0` disables it (the README's "unlimited" is wrong).
  class PacedExecutor extends Executor {
    override fetch(request: any): any {
      const op = operationOf(request.url, request.method);
      return pacer.before(op).then(() => super.fetch(request));
    }
  }
  const executor = new PacedExecutor({ maxRetries: cfg.maxRetries ?? 4, requestTimeout: ctx.limits.timeoutMs * 4 });
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
    } as never);
  } else {
    if (!cfg.token) throw new Error('sources.okta needs `token` (an SSWS API token, e.g. ${OKTA_API_TOKEN}) or `oauth`');
    client = new okta.Client({ ...common, authorizationMode: 'SSWS', token: cfg.token, clientId: '', scopes: '', privateKey: '', keyId: '' } as never);
  }
  const effective = (client as unknown as { baseUrl: string }).baseUrl;
  ctx.stats.fact('okta.orgUrl', effective);
  ctx.stats.fact('okta.authorizationMode', cfg.oauth ? 'PrivateKey' : 'SSWS');
  return { client, orgUrl: effective, scope: cfg.evidenceScope ?? new URL(cfg.orgUrl).host, pacer };
}
