/**
 * The org-security endpoints of the Okta sandbox: log streams, event hooks, API token metadata and apps
 * (for the Admin Console's authentication policy). Shapes follow developer.okta.com's Management API and the
 * @okta/okta-sdk-nodejs v8 models (LogStream, EventHook, ApiToken, Application with `_links.accessPolicy`).
 *
 * ```yaml
 * logStreams: [{ name: SIEM, type: aws_eventbridge, status: ACTIVE }]        # or splunk_cloud_logstreaming
 * eventHooks: [{ name: Splunk, status: ACTIVE, verificationStatus: VERIFIED, events: [user.session.start], uri: https://siem.example/hook }]
 * apiTokens:  [{ name: ci, user: ava@acme.example, created: -200d, lastUsed: -3d, tokenWindow: P30D, network: { connection: ZONE, include: [nzo1] } }]
 * apps:       [{ name: saasure, label: Okta Admin Console, accessPolicy: Okta Admin Console }]   # policy by name or id
 *             [{ name: zendesk, label: Zendesk Support, signOnMode: SAML_2_0, url: https://acme.zendesk.com,
 *                users: [jane@acme.example], groups: [Engineering], status: ACTIVE }]      # app integrations
 * ```
 * Every org has its first-party apps (saasure, okta_enduser), linked to its first ACCESS_POLICY, first in the list;
 * a scenario whose `apps` names any of Okta's own apps lists them itself.
 */
import type { OktaIndex } from './data.js';
import { when } from './data.js';
import { fail, limitOf, links, ok, type Answer } from './http.js';
import { appModel, appUserModel, ORIGIN, type OktaGroup, type OktaPolicy, type OktaUser } from './models.js';
import type { SandboxResponse } from '../server.js';

export interface OktaLogStreamSpec {
  id?: string;
  name: string;
  type: string;
  status?: string;
}
export interface OktaEventHookSpec {
  id?: string;
  name: string;
  status?: string;
  verificationStatus?: string;
  events: string[];
  uri?: string;
}
export interface OktaApiTokenSpec {
  id?: string;
  name: string;
  /** Login (or id) of the user who owns the token. */
  user: string;
  clientName?: string;
  created?: string;
  /** When the token was last used: Okta moves `expiresAt` to last use + `tokenWindow` on every call. */
  lastUsed?: string;
  tokenWindow?: string;
  network?: { connection: string; include?: string[]; exclude?: string[] };
}
export interface OktaAppSpec {
  id?: string;
  name: string;
  label?: string;
  /** ACTIVE (default) or INACTIVE. */
  status?: string;
  /** BOOKMARK, SAML_2_0, OPENID_CONNECT (first-party apps default to it; integrations to SAML_2_0). */
  signOnMode?: string;
  /** Name or id of the ACCESS_POLICY the app uses (null: none linked). */
  accessPolicy?: string | null;
  url?: string;
  /** Logins assigned directly, and groups whose members are assigned. */
  users?: string[];
  groups?: string[];
  created?: string;
}

export interface SecurityIndex {
  logStreams: Array<Record<string, unknown> & { id: string }>;
  eventHooks: Array<Record<string, unknown> & { id: string }>;
  apiTokens: Array<Record<string, unknown> & { id: string }>;
  apps: Array<Record<string, unknown> & { id: string; name: string; status: string }>;
  /** App id → its assigned users (AppUser models), direct ones first. */
  appUsers: Map<string, Array<Record<string, unknown> & { id: string }>>;
}

export interface SecurityScenario {
  logStreams?: OktaLogStreamSpec[];
  eventHooks?: OktaEventHookSpec[];
  apiTokens?: OktaApiTokenSpec[];
  apps?: OktaAppSpec[];
}

/** Parses the ISO-8601 durations Okta uses for `tokenWindow` (P30D, PT720H, P1W, P1DT12H) into milliseconds. */
export function durationMs(d: string): number | undefined {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(d);
  if (!m || d === 'P' || d.endsWith('T')) return undefined;
  const [w, day, h, min, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number];
  return ((((w * 7 + day) * 24 + h) * 60 + min) * 60 + s) * 1000;
}

