/** `aws.acm.certificate`: one record per ACM certificate of an account and region (schema: schemas/evidence/aws.acm.certificate.schema.json). */
export type { AwsAcmCertificate as AcmCertificate } from '../../../src/evidence/types.generated.js';

export const ACM_CERTIFICATE = 'aws.acm.certificate';
