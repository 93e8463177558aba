import { InvalidAnswer } from '../../src/collector-kit.js';
import type { CollectorEvent } from '../../src/types.js';
import type { OktaHandle } from './client.js';
import { enumeration, record, walk, type Ctx } from './common.js';
import type { OktaAdminConsoleApp, OktaApiToken, OktaEventHook, OktaLogStream } from './evidence.js';
import { iso } from './plain.js';

/** The org-security evidence types, each its own enumeration (a missing scope errs only its type). */
export const SECURITY_TYPES = ['okta.log-stream', 'okta.event-hook', 'okta.api-token', 'okta.app.admin-console'];

/**
 * `okta.log-stream`: every log stream, paged to the end (the SDK's Collection follows Link `rel="next"`).
 * `settings` is left out: it differs per type and no check reads it.
 */
export function collectLogStreams(ctx: Ctx, h: OktaHandle): AsyncGenerator<CollectorEvent> {
  return enumeration('okta.log-stream', h.scope, 'GET /api/v1/logStreams', async function* () {
    // Why no `limit`: Okta documents the default (20) but no maximum; the Link header leads on either way.
    const coll = await h.client.logStreamApi.listLogStreams();
    for await (const s of walk(ctx, h.scope, 'ListLogStreams', coll as AsyncIterable<any>)) {
      for (const f of ['id', 'type', 'status'] as const) if (!s[f]) throw new InvalidAnswer(`log stream ${s.id ?? '?'} has no ${f} field`);
      const data: OktaLogStream = {
        id: s.id,
        name: String(s.name ?? s.id),
        type: String(s.type),
        status: String(s.status),
        created: iso(s.created),
        lastUpdated: iso(s.lastUpdated),
      };
      yield record('okta.log-stream', h.scope, 'GET /api/v1/logStreams', data);
    }
  });
}

/**
 * `okta.event-hook`: every event hook. Why the raw answer is rewritten: a hook's custom header values are
 * returned by Okta and may be credentials of the receiving SIEM; only their keys are kept on disk.
 */
export function collectEventHooks(ctx: Ctx, h: OktaHandle): AsyncGenerator<CollectorEvent> {
  return enumeration('okta.event-hook', h.scope, 'GET /api/v1/eventHooks', async function* () {
    const coll = await h.client.eventHookApi.listEventHooks();
    const hooks: any[] = [];
    for await (const x of coll as AsyncIterable<any>) if (x) hooks.push(x);
    await ctx.raw(h.scope, 'ListEventHooks', hooks.map(redactHook));
    for (const x of hooks) {
      for (const f of ['id', 'status'] as const) if (!x[f]) throw new InvalidAnswer(`event hook ${x.id ?? '?'} has no ${f} field`);
      if (!Array.isArray(x.events?.items)) throw new InvalidAnswer(`event hook ${x.id} has no events.items (its subscribed event types)`);
      const data: OktaEventHook = {
        id: x.id,
        name: String(x.name ?? x.id),
        status: String(x.status),
        verificationStatus: x.verificationStatus ? String(x.verificationStatus) : null,
        eventTypes: x.events.items.map(String),
        destination: destinationOf(x.channel?.config?.uri),
        created: iso(x.created),
        lastUpdated: iso(x.lastUpdated),
      };
      yield record('okta.event-hook', h.scope, 'GET /api/v1/eventHooks', data);
    }
  });
}

function redactHook(x: any): unknown {
  const plain = JSON.parse(JSON.stringify(x));
  const cfg = plain?.channel?.config;
  if (cfg) {
    if (Array.isArray(cfg.headers)) cfg.headers = cfg.headers.map((hd: { key?: string }) => ({ key: hd.key, value: '[redacted]' }));
    if (cfg.authScheme) delete cfg.authScheme.value;
    if (cfg.uri) cfg.uri = destinationOf(cfg.uri);
  }
  return plain;
}

/** Scheme, host and path only: a query string could carry a shared secret. */
function destinationOf(uri: unknown): string | null {
  if (typeof uri !== 'string') return null;
  try {
    const u = new URL(uri);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return null;
  }
}

