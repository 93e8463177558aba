/** The S3 evidence types (schemas: schemas/evidence/aws.s3.*.schema.json). */
export const ACCOUNT_PAB = 'aws.s3.account-public-access-block';
export const BUCKET = 'aws.s3.bucket';

export interface PublicAccessBlock {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

/** Scope: account. `configured: false` is S3 Control's NoSuchPublicAccessBlockConfiguration (every setting off). */
export interface S3AccountPublicAccessBlock extends PublicAccessBlock {
  account: string;
  configured: boolean;
}

export interface S3LifecycleRule {
  id?: string;
  status: string;
  prefix?: string;
  expirationDays?: number;
  expirationDate?: string;
  noncurrentDays?: number;
}

/**
 * Scope: account/bucket (the account scope itself is the listing: complete and empty-handed when ListBuckets read
 * every page). Each configuration is the bucket's own answer; `null` is S3's definite "no such configuration".
 */
export interface S3Bucket {
  account: string;
  name: string;
  arn: string;
  /** The region the bucket lives in, and where that came from. */
  region: string;
  regionFrom: 'ListBuckets' | 'GetBucketLocation' | 'redirect';
  createdAt?: string;
  /** {} when the bucket has no tag set (NoSuchTagSet). */
  tags: Record<string, string>;
  /** null: ServerSideEncryptionConfigurationNotFoundError. */
  encryption: { rules: Array<{ sseAlgorithm?: string; kmsMasterKeyId?: string; bucketKeyEnabled?: boolean }> } | null;
  /** NeverEnabled: GetBucketVersioning answered without a Status. */
  versioning: { status: 'Enabled' | 'Suspended' | 'NeverEnabled'; mfaDelete?: string };
  /** null: NoSuchBucketPolicy. */
  policy: { document: unknown } | null;
  /** null: NoSuchLifecycleConfiguration. */
  lifecycle: { rules: S3LifecycleRule[] } | null;
  /**
   * How public access was read: from the account's Block Public Access when all four settings are on there (no
   * per-bucket calls), otherwise from the bucket's own block, policy status and ACL.
   */
  publicAccess:
    | { judgedFrom: 'account-block' }
    | {
        judgedFrom: 'bucket';
        publicAccessBlock: PublicAccessBlock | null;
        policyIsPublic: boolean;
        aclPublicGrants: Array<{ grantee: 'AllUsers' | 'AuthenticatedUsers'; permission: string }>;
      };
}
