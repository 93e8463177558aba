/** DynamoDB evidence: one record per table with its point-in-time recovery state. */
import type { AggregationVia } from '../network/evidence.js';
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
  /** Aggregation mode only (absent: read directly): `config-aggregator`, and the aggregator and source it came through. */
  mode?: 'config-aggregator';
  via?: AggregationVia;
}
