/** `aws.kms.key`: one record per KMS key of an account and region (schema: schemas/evidence/aws.kms.key.schema.json). */
export type { AwsKmsKey as KmsKey } from '../../../src/evidence/types.generated.js';

export const KMS_KEY = 'aws.kms.key';
