/**
 * RDS (awsQuery, 2014-10-31): DescribeDBInstances and DescribeDBClusters, Marker-paged with MaxRecords 20–100
 * (default 100). RDS names its list members after the shape (`<DBInstance>`, `<DBCluster>`, `<Tag>`), not `<member>`.
 */
import type { AwsCall } from './index.js';
import { stableId, timeOf } from './model.js';
import { el, fail, ok, type AwsAnswer } from './query.js';
import { regionOf, type AwsDbClusterSpec, type AwsDbInstanceSpec } from './resources.js';
import { pageOf, inRegion } from './pages.js';

export function rds(call: AwsCall): AwsAnswer {
  switch (call.op) {
    case 'DescribeDBInstances':
      return describe(call, call.account.spec.rds?.instances ?? [], 'DBInstances', 'DBInstance', instance);
    case 'DescribeDBClusters':
      return describe(call, call.account.spec.rds?.clusters ?? [], 'DBClusters', 'DBCluster', cluster);
    default:
      return fail('InvalidAction', `The action ${call.op} is not valid for this web service.`);
  }
}

/** A list whose members are named after their shape. */
export function named<T>(tag: string, member: string, items: T[], render: (item: T) => string): string {
  return `<${tag}>${items.map((i) => `<${member}>${render(i)}</${member}>`).join('')}</${tag}>`;
}

function describe<T extends { id: string; region?: string }>(
  call: AwsCall,
  all: T[],
  tag: string,
  member: string,
  render: (call: AwsCall, item: T) => string,
): AwsAnswer {
  const max = call.form.MaxRecords === undefined ? 100 : Number(call.form.MaxRecords);
  // Why: RDS rejects MaxRecords outside 20–100 rather than clamping it.
  if (!Number.isInteger(max) || max < 20 || max > 100) return fail('InvalidParameterValue', 'Invalid value for MaxRecords. Must be between 20 and 100');
  const page = pageOf(inRegion(call, all), call.form.Marker, max);
  if (!page) return fail('InvalidParameterValue', 'The marker is not valid.');
  return ok((page.next ? el('Marker', page.next) : '') + named(tag, member, page.items, (i) => render(call, i)));
}

function tags(t: Record<string, string> | undefined): string {
  return named('TagList', 'Tag', Object.entries(t ?? {}), ([k, v]) => el('Key', k) + el('Value', v));
}

function kms(call: AwsCall, id: string): string {
  return `arn:aws:kms:${call.region}:${call.account.id}:key/${stableId(`rds/${id}`, 8, 'abcdef0123456789')}-0000-4000-8000-000000000001`;
}

function instance(call: AwsCall, d: AwsDbInstanceSpec): string {
  const encrypted = d.encrypted ?? true;
  const engine = d.engine ?? (d.cluster ? 'aurora-postgresql' : 'postgres');
  return (
    el('DBInstanceIdentifier', d.id) +
    el('DBInstanceClass', 'db.t4g.medium') +
    el('Engine', engine) +
    el('DBInstanceStatus', 'available') +
    `<Endpoint>${el('Address', `${d.id}.${stableId(call.account.id, 12, 'abcdefghijklmnopqrstuvwxyz0123456789')}.${call.region}.rds.amazonaws.com`)}${el('Port', 5432)}</Endpoint>` +
    el('InstanceCreateTime', timeOf('-300d', call.world.base)) +
    el('BackupRetentionPeriod', d.backupDays ?? 7) +
    el('MultiAZ', d.multiAz ?? false) +
    el('PubliclyAccessible', d.public ?? false) +
    el('StorageEncrypted', encrypted) +
    (encrypted ? el('KmsKeyId', kms(call, d.cluster ?? d.id)) : '') +
    el('DbiResourceId', `db-${stableId(`${call.account.id}/${d.id}`, 26)}`) +
    el('DBInstanceArn', `arn:aws:rds:${call.region}:${call.account.id}:db:${d.id}`) +
    (d.cluster ? el('DBClusterIdentifier', d.cluster) : '') +
    el('DeletionProtection', d.deletionProtection ?? false) +
    tags(d.tags)
  );
}

function cluster(call: AwsCall, c: AwsDbClusterSpec): string {
  const encrypted = c.encrypted ?? true;
  const members = (call.account.spec.rds?.instances ?? []).filter((i) => i.cluster === c.id && regionOf(i) === call.region);
  return (
    el('BackupRetentionPeriod', c.backupDays ?? 7) +
    el('DBClusterIdentifier', c.id) +
    el('Status', 'available') +
    el('Engine', c.engine ?? 'aurora-postgresql') +
    el('MultiAZ', c.multiAz ?? members.length > 1) +
    el('StorageEncrypted', encrypted) +
    (encrypted ? el('KmsKeyId', kms(call, c.id)) : '') +
    el('DbClusterResourceId', `cluster-${stableId(`${call.account.id}/${c.id}`, 26)}`) +
    el('DBClusterArn', `arn:aws:rds:${call.region}:${call.account.id}:cluster:${c.id}`) +
    named('DBClusterMembers', 'DBClusterMember', members, (m) => el('DBInstanceIdentifier', m.id) + el('IsClusterWriter', m === members[0])) +
    el('DeletionProtection', c.deletionProtection ?? false) +
    tags(c.tags)
  );
}
