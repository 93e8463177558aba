import type { Check, Finding } from '../../../src/types.js';

const SECRET = 'aws.secretsmanager.secret';
const DAY = 86_400_000;

/** Every secret rotates automatically and was rotated within `maxDays`. */
export const secretsmanagerRotation: Check<{ maxDays: number }> = {
  meta: {
    id: 'aws.secretsmanager.rotation',
    title: 'Secrets rotate automatically',
    failureTitle: 'Secrets not rotated',
    requires: [SECRET],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { maxDays: { type: 'integer', minimum: 1, default: 90, description: 'Fail when the last rotation is older than this.' } },
    },
    remediation:
      'Turn on rotation for the secret with a rotation function (secretsmanager rotate-secret --rotation-rules AutomaticallyAfterDays=30), and rotate it now.',
  },
  evaluate(view, p, asOf) {
    const findings: Finding[] = [];
    for (const r of view.records(SECRET)) {
      const s = r.data;
      // Why skipped: a secret scheduled for deletion can no longer be read by anyone.
      if (s.deletedDate) continue;
      const name = `${s.name} (account ${s.account}, ${s.region})`;
      // Why a never-rotated secret counts from its creation: its value is as old as the secret.
      const since = s.lastRotatedDate ?? s.createdDate;
      const age = since ? Math.floor((asOf.getTime() - Date.parse(since)) / DAY) : Infinity;
      const problems = [
        !s.rotationEnabled ? 'has rotation off' : '',
        age > p.maxDays
          ? s.lastRotatedDate
            ? `was last rotated ${age} days ago (over ${p.maxDays})`
            : Number.isFinite(age)
              ? `was never rotated in its ${age} days`
              : 'has no rotation or creation date'
          : '',
      ].filter(Boolean);
      const ok = problems.length === 0;
      findings.push({
        status: ok ? 'pass' : 'fail',
        resource: s.arn,
        evidence: r.ref,
        scope: r.scope,
        reason: ok ? `Secret ${name} rotates automatically; last rotated ${age} days ago.` : `Secret ${name} ${problems.join(' and ')}.`,
      });
    }
    return { findings, notApplicable: findings.length === 0 };
  },
};
