import type { Check, Finding, StoredRecord } from '../../../src/types.js';
import {
  BACKUP_PLAN,
  PROTECTED_RESOURCE,
  RESTORE_JOB,
  RESTORE_TESTING_PLAN,
  type BackupRestoreJob,
  type BackupRestoreTestingPlan,
} from '../../../collectors/aws/backup/evidence.js';

/**
 * Every account that uses AWS Backup (a plan or a protected resource in any region) completed a restore job — by
 * hand or from a restore testing plan — within `withinDays`. Accounts without Backup are not judged here.
 */
export const backupRestoreTested: Check<{ withinDays: number }> = {
  meta: {
    id: 'aws.backup.restore-tested',
    title: 'Restores from backup are tested',
    failureTitle: 'Accounts with no recent successful restore test',
    requires: [RESTORE_JOB, BACKUP_PLAN, PROTECTED_RESOURCE, RESTORE_TESTING_PLAN],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { withinDays: { type: 'integer', minimum: 1, default: 365, description: 'Days within which a restore must have completed' } },
    },
    remediation:
      'Restore a recent recovery point into an isolated environment and verify the data, or create an AWS Backup restore testing plan that does so on a schedule.',
  },
  evaluate(view, p, asOf) {
    const accounts = new Map<
      string,
      { uses: boolean; latest?: StoredRecord<BackupRestoreJob>; at?: number; evidence?: string; scope: string; plans: BackupRestoreTestingPlan[] }
    >();
    const get = (scope: string) => {
      const account = scope.split('/')[0]!;
      return accounts.get(account) ?? accounts.set(account, { uses: false, scope, plans: [] }).get(account)!;
    };
    // Why a plan alone never passes: its last run says restores started, not that they completed.
    for (const r of view.records(RESTORE_TESTING_PLAN)) get(r.scope).plans.push(r.data);
    for (const r of [...view.records(BACKUP_PLAN), ...view.records(PROTECTED_RESOURCE)]) {
      const a = get(r.scope);
      a.uses = true;
      a.evidence ??= r.ref;
    }
    // Why each(): restore jobs are a population (restore testing can run daily per resource); only the newest is kept.
    view.each(RESTORE_JOB, (r) => {
      const a = get(r.scope);
      if (r.data.status !== 'COMPLETED') return;
      const t = Date.parse(r.data.completionDate ?? r.data.creationDate);
      if (a.at === undefined || t > a.at) Object.assign(a, { latest: { ...r }, at: t });
    });
    const findings: Finding[] = [];
    for (const [account, a] of accounts) {
      if (!a.uses && !a.latest) continue;
      const days = a.at !== undefined ? Math.floor((asOf.getTime() - a.at) / 86_400_000) : Infinity;
      const ok = days <= p.withinDays;
      const j = a.latest?.data;
      const tested = a.plans.length
        ? ` Restore testing plan(s): ${a.plans.map((x) => `${x.name} (${x.lastExecutionTime ? `last run ${x.lastExecutionTime.slice(0, 10)}` : 'never run'})`).join(', ')}.`
        : '';
      const how = j?.restoreTestingPlanArn ? ` by restore testing plan ${j.restoreTestingPlanArn.split(':').pop()}` : '';
      findings.push({
        status: ok ? 'pass' : 'fail',
        resource: `arn:aws:iam::${account}:root`,
        evidence: a.latest?.ref ?? a.evidence!,
        scope: a.latest?.scope ?? a.scope,
        reason: ok
          ? `Account ${account} completed restore job ${j!.id}${how} ${days} days ago (${j!.sourceResourceArn ?? j!.resourceType ?? 'resource'}).`
          : j
            ? `Account ${account}'s last completed restore job (${j.id}) is ${days} days old, over ${p.withinDays}.${tested}`
            : `Account ${account} uses AWS Backup but has no completed restore job.${tested}`,
      });
    }
    return { findings, notApplicable: findings.length === 0 };
  },
};
