import type { Check, Finding } from '../../../src/types.js';
import { REPORT, activeKeys, date, daysBetween, reportRows, type CredentialReportRow } from './lib/iam.js';

/** No password or active key unused for more than `maxIdleDays`; never-used credentials older than that fail too. */
export const unusedCredentials: Check<{ maxIdleDays: number }> = {
  meta: {
    id: 'aws.iam.unused-credentials',
    title: 'Unused IAM credentials are removed',
    failureTitle: 'IAM credentials unused beyond the idle limit',
    requires: [REPORT],
    paramsSchema: { type: 'object', additionalProperties: false, properties: { maxIdleDays: { type: 'integer', minimum: 1, default: 90 } } },
    remediation: 'Remove the console password or deactivate the access key that is no longer used; delete the user if it has left.',
  },
  evaluate(view, p, asOf) {
    const findings: Finding[] = [];
    const judge = (what: string, used: Date | undefined, since: Date | undefined, row: CredentialReportRow, ref: string, account: string) => {
      // Why: a credential never used is idle since it was issued (creation / rotation date).
      const from = used ?? since;
      const idle = from ? daysBetween(from, asOf) : Infinity;
      const ok = idle <= p.maxIdleDays;
      findings.push({
        status: ok ? 'pass' : 'fail',
        resource: row.arn,
        evidence: ref,
        scope: account,
        reason: ok
          ? `The ${what} of ${row.user} (account ${account}) was ${used ? 'used' : 'issued'} ${idle} days ago.`
          : `The ${what} of ${row.user} (account ${account}) has ${used ? `not been used for ${idle} days` : 'never been used'} (limit ${p.maxIdleDays}): remove it.`,
      });
    };
    for (const { row, rec, account, root } of reportRows(view)) {
      if (root) continue;
      if (row.passwordEnabled === true)
        judge('console password', date(row.passwordLastUsed), date(row.passwordLastChanged) ?? date(row.userCreationTime), row, rec.ref, account);
      for (const k of activeKeys(row)) judge(`access key ${k.slot}`, k.used, k.rotated, row, rec.ref, account);
    }
    return { findings, notApplicable: findings.length === 0 };
  },
};
