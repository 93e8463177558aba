import { describe, expect, it } from 'vitest';
import { judge } from '../../../test/helpers/evidence.js';
import { awsChecks } from './index.js';

const A = '111111111111';
const R = `${A}/us-east-1`;
const pabOn = { account: A, configured: true, blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
const pabNone = { account: A, configured: false, blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false };
const tlsPolicy = { document: { Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] } };
const bucketPa = (o: Record<string, unknown> = {}) => ({ judgedFrom: 'bucket', publicAccessBlock: null, policyIsPublic: false, aclPublicGrants: [], ...o });
const bucket = (o: Record<string, unknown> = {}) => ({
  account: A,
  name: 'b1',
  arn: 'arn:aws:s3:::b1',
  region: 'us-east-1',
  regionFrom: 'ListBuckets',
  tags: {},
  encryption: { rules: [{ sseAlgorithm: 'AES256' }] },
  versioning: { status: 'Enabled' },
  policy: tlsPolicy,
  lifecycle: null,
  publicAccess: { judgedFrom: 'account-block' },
  ...o,
});
const s3 = (account: object | null, ...b: object[]) => ({
  'aws.s3.bucket': { [A]: [], [`${A}/b1`]: b },
  'aws.s3.account-public-access-block': { [A]: account ? [account] : [] },
});
const key = (o: Record<string, unknown> = {}) => ({
  account: A,
  region: 'us-east-1',
  keyId: 'k1',
  arn: `arn:aws:kms:us-east-1:${A}:key/k1`,
  keyManager: 'CUSTOMER',
  keySpec: 'SYMMETRIC_DEFAULT',
  keyState: 'Enabled',
  enabled: true,
  origin: 'AWS_KMS',
  rotation: { enabled: true, periodDays: 365 },
  ...o,
});
const cert = (o: Record<string, unknown> = {}) => ({
  account: A,
  region: 'us-east-1',
  arn: `arn:aws:acm:us-east-1:${A}:certificate/c1`,
  domainName: 'api.example',
  type: 'AMAZON_ISSUED',
  status: 'ISSUED',
  inUse: true,
  renewalEligibility: 'ELIGIBLE',
  notAfter: '2027-06-01T00:00:00.000Z',
  ...o,
});
const secret = (o: Record<string, unknown> = {}) => ({
  account: A,
  region: 'us-east-1',
  arn: `arn:aws:secretsmanager:us-east-1:${A}:secret:s-abc`,
  name: 's',
  rotationEnabled: true,
  rotationDays: 30,
  lastRotatedDate: '2026-11-01T00:00:00.000Z',
  createdDate: '2025-01-01T00:00:00.000Z',
  ...o,
});
const group = (o: Record<string, unknown> = {}) => ({
  account: A,
  region: 'us-east-1',
  name: '/app',
  arn: `arn:aws:logs:us-east-1:${A}:log-group:/app`,
  retentionInDays: 400,
  ...o,
});
const one = (type: string, ...recs: object[]) => ({ [type]: { [R]: recs } });
const check = (id: string) => awsChecks.find((c) => c.meta.id === id)!;

