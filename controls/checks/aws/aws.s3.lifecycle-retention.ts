import type { Check, Finding } from '../../../src/types.js';
import { BUCKET, buckets, finding, where } from './lib/s3.js';

/** Buckets carrying the retention tag have an enabled lifecycle rule that expires objects. */
export const s3LifecycleRetention: Check<{ tag: string }> = {
  meta: {
    id: 'aws.s3.lifecycle-retention',
    title: 'S3 buckets under a retention requirement expire their data',
    failureTitle: 'Retention-tagged S3 buckets without an expiration rule',
    requires: [BUCKET],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { tag: { type: 'string', minLength: 1, default: 'soc2:retention', description: 'The tag that puts a bucket under the retention policy.' } },
    },
    remediation: 'Add an enabled lifecycle rule with an Expiration (days or date) matching the retention the tag records (put-bucket-lifecycle-configuration).',
  },
  evaluate(view, p) {
    const findings: Finding[] = buckets(view)
      .filter((r) => p.tag in r.data.tags)
      .map((r) => {
        const b = r.data;
        const rule = (b.lifecycle?.rules ?? []).find((x) => x.status === 'Enabled' && (x.expirationDays !== undefined || x.expirationDate !== undefined));
        const needs = `${p.tag}=${b.tags[p.tag]}`;
        if (rule)
          return finding(
            r,
            true,
            `${where(b)} (${needs}) expires objects by rule ${rule.id ?? '(unnamed)'} after ${rule.expirationDays !== undefined ? `${rule.expirationDays} days` : `${rule.expirationDate}`}.`,
          );
        return finding(r, false, `${where(b)} (${needs}) has ${b.lifecycle ? 'no enabled lifecycle rule with an expiration' : 'no lifecycle configuration'}.`);
      });
    return { findings, notApplicable: findings.length === 0 };
  },
};
