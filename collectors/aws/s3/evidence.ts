/** The S3 evidence types (generated from schemas/evidence/aws.s3.*.schema.json). */
import type { AwsS3AccountPublicAccessBlock, AwsS3Bucket } from '../../../src/evidence/types.generated.js';

export type S3AccountPublicAccessBlock = AwsS3AccountPublicAccessBlock;
export type S3Bucket = AwsS3Bucket;
export type S3LifecycleRule = NonNullable<AwsS3Bucket['lifecycle']>['rules'][number];
/** A bucket's own Block Public Access settings. */
export type PublicAccessBlock = NonNullable<Extract<AwsS3Bucket['publicAccess'], { judgedFrom: 'bucket' }>['publicAccessBlock']>;

export const ACCOUNT_PAB = 'aws.s3.account-public-access-block';
export const BUCKET = 'aws.s3.bucket';
