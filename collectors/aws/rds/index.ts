/** The `aws-rds` collector: DB instances and clusters of every account and region (DescribeDBInstances/Clusters). */
import type { DBCluster, DBInstance, DescribeDBClustersCommandOutput, DescribeDBInstancesCommandOutput, Tag } from '@aws-sdk/client-rds';
import type { CollectContext, EvidenceRecord } from '../../../src/types.js';
import { paginate, rawOf, record } from '../call.js';
import type { AwsConfig } from '../config.js';
import { need, regionalCollector, regionalStep } from '../regional.js';
import { rdsViaAggregator } from './aggregator.js';
import { CONFIG_AGGREGATOR_PERMISSIONS } from '../network/aggregator.js';
import { DB_CLUSTER, DB_INSTANCE, type RdsCluster, type RdsInstance, type RdsTag } from './evidence.js';

type Sdk = typeof import('@aws-sdk/client-rds');

export const awsRdsCollector = regionalCollector({
  id: 'aws-rds',
  title: 'Amazon RDS: DB instances and clusters (encryption, backups, public access, Multi-AZ, deletion protection)',
  types: [DB_INSTANCE, DB_CLUSTER],
  permissions: ['rds:DescribeDBInstances', 'rds:DescribeDBClusters'],
  // Why on demand: runs without RDS in scope never load the client's models.
  load: () => import('@aws-sdk/client-rds'),
  client: (sdk, config) => new sdk.RDSClient(config),
  aggregated: rdsViaAggregator,
  aggregation: { when: (config) => Boolean(config.aggregation?.config), permissions: CONFIG_AGGREGATOR_PERMISSIONS },
  async *region(ctx, sdk, client, account, region) {
    const scope = `${account}/${region}`;
    yield* regionalStep(ctx, DB_INSTANCE, scope, 'rds:DescribeDBInstances', () => instances(ctx, sdk, client, account, region));
    yield* regionalStep(ctx, DB_CLUSTER, scope, 'rds:DescribeDBClusters', () => clusters(ctx, sdk, client, account, region));
  },
});

/** A resource's tags: the key is required (a tag without one is an invalid answer); a value may be empty. */
const tags = (t: Tag[] | undefined, op: string): RdsTag[] => (t ?? []).map((x) => ({ key: need(x.Key, 'Key of a tag', op), value: x.Value ?? '' }));

async function* instances(
  ctx: CollectContext<AwsConfig>,
  sdk: Sdk,
  client: InstanceType<Sdk['RDSClient']>,
  account: string,
  region: string,
): AsyncGenerator<EvidenceRecord<RdsInstance>> {
  const scope = `${account}/${region}`;
  const op = 'rds:DescribeDBInstances';
  for await (const { out, page } of paginate<DescribeDBInstancesCommandOutput>(
    ctx,
    client,
    op,
    (m) => new sdk.DescribeDBInstancesCommand({ Marker: m, MaxRecords: 100 }),
    (o) => o.Marker,
  )) {
    await ctx.raw(scope, 'DescribeDBInstances', rawOf(out), page);
    for (const d of out.DBInstances ?? []) yield record(DB_INSTANCE, scope, op, out, instance(account, region, d));
  }
}

function instance(account: string, region: string, d: DBInstance): RdsInstance {
  const id = d.DBInstanceIdentifier;
  return {
    account,
    region,
    id: need(id, 'DBInstanceIdentifier', 'rds:DescribeDBInstances'),
    arn: need(d.DBInstanceArn, 'DBInstanceArn', 'rds:DescribeDBInstances'),
    engine: need(d.Engine, `Engine of ${id}`, 'rds:DescribeDBInstances'),
    status: d.DBInstanceStatus,
    ...(d.DBClusterIdentifier ? { clusterId: d.DBClusterIdentifier } : {}),
    storageEncrypted: need(d.StorageEncrypted, 'StorageEncrypted', 'rds:DescribeDBInstances'),
    kmsKeyId: d.KmsKeyId,
    backupRetentionPeriod: need(d.BackupRetentionPeriod, 'BackupRetentionPeriod', 'rds:DescribeDBInstances'),
    publiclyAccessible: need(d.PubliclyAccessible, 'PubliclyAccessible', 'rds:DescribeDBInstances'),
    multiAZ: need(d.MultiAZ, 'MultiAZ', 'rds:DescribeDBInstances'),
    deletionProtection: need(d.DeletionProtection, 'DeletionProtection', 'rds:DescribeDBInstances'),
    tags: tags(d.TagList, 'rds:DescribeDBInstances'),
  };
}

async function* clusters(
  ctx: CollectContext<AwsConfig>,
  sdk: Sdk,
  client: InstanceType<Sdk['RDSClient']>,
  account: string,
  region: string,
): AsyncGenerator<EvidenceRecord<RdsCluster>> {
  const scope = `${account}/${region}`;
  const op = 'rds:DescribeDBClusters';
  for await (const { out, page } of paginate<DescribeDBClustersCommandOutput>(
    ctx,
    client,
    op,
    (m) => new sdk.DescribeDBClustersCommand({ Marker: m, MaxRecords: 100 }),
    (o) => o.Marker,
  )) {
    await ctx.raw(scope, 'DescribeDBClusters', rawOf(out), page);
    for (const c of out.DBClusters ?? []) yield record(DB_CLUSTER, scope, op, out, cluster(account, region, c));
  }
}

function cluster(account: string, region: string, c: DBCluster): RdsCluster {
  const id = c.DBClusterIdentifier;
  return {
    account,
    region,
    id: need(id, 'DBClusterIdentifier', 'rds:DescribeDBClusters'),
    arn: need(c.DBClusterArn, 'DBClusterArn', 'rds:DescribeDBClusters'),
    engine: need(c.Engine, `Engine of ${id}`, 'rds:DescribeDBClusters'),
    status: c.Status,
    storageEncrypted: need(c.StorageEncrypted, 'StorageEncrypted', 'rds:DescribeDBClusters'),
    kmsKeyId: c.KmsKeyId,
    backupRetentionPeriod: need(c.BackupRetentionPeriod, 'BackupRetentionPeriod', 'rds:DescribeDBClusters'),
    multiAZ: need(c.MultiAZ, 'MultiAZ', 'rds:DescribeDBClusters'),
    deletionProtection: need(c.DeletionProtection, 'DeletionProtection', 'rds:DescribeDBClusters'),
    members: (c.DBClusterMembers ?? []).map((m) => need(m.DBInstanceIdentifier, `DBInstanceIdentifier of a member of ${id}`, 'rds:DescribeDBClusters')),
    tags: tags(c.TagList, 'rds:DescribeDBClusters'),
  };
}
