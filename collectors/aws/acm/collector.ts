/** The `aws-acm` collector: every ACM certificate per account and region, from ListCertificates alone. */
import type { ACMClient, ListCertificatesCommandOutput } from '@aws-sdk/client-acm';
import type { CollectContext, EvidenceRecord } from '../../../src/types.js';
import { iso, paginate, rawOf, record } from '../call.js';
import type { AwsConfig } from '../config.js';
import { need, regionalCollector, regionalStep } from '../regional.js';
import { ACM_CERTIFICATE, type AcmCertificate } from './evidence.js';

const load = () => import('@aws-sdk/client-acm');

/**
 * Why every key type: ListCertificates returns only RSA_1024 and RSA_2048 certificates unless `Includes.keyTypes`
 * names the others, so an EC or RSA-4096 certificate would silently be missing from the population.
 */
export const ACM_KEY_TYPES = ['RSA_1024', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1'] as const;

type Sdk = typeof import('@aws-sdk/client-acm');

export const awsAcmCollector = regionalCollector({
  id: 'aws-acm',
  title: 'AWS Certificate Manager: certificates of every key type with use, expiry and renewal eligibility',
  types: [ACM_CERTIFICATE],
  permissions: ['acm:ListCertificates'],
  load,
  client: (sdk, config) => new sdk.ACMClient(config),
  async *region(ctx, sdk, client, account, region) {
    yield* regionalStep(ctx, ACM_CERTIFICATE, `${account}/${region}`, 'acm:ListCertificates', () => certificates(ctx, sdk, client, account, region));
  },
});

async function* certificates(ctx: CollectContext<AwsConfig>, sdk: Sdk, acm: ACMClient, account: string, region: string): AsyncGenerator<EvidenceRecord> {
  const scope = `${account}/${region}`;
  const op = 'acm:ListCertificates';
  const pages = paginate<ListCertificatesCommandOutput>(
    ctx,
    acm,
    op,
    (NextToken) => new sdk.ListCertificatesCommand({ MaxItems: 1000, NextToken, Includes: { keyTypes: [...ACM_KEY_TYPES] } }),
    (o) => o.NextToken,
  );
  for await (const { out: page, page: n } of pages) {
    await ctx.raw(scope, 'ListCertificates', rawOf(page), n);
    for (const c of page.CertificateSummaryList ?? []) {
      const data: AcmCertificate = {
        account,
        region,
        arn: need(c.CertificateArn, 'CertificateArn', op),
        domainName: c.DomainName,
        type: need(c.Type, 'Type', op),
        status: need(c.Status, 'Status', op),
        keyAlgorithm: c.KeyAlgorithm,
        inUse: need(c.InUse, 'InUse', op),
        renewalEligibility: c.RenewalEligibility,
        notBefore: iso(c.NotBefore),
        notAfter: iso(c.NotAfter),
        managedBy: c.ManagedBy,
      };
      yield record(ACM_CERTIFICATE, scope, op, page, data, data.notAfter);
    }
  }
}
