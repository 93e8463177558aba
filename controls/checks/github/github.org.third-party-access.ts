import type { Check, Finding } from '../../../src/types.js';

export interface ThirdPartyParams {
  /** App slugs of approved vendors. */
  allowedApps: string[];
  /** Logins whose fine-grained token grants are approved (service accounts, integrations). */
  allowedTokenOwners: string[];
}

/** Every App installed and every fine-grained token granted is an approved vendor, and none administers the org. */
export const thirdPartyAccess: Check<ThirdPartyParams> = {
  meta: {
    id: 'github.org.third-party-access',
    title: 'Third-party GitHub Apps and token grants are approved vendors without admin write',
    failureTitle: 'Unapproved or over-privileged third-party access to GitHub',
    requires: ['github.org.app-installation'],
    // Why any-of: token grants are readable by a GitHub App only; a token-authenticated run does not plan them.
    requiresAnyOf: ['github.org.token-grant', 'github.org.app-installation'],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        allowedApps: { type: 'array', items: { type: 'string' }, default: [] },
        allowedTokenOwners: { type: 'array', items: { type: 'string' }, default: [] },
      },
    },
    remediation:
      'Organization settings → GitHub Apps / Personal access tokens: uninstall or revoke what is not an approved vendor (or add it to the vendor register and allowedApps after review), and remove organisation Administration: write from every third party.',
  },
  evaluate(view, params) {
    const findings: Finding[] = [];
    const apps = new Set(params.allowedApps);
    const owners = new Set(params.allowedTokenOwners);
    for (const rec of view.records('github.org.app-installation')) {
      const d = rec.data;
      const at = { resource: `github:${rec.scope}/apps/${d.appSlug}`, scope: rec.scope, evidence: rec.ref };
      // Why write to organisation administration fails even an approved vendor: it can change every setting these controls rely on.
      const adminWrite = d.permissions.organization_administration === 'write';
      if (!apps.has(d.appSlug))
        findings.push({
          status: 'fail',
          ...at,
          reason: `GitHub App ${d.appSlug} is installed but not in allowedApps: review the vendor, then allow it or uninstall it`,
        });
      else if (adminWrite)
        findings.push({ status: 'fail', ...at, reason: `GitHub App ${d.appSlug} has organisation administration write; lower it to read or none` });
      else findings.push({ status: 'pass', ...at, reason: `GitHub App ${d.appSlug} is an approved vendor without organisation administration write` });
    }
    for (const rec of view.records('github.org.token-grant')) {
      const d = rec.data;
      const at = { resource: `github:${rec.scope}/token-grants/${d.id}`, scope: rec.scope, evidence: rec.ref };
      const adminWrite = d.organizationPermissions.administration === 'write';
      if (!owners.has(d.owner))
        findings.push({
          status: 'fail',
          ...at,
          reason: `a fine-grained token of ${d.owner} was granted access but ${d.owner} is not in allowedTokenOwners: revoke the grant or approve it`,
        });
      else if (adminWrite)
        findings.push({ status: 'fail', ...at, reason: `the token grant of ${d.owner} has organisation administration write; revoke it and grant read` });
      else findings.push({ status: 'pass', ...at, reason: `the token grant of ${d.owner} is approved and has no organisation administration write` });
    }
    // Why a person: grants that were not read are unknown, never "none".
    const unread = view.scopes('github.org.app-installation').filter((s) => !view.scopes('github.org.token-grant').includes(s));
    if (unread.length)
      return {
        findings,
        needsReview: `fine-grained token grants of ${unread.join(', ')} were not read (GitHub shows them to GitHub Apps only): review Settings → Personal access tokens`,
      };
    return { findings, notApplicable: findings.length === 0 };
  },
};
