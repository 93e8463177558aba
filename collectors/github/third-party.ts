import { settle } from '../../src/collector-kit.js';
import type { CollectContext, CollectorEvent } from '../../src/types.js';
import type { GithubClient } from './client.js';
import { errorEvent } from './errors.js';
import { readAll } from './pages.js';
import { OWNER, record, T, type GithubConfig } from './types.js';

export const THIRD_PARTY_TYPES = [T.installation, T.tokenGrant] as const;

const GRANTS_PERMISSION =
  'GitHub App installation with Organization permission "Personal access tokens: read" (GitHub answers personal access tokens 403 on this endpoint)';

/** The access levels GitHub's REST API documents for an App's or a token's permissions. */
type Access = 'read' | 'write' | 'admin';

/** The members read of GET /orgs/{org}/installations (the intake checks each record against its schema). */
interface Installation {
  id: number;
  app_id: number;
  app_slug: string;
  repository_selection?: string;
  permissions?: Record<string, Access>;
  created_at: string;
}

interface TokenGrant {
  id: number;
  owner: { login: string };
  repository_selection?: string;
  permissions?: { organization?: Record<string, Access>; repository?: Record<string, Access> };
  access_granted_at: string;
  token_expires_at?: string | null;
  token_last_used_at?: string | null;
}

/**
 * Third parties with standing access: GitHub Apps installed on the organisation (owners only) and approved
 * fine-grained personal access token grants (GitHub Apps only). Both paged to the end; a refusal is `denied`.
 */
export async function* collectThirdParty(ctx: CollectContext<GithubConfig>, gh: GithubClient): AsyncGenerator<CollectorEvent[]> {
  const org = ctx.config.org;
  // Why token grants only as an App: GitHub documents "Only GitHub Apps can use this endpoint" and answers any personal
  // access token 403. With a token the type is not planned; the third-party check then asks a person to review them.
  const asApp = Boolean(ctx.config.app);
  if (!asApp) ctx.stats.fact('github.tokenGrants', 'not read: GitHub answers fine-grained token grants to GitHub Apps only');
  yield (asApp ? THIRD_PARTY_TYPES : [T.installation]).map((type): CollectorEvent => ({ kind: 'plan', type, scope: org }));
  const instP = settle(
    readAll<Installation>(ctx, gh, 'GET /orgs/{org}/installations', { org }, { scope: org, name: 'orgs.listAppInstallations', itemsKey: 'installations' }),
  );
  const grantsP = asApp
    ? settle(readAll<TokenGrant>(ctx, gh, 'GET /orgs/{org}/personal-access-tokens', { org }, { scope: org, name: 'orgs.listPatGrants' }))
    : undefined;
  const out: CollectorEvent[] = [];
  const fetchedAt = new Date().toISOString();
  const inst = await instP;
  const iOp = 'GET /orgs/{org}/installations';
  if (!inst.ok) out.push(errorEvent(T.installation, org, iOp, inst.error, { missingPermission: `${OWNER}; classic token: admin:org` }));
  else {
    for (const i of inst.value) {
      const data = {
        appSlug: i.app_slug,
        appId: i.app_id,
        installationId: i.id,
        repositorySelection: i.repository_selection ?? null,
        permissions: i.permissions ?? {},
        createdAt: i.created_at,
      };
      out.push(record(T.installation, org, { operation: iOp, fetchedAt }, data));
    }
    out.push({ kind: 'done', type: T.installation, scope: org });
  }
  const grants = await grantsP;
  const gOp = 'GET /orgs/{org}/personal-access-tokens';
  if (!grants) {
    // Not planned (token authentication): nothing to report.
  } else if (!grants.ok) out.push(errorEvent(T.tokenGrant, org, gOp, grants.error, { missingPermission: GRANTS_PERMISSION }));
  else {
    for (const g of grants.value) {
      const data = {
        id: g.id,
        owner: g.owner.login,
        repositorySelection: g.repository_selection ?? null,
        organizationPermissions: g.permissions?.organization ?? {},
        repositoryPermissions: g.permissions?.repository ?? {},
        accessGrantedAt: g.access_granted_at,
        tokenExpiresAt: g.token_expires_at ?? null,
        tokenLastUsedAt: g.token_last_used_at ?? null,
      };
      out.push(record(T.tokenGrant, org, { operation: gOp, fetchedAt }, data));
    }
    out.push({ kind: 'done', type: T.tokenGrant, scope: org });
  }
  yield out;
}
