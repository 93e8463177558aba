/**
 * Buckets: ListBuckets (every page, with BucketRegion), then each bucket's configuration read in its own region.
 * S3's "no such configuration" answers are facts (null in the record); anything else that fails — AccessDenied
 * from a bucket policy that denies the auditor, a throttle past retries — fails that bucket's scope only.
 */
import type { Bucket, ListBucketsCommandOutput, S3Client } from '@aws-sdk/client-s3';
import type { CollectContext, EvidenceRecord } from '../../../src/types.js';
import { iso, paginate, rawOf, record, send } from '../call.js';
import type { AwsConfig } from '../config.js';
import { AwsCallError } from '../errors.js';
import { need } from '../regional.js';
import { codeOf } from './control.js';
import { BUCKET, type PublicAccessBlock, type S3Bucket, type S3LifecycleRule } from './evidence.js';

export const loadS3 = () => import('@aws-sdk/client-s3');
type Sdk = Awaited<ReturnType<typeof loadS3>>;
type Ctx = CollectContext<AwsConfig>;

/** S3 clients by region for one account (created on first use). */
export type ClientsByRegion = (region: string) => S3Client;

export async function listBuckets(ctx: Ctx, client: S3Client, account: string): Promise<Bucket[]> {
  const sdk = await loadS3();
  const out: Bucket[] = [];
  // Why MaxBuckets: with any parameter ListBuckets pages (ContinuationToken) and names each bucket's BucketRegion.
  const pages = paginate<ListBucketsCommandOutput>(
    ctx,
    client,
    's3:ListBuckets',
    (ContinuationToken) => new sdk.ListBucketsCommand({ MaxBuckets: 1000, ContinuationToken }),
    (o) => o.ContinuationToken,
  );
  for await (const { out: page, page: n } of pages) {
    await ctx.raw(account, 'ListBuckets', rawOf(page), n);
    out.push(...(page.Buckets ?? []));
  }
  return out;
}

const GROUPS: Record<string, 'AllUsers' | 'AuthenticatedUsers'> = {
  'http://acs.amazonaws.com/groups/global/AllUsers': 'AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers': 'AuthenticatedUsers',
};

