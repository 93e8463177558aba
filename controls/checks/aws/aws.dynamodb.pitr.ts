import type { Check, Finding } from '../../../src/types.js';
import { TABLE } from '../../../collectors/aws/dynamodb/evidence.js';

/** Every DynamoDB table has point-in-time recovery on. */
export const dynamodbPitr: Check<Record<string, never>> = {
  meta: {
    id: 'aws.dynamodb.pitr',
    title: 'DynamoDB tables have point-in-time recovery',
    failureTitle: 'DynamoDB tables without point-in-time recovery',
    requires: [TABLE],
    paramsSchema: { type: 'object', additionalProperties: false, properties: {} },
    remediation: 'Turn on point-in-time recovery (dynamodb update-continuous-backups --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true).',
  },
  evaluate(view) {
    const findings: Finding[] = view.records(TABLE).map((r) => {
      const t = r.data;
      const ok = t.pointInTimeRecovery === 'ENABLED';
      const where = `Table ${t.name} (account ${t.account}, region ${t.region})`;
      return {
        status: ok ? 'pass' : 'fail',
        resource: t.arn,
        evidence: r.ref,
        scope: r.scope,
        reason: ok
          ? `${where} has point-in-time recovery${t.recoveryPeriodInDays ? ` over ${t.recoveryPeriodInDays} days` : ''}.`
          : `${where} has point-in-time recovery ${t.pointInTimeRecovery.toLowerCase()}.`,
      };
    });
    return { findings, notApplicable: findings.length === 0 };
  },
};
