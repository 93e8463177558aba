/** Shared reading of RDS evidence for the aws.rds.* checks. */
import type { EvidenceView, StoredRecord } from '../../../../src/types.js';
import { DB_CLUSTER, DB_INSTANCE, type RdsCluster, type RdsInstance } from '../../../../collectors/aws/rds/evidence.js';

export { DB_CLUSTER, DB_INSTANCE };

export type RdsResource = { kind: 'instance'; rec: StoredRecord<RdsInstance> } | { kind: 'cluster'; rec: StoredRecord<RdsCluster> };

/**
 * The resources whose storage, backups and deletion protection are set on themselves: every cluster and every
 * instance outside a cluster. Why: an Aurora instance inherits these from its cluster, so judging it again would
 * count one setting twice.
 */
export function storageOwners(view: EvidenceView): RdsResource[] {
  const clusters = view.records(DB_CLUSTER).map((rec) => ({ kind: 'cluster' as const, rec }));
  const instances = view
    .records(DB_INSTANCE)
    .filter((r) => !r.data.clusterId)
    .map((rec) => ({ kind: 'instance' as const, rec }));
  return [...instances, ...clusters];
}

/** `DB instance orders-db (account 1…, region us-east-1)` */
export function label(r: RdsResource): string {
  const d = r.rec.data;
  return `${r.kind === 'cluster' ? 'DB cluster' : 'DB instance'} ${d.id} (account ${d.account}, region ${d.region})`;
}
