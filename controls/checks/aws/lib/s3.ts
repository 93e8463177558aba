/** Shared reading of S3 evidence for the aws.s3.* checks. */
import type { EvidenceView, StoredRecord } from '../../../../src/types.js';
import type { PublicAccessBlock, S3AccountPublicAccessBlock, S3Bucket } from '../../../../collectors/aws/s3/evidence.js';

export type { S3AccountPublicAccessBlock, S3Bucket };
export const ACCOUNT_PAB = 'aws.s3.account-public-access-block';
export const BUCKET = 'aws.s3.bucket';

export function buckets(view: EvidenceView): Array<StoredRecord<S3Bucket>> {
  return view.records(BUCKET);
}

export function allOn(b: PublicAccessBlock | null | undefined): boolean {
  return Boolean(b && b.blockPublicAcls && b.ignorePublicAcls && b.blockPublicPolicy && b.restrictPublicBuckets);
}

/** `name (account 1234…, region r)` for reasons. */
export function where(b: S3Bucket): string {
  return `${b.name} (account ${b.account}, ${b.region})`;
}

/** A bucket carries every tag of `tags` (value `*` = any value); an empty selector selects every bucket. */
export function hasTags(b: S3Bucket, tags: Record<string, string>): boolean {
  return Object.entries(tags).every(([k, v]) => k in b.tags && (v === '*' || b.tags[k] === v));
}

export function finding(r: StoredRecord<S3Bucket>, ok: boolean, reason: string) {
  return { status: ok ? ('pass' as const) : ('fail' as const), resource: r.data.arn, evidence: r.ref, scope: r.scope, reason };
}
