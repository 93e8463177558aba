/**
 * Scenario shapes of the data-protection services the sandbox serves beside IAM and CloudTrail (RDS, EBS,
 * ELBv2, DynamoDB, AWS Backup). Every resource sits in one region (default us-east-1).
 */
import type { TimeSpec } from './model.js';

export interface AwsDbInstanceSpec {
  id: string;
  region?: string;
  engine?: string;
  /** StorageEncrypted (default true). */
  encrypted?: boolean;
  /** BackupRetentionPeriod in days (default 7; 0 = automated backups off). */
  backupDays?: number;
  public?: boolean;
  multiAz?: boolean;
  deletionProtection?: boolean;
  /** DBClusterIdentifier of the Aurora cluster the instance belongs to. */
  cluster?: string;
  tags?: Record<string, string>;
}

export interface AwsDbClusterSpec {
  id: string;
  region?: string;
  engine?: string;
  encrypted?: boolean;
  backupDays?: number;
  multiAz?: boolean;
  deletionProtection?: boolean;
  tags?: Record<string, string>;
}

export interface AwsVolumeSpec {
  id: string;
  region?: string;
  encrypted?: boolean;
  /** Attached instance id: the volume is `in-use`; absent = `available`. */
  instance?: string;
  size?: number;
  tags?: Record<string, string>;
}

export interface AwsListenerSpec {
  port: number;
  protocol: 'HTTP' | 'HTTPS' | 'TLS' | 'TCP' | 'UDP' | 'TCP_UDP';
  /** SslPolicy of an HTTPS/TLS listener (a predefined ELBSecurityPolicy-… name). */
  policy?: string;
  /** HTTP listeners: the default action redirects to HTTPS (otherwise it forwards). */
  redirect?: boolean;
}

export interface AwsLoadBalancerSpec {
  name: string;
  region?: string;
  type?: 'application' | 'network';
  scheme?: 'internet-facing' | 'internal';
  listeners?: AwsListenerSpec[];
}

export interface AwsTableSpec {
  name: string;
  region?: string;
  /** Point-in-time recovery on (default false, as for a new table). */
  pitr?: boolean;
}

export interface AwsBackupSpec {
  plans?: Array<{
    name: string;
    region?: string;
    rules: Array<{ name: string; vault?: string; schedule?: string; deleteAfterDays?: number }>;
    selections?: Array<{ name: string; resources?: string[]; tags?: Record<string, string> }>;
  }>;
  /** Resources with recovery points (ListProtectedResources, ListRecoveryPointsByResource). */
  protected?: Array<{ arn: string; type: string; region?: string; points: Array<{ at: TimeSpec; status?: 'COMPLETED' | 'PARTIAL' | 'EXPIRED' | 'DELETING' }> }>;
  restores?: Array<{ at: TimeSpec; region?: string; resource: string; status?: 'COMPLETED' | 'FAILED' | 'ABORTED' | 'RUNNING'; testingPlan?: string }>;
  restoreTestingPlans?: Array<{ name: string; region?: string; schedule?: string; lastRun?: TimeSpec }>;
}

/** What an account holds of these services, and where each service is not enabled (region → service names). */
export interface AwsDataSpec {
  rds?: { instances?: AwsDbInstanceSpec[]; clusters?: AwsDbClusterSpec[] };
  /** EBS encryption by default per region (absent region: off, the AWS default). */
  ebsDefaultEncryption?: Record<string, boolean>;
  volumes?: AwsVolumeSpec[];
  loadBalancers?: AwsLoadBalancerSpec[];
  tables?: AwsTableSpec[];
  backup?: AwsBackupSpec;
  /** Region → services (`kms`, `acm`, `secretsmanager`, `logs`, `ec2`, `rds`, `elasticloadbalancing`, `dynamodb`, `backup`, or `*` for those nine) that answer "not subscribed" (an opt-in region not enabled: `*`). */
  notEnabled?: Record<string, string[]>;
}

export function regionOf(r: { region?: string }): string {
  return r.region ?? 'us-east-1';
}

export function tagsOf(tags: Record<string, string> | undefined): Array<{ Key: string; Value: string }> {
  return Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
}