/** ISO-8601 duration (P30D, PT720H, P1W, P1DT12H) in days; undefined when it is not one. */
export function durationDays(d: string): number | undefined {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(d);
  if (!m || d === 'P' || d.endsWith('T')) return undefined;
  const [w, day, hr, min, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number];
  return w * 7 + day + hr / 24 + min / 1440 + s / 86_400;
}

/**
 * `okta.api-token`: every API token's metadata. A field the checks need that is missing is `invalid-response`
 * (never a default): the owner (`userId`), `network.connection`, `expiresAt` and `tokenWindow` (from which the
 * last use is derived, Okta having no last-used field).
 */
export function collectApiTokens(ctx: Ctx, h: OktaHandle): AsyncGenerator<CollectorEvent> {
  return enumeration('okta.api-token', h.scope, 'GET /api/v1/api-tokens', async function* () {
    const coll = await h.client.apiTokenApi.listApiTokens();
    for await (const t of walk(ctx, h.scope, 'ListApiTokens', coll as AsyncIterable<any>)) {
      const id = t.id ?? '?';
      for (const f of ['id', 'name', 'userId', 'created', 'expiresAt', 'tokenWindow'] as const)
        if (t[f] === undefined || t[f] === null) throw new InvalidAnswer(`API token ${id} has no ${f} field`);
      if (!t.network?.connection) throw new InvalidAnswer(`API token ${id} has no network.connection field`);
      const days = durationDays(String(t.tokenWindow));
      const expiresAt = iso(t.expiresAt);
      if (days === undefined) throw new InvalidAnswer(`API token ${id} has tokenWindow '${t.tokenWindow}', not an ISO-8601 duration`);
      if (!expiresAt) throw new InvalidAnswer(`API token ${id} has expiresAt '${t.expiresAt}', not a date`);
      const data: OktaApiToken = {
        id: t.id,
        name: String(t.name),
        userId: String(t.userId),
        clientName: t.clientName ?? null,
        created: iso(t.created)!,
        lastUpdated: iso(t.lastUpdated),
        expiresAt,
        tokenWindow: String(t.tokenWindow),
        tokenWindowDays: days,
        lastUsedDerived: new Date(Date.parse(expiresAt) - days * 86_400_000).toISOString(),
        network: { connection: String(t.network.connection), include: (t.network.include ?? []).map(String), exclude: (t.network.exclude ?? []).map(String) },
      };
      yield record('okta.api-token', h.scope, 'GET /api/v1/api-tokens', data);
    }
  });
}

/**
 * `okta.app.admin-console`: the Okta Admin Console is the first-party app named `saasure`; its authentication
 * policy is the one its `_links.accessPolicy` names (the policy and rules are in `okta.policy.access`). An org
 * without that app is not an answer Okta gives, so it is `invalid-response`, never "nothing to check".
 */
export function collectAdminConsole(ctx: Ctx, h: OktaHandle): AsyncGenerator<CollectorEvent> {
  return enumeration('okta.app.admin-console', h.scope, 'GET /api/v1/apps', async function* () {
    const coll = await h.client.applicationApi.listApplications({ filter: 'name eq "saasure"' });
    const apps: any[] = [];
    const raw: unknown[] = [];
    for await (const a of coll as AsyncIterable<any>) {
      if (!a) continue;
      apps.push(a);
      raw.push({
        id: a.id,
        name: a.name,
        label: a.label,
        status: a.status,
        signOnMode: a.signOnMode,
        _links: { accessPolicy: a._links?.accessPolicy ?? null },
      });
    }
    await ctx.raw(h.scope, 'ListApplications.saasure', raw);
    const app = apps.find((a) => a.name === 'saasure');
    if (!app) throw new InvalidAnswer('no app named saasure (the Okta Admin Console) in GET /api/v1/apps?filter=name eq "saasure"');
    const href: string | undefined = app._links?.accessPolicy?.href;
    const data: OktaAdminConsoleApp = {
      id: String(app.id),
      name: 'saasure',
      label: app.label ?? null,
      status: String(app.status),
      accessPolicyId: href ? (new URL(href).pathname.split('/').pop() ?? null) : null,
    };
    yield record('okta.app.admin-console', h.scope, 'GET /api/v1/apps', data);
  });
}
