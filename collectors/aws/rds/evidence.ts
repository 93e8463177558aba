/** RDS evidence: one record per DB instance and per DB cluster, per account and region. */
import type { AggregationVia } from '../network/evidence.js';
export const DB_INSTANCE = 'aws.rds.db-instance';
export const DB_CLUSTER = 'aws.rds.db-cluster';

export interface RdsTag {
  key: string;
  value: string;
}

/** `aws.rds.db-instance` (schemas/evidence/aws.rds.db-instance.schema.json). */
export interface RdsInstance {
  account: string;
  region: string;
  id: string;
  arn: string;
  engine: string;
  status?: string;
  /** The Aurora cluster the instance belongs to: storage, backups and deletion protection are the cluster's. */
  clusterId?: string;
  storageEncrypted: boolean;
  kmsKeyId?: string;
  backupRetentionPeriod: number;
  publiclyAccessible: boolean;
  multiAZ: boolean;
  deletionProtection: boolean;
  tags: RdsTag[];
  /** Aggregation mode only (absent: read directly): `config-aggregator`, and the aggregator and source it came through. */
  mode?: 'config-aggregator';
  via?: AggregationVia;
}

/** `aws.rds.db-cluster`. */
export interface RdsCluster {
  account: string;
  region: string;
  id: string;
  arn: string;
  engine: string;
  status?: string;
  storageEncrypted: boolean;
  kmsKeyId?: string;
  backupRetentionPeriod: number;
  multiAZ: boolean;
  deletionProtection: boolean;
  members: string[];
  tags: RdsTag[];
  /** Aggregation mode only (absent: read directly). */
  mode?: 'config-aggregator';
  via?: AggregationVia;
}
