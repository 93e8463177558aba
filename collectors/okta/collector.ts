import { Channel, fanOut } from '../../src/collector-kit.js';
import type { CollectionError, Collector, CollectorEvent } from '../../src/types.js';
import type { OktaHandle } from './client.js';
import { OKTA_SCOPES, type OktaConfig } from './config.js';
import { errorEvent } from './errors.js';
import { collectApps, OKTA_APP } from './apps.js';
import { collectFactors } from './factors.js';
import { LOG_QUERIES, collectLogs } from './logs.js';
import { POLICY_TYPES, collectGroups, collectPolicies } from './policies.js';
import { collectAdminRoles } from './roles.js';
import { collectUsers, SIGN_IN_STATUSES, type UserRef } from './users.js';
import { SECURITY_TYPES, collectAdminConsole, collectApiTokens, collectEventHooks, collectLogStreams } from './security.js';

/** Every evidence type the Okta collector produces. */
export const OKTA_TYPES = [
  'okta.user',
  'okta.user.factors',
  'okta.group',
  ...Object.values(POLICY_TYPES),
  'okta.admin-role',
  ...Object.keys(LOG_QUERIES),
  ...SECURITY_TYPES,
  OKTA_APP,
];

/**
 * Okta: users, factors, groups, policies with rules, admin roles and System Log populations, through
 * @okta/okta-sdk-nodejs v8. Each evidence type is its own enumeration: one failing (a missing scope, a
 * throttle past retries) leaves the others complete.
 */
// Why loaded on demand: the SDK's generated models take about half a second and 35 MB of heap to load; commands
// and runs without Okta never load them.
const loadClient = () => import('./client.js');

export const oktaCollector: Collector<OktaConfig> = {
  meta: {
    id: 'okta',
    source: 'okta',
    title: 'Okta users, factors, policies, admin roles, System Log, log streams, event hooks, API tokens',
    produces: OKTA_TYPES,
    populations: ['okta.log.user-lifecycle', 'okta.log.admin-privilege', 'okta.log.factor-reset'],
    permissions: Object.keys(OKTA_SCOPES),
  },
  async prepare() {
    await loadClient();
  },
  async *collect(ctx): AsyncGenerator<CollectorEvent> {
    let h: OktaHandle;
    try {
      const { createOktaClient } = await loadClient();
      h = createOktaClient(ctx);
    } catch (err) {
      for (const type of OKTA_TYPES)
        yield { ...errorEvent(type, '*', 'okta:Client', err), cause: 'auth', message: `cannot configure the Okta client: ${(err as Error).message}` };
      return;
    }
    // Why: an Okta org is one scope; its populations must be whole, so one shard (the owner of the scope) collects it.
    if (!ctx.shard.owns(h.scope)) return;
    for (const type of OKTA_TYPES) yield { kind: 'plan', type, scope: h.scope };
    // Why three parts at once: factor lookups start with the listing's first page (sign-in users are handed over as
    // they arrive), and groups, policies and the System Log use other rate-limit buckets, so none waits for another.
    // Why first: the SDK mints an OAuth access token on a request's way out and does not share one being minted,
    // so the three parts starting at once would each mint their own. A failure here shows again on every request.
    if (ctx.config.oauth) await (h.client as unknown as { oauth?: { getAccessToken(): Promise<unknown> } }).oauth?.getAccessToken().catch(() => undefined);
    const users = new Map<string, UserRef>();
    const feed = new Channel<[string, UserRef]>();
    let usersFailed: CollectionError | undefined;
    const usersPart = async function* (): AsyncGenerator<CollectorEvent> {
      for await (const ev of collectUsers(ctx, h, users, (id, u) => SIGN_IN_STATUSES.includes(u.status) && feed.push([id, u]))) {
        if (ev.kind === 'error') usersFailed = ev;
        yield ev;
      }
      feed.close(usersFailed ? new Error(`user listing failed: ${usersFailed.message}`) : undefined);
      yield* collectAdminRoles(ctx, h, users);
    };
    const factorsPart = async function* (): AsyncGenerator<CollectorEvent> {
      for await (const ev of collectFactors(ctx, h, feed)) {
        // The factor population is the user listing: without a complete listing it cannot be complete either.
        yield ev.kind === 'error' && usersFailed ? { ...usersFailed, type: 'okta.user.factors', message: `user listing failed: ${usersFailed.message}` } : ev;
      }
    };
    const otherPart = async function* (): AsyncGenerator<CollectorEvent> {
      yield* collectGroups(ctx, h);
      for (const t of Object.keys(POLICY_TYPES)) yield* collectPolicies(ctx, h, t);
      for (const t of Object.keys(LOG_QUERIES)) yield* collectLogs(ctx, h, t);
      yield* collectApps(ctx, h);
    };
    // Log streams, event hooks, API tokens and the Admin Console app: four small reads, each its own bucket.
    const securityPart = async function* (): AsyncGenerator<CollectorEvent> {
      yield* collectLogStreams(ctx, h);
      yield* collectEventHooks(ctx, h);
      yield* collectApiTokens(ctx, h);
      yield* collectAdminConsole(ctx, h);
    };
    yield* fanOut([usersPart, factorsPart, otherPart, securityPart], 4, (part) => part());
    if (h.pacer.waits) ctx.stats.fact('okta.pacingWaits', h.pacer.waits);
  },
};
