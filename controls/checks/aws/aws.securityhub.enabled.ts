import type { Check, Finding } from '../../../src/types.js';
import { SECURITYHUB_HUB } from '../../../collectors/aws/securityhub/evidence.js';

/** Security Hub is on in every configured account and region, with each required standard enabled and READY. */
export const securityhubEnabled: Check<{ standards: string[] }> = {
  meta: {
    id: 'aws.securityhub.enabled',
    title: 'Security Hub runs the required standards in every configured region',
    failureTitle: 'Regions without Security Hub or its required standards',
    requires: [SECURITYHUB_HUB],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        standards: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          default: ['aws-foundational-security-best-practices'],
          description: 'Standard names as in their ARNs (…standards/<name>/v/…)',
        },
      },
    },
    remediation:
      'Enable Security Hub in each region (aws securityhub enable-security-hub) and the required standards (batch-enable-standards), or configure them centrally from the delegated administrator.',
  },
  evaluate(view, p) {
    const findings: Finding[] = view.records(SECURITYHUB_HUB).map((r) => {
      const h = r.data;
      const where = `account ${h.account}, region ${h.region}`;
      const resource = h.hubArn ?? `arn:aws:securityhub:${h.region}:${h.account}:hub/default`;
      if (!h.subscribed)
        return {
          status: 'fail',
          resource,
          evidence: r.ref,
          scope: r.scope,
          reason: `Security Hub is not enabled (${where}): ${h.notSubscribedMessage ?? 'not subscribed'}.`,
        };
      const missing: string[] = [];
      for (const name of p.standards) {
        const s = h.standards.find((x) => x.standardsArn.includes(`/${name}/`));
        if (!s) missing.push(`${name} is not enabled`);
        else if (s.status !== 'READY') missing.push(`${name} is ${s.status}${s.statusReason ? ` (${s.statusReason})` : ''}`);
      }
      return missing.length
        ? { status: 'fail', resource, evidence: r.ref, scope: r.scope, reason: `Security Hub is on but ${missing.join('; ')} (${where}).` }
        : { status: 'pass', resource, evidence: r.ref, scope: r.scope, reason: `Security Hub is on with ${p.standards.join(', ')} ready (${where}).` };
    });
    return { findings, notApplicable: findings.length === 0 };
  },
};
