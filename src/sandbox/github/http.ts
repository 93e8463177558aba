import type { SandboxRequest, SandboxResponse } from '../server.js';
import type { GhIndex, GhTokenSpec } from './data.js';
import { userId } from './data.js';

/** What a route handler receives. */
export interface GhCall {
  req: SandboxRequest;
  ix: GhIndex;
  viewer: GhTokenSpec;
  /** '' for github.com-style paths, '/api/v3' for Enterprise Server. */
  prefix: string;
  params: Record<string, string>;
  operation: string;
  attrs: Record<string, string | number | undefined>;
}

export type GhHandler = (call: GhCall) => SandboxResponse;

const DOCS = 'https://docs.github.com/rest';

/** A JSON answer; headers for rate limits are added by the provider. */
export function json(call: GhCall, status: number, body: unknown, headers: Record<string, string> = {}): SandboxResponse {
  return {
    status,
    operation: call.operation,
    attrs: call.attrs,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/** GitHub's error body: `{ message, documentation_url, status }`. */
export function error(call: GhCall, status: number, message: string, docs = DOCS, headers: Record<string, string> = {}): SandboxResponse {
  return json(call, status, { message, documentation_url: docs, status: String(status) }, headers);
}

/** The API root as the client addressed it (absolute, with any /api/v3 prefix). */
export function apiRoot(call: GhCall): string {
  return `${call.req.origin}${call.prefix}`;
}

/**
 * Page-number pagination: `per_page` (default 30, max 100) and `page`; an absolute `Link` header built from the
 * request's Host and prefix, because Octokit's paginate follows it verbatim.
 */
export function paged<T>(call: GhCall, items: T[], render: (item: T) => unknown): SandboxResponse {
  const q = call.req.url.searchParams;
  const perPage = Math.min(100, Math.max(1, Number(q.get('per_page') ?? 30) || 30));
  const page = Math.max(1, Number(q.get('page') ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (p: number): string => {
    const u = new URL(`${apiRoot(call)}${call.req.url.pathname.slice(call.prefix.length)}`);
    for (const [k, v] of q) if (k !== 'page') u.searchParams.append(k, v);
    u.searchParams.set('page', String(p));
    return u.toString();
  };
  const rels: string[] = [];
  if (page > 1) rels.push(`<${link(page - 1)}>; rel="prev"`);
  if (page < last) rels.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
  if (page > 1) rels.push(`<${link(1)}>; rel="first"`);
  return json(call, 200, slice.map(render), rels.length ? { link: rels.join(', ') } : {});
}

/**
 * Cursor pagination (`after`, `per_page`) as the org Dependabot alerts endpoint uses; the cursor is opaque.
 */
export function cursored<T>(call: GhCall, items: T[], render: (item: T) => unknown): SandboxResponse {
  const q = call.req.url.searchParams;
  const perPage = Math.min(100, Math.max(1, Number(q.get('per_page') ?? 30) || 30));
  const after = q.get('after');
  const start = after ? Number(Buffer.from(after, 'base64url').toString('utf8').replace(/^c:/, '')) || 0 : 0;
  const slice = items.slice(start, start + perPage);
  const headers: Record<string, string> = {};
  if (start + perPage < items.length) {
    const u = new URL(`${apiRoot(call)}${call.req.url.pathname.slice(call.prefix.length)}`);
    for (const [k, v] of q) if (k !== 'after') u.searchParams.append(k, v);
    u.searchParams.set('after', Buffer.from(`c:${start + perPage}`).toString('base64url'));
    headers.link = `<${u.toString()}>; rel="next"`;
  }
  return json(call, 200, slice.map(render), headers);
}

/** The 1-based page number a request asks for (fault attr `page`). */
export function pageOf(req: SandboxRequest): number {
  const after = req.url.searchParams.get('after');
  if (after) return 1 + Math.floor((Number(Buffer.from(after, 'base64url').toString('utf8').replace(/^c:/, '')) || 0) / perPageOf(req));
  return Math.max(1, Number(req.url.searchParams.get('page') ?? 1) || 1);
}

function perPageOf(req: SandboxRequest): number {
  return Math.min(100, Math.max(1, Number(req.url.searchParams.get('per_page') ?? 30) || 30));
}

/** `simple-user` as GitHub renders it. */
export function simpleUser(call: GhCall, login: string): Record<string, unknown> {
  const id = userId(call.ix, login);
  const api = apiRoot(call);
  return {
    login,
    id,
    node_id: Buffer.from(`04:User${id}`).toString('base64'),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url: `${api}/users/${login}`,
    html_url: `https://github.com/${login}`,
    type: login.endsWith('[bot]') ? 'Bot' : 'User',
    site_admin: false,
  };
}
