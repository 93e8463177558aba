import type { Check, Finding } from '../../../src/types.js';
import { DETAILS } from './lib/iam.js';

/** Users get permissions through groups or roles, not attached or inline user policies. */
export const userDirectPolicies: Check<Record<string, never>> = {
  meta: {
    id: 'aws.iam.user-direct-policies',
    title: 'IAM users get permissions only through groups',
    failureTitle: 'IAM users with directly attached or inline policies',
    requires: [DETAILS],
    paramsSchema: { type: 'object', additionalProperties: false, properties: {} },
    remediation: "Move the user's policies to a group (or a role the user assumes) and detach or delete the user policies.",
  },
  evaluate(view) {
    const findings: Finding[] = [];
    for (const rec of view.records(DETAILS)) {
      const d = rec.data;
      if (d.kind !== 'user') continue;
      const direct = [...(d.attachedPolicies ?? []).map((x) => `attached ${x.name}`), ...(d.inlinePolicies ?? []).map((x) => `inline ${x.name}`)];
      findings.push({
        status: direct.length ? 'fail' : 'pass',
        resource: d.arn,
        evidence: rec.ref,
        scope: d.account,
        reason: direct.length
          ? `${d.name} (account ${d.account}) has user policies (${direct.join(', ')}): grant them through a group instead.`
          : `${d.name} (account ${d.account}) has no user policies.`,
      });
    }
    return { findings, notApplicable: findings.length === 0 };
  },
};
