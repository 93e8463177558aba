import type { Check, Finding } from '../../../src/types.js';
import { DB_CLUSTER, DB_INSTANCE, label, storageOwners } from './lib/rds.js';

/** Automated backups are kept at least `minDays` days (0 means automated backups are off). */
export const rdsAutomatedBackups: Check<{ minDays: number }> = {
  meta: {
    id: 'aws.rds.automated-backups',
    title: 'RDS automated backups are kept long enough',
    failureTitle: 'RDS databases with short or no automated backups',
    requires: [DB_INSTANCE, DB_CLUSTER],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { minDays: { type: 'integer', minimum: 1, maximum: 35, default: 7, description: 'Fewest days of automated backups (RDS allows up to 35)' } },
    },
    remediation: 'Set the backup retention period (modify-db-instance / modify-db-cluster --backup-retention-period) to at least the required days.',
  },
  evaluate(view, p) {
    const findings: Finding[] = storageOwners(view).map((r) => {
      const d = r.rec.data;
      const days = d.backupRetentionPeriod;
      const ok = days >= p.minDays;
      const reason = ok
        ? `${label(r)} keeps automated backups ${days} days.`
        : days === 0
          ? `${label(r)} has automated backups turned off (retention 0 days).`
          : `${label(r)} keeps automated backups ${days} day(s), under ${p.minDays}.`;
      return { status: ok ? 'pass' : 'fail', resource: d.arn, evidence: r.rec.ref, scope: r.rec.scope, reason };
    });
    return { findings, notApplicable: findings.length === 0 };
  },
};
