/** DynamoDB evidence: one record per table with its point-in-time recovery state. */
export const TABLE = 'aws.dynamodb.table';

/** `aws.dynamodb.table`. */
export interface DynamoTable {
  account: string;
  region: string;
  name: string;
  arn: string;
  /** ContinuousBackupsStatus */
  continuousBackups: string;
  /** PointInTimeRecoveryStatus: ENABLED | DISABLED */
  pointInTimeRecovery: string;
  recoveryPeriodInDays?: number;
  earliestRestorableDateTime?: string;
}
