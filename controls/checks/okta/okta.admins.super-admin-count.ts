import type { Check, Finding } from '../../../src/types.js';

export interface Params {
  min: number;
  max: number;
}

/** The number of distinct super administrators per org is within [min, max]. */
export const oktaAdminsSuperAdminCount: Check<Params> = {
  meta: {
    id: 'okta.admins.super-admin-count',
    title: 'Okta super administrators are few, with a backup',
    failureTitle: 'Okta super administrator count outside the approved range',
    requires: ['okta.admin-role'],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      // At least 1 so the org is never locked out; at most 4 so the most powerful role stays least-privilege (CC6.3).
      properties: { min: { type: 'integer', minimum: 0, default: 1 }, max: { type: 'integer', minimum: 1, default: 4 } },
    },
    remediation:
      'Replace surplus SUPER_ADMIN assignments with narrower roles (Org, App, Help Desk or Read-only Admin) in Security > Administrators; keep at least one break-glass super admin.',
  },
  evaluate(view, params) {
    const findings: Finding[] = [];
    const records = view.records('okta.admin-role');
    for (const scope of view.scopes('okta.admin-role')) {
      const supers = records.filter((r) => r.scope === scope && r.data.roleType === 'SUPER_ADMIN' && r.data.userStatus !== 'DEPROVISIONED');
      const logins = [...new Set(supers.map((r) => r.data.login ?? r.data.userId))].sort();
      const n = logins.length;
      const evidence = supers[0]?.ref ?? `data/records/okta.admin-role.jsonl`;
      const resource = `okta:${scope}`;
      const list = logins.join(', ') || 'none';
      if (n < params.min)
        findings.push({
          status: 'fail',
          resource,
          scope,
          evidence,
          reason: `${n} super administrators (min ${params.min}): assign a second, break-glass super admin`,
        });
      else if (n > params.max)
        findings.push({
          status: 'fail',
          resource,
          scope,
          evidence,
          reason: `${n} super administrators (max ${params.max}): ${list}; move the extra ones to narrower admin roles`,
        });
      else findings.push({ status: 'pass', resource, scope, evidence, reason: `${n} super administrators: ${list}` });
    }
    return { findings };
  },
};
