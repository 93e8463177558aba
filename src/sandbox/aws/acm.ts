/** ACM (awsJson1_1, `CertificateManager.*`): ListCertificates, whose summaries carry InUse, NotAfter and RenewalEligibility. */
import type { AwsCall } from './index.js';
import { stableId, timeOf, type TimeSpec } from './model.js';
import { inRegion, limitOf, pageOf } from './pages.js';
import { epoch, fail, okJson, type AwsAnswer } from './query.js';

export interface AwsCertificateSpec {
  domain: string;
  region?: string;
  type?: 'AMAZON_ISSUED' | 'IMPORTED' | 'PRIVATE';
  /** RSA_2048 (default), RSA_4096, EC_prime256v1, EC_secp384r1, … */
  keyAlgorithm?: string;
  status?: 'ISSUED' | 'EXPIRED' | 'PENDING_VALIDATION' | 'INACTIVE' | 'REVOKED' | 'FAILED';
  /** Expiry; `+20d` for the future. */
  notAfter: TimeSpec;
  inUse?: boolean;
  /** Default: ELIGIBLE for AMAZON_ISSUED/PRIVATE in use, INELIGIBLE otherwise (imported certificates never renew). */
  renewal?: 'ELIGIBLE' | 'INELIGIBLE';
}

/** Why a default filter: ListCertificates returns only RSA_1024 and RSA_2048 certificates unless Includes.keyTypes says otherwise. */
const DEFAULT_KEY_TYPES = ['RSA_1024', 'RSA_2048'];

export function acm(call: AwsCall): AwsAnswer {
  if (call.op !== 'ListCertificates') return fail('UnknownOperationException', `unknown operation ${call.op}`);
  const keyTypes = (call.json.Includes?.keyTypes as string[] | undefined) ?? DEFAULT_KEY_TYPES;
  const statuses = call.json.CertificateStatuses as string[] | undefined;
  const certs = inRegion(call, call.account.spec.certificates).filter(
    (c) => keyTypes.includes(c.keyAlgorithm ?? 'RSA_2048') && (!statuses?.length || statuses.includes(c.status ?? 'ISSUED')),
  );
  const page = pageOf(certs, call.json.NextToken, limitOf(call.json.MaxItems, 1000, 1000));
  if (!page) return fail('InvalidNextTokenException', 'The specified token is invalid.');
  return okJson({ CertificateSummaryList: page.items.map((c) => summary(call, c)), ...(page.next ? { NextToken: page.next } : {}) });
}

function summary(call: AwsCall, c: AwsCertificateSpec): Record<string, unknown> {
  const region = c.region ?? 'us-east-1';
  const hex = stableId(`${call.account.id}/${region}/${c.domain}`, 32, '0123456789abcdef');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const type = c.type ?? 'AMAZON_ISSUED';
  const inUse = c.inUse ?? false;
  const notAfter = timeOf(c.notAfter, call.world.base)!;
  const issued = new Date(notAfter.getTime() - 395 * 86_400_000);
  return {
    CertificateArn: `arn:aws:acm:${region}:${call.account.id}:certificate/${id}`,
    DomainName: c.domain,
    SubjectAlternativeNameSummaries: [c.domain],
    HasAdditionalSubjectAlternativeNames: false,
    Status: c.status ?? 'ISSUED',
    Type: type,
    KeyAlgorithm: c.keyAlgorithm ?? 'RSA_2048',
    KeyUsages: ['DIGITAL_SIGNATURE', 'KEY_ENCIPHERMENT'],
    ExtendedKeyUsages: ['TLS_WEB_SERVER_AUTHENTICATION'],
    InUse: inUse,
    ...(type === 'IMPORTED' ? { ImportedAt: epoch(issued) } : { IssuedAt: epoch(issued) }),
    RenewalEligibility: c.renewal ?? (type !== 'IMPORTED' && inUse ? 'ELIGIBLE' : 'INELIGIBLE'),
    NotBefore: epoch(issued),
    NotAfter: epoch(notAfter),
    CreatedAt: epoch(issued),
  };
}
