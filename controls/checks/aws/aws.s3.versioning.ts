import type { Check, Finding } from '../../../src/types.js';
import { BUCKET, buckets, finding, hasTags, where } from './lib/s3.js';

/** Buckets in scope (by tags; default every bucket) have versioning Enabled. */
export const s3Versioning: Check<{ tags: Record<string, string> }> = {
  meta: {
    id: 'aws.s3.versioning',
    title: 'S3 buckets keep object versions',
    failureTitle: 'S3 buckets without versioning',
    requires: [BUCKET],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        tags: {
          type: 'object',
          additionalProperties: { type: 'string' },
          default: {},
          description: 'Only buckets carrying every tag (value "*" = any value); {} = every bucket.',
        },
      },
    },
    remediation:
      'Enable versioning on the bucket (put-bucket-versioning Status=Enabled) and add a lifecycle rule expiring noncurrent versions so cost stays bounded.',
  },
  evaluate(view, p) {
    const findings: Finding[] = buckets(view)
      .filter((r) => hasTags(r.data, p.tags))
      .map((r) => {
        const s = r.data.versioning.status;
        const ok = s === 'Enabled';
        return finding(
          r,
          ok,
          ok ? `${where(r.data)} has versioning enabled.` : `${where(r.data)} has versioning ${s === 'Suspended' ? 'suspended' : 'never enabled'}.`,
        );
      });
    return { findings, notApplicable: findings.length === 0 };
  },
};
