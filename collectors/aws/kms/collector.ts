/** The `aws-kms` collector: every KMS key per account and region, with the rotation status of the keys rotation applies to. */
import type { DescribeKeyCommandOutput, GetKeyRotationStatusCommandOutput, KMSClient, ListKeysCommandOutput } from '@aws-sdk/client-kms';
import type { CollectContext, EvidenceRecord } from '../../../src/types.js';
import { iso, paginate, rawOf, record, send } from '../call.js';
import type { AwsConfig } from '../config.js';
import { need, regionalCollector, regionalStep } from '../regional.js';
import { KMS_KEY, type KmsKey } from './evidence.js';

// Why loaded on demand: only runs that judge KMS load its SDK client.
const load = () => import('@aws-sdk/client-kms');

type Sdk = typeof import('@aws-sdk/client-kms');

export const awsKmsCollector = regionalCollector({
  id: 'aws-kms',
  title: 'AWS KMS: keys (manager, spec, state, origin) and automatic rotation of customer-managed symmetric keys',
  types: [KMS_KEY],
  permissions: ['kms:ListKeys', 'kms:DescribeKey', 'kms:GetKeyRotationStatus'],
  load,
  client: (sdk, config) => new sdk.KMSClient(config),
  async *region(ctx, sdk, client, account, region) {
    yield* regionalStep(ctx, KMS_KEY, `${account}/${region}`, 'kms:ListKeys', () => keys(ctx, sdk, client, account, region));
  },
});

async function* keys(ctx: CollectContext<AwsConfig>, sdk: Sdk, kms: KMSClient, account: string, region: string): AsyncGenerator<EvidenceRecord> {
  const scope = `${account}/${region}`;
  const pages = paginate<ListKeysCommandOutput>(
    ctx,
    kms,
    'kms:ListKeys',
    (Marker) => new sdk.ListKeysCommand({ Limit: 1000, Marker }),
    (o) => (o.Truncated ? need(o.NextMarker, 'NextMarker', 'kms:ListKeys') : undefined),
  );
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
        data.rotation = {
          enabled: need(r.KeyRotationEnabled, 'KeyRotationEnabled', 'kms:GetKeyRotationStatus'),
          periodDays: r.RotationPeriodInDays,
          nextRotationDate: iso(r.NextRotationDate),
        };
      }
      yield record(KMS_KEY, scope, 'kms:DescribeKey', d, data);
    }
  }
}
