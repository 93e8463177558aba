import type { Check, Finding } from '../../../src/types.js';
import { REPORT, activeKeys, reportRows } from './lib/iam.js';

/** Root has no active access keys. */
export const rootAccessKeys: Check<Record<string, never>> = {
  meta: {
    id: 'aws.iam.root-access-keys',
    title: 'Root account has no active access keys',
    failureTitle: 'Root account has active access keys',
    requires: [REPORT],
    paramsSchema: { type: 'object', additionalProperties: false, properties: {} },
    remediation: 'Delete the root access keys (Security credentials → Access keys) and use IAM roles for automation.',
  },
  evaluate(view) {
    const findings: Finding[] = [];
    for (const { row, rec, account, root } of reportRows(view)) {
      if (!root) continue;
      const keys = activeKeys(row);
      findings.push({
        status: keys.length ? 'fail' : 'pass',
        resource: row.arn,
        evidence: rec.ref,
        scope: account,
        reason: keys.length
          ? `The root user of account ${account} has ${keys.length} active access key(s); root keys cannot be restricted by any policy — delete them.`
          : `The root user of account ${account} has no active access keys.`,
      });
    }
    return { findings };
  },
};
