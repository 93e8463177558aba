import type { Check, Finding } from '../../../src/types.js';
import { discover, DISCOVERY_TYPES, matchVendor } from './lib/discover.js';

/** Every third party connected to our systems (Okta apps, GitHub Apps, trusted AWS accounts) is in the vendor register. */
export const vendorsRegistered: Check<Record<string, never>> = {
  meta: {
    id: 'vendors.registered',
    title: 'Every third party connected to our systems is in the vendor register',
    failureTitle: 'Third parties connected to our systems are missing from the vendor register',
    requires: ['vendors.vendor'],
    // Why any-of: discovery reads whichever of Okta, GitHub and AWS are in scope; each one read must be complete.
    requiresAnyOf: DISCOVERY_TYPES,
    paramsSchema: { type: 'object', additionalProperties: false, properties: {} },
    remediation:
      "Add each third party found to the vendor register (criticality, owner, review, assurance report), or map its discovered name to the register's vendor in the mapping file; remove integrations nobody approved.",
  },
  evaluate(view) {
    // Why nothing without the register: every third party would look unregistered, a failure the evidence does not show.
    if (view.scopes('vendors.vendor').length === 0) return { findings: [] };
    const vendors = view.records('vendors.vendor');
    const findings: Finding[] = [];
    for (const d of discover(view)) {
      const at = { resource: d.resource, scope: d.scope, evidence: d.evidence };
      const m = matchVendor(d, vendors);
      if (m) findings.push({ status: 'pass', ...at, reason: `${d.where} is the registered vendor ${m.vendor.data.name} (matched by ${m.by})` });
      else
        findings.push({
          status: 'fail',
          ...at,
          reason: `${d.where} is in no entry of the vendor register: add it, or map '${d.source}:${d.name}' to its vendor`,
        });
    }
    return { findings, notApplicable: findings.length === 0 };
  },
};
