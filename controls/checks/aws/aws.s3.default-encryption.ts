import type { Check, Finding } from '../../../src/types.js';
import { BUCKET, buckets, finding, where } from './lib/s3.js';

const KMS = new Set(['aws:kms', 'aws:kms:dsse']);

/** Every bucket has default encryption (with `requireKms`, SSE-KMS). */
export const s3DefaultEncryption: Check<{ requireKms: boolean }> = {
  meta: {
    id: 'aws.s3.default-encryption',
    title: 'S3 buckets encrypt new objects by default',
    failureTitle: 'S3 buckets without default encryption',
    requires: [BUCKET],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { requireKms: { type: 'boolean', default: false, description: 'Only SSE-KMS (or DSSE-KMS) passes; SSE-S3 fails.' } },
    },
    remediation:
      'Set default encryption on the bucket (put-bucket-encryption) — SSE-KMS with a customer managed key where key policy and CloudTrail visibility of decryption matter.',
  },
  evaluate(view, p) {
    const findings: Finding[] = buckets(view).map((r) => {
      const b = r.data;
      const algos = (b.encryption?.rules ?? []).map((x) => x.sseAlgorithm).filter((a): a is string => Boolean(a));
      if (!algos.length) return finding(r, false, `${where(b)} has no default encryption configuration.`);
      const ok = !p.requireKms || algos.some((a) => KMS.has(a));
      return finding(
        r,
        ok,
        ok
          ? `${where(b)} encrypts new objects with ${algos.join(', ')} by default.`
          : `${where(b)} encrypts with ${algos.join(', ')}, not SSE-KMS as required.`,
      );
    });
    return { findings, notApplicable: findings.length === 0 };
  },
};
