import { settle, type Settled } from '../../src/collector-kit.js';
import type { CollectContext, CollectorEvent } from '../../src/types.js';
import type { GithubClient } from './client.js';
import { errorEvent } from './errors.js';
import { readAll } from './pages.js';
import { OWNER, record, T, type GithubConfig } from './types.js';

const OWNER_ONLY = [
  'two_factor_requirement_enabled',
  'default_repository_permission',
  'members_can_create_public_repositories',
  'members_can_create_repositories',
  'members_can_fork_private_repositories',
] as const;

/**
 * The members of GET /orgs/{org} read here, as GitHub documents them; owner-only ones are absent or null for everyone
 * else. The intake checks the record built from them against schemas/evidence/github.org.settings.schema.json.
 */
interface OrgAnswer {
  login: string;
  id?: number;
  two_factor_requirement_enabled?: boolean | null;
  default_repository_permission?: 'none' | 'read' | 'write' | 'admin' | null;
  members_can_create_public_repositories?: boolean | null;
  members_can_create_repositories?: boolean | null;
  members_can_fork_private_repositories?: boolean | null;
  members_can_change_repo_visibility?: unknown;
}

/** Organisation settings, members with roles, members without 2FA, outside collaborators. */
export async function* collectOrg(ctx: CollectContext<GithubConfig>, gh: GithubClient): AsyncGenerator<CollectorEvent> {
  const org = ctx.config.org;
  const fetchedAt = () => new Date().toISOString();
  for (const type of [T.settings, T.member, T.no2fa, T.outside]) yield { kind: 'plan', type, scope: org };

  // Why: the five lists are independent; all are requested at once and the client's gate bounds what is in flight.
  const settingsP = settle(gh.request('GET /orgs/{org}', { org }));
  const ownersP = settle(
    readAll<{ login: string; id: number }>(ctx, gh, 'GET /orgs/{org}/members', { org, role: 'admin' }, { scope: org, name: 'orgs.listMembers.admin' }),
  );
  const allP = settle(
    readAll<{ login: string; id: number; type?: string }>(
      ctx,
      gh,
      'GET /orgs/{org}/members',
      { org, role: 'all' },
      { scope: org, name: 'orgs.listMembers.all' },
    ),
  );
  // Why: the 2fa_disabled filter is owner-only; a non-owner's 422 is "unknown", not "nobody".
  const no2faP = settle(
    readAll<{ login: string; id: number }>(
      ctx,
      gh,
      'GET /orgs/{org}/members',
      { org, filter: '2fa_disabled' },
      { scope: org, name: 'orgs.listMembers.2fa_disabled' },
    ),
  );
  const outsideP = settle(
    readAll<{ login: string; id: number }>(ctx, gh, 'GET /orgs/{org}/outside_collaborators', { org }, { scope: org, name: 'orgs.listOutsideCollaborators' }),
  );

  const settings = await settingsP;
  if (settings.ok) {
    const resp = settings.value;
    ctx.stats.page('GET /orgs/{org}');
    await ctx.raw(org, 'orgs.get', resp.data);
    const d = resp.data as OrgAnswer;
    const hidden = OWNER_ONLY.filter((k) => d[k] === undefined || d[k] === null);
    const data = {
      login: d.login,
      id: d.id,
      twoFactorRequirementEnabled: d.two_factor_requirement_enabled ?? null,
      defaultRepositoryPermission: d.default_repository_permission ?? null,
      membersCanCreatePublicRepositories: d.members_can_create_public_repositories ?? null,
      membersCanCreateRepositories: d.members_can_create_repositories ?? null,
      membersCanForkPrivateRepositories: d.members_can_fork_private_repositories ?? null,
      // Why not owner-only-required: GitHub's OpenAPI description does not list it, though owners' answers carry it;
      // null = not stated (the member-privileges check asks a person then), never "off".
      membersCanChangeRepoVisibility: typeof d.members_can_change_repo_visibility === 'boolean' ? d.members_can_change_repo_visibility : null,
      unknown: hidden,
    };
    yield record(T.settings, org, { operation: 'GET /orgs/{org}', requestId: resp.headers['x-github-request-id'], fetchedAt: fetchedAt() }, data);
    // Why: GitHub omits owner-only fields for everyone else; a missing field is unknown, never "off".
    if (hidden.length) {
      yield {
        kind: 'error',
        type: T.settings,
        scope: org,
        cause: 'denied',
        operation: 'GET /orgs/{org}',
        message: `owner-only fields hidden from this token: ${hidden.join(', ')}`,
        missingPermission: OWNER,
      };
    } else yield { kind: 'done', type: T.settings, scope: org };
  } else yield errorEvent(T.settings, org, 'GET /orgs/{org}', settings.error, { missingPermission: OWNER });

  const [owners, all] = [await ownersP, await allP];
  if (owners.ok && all.ok) {
    const ownerSet = new Set(owners.value.map((o) => o.login));
    const source = { operation: 'GET /orgs/{org}/members', fetchedAt: fetchedAt() };
    for (const m of all.value)
      yield record(T.member, org, source, { login: m.login, id: m.id, role: ownerSet.has(m.login) ? 'admin' : 'member', type: m.type ?? 'User' });
    yield { kind: 'done', type: T.member, scope: org };
  } else yield errorEvent(T.member, org, 'GET /orgs/{org}/members', !owners.ok ? owners.error : !all.ok ? all.error : undefined);

  yield* loginList(org, T.no2fa, 'GET /orgs/{org}/members?filter=2fa_disabled', await no2faP);
  yield* loginList(org, T.outside, 'GET /orgs/{org}/outside_collaborators', await outsideP);
}

/** An owner-only list of accounts (members without 2FA, outside collaborators): one record per login, or the error. */
function* loginList(org: string, type: string, operation: string, list: Settled<Array<{ login: string; id: number }>>): Generator<CollectorEvent> {
  if (!list.ok) {
    yield errorEvent(type, org, operation, list.error, { missingPermission: OWNER });
    return;
  }
  const source = { operation, fetchedAt: new Date().toISOString() };
  for (const m of list.value) yield record(type, org, source, { login: m.login, id: m.id });
  yield { kind: 'done', type, scope: org };
}
