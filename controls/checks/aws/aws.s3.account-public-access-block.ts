import type { Check, Finding } from '../../../src/types.js';
import { ACCOUNT_PAB, allOn } from './lib/s3.js';

const SETTINGS = ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'] as const;

/** Every account has all four S3 Block Public Access settings on at the account level. */
export const s3AccountPublicAccessBlock: Check<Record<string, never>> = {
  meta: {
    id: 'aws.s3.account-public-access-block',
    title: 'S3 Block Public Access is on for every account',
    failureTitle: 'Accounts without full S3 Block Public Access',
    requires: [ACCOUNT_PAB],
    paramsSchema: { type: 'object', additionalProperties: false, properties: {} },
    remediation:
      'Turn on all four Block Public Access settings for the account (S3 console → Block Public Access settings for this account, or s3control put-public-access-block); grant any public content through CloudFront instead.',
  },
  evaluate(view) {
    const findings: Finding[] = view.records(ACCOUNT_PAB).map((r) => {
      const a = r.data;
      const off = SETTINGS.filter((s) => !a[s]);
      const ok = allOn(a);
      const reason = ok
        ? `Account ${a.account} blocks public access to S3 with all four settings.`
        : a.configured
          ? `Account ${a.account} leaves ${off.join(', ')} off in its S3 Block Public Access.`
          : `Account ${a.account} has no S3 Block Public Access configuration (every setting off).`;
      return { status: ok ? 'pass' : 'fail', resource: `arn:aws:s3::${a.account}:account-public-access-block`, evidence: r.ref, scope: r.scope, reason };
    });
    return { findings, notApplicable: findings.length === 0 };
  },
};
