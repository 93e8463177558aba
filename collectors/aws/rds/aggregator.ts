/**
 * `aws-rds` through the AWS Config aggregator (aggregation mode, `sources.aws.aggregation.config`): one
 * SelectAggregateResourceConfig query for AWS::RDS::DBInstance and one for AWS::RDS::DBCluster, every page, in the
 * aggregator's account. Their configuration is DescribeDBInstances'/DescribeDBClusters' shape with the first letter
 * lower-cased (`dBInstanceIdentifier`, `storageEncrypted`, `backupRetentionPeriod`, `publiclyAccessible`, `multiAZ`,
 * `deletionProtection`, `dBClusterMembers`); tags are the item's `tags`. A member the checks need that is absent is
 * `invalid-response` for the scope, as in direct mode; coverage gaps and failed pages as in network/aggregator.ts.
 */
import type { CollectContext, CollectorEvent, EvidenceRecord } from '../../../src/types.js';
import { add, emitType, type TypeResult } from '../aggregation.js';
import { record } from '../call.js';
import type { AwsConfig } from '../config.js';
import { need } from '../regional.js';
import { SOP, withAggregator, type Item } from '../network/aggregator.js';
import { DB_CLUSTER, DB_INSTANCE, type RdsCluster, type RdsInstance, type RdsTag } from './evidence.js';

/** A resource's tags: the key is required (a tag without one is an invalid answer); a value may be empty. */
const tags = (i: Item): RdsTag[] => (i.tags ?? []).map((t) => ({ key: need(t.key, 'key of a tag', SOP), value: t.value ?? '' }));

export function rdsViaAggregator(ctx: CollectContext<AwsConfig>): AsyncIterable<CollectorEvent> {
  return withAggregator(ctx, [DB_INSTANCE, DB_CLUSTER], async function* ({ scopes, gaps, query, via }) {
    const read = async (resourceType: string, make: (i: Item, scope: string) => EvidenceRecord): Promise<TypeResult> => {
      let items: Item[];
      try {
        items = await query(resourceType);
      } catch (err) {
        return { ok: false, error: err, operation: SOP };
      }
      const byScope = new Map<string, EvidenceRecord[]>();
      const failed = new Map<string, unknown>();
      for (const i of items) {
        const scope = `${i.accountId}/${i.awsRegion}`;
        try {
          add(byScope, make(i, scope));
        } catch (err) {
          // Why per scope: one item without a member the checks need leaves its account/region unjudged, not the estate.
          failed.set(scope, err);
        }
      }
      return { ok: true, byScope, failed };
    };
    const instances = await read('AWS::RDS::DBInstance', (i, scope) => {
      const c = i.configuration;
      const id = need(c.dBInstanceIdentifier as string | undefined, 'dBInstanceIdentifier', SOP);
      const data: RdsInstance = {
        account: i.accountId,
        region: i.awsRegion,
        id,
        arn: need(c.dBInstanceArn as string | undefined, `dBInstanceArn of ${id}`, SOP),
        engine: need(c.engine as string | undefined, `engine of ${id}`, SOP),
        ...(c.dBInstanceStatus ? { status: c.dBInstanceStatus } : {}),
        ...(c.dBClusterIdentifier ? { clusterId: c.dBClusterIdentifier } : {}),
        storageEncrypted: need(c.storageEncrypted as boolean | undefined, `storageEncrypted of ${id}`, SOP),
        ...(c.kmsKeyId ? { kmsKeyId: c.kmsKeyId } : {}),
        backupRetentionPeriod: need(c.backupRetentionPeriod as number | undefined, `backupRetentionPeriod of ${id}`, SOP),
        publiclyAccessible: need(c.publiclyAccessible as boolean | undefined, `publiclyAccessible of ${id}`, SOP),
        multiAZ: need(c.multiAZ as boolean | undefined, `multiAZ of ${id}`, SOP),
        deletionProtection: need(c.deletionProtection as boolean | undefined, `deletionProtection of ${id}`, SOP),
        tags: tags(i),
        mode: 'config-aggregator',
        via: via(scope),
      };
      return record(DB_INSTANCE, scope, SOP, {}, data);
    });
    yield* emitType(DB_INSTANCE, scopes, gaps, instances, SOP);
    const clusters = await read('AWS::RDS::DBCluster', (i, scope) => {
      const c = i.configuration;
      const id = need(c.dBClusterIdentifier as string | undefined, 'dBClusterIdentifier', SOP);
      const data: RdsCluster = {
        account: i.accountId,
        region: i.awsRegion,
        id,
        arn: need(c.dBClusterArn as string | undefined, `dBClusterArn of ${id}`, SOP),
        engine: need(c.engine as string | undefined, `engine of ${id}`, SOP),
        ...(c.status ? { status: c.status } : {}),
        storageEncrypted: need(c.storageEncrypted as boolean | undefined, `storageEncrypted of ${id}`, SOP),
        ...(c.kmsKeyId ? { kmsKeyId: c.kmsKeyId } : {}),
        backupRetentionPeriod: need(c.backupRetentionPeriod as number | undefined, `backupRetentionPeriod of ${id}`, SOP),
        multiAZ: need(c.multiAZ as boolean | undefined, `multiAZ of ${id}`, SOP),
        deletionProtection: need(c.deletionProtection as boolean | undefined, `deletionProtection of ${id}`, SOP),
        members: ((c.dBClusterMembers ?? []) as Array<{ dBInstanceIdentifier?: string }>).map((m) =>
          need(m.dBInstanceIdentifier, `dBInstanceIdentifier of a member of ${id}`, SOP),
        ),
        tags: tags(i),
        mode: 'config-aggregator',
        via: via(scope),
      };
      return record(DB_CLUSTER, scope, SOP, {}, data);
    });
    yield* emitType(DB_CLUSTER, scopes, gaps, clusters, SOP);
  });
}
