/** The `aws-rds` collector: DB instances and clusters of every account and region (DescribeDBInstances/Clusters). */
import type { DBCluster, DBInstance, DescribeDBClustersCommandOutput, DescribeDBInstancesCommandOutput, Tag } from '@aws-sdk/client-rds';
import type { CollectContext, EvidenceRecord } from '../../../src/types.js';
import { paginate, rawOf, record } from '../call.js';
import { clientConfig } from '../clients.js';
import type { AwsConfig } from '../config.js';
import { regionalCollector, regionalStep } from '../regional.js';
import { DB_CLUSTER, DB_INSTANCE, type RdsCluster, type RdsInstance, type RdsTag } from './evidence.js';

type Sdk = typeof import('@aws-sdk/client-rds');

export const awsRdsCollector = regionalCollector<Sdk>({
  id: 'aws-rds',
  title: 'Amazon RDS: DB instances and clusters (encryption, backups, public access, Multi-AZ, deletion protection)',
  types: [DB_INSTANCE, DB_CLUSTER],
  permissions: ['rds:DescribeDBInstances', 'rds:DescribeDBClusters'],
  // Why on demand: runs without RDS in scope never load the client's models.
  load: () => import('@aws-sdk/client-rds'),
  async *region(ctx, sdk, account, region) {
    const scope = `${account.id}/${region}`;
    const client = new sdk.RDSClient(clientConfig(ctx, region, account.credentials));
    yield* regionalStep(ctx, DB_INSTANCE, scope, 'rds:DescribeDBInstances', () => instances(ctx, sdk, client, account.id, region));
    yield* regionalStep(ctx, DB_CLUSTER, scope, 'rds:DescribeDBClusters', () => clusters(ctx, sdk, client, account.id, region));
    client.destroy();
  },
});

const tags = (t: Tag[] | undefined): RdsTag[] => (t ?? []).map((x) => ({ key: x.Key ?? '', value: x.Value ?? '' }));

/** Why required fields throw: a DB instance without its encryption or backup flags cannot be judged, and a default would be a verdict. */
function need<T>(v: T | undefined, what: string, id: string | undefined): T {
  if (v === undefined || v === null) throw new SyntaxError(`RDS answered ${id ?? 'a resource'} without ${what}`);
  return v;
}

async function* instances(ctx: CollectContext<AwsConfig>, sdk: Sdk, client: InstanceType<Sdk['RDSClient']>, account: string, region: string): AsyncGenerator<EvidenceRecord<RdsInstance>> {
  const scope = `${account}/${region}`;
  const op = 'rds:DescribeDBInstances';
  for await (const { out, page } of paginate<DescribeDBInstancesCommandOutput>(ctx, client, op, (m) => new sdk.DescribeDBInstancesCommand({ Marker: m, MaxRecords: 100 }), (o) => o.Marker)) {
    await ctx.raw(scope, 'DescribeDBInstances', rawOf(out), page);
    for (const d of out.DBInstances ?? []) yield record(DB_INSTANCE, scope, op, out, instance(account, region, d));
  }
}

function instance(account: string, region: string, d: DBInstance): RdsInstance {
  const id = d.DBInstanceIdentifier;
  return {
    account,
    region,
    id: need(id, 'DBInstanceIdentifier', id),
    arn: need(d.DBInstanceArn, 'DBInstanceArn', id),
    engine: d.Engine ?? 'unknown',
    status: d.DBInstanceStatus,
    ...(d.DBClusterIdentifier ? { clusterId: d.DBClusterIdentifier } : {}),
    storageEncrypted: need(d.StorageEncrypted, 'StorageEncrypted', id),
    kmsKeyId: d.KmsKeyId,
    backupRetentionPeriod: need(d.BackupRetentionPeriod, 'BackupRetentionPeriod', id),
    publiclyAccessible: need(d.PubliclyAccessible, 'PubliclyAccessible', id),
    multiAZ: need(d.MultiAZ, 'MultiAZ', id),
    deletionProtection: need(d.DeletionProtection, 'DeletionProtection', id),
    tags: tags(d.TagList),
  };
}

async function* clusters(ctx: CollectContext<AwsConfig>, sdk: Sdk, client: InstanceType<Sdk['RDSClient']>, account: string, region: string): AsyncGenerator<EvidenceRecord<RdsCluster>> {
  const scope = `${account}/${region}`;
  const op = 'rds:DescribeDBClusters';
  for await (const { out, page } of paginate<DescribeDBClustersCommandOutput>(ctx, client, op, (m) => new sdk.DescribeDBClustersCommand({ Marker: m, MaxRecords: 100 }), (o) => o.Marker)) {
    await ctx.raw(scope, 'DescribeDBClusters', rawOf(out), page);
    for (const c of out.DBClusters ?? []) yield record(DB_CLUSTER, scope, op, out, cluster(account, region, c));
  }
}

function cluster(account: string, region: string, c: DBCluster): RdsCluster {
  const id = c.DBClusterIdentifier;
  return {
    account,
    region,
    id: need(id, 'DBClusterIdentifier', id),
    arn: need(c.DBClusterArn, 'DBClusterArn', id),
    engine: c.Engine ?? 'unknown',
    status: c.Status,
    storageEncrypted: need(c.StorageEncrypted, 'StorageEncrypted', id),
    kmsKeyId: c.KmsKeyId,
    backupRetentionPeriod: need(c.BackupRetentionPeriod, 'BackupRetentionPeriod', id),
    multiAZ: need(c.MultiAZ, 'MultiAZ', id),
    deletionProtection: need(c.DeletionProtection, 'DeletionProtection', id),
    members: (c.DBClusterMembers ?? []).map((m) => m.DBInstanceIdentifier ?? '').filter(Boolean),
    tags: tags(c.TagList),
  };
}
