import type { Check, Finding } from '../../../src/types.js';

const GROUP = 'aws.logs.log-group';

/** Every log group keeps events at least `minDays` (never-expire passes). */
export const logsRetention: Check<{ minDays: number }> = {
  meta: {
    id: 'aws.logs.retention',
    title: 'Log groups keep events long enough',
    failureTitle: 'Log groups with short retention',
    requires: [GROUP],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { minDays: { type: 'integer', minimum: 1, default: 365, description: 'The shortest retention that passes.' } },
    },
    remediation:
      'Set the log group retention to at least the required period (logs put-retention-policy --retention-in-days 365), or export older events to S3 with a lifecycle policy.',
  },
  evaluate(view, p) {
    const findings: Finding[] = view.records(GROUP).map((r) => {
      const g = r.data;
      const name = `${g.name} (account ${g.account}, ${g.region})`;
      const days = g.retentionInDays;
      const ok = days === undefined || days >= p.minDays;
      const reason =
        days === undefined
          ? `Log group ${name} never expires its events.`
          : ok
            ? `Log group ${name} keeps events ${days} days.`
            : `Log group ${name} keeps events only ${days} days (under ${p.minDays}).`;
      return {
        status: ok ? 'pass' : 'fail',
        resource: g.arn ?? `arn:aws:logs:${g.region}:${g.account}:log-group:${g.name}`,
        evidence: r.ref,
        scope: r.scope,
        reason,
      };
    });
    return { findings, notApplicable: findings.length === 0 };
  },
};
