import type { CollectContext, CollectorEvent } from '../../src/types.js';
import type { GithubClient } from './client.js';
import { errorEvent } from './errors.js';
import { readAll } from './pages.js';
import { OWNER, T, type GithubConfig } from './types.js';

const OWNER_ONLY = ['two_factor_requirement_enabled', 'default_repository_permission', 'members_can_create_public_repositories', 'members_can_create_repositories'] as const;

/** Organisation settings, members with roles, members without 2FA, outside collaborators. */
export async function* collectOrg(ctx: CollectContext<GithubConfig>, gh: GithubClient): AsyncGenerator<CollectorEvent> {
  const org = ctx.config.org;
  const fetchedAt = () => new Date().toISOString();
  for (const type of [T.settings, T.member, T.no2fa, T.outside]) yield { kind: 'plan', type, scope: org };

  try {
    const resp = await gh.request('GET /orgs/{org}', { org });
    ctx.stats.page('GET /orgs/{org}');
    await ctx.raw(org, 'orgs.get', resp.data);
    const d = resp.data as Record<string, unknown>;
    const hidden = OWNER_ONLY.filter((k) => d[k] === undefined || d[k] === null);
    const data = {
      login: d.login,
      id: d.id,
      twoFactorRequirementEnabled: (d.two_factor_requirement_enabled as boolean | undefined) ?? null,
      defaultRepositoryPermission: (d.default_repository_permission as string | undefined) ?? null,
      membersCanCreatePublicRepositories: (d.members_can_create_public_repositories as boolean | undefined) ?? null,
      membersCanCreateRepositories: (d.members_can_create_repositories as boolean | undefined) ?? null,
      unknown: hidden,
    };
    yield { kind: 'record', type: T.settings, scope: org, source: { operation: 'GET /orgs/{org}', requestId: resp.headers['x-github-request-id'], fetchedAt: fetchedAt() }, data };
    // Why: GitHub omits owner-only fields for everyone else; a missing field is unknown, never "off".
    if (hidden.length) {
      yield { kind: 'error', type: T.settings, scope: org, cause: 'denied', operation: 'GET /orgs/{org}', message: `owner-only fields hidden from this token: ${hidden.join(', ')}`, missingPermission: OWNER };
    } else yield { kind: 'done', type: T.settings, scope: org };
  } catch (err) {
    yield errorEvent(T.settings, org, 'GET /orgs/{org}', err, OWNER);
  }

  try {
    const owners = await readAll<{ login: string; id: number }>(ctx, gh, 'GET /orgs/{org}/members', { org, role: 'admin' }, { scope: org, name: 'orgs.listMembers.admin' });
    const all = await readAll<{ login: string; id: number; type?: string }>(ctx, gh, 'GET /orgs/{org}/members', { org, role: 'all' }, { scope: org, name: 'orgs.listMembers.all' });
    const ownerSet = new Set(owners.map((o) => o.login));
    const source = { operation: 'GET /orgs/{org}/members', fetchedAt: fetchedAt() };
    for (const m of all) yield { kind: 'record', type: T.member, scope: org, source, data: { login: m.login, id: m.id, role: ownerSet.has(m.login) ? 'admin' : 'member', type: m.type ?? 'User' } };
    yield { kind: 'done', type: T.member, scope: org };
  } catch (err) {
    yield errorEvent(T.member, org, 'GET /orgs/{org}/members', err);
  }

  try {
    // Why: the 2fa_disabled filter is owner-only; a non-owner's 422 is "unknown", not "nobody".
    const list = await readAll<{ login: string; id: number }>(ctx, gh, 'GET /orgs/{org}/members', { org, filter: '2fa_disabled' }, { scope: org, name: 'orgs.listMembers.2fa_disabled' });
    const source = { operation: 'GET /orgs/{org}/members?filter=2fa_disabled', fetchedAt: fetchedAt() };
    for (const m of list) yield { kind: 'record', type: T.no2fa, scope: org, source, data: { login: m.login, id: m.id } };
    yield { kind: 'done', type: T.no2fa, scope: org };
  } catch (err) {
    yield errorEvent(T.no2fa, org, 'GET /orgs/{org}/members?filter=2fa_disabled', err, OWNER);
  }

  try {
    const list = await readAll<{ login: string; id: number }>(ctx, gh, 'GET /orgs/{org}/outside_collaborators', { org }, { scope: org, name: 'orgs.listOutsideCollaborators' });
    const source = { operation: 'GET /orgs/{org}/outside_collaborators', fetchedAt: fetchedAt() };
    for (const m of list) yield { kind: 'record', type: T.outside, scope: org, source, data: { login: m.login, id: m.id } };
    yield { kind: 'done', type: T.outside, scope: org };
  } catch (err) {
    yield errorEvent(T.outside, org, 'GET /orgs/{org}/outside_collaborators', err, OWNER);
  }
}
