import type { Check, Finding } from '../../../src/types.js';

const CERT = 'aws.acm.certificate';
const DAY = 86_400_000;

/** In-use certificates are renewable and more than `days` from expiry. */
export const acmCertExpiry: Check<{ days: number }> = {
  meta: {
    id: 'aws.acm.cert-expiry',
    title: 'TLS certificates in use are renewed before they expire',
    failureTitle: 'In-use certificates near expiry or not renewable',
    requires: [CERT],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { days: { type: 'integer', minimum: 1, default: 30, description: 'Fail when an in-use certificate expires within this many days.' } },
    },
    remediation:
      'Replace imported certificates with ACM-issued ones (DNS validation renews them automatically), or re-import a renewed certificate; fix the validation records of a certificate ACM cannot renew.',
  },
  evaluate(view, p, asOf) {
    const findings: Finding[] = [];
    for (const r of view.records(CERT)) {
      const c = r.data;
      // Why only in-use: a certificate no load balancer or distribution serves protects no connection.
      if (!c.inUse) continue;
      const name = `${c.domainName ?? c.arn} (account ${c.account}, ${c.region})`;
      if (!c.notAfter) {
        findings.push({
          status: 'fail',
          resource: c.arn,
          evidence: r.ref,
          scope: r.scope,
          reason: `Certificate ${name} is in use with status ${c.status} and no expiry date.`,
        });
        continue;
      }
      const left = Math.floor((Date.parse(c.notAfter) - asOf.getTime()) / DAY);
      const problems = [
        left < 0 ? `expired ${-left} days ago` : left <= p.days ? `expires in ${left} days (within ${p.days})` : '',
        c.renewalEligibility !== 'ELIGIBLE' ? `is not eligible for managed renewal (${c.type.toLowerCase()}, ${c.renewalEligibility ?? 'no eligibility'})` : '',
      ].filter(Boolean);
      const ok = problems.length === 0;
      findings.push({
        status: ok ? 'pass' : 'fail',
        resource: c.arn,
        evidence: r.ref,
        scope: r.scope,
        reason: ok ? `Certificate ${name} expires in ${left} days and renews automatically.` : `Certificate ${name} ${problems.join(' and ')}.`,
      });
    }
    return { findings, notApplicable: findings.length === 0 };
  },
};