export function indexSecurity(
  data: SecurityScenario,
  now: Date,
  users: OktaUser[],
  policies: OktaPolicy[],
  groups: { byName: Map<string, OktaGroup>; members: Map<string, OktaUser[]> },
): SecurityIndex {
  const created = when('-300d', now)!;
  const logStreams = (data.logStreams ?? []).map((s, i) => {
    const id = s.id ?? `0oxsandbox${String(i + 1).padStart(5, '0')}`;
    // `settings` differ per type; none is a secret for these two types (region/eventSourceName, host/edition).
    const settings =
      s.type === 'aws_eventbridge'
        ? { accountId: '123456789012', eventSourceName: `okta_${i + 1}`, region: 'us-east-1' }
        : { host: 'acme.splunkcloud.com', edition: 'aws' };
    return {
      id,
      type: s.type,
      name: s.name,
      status: s.status ?? 'ACTIVE',
      created,
      lastUpdated: created,
      settings,
      _links: { self: { href: `${ORIGIN}/api/v1/logStreams/${id}`, method: 'GET' } },
    };
  });
  const eventHooks = (data.eventHooks ?? []).map((h, i) => {
    const id = h.id ?? `whosandbox${String(i + 1).padStart(5, '0')}`;
    return {
      id,
      status: h.status ?? 'ACTIVE',
      verificationStatus: h.verificationStatus ?? 'VERIFIED',
      name: h.name,
      description: null,
      created,
      createdBy: '00u0000000001',
      lastUpdated: created,
      events: { type: 'EVENT_TYPE', items: h.events, filter: null },
      // Okta never returns the authScheme value (write-only); custom header values are returned, so the collector drops them.
      channel: {
        type: 'HTTP',
        version: '1.0.0',
        config: {
          uri: h.uri ?? 'https://siem.example.com/okta',
          headers: [{ key: 'X-Sandbox-Secret', value: 'sandbox-header-value-not-for-disk' }],
          authScheme: { type: 'HEADER', key: 'Authorization' },
        },
      },
      _links: { self: { href: `${ORIGIN}/api/v1/eventHooks/${id}` } },
    };
  });
  const byLogin = new Map(users.map((u) => [u.profile.login, u]));
  const apiTokens = (data.apiTokens ?? []).map((t, i) => {
    const id = t.id ?? `00Tsandbox${String(i + 1).padStart(10, '0')}`;
    const window = t.tokenWindow ?? 'P30D';
    const lastUsed = when(t.lastUsed ?? '-1d', now)!;
    const expiresAt = new Date(Date.parse(lastUsed) + (durationMs(window) ?? 30 * 86_400_000)).toISOString();
    return {
      name: t.name,
      userId: byLogin.get(t.user)?.id ?? t.user,
      tokenWindow: window,
      id,
      clientName: t.clientName ?? 'Okta API',
      expiresAt,
      created: when(t.created ?? '-200d', now)!,
      lastUpdated: lastUsed,
      network: {
        connection: t.network?.connection ?? 'ANYWHERE',
        ...(t.network?.include ? { include: t.network.include } : {}),
        ...(t.network?.exclude ? { exclude: t.network.exclude } : {}),
      },
      _link: { self: { href: `${ORIGIN}/api/v1/api-tokens/${id}`, hints: { allow: ['GET', 'DELETE', 'PUT'] } } },
    };
  });
  const access = policies.filter((p) => p.type === 'ACCESS_POLICY');
  const firstParty: OktaAppSpec[] = [
    { name: 'saasure', label: 'Okta Admin Console', signOnMode: 'OPENID_CONNECT', accessPolicy: access[0]?.id ?? null },
    { name: 'okta_enduser', label: 'Okta Dashboard', signOnMode: 'OPENID_CONNECT', accessPolicy: access[0]?.id ?? null },
  ];
  // A scenario that names any of Okta's own apps lists them itself (a test may leave the Admin Console out).
  const ownNamed = (data.apps ?? []).some((a) => a.name === 'saasure' || a.name.startsWith('okta_'));
  const specs = [...(ownNamed ? [] : firstParty), ...(data.apps ?? [])];
  const apps = specs.map((a, i) => {
    const id = a.id ?? `0oasandboxapp${String(i + 1).padStart(4, '0')}`;
    const policy =
      a.accessPolicy === null || a.accessPolicy === undefined ? undefined : access.find((p) => p.id === a.accessPolicy || p.name === a.accessPolicy);
    if (a.accessPolicy && !policy) throw new Error(`okta scenario: app ${a.name} names unknown ACCESS_POLICY '${a.accessPolicy}'`);
    return appModel(a, id, a.created ? when(a.created, now)! : created, policy?.id);
  });
  const appUsers = new Map<string, Array<Record<string, unknown> & { id: string }>>();
  for (const [i, spec] of specs.entries()) {
    const id = apps[i]!.id;
    const list = (spec.users ?? []).map((login) => {
      const u = byLogin.get(login);
      if (!u) throw new Error(`okta scenario: app ${spec.name} is assigned to unknown user '${login}'`);
      return appUserModel(u, 'USER', id);
    });
    const seen = new Set(list.map((u) => u.id));
    for (const name of spec.groups ?? []) {
      const g = groups.byName.get(name);
      if (!g) throw new Error(`okta scenario: app ${spec.name} is assigned to unknown group '${name}'`);
      for (const u of groups.members.get(g.id) ?? [])
        if (!seen.has(u.id)) {
          seen.add(u.id);
          list.push(appUserModel(u, 'GROUP', id));
        }
    }
    appUsers.set(id, list);
  }
  return { logStreams, eventHooks, apiTokens, apps, appUsers };
}