type Case = [string, Record<string, Record<string, unknown[]>>, string, Record<string, unknown>?];
const table: Record<string, Case[]> = {
  'aws.s3.account-public-access-block': [
    ['all four on', s3(pabOn), 'pass'],
    ['one off', s3({ ...pabOn, restrictPublicBuckets: false }), 'fail'],
    ['no configuration', s3(pabNone), 'fail'],
  ],
  'aws.s3.bucket-not-public': [
    ['covered by the account block', s3(pabOn, bucket()), 'pass'],
    ['public ACL', s3(pabNone, bucket({ publicAccess: bucketPa({ aclPublicGrants: [{ grantee: 'AllUsers', permission: 'READ' }] }) })), 'fail'],
    ['public policy', s3(pabNone, bucket({ publicAccess: bucketPa({ policyIsPublic: true }) })), 'fail'],
    [
      'public policy, account restricts public buckets',
      s3({ ...pabNone, configured: true, restrictPublicBuckets: true }, bucket({ publicAccess: bucketPa({ policyIsPublic: true }) })),
      'pass',
    ],
    [
      'public ACL, bucket ignores public ACLs',
      s3(
        pabNone,
        bucket({
          publicAccess: bucketPa({
            publicAccessBlock: { ...pabOn, account: undefined },
            aclPublicGrants: [{ grantee: 'AuthenticatedUsers', permission: 'READ' }],
          }),
        }),
      ),
      'pass',
    ],
    ['public but allowed', s3(pabNone, bucket({ publicAccess: bucketPa({ policyIsPublic: true }) })), 'pass', { allowPublic: ['b*'] }],
    ['private', s3(pabNone, bucket({ publicAccess: bucketPa() })), 'pass'],
    ['no buckets', s3(pabOn), 'not-applicable'],
  ],
  'aws.s3.default-encryption': [
    ['SSE-S3', s3(pabOn, bucket()), 'pass'],
    ['none', s3(pabOn, bucket({ encryption: null })), 'fail'],
    ['SSE-S3 where KMS is required', s3(pabOn, bucket()), 'fail', { requireKms: true }],
    [
      'SSE-KMS where KMS is required',
      s3(pabOn, bucket({ encryption: { rules: [{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'k' }] } })),
      'pass',
      { requireKms: true },
    ],
  ],
  'aws.s3.versioning': [
    ['enabled', s3(pabOn, bucket()), 'pass'],
    ['suspended', s3(pabOn, bucket({ versioning: { status: 'Suspended' } })), 'fail'],
    ['never enabled', s3(pabOn, bucket({ versioning: { status: 'NeverEnabled' } })), 'fail'],
    ['out of the tag scope', s3(pabOn, bucket({ versioning: { status: 'NeverEnabled' } })), 'not-applicable', { tags: { env: 'prod' } }],
    ['in the tag scope', s3(pabOn, bucket({ tags: { env: 'prod' }, versioning: { status: 'Suspended' } })), 'fail', { tags: { env: '*' } }],
  ],
  'aws.s3.tls-only': [
    ['deny without TLS', s3(pabOn, bucket()), 'pass'],
    ['no policy', s3(pabOn, bucket({ policy: null })), 'fail'],
    [
      'policy without the deny',
      s3(pabOn, bucket({ policy: { document: { Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::1:root' }, Action: 's3:GetObject' }] } } })),
      'fail',
    ],
    [
      'deny of one action only',
      s3(
        pabOn,
        bucket({
          policy: {
            document: { Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] },
          },
        }),
      ),
      'fail',
    ],
  ],
  'aws.s3.lifecycle-retention': [
    [
      'tagged with expiration',
      s3(pabOn, bucket({ tags: { 'soc2:retention': '1y' }, lifecycle: { rules: [{ id: 'x', status: 'Enabled', expirationDays: 365 }] } })),
      'pass',
    ],
    ['tagged, no lifecycle', s3(pabOn, bucket({ tags: { 'soc2:retention': '1y' } })), 'fail'],
    [
      'tagged, rule disabled',
      s3(pabOn, bucket({ tags: { 'soc2:retention': '1y' }, lifecycle: { rules: [{ id: 'x', status: 'Disabled', expirationDays: 365 }] } })),
      'fail',
    ],
    ['not tagged', s3(pabOn, bucket()), 'not-applicable'],
  ],
  'aws.kms.cmk-rotation': [
    ['rotating yearly', one('aws.kms.key', key()), 'pass'],
    ['rotation off', one('aws.kms.key', key({ rotation: { enabled: false } })), 'fail'],
    ['period above maxDays', one('aws.kms.key', key({ rotation: { enabled: true, periodDays: 730 } })), 'fail'],
    ['AWS managed', one('aws.kms.key', key({ keyManager: 'AWS', rotation: undefined })), 'not-applicable'],
    ['asymmetric', one('aws.kms.key', key({ keySpec: 'RSA_2048', rotation: undefined })), 'not-applicable'],
    ['pending deletion', one('aws.kms.key', key({ keyState: 'PendingDeletion', enabled: false, rotation: undefined })), 'not-applicable'],
    ['in scope without a rotation status', one('aws.kms.key', key({ rotation: undefined })), 'error'],
  ],
  'aws.acm.cert-expiry': [
    ['far from expiry', one('aws.acm.certificate', cert()), 'pass'],
    ['expires in 10 days', one('aws.acm.certificate', cert({ notAfter: '2026-12-02T12:00:00.000Z' })), 'fail'],
    ['imported, not renewable', one('aws.acm.certificate', cert({ type: 'IMPORTED', renewalEligibility: 'INELIGIBLE' })), 'fail'],
    ['near expiry but unused', one('aws.acm.certificate', cert({ inUse: false, notAfter: '2026-11-25T00:00:00.000Z' })), 'not-applicable'],
    ['within a wider window', one('aws.acm.certificate', cert({ notAfter: '2027-01-10T00:00:00.000Z' })), 'fail', { days: 60 }],
  ],
  'aws.secretsmanager.rotation': [
    ['rotated recently', one('aws.secretsmanager.secret', secret()), 'pass'],
    ['rotation off', one('aws.secretsmanager.secret', secret({ rotationEnabled: false, rotationDays: undefined })), 'fail'],
    ['last rotated long ago', one('aws.secretsmanager.secret', secret({ lastRotatedDate: '2026-06-01T00:00:00.000Z' })), 'fail'],
    ['rotation on, never rotated, old', one('aws.secretsmanager.secret', secret({ lastRotatedDate: undefined })), 'fail'],
    ['pending deletion', one('aws.secretsmanager.secret', secret({ rotationEnabled: false, deletedDate: '2026-11-20T00:00:00.000Z' })), 'not-applicable'],
  ],
  'aws.logs.retention': [
    ['a year or more', one('aws.logs.log-group', group()), 'pass'],
    ['never expire', one('aws.logs.log-group', group({ retentionInDays: undefined })), 'pass'],
    ['30 days', one('aws.logs.log-group', group({ retentionInDays: 30 })), 'fail'],
    ['30 days under a lower bar', one('aws.logs.log-group', group({ retentionInDays: 30 })), 'pass', { minDays: 30 }],
    ['no log groups', one('aws.logs.log-group'), 'not-applicable'],
  ],
};

describe('aws data-protection checks', () => {
  for (const [id, cases] of Object.entries(table)) {
    describe(id, () => {
      for (const [name, records, status, params] of cases) {
        it(`${name} → ${status}`, () => {
          const r = judge(check(id), { records }, params ?? {});
          expect(r.status).toBe(status);
          if (status === 'fail') expect(r.findings.find((f) => f.status === 'fail')!.resource).toMatch(/^arn:aws:/);
        });
      }
      it('an errored scope → error, never pass', () => {
        const type = check(id).meta.requires[0]!;
        const passing = cases.find((c) => c[2] === 'pass')!;
        expect(
          judge(
            check(id),
            { records: passing[1], errors: [{ type, scope: `222222222222${type.startsWith('aws.s3') ? '' : '/us-east-1'}`, cause: 'denied' }] },
            passing[3] ?? {},
          ).status,
        ).toBe('error');
      });
    });
  }

  it('a bucket that looks public is not failed while the account block that could restrict it is unknown', () => {
    const records = {
      'aws.s3.bucket': { [A]: [], [`${A}/b1`]: [bucket({ publicAccess: bucketPa({ policyIsPublic: true }) })] },
      'aws.s3.account-public-access-block': {},
    };
    const r = judge(check('aws.s3.bucket-not-public'), { records, errors: [{ type: 'aws.s3.account-public-access-block', scope: A, cause: 'denied' }] });
    expect(r.status).toBe('error');
    expect(r.findings).toEqual([]);
  });

  it('a bucket whose own reads failed leaves bucket checks in error while another bucket still fails', () => {
    const records = s3(pabNone, bucket({ encryption: null, publicAccess: bucketPa() }));
    const r = judge(check('aws.s3.default-encryption'), { records, errors: [{ type: 'aws.s3.bucket', scope: `${A}/restricted`, cause: 'denied' }] });
    expect(r.status).toBe('fail');
    expect(r.errors.map((e) => e.scope)).toEqual([`${A}/restricted`]);
    const ok = judge(check('aws.s3.default-encryption'), {
      records: s3(pabNone, bucket({ publicAccess: bucketPa() })),
      errors: [{ type: 'aws.s3.bucket', scope: `${A}/restricted`, cause: 'denied' }],
    });
    expect(ok.status).toBe('error');
  });
});
