import picomatch from 'picomatch';
import type { Check, Finding } from '../../../src/types.js';
import { ACCOUNT_PAB, BUCKET, allOn, buckets, finding, where } from './lib/s3.js';

/** No bucket is public by policy or ACL unless it is allowed to be (`allowPublic` globs). */
export const s3BucketNotPublic: Check<{ allowPublic: string[] }> = {
  meta: {
    id: 'aws.s3.bucket-not-public',
    title: 'S3 buckets are not public',
    failureTitle: 'Public S3 buckets',
    requires: [BUCKET, ACCOUNT_PAB],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        allowPublic: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          default: [],
          description: 'Bucket name globs that may be public (a website, public downloads).',
        },
      },
    },
    remediation:
      'Remove the public grant (ACL AllUsers/AuthenticatedUsers, a policy allowing Principal "*"), turn on Block Public Access for the bucket or account, and serve public content through CloudFront with origin access control.',
  },
  evaluate(view, p) {
    const allowed = p.allowPublic.length ? picomatch(p.allowPublic) : () => false;
    const accounts = new Map(view.records(ACCOUNT_PAB).map((r) => [r.data.account, r.data]));
    const findings: Finding[] = buckets(view).flatMap((r): Finding[] => {
      const b = r.data;
      const acct = accounts.get(b.account);
      const pa = b.publicAccess;
      if (pa.judgedFrom === 'account-block') {
        // Why the account record is consulted: the bucket was read without its own public-access calls only
        // because the account blocked everything; the check holds the collector to that.
        if (!allOn(acct)) throw new Error(`bucket ${b.name} was judged from the account block, but account ${b.account} does not block all public access`);
        return [finding(r, true, `${where(b)} cannot be public: the account blocks all public access.`)];
      }
      // The effective block is the account's setting or the bucket's, setting by setting.
      const eff = (k: 'ignorePublicAcls' | 'restrictPublicBuckets') => Boolean(acct?.[k] || pa.publicAccessBlock?.[k]);
      const byPolicy = pa.policyIsPublic && !eff('restrictPublicBuckets');
      const byAcl = pa.aclPublicGrants.length > 0 && !eff('ignorePublicAcls');
      const why = [
        byPolicy ? 'its bucket policy is public' : '',
        byAcl ? `its ACL grants ${pa.aclPublicGrants.map((g) => `${g.permission} to ${g.grantee}`).join(', ')}` : '',
      ]
        .filter(Boolean)
        .join(' and ');
      if (!why) return [finding(r, true, `${where(b)} is not public by policy or ACL.`)];
      if (allowed(b.name)) return [finding(r, true, `${where(b)} is public (${why}) and allowed to be by allowPublic.`)];
      // Why no finding: without the account's block (its read failed, and the check is error for it) the account may
      // still restrict this bucket, so "public" is not a definite fact.
      if (!acct) return [];
      return [finding(r, false, `${where(b)} is public: ${why}.`)];
    });
    return { findings, notApplicable: findings.length === 0 };
  },
};
