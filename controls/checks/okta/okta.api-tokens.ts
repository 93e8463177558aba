import type { Check, Finding } from '../../../src/types.js';
import { finding } from './util.js';

export interface Params {
  maxIdleDays: number;
  allowSuperAdmin: boolean;
}

const DAY = 86_400_000;

/**
 * Okta API tokens act with their owner's full rights and are not scoped: each must belong to a non-super-admin,
 * be restricted to network zones, and be in use. Okta has no last-used field; every use moves `expiresAt` to
 * use + `tokenWindow`, so the last use is `expiresAt − tokenWindow` (the collector's `lastUsedDerived`).
 */
export const oktaApiTokens: Check<Params> = {
  meta: {
    id: 'okta.api-tokens',
    title: 'Okta API tokens are owned by non-super-admins, network-restricted and in use',
    failureTitle: "An Okta API token is a super admin's, usable from anywhere, or idle",
    requires: ['okta.api-token', 'okta.admin-role'],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        // Why 90: a quarter without use means no live integration depends on it; revoke rather than keep a key.
        maxIdleDays: { type: 'integer', minimum: 1, default: 90, description: 'days since the last use (expiresAt − tokenWindow) after which a token fails' },
        allowSuperAdmin: { type: 'boolean', default: false, description: 'accept tokens owned by a super administrator' },
      },
    },
    remediation:
      'Re-create the token as a dedicated service user with a narrower admin role (or move the integration to an OAuth service app with scopes), restrict it to network zones (Security › API › Tokens › network), and revoke tokens nobody uses.',
  },
  evaluate(view, params, asOf) {
    const supers = new Map<string, string>();
    for (const r of view.records('okta.admin-role')) {
      if (r.data.roleType === 'SUPER_ADMIN') supers.set(`${r.scope}|${r.data.userId}`, r.data.login ?? r.data.userId);
    }
    const findings: Finding[] = [];
    for (const r of view.records('okta.api-token')) {
      const t = r.data;
      const res = `okta:api-token/${t.name}`;
      const owner = supers.get(`${r.scope}|${t.userId}`);
      const idleDays = Math.floor((asOf.getTime() - Date.parse(t.lastUsedDerived)) / DAY);
      const lastUse = `last used ${t.lastUsedDerived.slice(0, 10)} (expiresAt ${t.expiresAt.slice(0, 10)} − tokenWindow ${t.tokenWindow}; Okta has no last-used field)`;
      const problems: string[] = [];
      if (owner && !params.allowSuperAdmin) problems.push(`belongs to super administrator ${owner}`);
      if (t.network.connection === 'ANYWHERE') problems.push('has no network restriction (connection ANYWHERE)');
      else if (t.network.include.length === 0) problems.push(`names no network zone to allow (connection ${t.network.connection}, only exclusions)`);
      if (idleDays > params.maxIdleDays) problems.push(`was unused for ${idleDays} days (max ${params.maxIdleDays}): ${lastUse}`);
      if (problems.length) findings.push(finding('fail', res, `API token "${t.name}" ${problems.join('; ')}`, r));
      else
        findings.push(
          finding('pass', res, `API token "${t.name}" is owned by a non-super-admin, limited to network zones (${t.network.connection}) and ${lastUse}`, r),
        );
    }
    return { findings, notApplicable: findings.length === 0 };
  },
};
