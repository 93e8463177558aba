/** RDS evidence: one record per DB instance and per DB cluster, per account and region. */
import type { AwsRdsDbCluster, AwsRdsDbInstance } from '../../../src/evidence/types.generated.js';

export type RdsInstance = AwsRdsDbInstance;
export type RdsCluster = AwsRdsDbCluster;
export type RdsTag = AwsRdsDbInstance['tags'][number];

export const DB_INSTANCE = 'aws.rds.db-instance';
export const DB_CLUSTER = 'aws.rds.db-cluster';
