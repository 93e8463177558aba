/** `aws.kms.key`: one record per KMS key of an account and region (schema: schemas/evidence/aws.kms.key.schema.json). */
export const KMS_KEY = 'aws.kms.key';

export interface KmsKey {
  account: string;
  region: string;
  keyId: string;
  arn: string;
  keyManager: 'CUSTOMER' | 'AWS';
  keySpec: string;
  keyUsage?: string;
  keyState: string;
  enabled: boolean;
  origin?: string;
  multiRegion?: boolean;
  creationDate?: string;
  deletionDate?: string;
  /** Asked only of enabled customer-managed symmetric keys with AWS_KMS key material (the keys rotation applies to). */
  rotation?: { enabled: boolean; periodDays?: number; nextRotationDate?: string };
}
