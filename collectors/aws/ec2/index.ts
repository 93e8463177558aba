/** The `aws-ec2` collector, EBS only: encryption by default per region and every volume (GetEbsEncryptionByDefault, DescribeVolumes). */
import type { DescribeVolumesCommandOutput, GetEbsEncryptionByDefaultCommandOutput, Volume } from '@aws-sdk/client-ec2';
import type { CollectContext, EvidenceRecord } from '../../../src/types.js';
import { paginate, rawOf, record, send } from '../call.js';
import type { AwsConfig } from '../config.js';
import { regionalCollector, regionalStep } from '../regional.js';
import { EBS_DEFAULT_ENCRYPTION, EBS_VOLUME, type EbsDefaultEncryption, type EbsVolume } from './evidence.js';

type Sdk = typeof import('@aws-sdk/client-ec2');
type Client = InstanceType<Sdk['EC2Client']>;

export const awsEc2Collector = regionalCollector({
  id: 'aws-ec2',
  title: 'Amazon EBS (EC2): encryption by default per region and the encryption of every volume',
  types: [EBS_DEFAULT_ENCRYPTION, EBS_VOLUME],
  permissions: ['ec2:GetEbsEncryptionByDefault', 'ec2:DescribeVolumes'],
  // Why on demand: the EC2 client is the largest AWS client; runs without EBS in scope never load it.
  load: () => import('@aws-sdk/client-ec2'),
  client: (sdk, config) => new sdk.EC2Client(config),
  async *region(ctx, sdk, client, account, region) {
    const scope = `${account}/${region}`;
    yield* regionalStep(ctx, EBS_DEFAULT_ENCRYPTION, scope, 'ec2:GetEbsEncryptionByDefault', () => defaultEncryption(ctx, sdk, client, account, region));
    yield* regionalStep(ctx, EBS_VOLUME, scope, 'ec2:DescribeVolumes', () => volumes(ctx, sdk, client, account, region));
  },
});

async function* defaultEncryption(
  ctx: CollectContext<AwsConfig>,
  sdk: Sdk,
  client: Client,
  account: string,
  region: string,
): AsyncGenerator<EvidenceRecord<EbsDefaultEncryption>> {
  const scope = `${account}/${region}`;
  const op = 'ec2:GetEbsEncryptionByDefault';
  const out = await send<GetEbsEncryptionByDefaultCommandOutput>(ctx, client, new sdk.GetEbsEncryptionByDefaultCommand({}), op);
  await ctx.raw(scope, 'GetEbsEncryptionByDefault', rawOf(out));
  // Why: an answer without the flag is not "off"; it cannot be judged.
  if (out.EbsEncryptionByDefault === undefined) throw new SyntaxError('GetEbsEncryptionByDefault answered without EbsEncryptionByDefault');
  yield record(EBS_DEFAULT_ENCRYPTION, scope, op, out, {
    account,
    region,
    enabled: out.EbsEncryptionByDefault,
    ...(out.SseType ? { sseType: out.SseType } : {}),
  });
}

async function* volumes(ctx: CollectContext<AwsConfig>, sdk: Sdk, client: Client, account: string, region: string): AsyncGenerator<EvidenceRecord<EbsVolume>> {
  const scope = `${account}/${region}`;
  const op = 'ec2:DescribeVolumes';
  // Why MaxResults 500: the largest page DescribeVolumes allows; without it EC2 may answer everything in one (slow) page.
  for await (const { out, page } of paginate<DescribeVolumesCommandOutput>(
    ctx,
    client,
    op,
    (t) => new sdk.DescribeVolumesCommand({ NextToken: t, MaxResults: 500 }),
    (o) => o.NextToken,
  )) {
    await ctx.raw(scope, 'DescribeVolumes', rawOf(out), page);
    for (const v of out.Volumes ?? []) yield record(EBS_VOLUME, scope, op, out, volume(account, region, v));
  }
}

function volume(account: string, region: string, v: Volume): EbsVolume {
  if (!v.VolumeId || v.Encrypted === undefined || !v.State)
    throw new SyntaxError(`DescribeVolumes answered a volume without its id, state or Encrypted flag (${v.VolumeId ?? '?'})`);
  return {
    account,
    region,
    id: v.VolumeId,
    arn: `arn:aws:ec2:${region}:${account}:volume/${v.VolumeId}`,
    state: v.State,
    encrypted: v.Encrypted,
    ...(v.KmsKeyId ? { kmsKeyId: v.KmsKeyId } : {}),
    attachedTo: (v.Attachments ?? []).map((a) => a.InstanceId ?? '').filter(Boolean),
    tags: (v.Tags ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' })),
  };
}
