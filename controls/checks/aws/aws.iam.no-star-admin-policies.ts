import type { Check, Finding } from '../../../src/types.js';
import { DETAILS, allowsStarStar } from './lib/iam.js';

/** No customer-managed or inline policy allows `*` on `*`. */
export const noStarAdminPolicies: Check<{ onlyAttached: boolean }> = {
  meta: {
    id: 'aws.iam.no-star-admin-policies',
    title: 'No customer policy grants full administrator access',
    failureTitle: 'Customer or inline policies allow * on *',
    requires: [DETAILS],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { onlyAttached: { type: 'boolean', default: true, description: 'Judge customer managed policies only when attached.' } },
    },
    remediation:
      'Replace the `"Action": "*", "Resource": "*"` statement with the actions the principal needs; grant administrators the AWS managed AdministratorAccess through an approved group or role.',
  },
  evaluate(view, p) {
    const findings: Finding[] = [];
    for (const rec of view.records(DETAILS)) {
      const d = rec.data;
      const judge = (resource: string, what: string, doc: unknown) => {
        const bad = allowsStarStar(doc);
        findings.push({
          status: bad ? 'fail' : 'pass',
          resource,
          evidence: rec.ref,
          scope: d.account,
          reason: bad ? `${what} in account ${d.account} allows every action on every resource.` : `${what} in account ${d.account} does not allow * on *.`,
        });
      };
      if (d.kind === 'policy') {
        if (!p.onlyAttached || (d.attachmentCount ?? 0) > 0) judge(d.arn, `Customer managed policy ${d.name}`, d.document);
        continue;
      }
      for (const ip of d.inlinePolicies ?? []) judge(d.arn, `Inline policy ${ip.name} of ${d.kind} ${d.name}`, ip.document);
    }
    return { findings, notApplicable: findings.length === 0 };
  },
};