/** A cursor page of `list` (ids as cursors), with Link `rel="next"` as Okta sends it. */
function paged(a: Answer, list: Array<{ id: string }>, def: number, max: number): SandboxResponse {
  const limit = limitOf(a.req, def, max);
  const after = a.req.url.searchParams.get('after');
  const start = after ? list.findIndex((x) => x.id === after) + 1 : 0;
  if (after && start === 0) return fail(a, 400, 'E0000001', 'Api validation failed: after');
  const items = list.slice(start, start + limit);
  a.attrs.page = Math.floor(start / limit) + 1;
  const more = start + limit < list.length;
  return ok(a, items, links(a.req, more && items.length ? items[items.length - 1]!.id : undefined));
}

/** `filter=name eq "…"` / `status eq "…"` (and `and` of both), as the Apps API accepts them. */
function appFilter(expr: string | null): ((app: { name: string; status: string }) => boolean) | undefined {
  if (!expr) return () => true;
  const parts = expr.split(/\s+and\s+/i).map((p) => /^\s*(name|status)\s+eq\s+"([^"]*)"\s*$/.exec(p));
  if (parts.some((p) => !p)) return undefined;
  return (app) => parts.every((p) => (app as Record<string, string>)[p![1]!] === p![2]);
}

const pageAttrs = (): Record<string, string | number | undefined> => ({});
/** Page number for fault matching (taken before the handler runs). */
const pageOfList =
  (list: (idx: OktaIndex) => Array<{ id: string }>, def: number, max: number) =>
  (_m: RegExpExecArray, a: Answer, idx: OktaIndex): Record<string, string | number | undefined> => {
    const after = a.req.url.searchParams.get('after');
    const start = after ? list(idx).findIndex((x) => x.id === after) + 1 : 0;
    return { page: Math.floor(start / limitOf(a.req, def, max)) + 1 };
  };

/** Routes of the org-security endpoints (merged into routes.ts). */
export const securityRoutes = [
  {
    method: 'GET',
    pattern: /^\/api\/v1\/logStreams$/,
    op: 'GET /api/v1/logStreams',
    scope: 'okta.logStreams.read',
    attrs: pageOfList((idx) => idx.security.logStreams, 20, 200),
    handle: (_m: RegExpExecArray, a: Answer, idx: OktaIndex) => paged(a, idx.security.logStreams, 20, 200),
  },
  {
    // The Event Hooks API lists every hook in one answer (no paging parameters are documented).
    method: 'GET',
    pattern: /^\/api\/v1\/eventHooks$/,
    op: 'GET /api/v1/eventHooks',
    scope: 'okta.eventHooks.read',
    attrs: pageAttrs,
    handle: (_m: RegExpExecArray, a: Answer, idx: OktaIndex) => ok(a, idx.security.eventHooks),
  },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/api-tokens$/,
    op: 'GET /api/v1/api-tokens',
    scope: 'okta.apiTokens.read',
    attrs: pageOfList((idx) => idx.security.apiTokens, 20, 200),
    handle: (_m: RegExpExecArray, a: Answer, idx: OktaIndex) => paged(a, idx.security.apiTokens, 20, 200),
  },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/apps$/,
    op: 'GET /api/v1/apps',
    scope: 'okta.apps.read',
    attrs: pageAttrs,
    handle: (_m: RegExpExecArray, a: Answer, idx: OktaIndex) => {
      const pred = appFilter(a.req.url.searchParams.get('filter'));
      if (!pred) return fail(a, 400, 'E0000031', 'Invalid search criteria.');
      return paged(a, idx.security.apps.filter(pred), 20, 200);
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/apps\/([^/]+)\/users$/,
    op: 'GET /api/v1/apps/{id}/users',
    scope: 'okta.apps.read',
    attrs: (m: RegExpExecArray) => ({ appId: m[1]! }),
    handle: (m: RegExpExecArray, a: Answer, idx: OktaIndex) => {
      const list = idx.security.appUsers.get(m[1]!);
      if (!list) return fail(a, 404, 'E0000007', `Not found: Resource not found: ${m[1]} (AppInstance)`);
      return paged(a, list, 50, 500);
    },
  },
];