/** Reads one bucket. Throws AwsCallError when anything but a "no such configuration" answer fails. */
export async function readBucket(ctx: Ctx, clients: ClientsByRegion, account: string, b: Bucket, coveredByAccount: boolean): Promise<EvidenceRecord<S3Bucket>> {
  const sdk = await loadS3();
  const name = need(b.Name, 'Name', 's3:ListBuckets');
  const scope = `${account}/${name}`;
  let region = b.BucketRegion;
  const regionFrom = region ? 'ListBuckets' : 'GetBucketLocation';
  if (!region) {
    const loc = await send<{ LocationConstraint?: string }>(
      ctx,
      clients('us-east-1'),
      new sdk.GetBucketLocationCommand({ Bucket: name }),
      's3:GetBucketLocation',
    );
    await ctx.raw(scope, 'GetBucketLocation', rawOf(loc));
    // Why: us-east-1 has no location constraint (an empty answer), and the oldest Ireland buckets answer `EU`.
    region = !loc.LocationConstraint ? 'us-east-1' : loc.LocationConstraint === 'EU' ? 'eu-west-1' : loc.LocationConstraint;
  }
  const home = { region, moved: false };
  const get = <O>(op: string, make: () => unknown, none?: string) => call<O>(ctx, clients, home, scope, op, make, none);
  const [tags, enc, ver, pol, life] = await Promise.all([
    get<{ TagSet?: Array<{ Key?: string; Value?: string }> }>('GetBucketTagging', () => new sdk.GetBucketTaggingCommand({ Bucket: name }), 'NoSuchTagSet'),
    get<{
      ServerSideEncryptionConfiguration?: {
        Rules?: Array<{ ApplyServerSideEncryptionByDefault?: { SSEAlgorithm?: string; KMSMasterKeyID?: string }; BucketKeyEnabled?: boolean }>;
      };
    }>('GetBucketEncryption', () => new sdk.GetBucketEncryptionCommand({ Bucket: name }), 'ServerSideEncryptionConfigurationNotFoundError'),
    get<{ Status?: string; MFADelete?: string }>('GetBucketVersioning', () => new sdk.GetBucketVersioningCommand({ Bucket: name })),
    get<{ Policy?: string }>('GetBucketPolicy', () => new sdk.GetBucketPolicyCommand({ Bucket: name }), 'NoSuchBucketPolicy'),
    get<{
      Rules?: Array<{
        ID?: string;
        Status?: string;
        Prefix?: string;
        Filter?: { Prefix?: string };
        Expiration?: { Days?: number; Date?: Date };
        NoncurrentVersionExpiration?: { NoncurrentDays?: number };
      }>;
    }>('GetBucketLifecycleConfiguration', () => new sdk.GetBucketLifecycleConfigurationCommand({ Bucket: name }), 'NoSuchLifecycleConfiguration'),
  ]);
  let document: unknown;
  if (pol) {
    try {
      document = JSON.parse(need(pol.Policy, 'Policy', 's3:GetBucketPolicy'));
    } catch (err) {
      throw err instanceof AwsCallError ? err : new AwsCallError('s3:GetBucketPolicy', new SyntaxError('the bucket policy is not JSON'));
    }
  }
  const data: S3Bucket = {
    account,
    name,
    arn: `arn:aws:s3:::${name}`,
    region: home.region,
    regionFrom: home.moved ? 'redirect' : regionFrom,
    createdAt: iso(b.CreationDate),
    tags: Object.fromEntries((tags?.TagSet ?? []).map((t) => [need(t.Key, 'Tag.Key', 's3:GetBucketTagging'), t.Value ?? ''])),
    encryption: enc
      ? {
          rules: (enc.ServerSideEncryptionConfiguration?.Rules ?? []).map((r) => ({
            sseAlgorithm: r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
            kmsMasterKeyId: r.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID,
            bucketKeyEnabled: r.BucketKeyEnabled,
          })),
        }
      : null,
    versioning: { status: ver!.Status === 'Enabled' || ver!.Status === 'Suspended' ? ver!.Status : 'NeverEnabled', mfaDelete: ver!.MFADelete },
    policy: pol ? { document } : null,
    lifecycle: life
      ? {
          rules: (life.Rules ?? []).map((r): S3LifecycleRule => ({
            id: r.ID,
            status: need(r.Status, 'Rule.Status', 's3:GetBucketLifecycleConfiguration'),
            prefix: r.Filter?.Prefix ?? r.Prefix,
            expirationDays: r.Expiration?.Days,
            expirationDate: iso(r.Expiration?.Date),
            noncurrentDays: r.NoncurrentVersionExpiration?.NoncurrentDays,
          })),
        }
      : null,
    publicAccess: { judgedFrom: 'account-block' },
  };
  if (!coveredByAccount) {
    const [pab, acl, status] = await Promise.all([
      get<{
        PublicAccessBlockConfiguration?: Partial<Record<'BlockPublicAcls' | 'IgnorePublicAcls' | 'BlockPublicPolicy' | 'RestrictPublicBuckets', boolean>>;
      }>('GetPublicAccessBlock', () => new sdk.GetPublicAccessBlockCommand({ Bucket: name }), 'NoSuchPublicAccessBlockConfiguration'),
      get<{ Grants?: Array<{ Grantee?: { Type?: string; URI?: string }; Permission?: string }> }>(
        'GetBucketAcl',
        () => new sdk.GetBucketAclCommand({ Bucket: name }),
      ),
      // Why only with a policy: without one the status call answers NoSuchBucketPolicy, which GetBucketPolicy already told us.
      pol
        ? get<{ PolicyStatus?: { IsPublic?: boolean } }>('GetBucketPolicyStatus', () => new sdk.GetBucketPolicyStatusCommand({ Bucket: name }))
        : Promise.resolve(undefined),
    ]);
    const c = pab?.PublicAccessBlockConfiguration;
    const block: PublicAccessBlock | null = c
      ? {
          blockPublicAcls: c.BlockPublicAcls === true,
          ignorePublicAcls: c.IgnorePublicAcls === true,
          blockPublicPolicy: c.BlockPublicPolicy === true,
          restrictPublicBuckets: c.RestrictPublicBuckets === true,
        }
      : null;
    data.publicAccess = {
      judgedFrom: 'bucket',
      publicAccessBlock: block,
      policyIsPublic: status ? need(status.PolicyStatus?.IsPublic, 'PolicyStatus.IsPublic', 's3:GetBucketPolicyStatus') : false,
      aclPublicGrants: (acl!.Grants ?? []).flatMap((g) => {
        const who = g.Grantee?.Type === 'Group' ? GROUPS[g.Grantee.URI ?? ''] : undefined;
        return who ? [{ grantee: who, permission: g.Permission ?? 'UNKNOWN' }] : [];
      }),
    };
  }
  return record(BUCKET, scope, 's3:ListBuckets', {}, data);
}

/**
 * One bucket call in the bucket's region: the answer, or `null` for the definite "no such configuration" code
 * `none`. A redirect (301 PermanentRedirect, AuthorizationHeaderMalformed) names the bucket's real region: the
 * call is made once more there.
 */
async function call<O>(
  ctx: Ctx,
  clients: ClientsByRegion,
  home: { region: string; moved: boolean },
  scope: string,
  op: string,
  make: () => unknown,
  none?: string,
): Promise<(O & object) | null> {
  const operation = `s3:${op}`;
  for (let attempt = 1; ; attempt++) {
    const at = home.region;
    try {
      const out = await send<O>(ctx, clients(at), make(), operation);
      await ctx.raw(scope, op, rawOf(out));
      return out;
    } catch (err) {
      const code = err instanceof AwsCallError ? codeOf(err.cause) : undefined;
      if (none && code === none) {
        // Why counted: a "no such configuration" answer is a read like any other (run.json's calls per operation).
        ctx.stats.page(operation);
        await ctx.raw(scope, op, { error: code, message: (err as Error).message });
        return null;
      }
      const moved = attempt === 1 && err instanceof AwsCallError ? redirectRegion(err.cause) : undefined;
      if (!moved || moved === at) throw err;
      // Why shared: the bucket's other calls (and the record) follow the region S3 named.
      home.region = moved;
      home.moved = true;
    }
  }
}

function redirectRegion(err: unknown): string | undefined {
  const e = (err ?? {}) as {
    name?: string;
    Code?: string;
    Region?: string;
    $metadata?: { httpStatusCode?: number };
    $response?: { headers?: Record<string, string> };
  };
  const code = e.Code ?? e.name;
  if (code !== 'PermanentRedirect' && code !== 'AuthorizationHeaderMalformed' && e.$metadata?.httpStatusCode !== 301) return undefined;
  return e.$response?.headers?.['x-amz-bucket-region'] ?? e.Region;
}

export type { Sdk };
