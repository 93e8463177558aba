/** EBS evidence from EC2: the region's encryption-by-default setting and every volume. */
export const EBS_DEFAULT_ENCRYPTION = 'aws.ebs.encryption-by-default';
export const EBS_VOLUME = 'aws.ebs.volume';

/** `aws.ebs.encryption-by-default`: one record per account and region. */
export interface EbsDefaultEncryption {
  account: string;
  region: string;
  enabled: boolean;
  sseType?: string;
}

/** `aws.ebs.volume`. */
export interface EbsVolume {
  account: string;
  region: string;
  id: string;
  arn: string;
  /** creating | available | in-use | deleting | deleted | error */
  state: string;
  encrypted: boolean;
  kmsKeyId?: string;
  attachedTo: string[];
  tags: Array<{ key: string; value: string }>;
}
