import type { CollectorEvent } from '../../src/types.js';
import type { OktaHandle } from './client.js';
import { enumeration, record, walk, type Ctx } from './common.js';
import { iso } from './plain.js';

export const OKTA_APP = 'okta.app';

/**
 * Okta's own apps, present in every org's app list (Admin Console `saasure`, Dashboard `okta_enduser`, browser
 * plugin, Workflows and the like): Okta is a vendor already (a subservice organisation), not a third party found here.
 */
export const OKTA_FIRST_PARTY = /^(saasure$|okta_)/;

/** Hosts of the http(s) URLs an app's settings name (bookmark URL, SAML ACS URL, OIDC redirect URIs). */
export function appHosts(settings: unknown): string[] {
  const hosts = new Set<string>();
  const visit = (v: unknown, depth: number) => {
    if (depth > 6 || v === null || v === undefined) return;
    if (typeof v === 'string') {
      if (/^https?:\/\//i.test(v)) {
        try {
          hosts.add(new URL(v).hostname.toLowerCase());
        } catch {
          // not a URL after all
        }
      }
    } else if (Array.isArray(v)) for (const x of v) visit(x, depth + 1);
    else if (typeof v === 'object') for (const x of Object.values(v)) visit(x, depth + 1);
  };
  visit(settings, 0);
  return [...hosts].sort();
}

/**
 * `okta.app`: every ACTIVE app integration but Okta's own, and whether anyone is assigned to it (directly or through a group;
 * both appear in the app's user list). Why one page of one user per app: whether the list is empty is all
 * vendor discovery needs, and reading every assignment of a 10,000-user app would cost hundreds of calls.
 */
export function collectApps(ctx: Ctx, h: OktaHandle): AsyncGenerator<CollectorEvent> {
  return enumeration(OKTA_APP, h.scope, 'GET /api/v1/apps', async function* () {
    const coll = await h.client.applicationApi.listApplications({ filter: 'status eq "ACTIVE"', limit: 200 });
    const apps: any[] = [];
    for await (const a of walk(ctx, h.scope, 'ListApplications', coll as AsyncIterable<any>)) if (!OKTA_FIRST_PARTY.test(String(a.name ?? ''))) apps.push(a);
    for (const a of apps) {
      // Why no Collection walk: the SDK would fetch every further page; one user answers the question.
      const users = await h.client.applicationApi.listApplicationUsers({ appId: a.id, limit: 1 });
      let assigned = false;
      for await (const u of users as AsyncIterable<unknown>) {
        if (u) {
          assigned = true;
          break;
        }
      }
      const settings = JSON.parse(JSON.stringify(a.settings ?? {})) as unknown;
      yield record(OKTA_APP, h.scope, 'GET /api/v1/apps', {
        id: a.id,
        name: a.name ?? null,
        label: a.label,
        status: String(a.status),
        signOnMode: String(a.signOnMode),
        created: iso(a.created),
        hosts: appHosts(settings),
        usersAssigned: assigned,
      });
    }
  });
}
