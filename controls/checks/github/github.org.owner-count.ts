import type { Check, Finding } from '../../../src/types.js';

export interface OwnerCountParams {
  min: number;
  max: number;
}

/** Enough owners to avoid a single point of failure, few enough to keep admin power narrow. */
export const ownerCount: Check<OwnerCountParams> = {
  meta: {
    id: 'github.org.owner-count',
    title: 'The GitHub organisation has between min and max owners',
    failureTitle: 'GitHub organisation owner count out of bounds',
    requires: ['github.org.member'],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { min: { type: 'integer', minimum: 1, default: 2 }, max: { type: 'integer', minimum: 1, default: 5 } },
    },
    remediation:
      'Organization → People → filter by role Owner: promote a second trusted administrator, or demote owners who do not need full control to member.',
  },
  evaluate(view, params) {
    const byOrg = new Map<string, Array<{ login: string; ref: string }>>();
    const first = new Map<string, string>();
    for (const m of view.records('github.org.member')) {
      if (!first.has(m.scope)) first.set(m.scope, m.ref);
      if (m.data.role === 'admin') byOrg.set(m.scope, [...(byOrg.get(m.scope) ?? []), { login: m.data.login, ref: m.ref }]);
    }
    const findings: Finding[] = [...first.keys()].map((org) => {
      const owners = byOrg.get(org) ?? [];
      const n = owners.length;
      const evidence = owners[0]?.ref ?? first.get(org)!;
      const names = owners.map((o) => o.login).join(', ') || 'none';
      if (n < params.min)
        return {
          status: 'fail',
          resource: `github:${org}`,
          scope: org,
          evidence,
          reason: `${n} owner(s) (${names}); at least ${params.min} are needed so that losing one account does not lock the organisation`,
        };
      if (n > params.max)
        return {
          status: 'fail',
          resource: `github:${org}`,
          scope: org,
          evidence,
          reason: `${n} owners (${names}); at most ${params.max} should hold full control — demote the others to member`,
        };
      return { status: 'pass', resource: `github:${org}`, scope: org, evidence, reason: `${n} owners (${names}), within ${params.min}–${params.max}` };
    });
    return { findings, notApplicable: findings.length === 0 };
  },
};
