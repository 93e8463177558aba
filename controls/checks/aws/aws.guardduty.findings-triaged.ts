import type { Check, Finding } from '../../../src/types.js';
import { GUARDDUTY_DETECTOR, GUARDDUTY_FINDING, GUARDDUTY_SEVERITY_FLOOR } from '../../../collectors/aws/guardduty/evidence.js';

const DAY = 86_400_000;

/**
 * No GuardDuty finding of severity ≥ `minSeverity` stays active and unarchived longer than `maxDays`: a finding
 * that is still open after that long was not evaluated (archived, suppressed or resolved) in time.
 */
export const guarddutyFindingsTriaged: Check<{ minSeverity: number; maxDays: number }> = {
  meta: {
    id: 'aws.guardduty.findings-triaged',
    title: 'High-severity GuardDuty findings are triaged in time',
    failureTitle: 'GuardDuty findings left open past the triage window',
    requires: [GUARDDUTY_DETECTOR, GUARDDUTY_FINDING],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        // Why the minimum: the collector reads findings from this severity up; a lower threshold would judge findings never read.
        minSeverity: {
          type: 'number',
          minimum: GUARDDUTY_SEVERITY_FLOOR,
          maximum: 10,
          default: 7,
          description: 'Lowest severity judged (GuardDuty High is 7–8.9)',
        },
        maxDays: { type: 'integer', minimum: 0, default: 7, description: 'Days a finding may stay active and unarchived' },
      },
    },
    remediation:
      'Investigate each open high-severity GuardDuty finding, fix the cause, and archive it (or add a suppression rule with a recorded reason for a known benign pattern).',
  },
  evaluate(view, p, asOf) {
    const findings: Finding[] = [];
    const late = new Set<string>();
    for (const r of view.records(GUARDDUTY_FINDING)) {
      const f = r.data;
      if (f.archived || f.severity < p.minSeverity) continue;
      const days = Math.floor((asOf.getTime() - Date.parse(f.createdAt)) / DAY);
      if (days <= p.maxDays) continue;
      late.add(r.scope);
      findings.push({
        status: 'fail',
        resource: f.arn,
        evidence: r.ref,
        scope: r.scope,
        reason: `GuardDuty finding ${f.type} (severity ${f.severity}) has been open ${days} days, over ${p.maxDays} (account ${f.account}, region ${f.region}).`,
      });
    }
    // Why per region with a detector: a region without one has no findings to triage (aws.guardduty.enabled fails it).
    // Why only complete finding scopes: a region whose list broke off proves nothing about the findings not read.
    const read = new Set(view.scopes(GUARDDUTY_FINDING));
    for (const r of view.records(GUARDDUTY_DETECTOR)) {
      if (!r.data.detectors.length || late.has(r.scope) || !read.has(r.scope)) continue;
      findings.push({
        status: 'pass',
        resource: `arn:aws:guardduty:${r.data.region}:${r.data.account}:detector/${r.data.detectors[0]!.id}`,
        evidence: r.ref,
        scope: r.scope,
        reason: `No GuardDuty finding of severity ≥ ${p.minSeverity} has been open over ${p.maxDays} days (account ${r.data.account}, region ${r.data.region}).`,
      });
    }
    return { findings, notApplicable: findings.length === 0 };
  },
};
