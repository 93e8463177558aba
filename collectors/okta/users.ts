import type { OktaUser } from '../../src/evidence/types.generated.js';
import type { CollectorEvent } from '../../src/types.js';
import type { OktaHandle } from './client.js';
import { enumeration, record, walk, type Ctx } from './common.js';
import { iso } from './plain.js';
import { InvalidAnswer } from '../../src/collector-kit.js';

export interface UserRef {
  login: string;
  status: string;
}

const USER_STATUSES: ReadonlyArray<OktaUser['status']> = [
  'STAGED',
  'PROVISIONED',
  'ACTIVE',
  'RECOVERY',
  'PASSWORD_EXPIRED',
  'LOCKED_OUT',
  'SUSPENDED',
  'DEPROVISIONED',
];

/** A user's status as the Users API defines it; any other answer is invalid (the user's sign-in state is unknown). */
function userStatus(value: unknown, what: string): OktaUser['status'] {
  const found = USER_STATUSES.find((s) => s === value);
  if (!found) throw new InvalidAnswer(`${what} has status ${String(value)}, not one of ${USER_STATUSES.join(', ')}`);
  return found;
}

/** Statuses whose accounts can still sign in: they are the MFA and dormancy populations. */
export const SIGN_IN_STATUSES = ['ACTIVE', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'RECOVERY'];

/**
 * `okta.user`: every user of every status. The default listing omits DEPROVISIONED users (Users API), so
 * a second listing filters on that status. Fills `users` for the factor and role lookups.
 */
export function collectUsers(
  ctx: Ctx,
  h: OktaHandle,
  users: Map<string, UserRef>,
  onUser: (id: string, u: UserRef) => void = () => {},
): AsyncGenerator<CollectorEvent> {
  return enumeration('okta.user', h.scope, 'GET /api/v1/users', async function* () {
    const listings: Array<[string, { filter?: string; limit: number }]> = [
      ['ListUsers', { limit: 200 }],
      ['ListUsers.deprovisioned', { filter: 'status eq "DEPROVISIONED"', limit: 200 }],
    ];
    for (const [raw, params] of listings) {
      const coll = await h.client.userApi.listUsers(params);
      for await (const u of walk(ctx, h.scope, raw, coll as AsyncIterable<any>)) {
        if (users.has(u.id)) continue;
        // Why: Okta states `lastLogin: null` for a user who never signed in; a user object without the key says
        // nothing, and reading it as "never" would make every such user look dormant (or, elsewhere, fresh).
        if (u.lastLogin === undefined) throw new InvalidAnswer(`user ${u.id} in ${raw} has no lastLogin field (null would mean never signed in)`);
        const login = String(u.profile?.login ?? u.id);
        const status = userStatus(u.status, `user ${u.id} in ${raw}`);
        const ref = { login, status };
        users.set(u.id, ref);
        onUser(u.id, ref);
        yield record('okta.user', h.scope, 'GET /api/v1/users', {
          id: u.id,
          login,
          email: u.profile?.email ?? null,
          displayName: [u.profile?.firstName, u.profile?.lastName].filter(Boolean).join(' ') || null,
          status,
          created: iso(u.created),
          activated: iso(u.activated),
          statusChanged: iso(u.statusChanged),
          lastLogin: iso(u.lastLogin),
          // Said explicitly: Okta answered `lastLogin: null`, the user never signed in (not: the field was missing).
          neverSignedIn: u.lastLogin === null,
          passwordChanged: iso(u.passwordChanged),
          lastUpdated: iso(u.lastUpdated),
        });
      }
    }
    ctx.stats.progress(users.size, users.size, 'okta users');
  });
}
