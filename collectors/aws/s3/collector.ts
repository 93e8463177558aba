/**
 * The `aws-s3` collector: the account's Block Public Access (S3 Control) and every bucket once per account, each
 * read in its own region. Buckets the account-level block fully covers are judged from it without per-bucket
 * public-access calls.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { fanOut } from '../../../src/collector-kit.js';
import type { CollectContext, Collector, CollectorEvent } from '../../../src/types.js';
import type { OpenAccount } from '../accounts.js';
import { step } from '../call.js';
import { clientConfig } from '../clients.js';
import { collectAccounts } from '../collect-accounts.js';
import { regionsOf, type AwsConfig } from '../config.js';
import { errorEvent } from '../errors.js';
import { ACCOUNT_PERMISSIONS } from '../iam.js';
import { listBuckets, loadS3, readBucket } from './buckets.js';
import { accountPublicAccessBlock, loadControl } from './control.js';
import { ACCOUNT_PAB, BUCKET } from './evidence.js';

const TYPES = [ACCOUNT_PAB, BUCKET];
/** Buckets of one account read at once (each bucket makes its five to eight calls at once). */
const BUCKETS_AT_ONCE = 4;

export const awsS3Collector: Collector<AwsConfig> = {
  meta: {
    id: 'aws-s3',
    source: 'aws',
    title: 'Amazon S3: account Block Public Access, and per bucket its region, encryption, versioning, policy, lifecycle, tags and public access',
    produces: TYPES,
    permissions: [
      ...ACCOUNT_PERMISSIONS,
      's3:GetAccountPublicAccessBlock',
      's3:ListAllMyBuckets',
      's3:GetBucketLocation',
      's3:GetBucketTagging',
      's3:GetEncryptionConfiguration',
      's3:GetBucketVersioning',
      's3:GetBucketPolicy',
      's3:GetLifecycleConfiguration',
      's3:GetBucketPublicAccessBlock',
      's3:GetBucketAcl',
      's3:GetBucketPolicyStatus',
    ],
  },
  async prepare() {
    await Promise.all([loadS3(), loadControl()]);
  },
  collect(ctx) {
    return collectAccounts(
      ctx,
      TYPES,
      (account) => [account],
      (account) => s3Account(ctx, account),
    );
  },
};

async function* s3Account(ctx: CollectContext<AwsConfig>, account: OpenAccount): AsyncGenerator<CollectorEvent> {
  const clients = new Map<string, S3Client>();
  try {
    yield* s3AccountWork(ctx, account, clients);
  } finally {
    for (const c of clients.values()) c.destroy();
  }
}

async function* s3AccountWork(ctx: CollectContext<AwsConfig>, account: OpenAccount, clients: Map<string, S3Client>): AsyncGenerator<CollectorEvent> {
  const id = account.id;
  const block: { all?: boolean } = {};
  yield* step(ACCOUNT_PAB, id, 's3control:GetPublicAccessBlock', () => accountPublicAccessBlock(ctx, id, account.credentials, block));
  const sdk = await loadS3();
  // Why path-style with a custom endpoint: a VPC endpoint or the sandbox serves buckets under its own host name.
  const clientFor = (region: string) => {
    let c = clients.get(region);
    if (!c)
      clients.set(
        region,
        (c = new sdk.S3Client({
          ...clientConfig(ctx, region, account.credentials),
          forcePathStyle: Boolean(ctx.config.endpoint),
          followRegionRedirects: false,
        })),
      );
    return c;
  };
  let buckets;
  try {
    buckets = await listBuckets(ctx, clientFor(regionsOf(ctx.config)[0]!), id);
  } catch (err) {
    yield errorEvent(BUCKET, id, 's3:ListBuckets', err);
    return;
  }
  for (const b of buckets) yield { kind: 'plan', type: BUCKET, scope: `${id}/${b.Name}` };
  yield* fanOut(buckets, BUCKETS_AT_ONCE, async function* (b): AsyncGenerator<CollectorEvent> {
    const scope = `${id}/${b.Name}`;
    try {
      yield await readBucket(ctx, clientFor, id, b, block.all === true);
      yield { kind: 'done', type: BUCKET, scope };
    } catch (err) {
      yield errorEvent(BUCKET, scope, 's3:GetBucket', err);
    }
  });
  yield { kind: 'done', type: BUCKET, scope: id };
}
