/** The `aws-kms` collector: every KMS key per account and region, with the rotation status of the keys rotation applies to. */
import type { DescribeKeyCommandOutput, GetKeyRotationStatusCommandOutput, KMSClient, ListKeysCommandOutput } from '@aws-sdk/client-kms';
import type { CollectContext, Collector, EvidenceRecord } from '../../../src/types.js';
import { ACCOUNT_PERMISSIONS } from '../iam.js';
import { iso, paginate, rawOf, record, send } from '../call.js';
import type { AwsConfig } from '../config.js';
import { collectRegional, need } from '../regional.js';
import { KMS_KEY, type KmsKey } from './evidence.js';

// Why loaded on demand: only runs that judge KMS load its SDK client.
const load = () => import('@aws-sdk/client-kms');

export const awsKmsCollector: Collector<AwsConfig> = {
  meta: {
    id: 'aws-kms',
    source: 'aws',
    title: 'AWS KMS: keys (manager, spec, state, origin) and automatic rotation of customer-managed symmetric keys',
    produces: [KMS_KEY],
    permissions: [...ACCOUNT_PERMISSIONS, 'kms:ListKeys', 'kms:DescribeKey', 'kms:GetKeyRotationStatus'],
  },
  async prepare() {
    await load();
  },
  collect(ctx) {
    return collectRegional(ctx, {
      collectorId: 'aws-kms',
      type: KMS_KEY,
      operation: 'kms:ListKeys',
      client: async (config) => new (await load()).KMSClient(config),
      collect: keys,
    });
  },
};

async function* keys(ctx: CollectContext<AwsConfig>, kms: KMSClient, account: string, region: string): AsyncGenerator<EvidenceRecord> {
  const sdk = await load();
  const scope = `${account}/${region}`;
  const out: EvidenceRecord[] = [];
  const pages = paginate<ListKeysCommandOutput>(ctx, kms, 'kms:ListKeys', (Marker) => new sdk.ListKeysCommand({ Limit: 1000, Marker }), (o) => (o.Truncated ? need(o.NextMarker, 'NextMarker', 'kms:ListKeys') : undefined));
  for await (const { out: page, page: n } of pages) {
    await ctx.raw(scope, 'ListKeys', rawOf(page), n);
    for (const k of page.Keys ?? []) {
      const id = need(k.KeyId, 'KeyId', 'kms:ListKeys');
      const d = await send<DescribeKeyCommandOutput>(ctx, kms, new sdk.DescribeKeyCommand({ KeyId: id }), 'kms:DescribeKey');
      await ctx.raw(scope, `DescribeKey.${id}`, rawOf(d));
      const m = need(d.KeyMetadata, 'KeyMetadata', 'kms:DescribeKey');
      const data: KmsKey = {
        account,
        region,
        keyId: id,
        arn: need(m.Arn, 'Arn', 'kms:DescribeKey'),
        keyManager: need(m.KeyManager, 'KeyManager', 'kms:DescribeKey'),
        keySpec: need(m.KeySpec ?? m.CustomerMasterKeySpec, 'KeySpec', 'kms:DescribeKey'),
        keyUsage: m.KeyUsage,
        keyState: need(m.KeyState, 'KeyState', 'kms:DescribeKey'),
        enabled: need(m.Enabled, 'Enabled', 'kms:DescribeKey'),
        origin: m.Origin,
        multiRegion: m.MultiRegion,
        creationDate: iso(m.CreationDate),
        deletionDate: iso(m.DeletionDate),
      };
      // Why only these keys: AWS rotates its managed keys itself, asymmetric/HMAC keys and imported or external key
      // material cannot rotate automatically, and a disabled or pending-deletion key protects nothing new.
      if (data.keyManager === 'CUSTOMER' && data.keySpec === 'SYMMETRIC_DEFAULT' && data.keyState === 'Enabled' && (data.origin ?? 'AWS_KMS') === 'AWS_KMS') {
        const r = await send<GetKeyRotationStatusCommandOutput>(ctx, kms, new sdk.GetKeyRotationStatusCommand({ KeyId: id }), 'kms:GetKeyRotationStatus');
        await ctx.raw(scope, `GetKeyRotationStatus.${id}`, rawOf(r));
        data.rotation = { enabled: need(r.KeyRotationEnabled, 'KeyRotationEnabled', 'kms:GetKeyRotationStatus'), periodDays: r.RotationPeriodInDays, nextRotationDate: iso(r.NextRotationDate) };
      }
      out.push(record(KMS_KEY, scope, 'kms:DescribeKey', d, data));
    }
  }
  // Why after the listing: a failure on a later page must not leave part of the region's keys behind as if complete.
  yield* out;
}
