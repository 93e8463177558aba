import type { Check, Finding } from '../../../src/types.js';
import { REPORT, date, daysBetween, reportRows } from './lib/iam.js';

/** Root password and keys were not used within `days`. */
export const rootRecentUse: Check<{ days: number }> = {
  meta: {
    id: 'aws.iam.root-recent-use',
    title: 'Root account is not used for daily work',
    failureTitle: 'Root account was used recently',
    requires: [REPORT],
    paramsSchema: { type: 'object', additionalProperties: false, properties: { days: { type: 'integer', minimum: 1, default: 90 } } },
    remediation: 'Use IAM roles or Identity Center for administration; keep root for the few tasks that need it, with a break-glass ticket.',
  },
  evaluate(view, p, asOf) {
    const findings: Finding[] = [];
    for (const { row, rec, account, root } of reportRows(view)) {
      if (!root) continue;
      const uses = [date(row.passwordLastUsed), ...row.accessKeys.map((k) => date(k.lastUsed))].filter((d): d is Date => d !== undefined);
      const last = uses.sort((a, b) => b.getTime() - a.getTime())[0];
      const recent = last !== undefined && daysBetween(last, asOf) <= p.days;
      findings.push({
        status: recent ? 'fail' : 'pass',
        resource: row.arn,
        evidence: rec.ref,
        scope: account,
        reason: recent
          ? `The root user of account ${account} was used on ${last.toISOString()}, within the last ${p.days} days; investigate and move that task to a role.`
          : `The root user of account ${account} was not used in the last ${p.days} days${last ? ` (last ${last.toISOString()})` : ''}.`,
      });
    }
    return { findings };
  },
};
