import type { Check, Finding } from '../../../src/types.js';
import { TRAIL, uniqueTrails, where } from './lib/trails.js';

/** CloudTrail logs are encrypted with KMS (each trail judged once, in its home region). */
export const kmsEncryption: Check<Record<string, never>> = {
  meta: {
    id: 'aws.cloudtrail.kms-encryption',
    title: 'CloudTrail logs are encrypted with KMS',
    failureTitle: 'Trails not encrypted with a KMS key',
    requires: [TRAIL],
    paramsSchema: { type: 'object', additionalProperties: false, properties: {} },
    remediation: 'Configure SSE-KMS on the trail with a customer managed key (update-trail --kms-key-id) whose policy limits decryption to the log readers.',
  },
  evaluate(view) {
    const findings: Finding[] = uniqueTrails(view).map((r) => {
      const t = r.data;
      const ok = Boolean(t.kmsKeyId);
      return {
        status: ok ? 'pass' : 'fail',
        resource: t.arn,
        evidence: r.ref,
        scope: r.scope,
        reason: ok
          ? `Trail ${t.name} (${where(t)}) encrypts its logs with KMS key ${t.kmsKeyId}.`
          : `Trail ${t.name} (${where(t)}) does not encrypt its logs with a KMS key.`,
      };
    });
    return { findings, notApplicable: findings.length === 0 };
  },
};
