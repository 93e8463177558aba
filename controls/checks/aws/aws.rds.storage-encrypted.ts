import type { Check, Finding } from '../../../src/types.js';
import { DB_CLUSTER, DB_INSTANCE, label, storageOwners } from './lib/rds.js';

/** Every DB instance and cluster encrypts its storage. */
export const rdsStorageEncrypted: Check<Record<string, never>> = {
  meta: {
    id: 'aws.rds.storage-encrypted',
    title: 'RDS databases encrypt their storage',
    failureTitle: 'RDS databases with unencrypted storage',
    requires: [DB_INSTANCE, DB_CLUSTER],
    paramsSchema: { type: 'object', additionalProperties: false, properties: {} },
    remediation:
      'Encryption cannot be turned on in place: snapshot the database, copy the snapshot with a KMS key, restore from the encrypted copy and switch clients over.',
  },
  evaluate(view) {
    const findings: Finding[] = storageOwners(view).map((r) => {
      const d = r.rec.data;
      const ok = d.storageEncrypted;
      return {
        status: ok ? 'pass' : 'fail',
        resource: d.arn,
        evidence: r.rec.ref,
        scope: r.rec.scope,
        reason: ok ? `${label(r)} encrypts its storage${d.kmsKeyId ? ` with ${d.kmsKeyId}` : ''}.` : `${label(r)} does not encrypt its storage.`,
      };
    });
    return { findings, notApplicable: findings.length === 0 };
  },
};
