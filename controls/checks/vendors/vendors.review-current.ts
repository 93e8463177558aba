import type { Check, Finding } from '../../../src/types.js';
import type { VendorData } from '../../../collectors/vendors/types.js';
import { addMonths, day } from './lib/discover.js';

export interface ReviewParams {
  /** Longest time since the last security review. */
  maxMonths: number;
  /** Criticalities that must be reviewed. */
  criticalities: Array<VendorData['criticality']>;
}

/** Critical and high vendors had a security review within `maxMonths`. */
export const vendorsReviewCurrent: Check<ReviewParams> = {
  meta: {
    id: 'vendors.review-current',
    title: 'Critical and high vendors had a security review within the last year',
    failureTitle: 'Critical or high vendors without a current security review',
    requires: ['vendors.vendor'],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxMonths: { type: 'integer', minimum: 1, default: 12 },
        criticalities: { type: 'array', items: { enum: ['critical', 'high', 'medium', 'low'] }, minItems: 1, default: ['critical', 'high'] },
      },
    },
    remediation:
      'Review the vendor (security questionnaire, assurance report, contract and DPA terms, incidents), then record the date as lastReviewDate in the vendor register.',
  },
  evaluate(view, params, asOf) {
    const findings: Finding[] = [];
    const today = day(asOf);
    for (const r of view.records('vendors.vendor')) {
      const v = r.data;
      if (!params.criticalities.includes(v.criticality)) continue;
      const at = { resource: `vendor:${v.name}`, scope: r.scope, evidence: r.ref };
      if (!v.lastReviewDate) findings.push({ status: 'fail', ...at, reason: `${v.name} (${v.criticality}) has no security review on record` });
      else if (addMonths(v.lastReviewDate, params.maxMonths) < today)
        findings.push({
          status: 'fail',
          ...at,
          reason: `${v.name} (${v.criticality}) was last reviewed on ${v.lastReviewDate}, more than ${params.maxMonths} months ago (due ${addMonths(v.lastReviewDate, params.maxMonths)})`,
        });
      else
        findings.push({
          status: 'pass',
          ...at,
          reason: `${v.name} (${v.criticality}) was reviewed on ${v.lastReviewDate}; next due ${addMonths(v.lastReviewDate, params.maxMonths)}`,
        });
    }
    return { findings, notApplicable: findings.length === 0 };
  },
};
