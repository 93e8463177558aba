/** `aws.acm.certificate`: one record per ACM certificate of an account and region (schema: schemas/evidence/aws.acm.certificate.schema.json). */
export const ACM_CERTIFICATE = 'aws.acm.certificate';

export interface AcmCertificate {
  account: string;
  region: string;
  arn: string;
  domainName?: string;
  type: string;
  status: string;
  keyAlgorithm?: string;
  inUse: boolean;
  renewalEligibility?: string;
  notBefore?: string;
  notAfter?: string;
  managedBy?: string;
}
