/** AWS Backup evidence: plans with their rules and selections, protected resources with their recovery points, restore jobs. */
export const BACKUP_PLAN = 'aws.backup.plan';
export const PROTECTED_RESOURCE = 'aws.backup.protected-resource';
export const RESTORE_JOB = 'aws.backup.restore-job';
export const RESTORE_TESTING_PLAN = 'aws.backup.restore-testing-plan';

/** `aws.backup.plan`: one record per plan, per account and region. */
export interface BackupPlan {
  account: string;
  region: string;
  id: string;
  arn: string;
  name: string;
  versionId?: string;
  rules: Array<{ name: string; vault: string; schedule?: string; /** absent: recovery points are kept until deleted by hand */ deleteAfterDays?: number }>;
  selections: Array<{ id: string; name: string; resources: string[]; notResources: string[]; tags: Array<{ key: string; value: string; condition: string }> }>;
}

/** `aws.backup.protected-resource`: a resource AWS Backup holds recovery points of. */
export interface BackupProtectedResource {
  account: string;
  region: string;
  arn: string;
  type: string;
  lastBackupTime?: string;
  recoveryPoints: number;
  /** The newest recovery point whose status is COMPLETED. */
  latestCompleted?: { arn: string; at: string };
}

/** `aws.backup.restore-job` (a population: one record per restore job). */
export interface BackupRestoreJob {
  account: string;
  region: string;
  id: string;
  status: string;
  resourceType?: string;
  sourceResourceArn?: string;
  createdResourceArn?: string;
  creationDate: string;
  completionDate?: string;
  /** Set when a restore testing plan started the job. */
  restoreTestingPlanArn?: string;
}

/** `aws.backup.restore-testing-plan`: a plan that restores recovery points on a schedule to test them. */
export interface BackupRestoreTestingPlan {
  account: string;
  region: string;
  arn: string;
  name: string;
  schedule?: string;
  /** When the plan last started its restores (whether they completed is in its restore jobs). */
  lastExecutionTime?: string;
}
