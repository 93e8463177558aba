import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCollector } from '../../../test/helpers/collect.js';
import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import type { CollectContext } from '../../../src/types.js';
import type { AwsConfig } from '../config.js';
import { awsConfig, demoAws, startAws, useBaseCredentials } from '../testing.js';
import { controlConfig } from './control.js';
import { awsS3Collector } from './collector.js';
import type { S3AccountPublicAccessBlock, S3Bucket } from './evidence.js';

let restore: () => void;
beforeAll(() => {
  restore = useBaseCredentials();
});
afterAll(() => restore());

const bucket = (run: Awaited<ReturnType<typeof runCollector>>, name: string) => run.records<S3Bucket>('aws.s3.bucket').find((r) => r.data.name === name)?.data;

describe('aws-s3 collector against the sandbox', () => {
  it('reads the demo estate: account blocks, every bucket in its own region, "no such configuration" answers as facts', async () => {
    const sb = await startAws(demoAws());
    try {
      const run = await runCollector(awsS3Collector, awsConfig(sb));
      expect(run.errors()).toEqual([]);
      const pab = run
        .records<S3AccountPublicAccessBlock>('aws.s3.account-public-access-block')
        .map((r) => [r.scope, r.data.configured, r.data.blockPublicAcls]);
      expect(pab.sort()).toEqual([
        ['111111111111', true, true],
        ['222222222222', false, false],
        ['333333333333', true, true],
      ]);
      expect(run.view.scopes('aws.s3.bucket').sort()).toEqual([
        '111111111111',
        '111111111111/acme-org-cloudtrail',
        '222222222222',
        '222222222222/acme-prod-assets',
        '222222222222/acme-prod-data',
        '222222222222/acme-prod-exports',
        '333333333333',
        '333333333333/acme-dev-scratch',
      ]);
      const assets = bucket(run, 'acme-prod-assets')!;
      expect(assets).toMatchObject({
        region: 'eu-west-1',
        regionFrom: 'ListBuckets',
        policy: null,
        lifecycle: { rules: [{ id: 'tidy-uploads', status: 'Enabled', noncurrentDays: 30 }] },
        versioning: { status: 'Suspended' },
      });
      expect(assets.publicAccess).toEqual({
        judgedFrom: 'bucket',
        publicAccessBlock: null,
        policyIsPublic: false,
        aclPublicGrants: [{ grantee: 'AllUsers', permission: 'READ' }],
      });
      expect(bucket(run, 'acme-prod-exports')).toMatchObject({
        encryption: null,
        versioning: { status: 'NeverEnabled' },
        tags: {},
        policy: null,
        lifecycle: null,
      });
      expect(bucket(run, 'acme-prod-exports')!.publicAccess).toMatchObject({
        judgedFrom: 'bucket',
        publicAccessBlock: { blockPublicAcls: true, restrictPublicBuckets: true },
      });
      expect(bucket(run, 'acme-org-cloudtrail')).toMatchObject({
        publicAccess: { judgedFrom: 'account-block' },
        encryption: { rules: [{ sseAlgorithm: 'aws:kms' }] },
      });
      // Buckets covered by the account-level block make no per-bucket public-access calls.
      const acl = sb.log.entries
        .filter((e) => e.operation === 's3:GetBucketAcl')
        .map((e) => e.attrs.bucket)
        .sort();
      expect(acl).toEqual(['acme-prod-assets', 'acme-prod-data', 'acme-prod-exports']);
      // Every bucket call went to the bucket's own region: S3 never had to redirect.
      expect(sb.log.entries.filter((e) => e.status === 301)).toEqual([]);
      expect(
        sb.log.entries.filter((e) => e.operation === 's3:GetBucketEncryption' && e.attrs.bucket === 'acme-prod-assets').map((e) => e.attrs.region),
      ).toEqual(['eu-west-1']);
      // Calls per operation count the "no such configuration" answers too: one per account, five per bucket.
      expect(run.pages['s3control:GetPublicAccessBlock']).toBe(3);
      expect(run.pages['s3:GetBucketPolicy']).toBe(5);
      expect(run.pages['s3:GetBucketTagging']).toBe(5);
    } finally {
      await sb.close();
    }
  });

  it('AccessDenied on one bucket is an error for that bucket only, never "no policy"', async () => {
    const data = demoAws();
    data.accounts[1]!.s3!.buckets!.push({ name: 'acme-prod-restricted', denyAuditor: true });
    const sb = await startAws(data);
    try {
      const run = await runCollector(awsS3Collector, awsConfig(sb));
      expect(run.errors().map((e) => [e.type, e.scope, e.cause])).toEqual([['aws.s3.bucket', '222222222222/acme-prod-restricted', 'denied']]);
      expect(bucket(run, 'acme-prod-restricted')).toBeUndefined();
      expect(run.view.scopes('aws.s3.bucket')).toContain('222222222222/acme-prod-data');
    } finally {
      await sb.close();
    }
  });

  it('without BucketRegion in the listing, GetBucketLocation places buckets (empty = us-east-1) and each is read there', async () => {
    const data = demoAws();
    data.options = { ...data.options, s3ListBucketRegion: false };
    const sb = await startAws(data);
    try {
      const run = await runCollector(awsS3Collector, awsConfig(sb, { regions: ['eu-west-1'] }));
      expect(run.errors()).toEqual([]);
      expect(bucket(run, 'acme-prod-data')).toMatchObject({ region: 'us-east-1', regionFrom: 'GetBucketLocation' });
      expect(bucket(run, 'acme-prod-assets')).toMatchObject({ region: 'eu-west-1', regionFrom: 'GetBucketLocation' });
      expect(
        sb.log.entries.filter((e) => e.operation === 's3:GetBucketVersioning' && e.attrs.bucket === 'acme-prod-data').map((e) => [e.attrs.region, e.status]),
      ).toEqual([['us-east-1', 200]]);
    } finally {
      await sb.close();
    }
  });

  it('a bucket listed in a stale region answers PermanentRedirect and is read in the region the redirect names', async () => {
    const data = demoAws();
    data.accounts[1]!.s3!.buckets!.find((b) => b.name === 'acme-prod-assets')!.listedRegion = 'us-west-2';
    const sb = await startAws(data);
    try {
      const run = await runCollector(awsS3Collector, awsConfig(sb));
      expect(run.errors()).toEqual([]);
      expect(bucket(run, 'acme-prod-assets')).toMatchObject({ region: 'eu-west-1', regionFrom: 'redirect', versioning: { status: 'Suspended' } });
      expect(sb.log.entries.some((e) => e.status === 301 && e.attrs.bucket === 'acme-prod-assets' && e.attrs.region === 'us-west-2')).toBe(true);
    } finally {
      await sb.close();
    }
  });

  it('a denied account-level read is an error for the account block; buckets are then judged from their own settings', async () => {
    const sb = await startAws(demoAws(), [{ provider: 'aws', operation: 's3control:GetPublicAccessBlock', kind: 'deny', match: { account: '111111111111' } }]);
    try {
      const run = await runCollector(awsS3Collector, awsConfig(sb));
      expect(run.errors().map((e) => [e.type, e.scope, e.cause])).toEqual([['aws.s3.account-public-access-block', '111111111111', 'denied']]);
      expect(bucket(run, 'acme-org-cloudtrail')!.publicAccess.judgedFrom).toBe('bucket');
    } finally {
      await sb.close();
    }
  });

  it('a ListBuckets page that fails after the first is a truncated listing for the account', async () => {
    const data = demoAws();
    data.accounts[1]!.s3!.buckets!.push(
      ...Array.from({ length: 1500 }, (_, i) => ({ name: `bulk-${String(i).padStart(4, '0')}`, publicAccessBlock: true as const })),
    );
    const sb = await startAws(data, [{ provider: 'aws', operation: 's3:ListBuckets', kind: 'fail', match: { account: '222222222222', page: 2 } }]);
    try {
      const run = await runCollector(
        awsS3Collector,
        awsConfig(sb, { accounts: [{ id: '222222222222', roleArn: 'arn:aws:iam::222222222222:role/soc2-audit' }], organization: undefined }),
      );
      expect(run.errors().map((e) => [e.type, e.scope, e.cause])).toEqual([['aws.s3.bucket', '222222222222', 'truncated']]);
      expect(run.records('aws.s3.bucket')).toEqual([]);
    } finally {
      await sb.close();
    }
  });

  it('S3 Control keeps its account check: the account rides in the host, and another account is refused', async () => {
    const sb = await startAws(demoAws());
    const ctx = { config: awsConfig(sb), limits: { concurrency: 1, timeoutMs: 5_000 } } as unknown as CollectContext<AwsConfig>;
    const client = new S3ControlClient({ ...controlConfig(ctx), maxAttempts: 1 });
    try {
      expect(String(controlConfig(ctx).endpoint)).toMatch(/^http:\/\/localhost:\d+$/);
      const own = await client.send(new GetPublicAccessBlockCommand({ AccountId: '111111111111' }));
      expect(own.PublicAccessBlockConfiguration).toMatchObject({ BlockPublicAcls: true, RestrictPublicBuckets: true });
      // The base credentials belong to 111111111111; asking for another account's block is AccessDenied.
      await expect(client.send(new GetPublicAccessBlockCommand({ AccountId: '222222222222' }))).rejects.toMatchObject({ name: 'AccessDenied' });
      // A host without the account prefix (endpoint rules bypassed) is not an S3 Control endpoint.
      const bare = await fetch(`${sb.urls.aws}/v20180820/configuration/publicAccessBlock`, {
        headers: {
          'x-amz-account-id': '111111111111',
          authorization: 'AWS4-HMAC-SHA256 Credential=AKIASANDBOXBASE00001/20261122/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0',
        },
      });
      expect(bare.status).toBe(400);
      expect(await bare.text()).toContain('<Code>InvalidRequest</Code>');
    } finally {
      client.destroy();
      await sb.close();
    }
  });
});
