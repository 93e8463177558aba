import type { Check, Finding } from '../../../src/types.js';
import { REPORT, reportRows } from './lib/iam.js';

/** Every IAM user with a console password has MFA. */
export const consoleUserMfa: Check<Record<string, never>> = {
  meta: {
    id: 'aws.iam.console-user-mfa',
    title: 'IAM users with console access have MFA',
    failureTitle: 'IAM console users without MFA',
    requires: [REPORT],
    paramsSchema: { type: 'object', additionalProperties: false, properties: {} },
    remediation: 'Assign an MFA device to the user (IAM → Users → Security credentials), or remove the console password if it is not needed.',
  },
  evaluate(view) {
    const findings: Finding[] = [];
    for (const { row, rec, account, root } of reportRows(view)) {
      if (root || row.passwordEnabled !== true) continue;
      const ok = row.mfaActive;
      findings.push({
        status: ok ? 'pass' : 'fail',
        resource: row.arn,
        evidence: rec.ref,
        scope: account,
        reason: ok
          ? `${row.user} (account ${account}) signs in to the console with MFA.`
          : `${row.user} (account ${account}) has a console password and no MFA device: assign one or remove the password.`,
      });
    }
    // Why not-applicable: with no console passwords at all (everyone via SSO) there is nothing to enforce here.
    return { findings, notApplicable: findings.length === 0 };
  },
};
