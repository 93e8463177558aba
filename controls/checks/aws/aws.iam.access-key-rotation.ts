import type { Check, Finding } from '../../../src/types.js';
import { REPORT, activeKeys, daysBetween, reportRows } from './lib/iam.js';

/** No active access key older than `maxAgeDays`. */
export const accessKeyRotation: Check<{ maxAgeDays: number }> = {
  meta: {
    id: 'aws.iam.access-key-rotation',
    title: 'Active access keys are rotated',
    failureTitle: 'Access keys older than the rotation period',
    requires: [REPORT],
    paramsSchema: { type: 'object', additionalProperties: false, properties: { maxAgeDays: { type: 'integer', minimum: 1, default: 90 } } },
    remediation: 'Create a new access key, move the workload to it, then deactivate and delete the old key — or replace the key with a role.',
  },
  evaluate(view, p, asOf) {
    const findings: Finding[] = [];
    for (const { row, rec, account } of reportRows(view)) {
      for (const k of activeKeys(row)) {
        // Why: a key with no rotation date cannot be shown to be young, so it fails.
        const age = k.rotated ? daysBetween(k.rotated, asOf) : Infinity;
        const ok = age <= p.maxAgeDays;
        findings.push({
          status: ok ? 'pass' : 'fail',
          resource: row.arn,
          evidence: rec.ref,
          scope: account,
          reason: ok
            ? `Access key ${k.slot} of ${row.user} (account ${account}) is ${age} days old.`
            : `Access key ${k.slot} of ${row.user} (account ${account}) is ${Number.isFinite(age) ? `${age} days` : 'of unknown age'} old, over ${p.maxAgeDays}: rotate it.`,
        });
      }
    }
    return { findings, notApplicable: findings.length === 0 };
  },
};
