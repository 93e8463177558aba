import type { Check, Finding, StoredRecord } from '../../../src/types.js';
import { DETAILS, allowsStarStar, matches } from './lib/iam.js';

/**
 * Principals with administrator rights (AdministratorAccess, or a `*:*` customer/inline policy; group members count)
 * are within `approved`. The full list of findings is the access-review population.
 */
export const adminPrincipals: Check<{ approved: string[] }> = {
  meta: {
    id: 'aws.iam.admin-principals',
    title: 'Administrator access is limited to approved principals',
    failureTitle: 'Unapproved principals with administrator access',
    requires: ['aws.iam.admin-principals', DETAILS],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        approved: {
          type: 'array',
          items: { type: 'string' },
          default: [],
          description: 'ARNs or names; `*` matches anything (arn:aws:iam::*:role/OrganizationAccountAccessRole).',
        },
      },
    },
    remediation: 'Remove administrator access from the principal, or — after review — add it to the approved list of this control.',
  },
  evaluate(view, p) {
    const details = view.records(DETAILS);
    const byName = new Map(details.map((r) => [`${r.data.account}/${r.data.kind}/${r.data.name}`, r]));
    const starPolicies = new Set(details.filter((r) => r.data.kind === 'policy' && allowsStarStar(r.data.document)).map((r) => r.data.arn));
    const admins = new Map<string, { rec: StoredRecord; arn: string; name: string; account: string; via: string }>();
    const add = (rec: StoredRecord, account: string, kind: string, name: string, via: string) => {
      const arn = byName.get(`${account}/${kind}/${name}`)?.data.arn ?? `arn:aws:iam::${account}:${kind}/${name}`;
      if (!admins.has(arn)) admins.set(arn, { rec, arn, name, account, via });
    };
    for (const rec of view.records('aws.iam.admin-principals')) add(rec, rec.data.account, rec.data.kind, rec.data.name, 'AdministratorAccess');
    for (const rec of details) {
      const d = rec.data;
      if (d.kind === 'policy') continue;
      if ((d.attachedPolicies ?? []).some((a) => starPolicies.has(a.arn)) || (d.inlinePolicies ?? []).some((i) => allowsStarStar(i.document)))
        add(rec, d.account, d.kind, d.name, 'a policy allowing * on *');
    }
    // Why: members of an administrator group are administrators.
    for (const rec of details) {
      const d = rec.data;
      if (d.kind !== 'user') continue;
      for (const g of d.groups ?? []) {
        const admin = admins.get(byName.get(`${d.account}/group/${g}`)?.data.arn ?? `arn:aws:iam::${d.account}:group/${g}`);
        if (admin) add(rec, d.account, 'user', d.name, `group ${g}`);
      }
    }
    const findings: Finding[] = [...admins.values()].map((a) => {
      const ok = matches(p.approved, a.arn, a.name);
      return {
        status: ok ? 'pass' : 'fail',
        resource: a.arn,
        evidence: a.rec.ref,
        scope: a.account,
        reason: ok
          ? `${a.name} (account ${a.account}) has administrator access through ${a.via} and is approved.`
          : `${a.name} (account ${a.account}) has administrator access through ${a.via} and is not on the approved list.`,
      };
    });
    return { findings, notApplicable: findings.length === 0 };
  },
};
