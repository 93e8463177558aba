/** EBS evidence from EC2: the region's encryption-by-default setting (one record per account and region) and every volume. */
export type { AwsEbsEncryptionByDefault as EbsDefaultEncryption, AwsEbsVolume as EbsVolume } from '../../../src/evidence/types.generated.js';

export const EBS_DEFAULT_ENCRYPTION = 'aws.ebs.encryption-by-default';
export const EBS_VOLUME = 'aws.ebs.volume';
