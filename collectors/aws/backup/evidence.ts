/**
 * AWS Backup evidence: plans with their rules and selections, protected resources with their recovery points, restore
 * jobs and restore testing plans. The record types are generated from schemas/evidence/aws.backup.*.schema.json.
 */
export type {
  AwsBackupPlan as BackupPlan,
  AwsBackupProtectedResource as BackupProtectedResource,
  AwsBackupRestoreJob as BackupRestoreJob,
  AwsBackupRestoreTestingPlan as BackupRestoreTestingPlan,
} from '../../../src/evidence/types.generated.js';

export const BACKUP_PLAN = 'aws.backup.plan';
export const PROTECTED_RESOURCE = 'aws.backup.protected-resource';
export const RESTORE_JOB = 'aws.backup.restore-job';
export const RESTORE_TESTING_PLAN = 'aws.backup.restore-testing-plan';
