/**
 * The `aws-config` collector: DescribeConfigurationRecorders, DescribeConfigurationRecorderStatus and
 * DescribeDeliveryChannelStatus per account and region (none of the three pages). A region without a recorder
 * answers empty lists, which is recorded as such (a finding for `aws.config.recorder-all-regions`).
 */
import type {
  ConfigExportDeliveryInfo,
  DescribeConfigurationRecorderStatusCommandOutput,
  DescribeConfigurationRecordersCommandOutput,
  DescribeDeliveryChannelStatusCommandOutput,
} from '@aws-sdk/client-config-service';
import type { CollectContext, EvidenceRecord } from '../../../src/types.js';
import { iso, rawOf, record, send } from '../call.js';
import type { AwsConfig } from '../config.js';
import { need, regionalCollector, regionalStep } from '../regional.js';
import { CONFIG_RECORDER, type ConfigRecorders } from './evidence.js';

type Sdk = typeof import('@aws-sdk/client-config-service');
type Client = InstanceType<Sdk['ConfigServiceClient']>;

export const awsConfigCollector = regionalCollector({
  id: 'aws-config',
  title: 'AWS Config: configuration recorders, their recording status and delivery per region',
  types: [CONFIG_RECORDER],
  permissions: ['config:DescribeConfigurationRecorders', 'config:DescribeConfigurationRecorderStatus', 'config:DescribeDeliveryChannelStatus'],
  load: () => import('@aws-sdk/client-config-service'),
  client: (sdk, config) => new sdk.ConfigServiceClient(config),
  async *region(ctx, sdk, client, account, region) {
    yield* regionalStep(ctx, CONFIG_RECORDER, `${account}/${region}`, 'config:DescribeConfigurationRecorders', () =>
      recorders(ctx, sdk, client, account, region),
    );
  },
});

async function* recorders(
  ctx: CollectContext<AwsConfig>,
  sdk: Sdk,
  client: Client,
  account: string,
  region: string,
): AsyncGenerator<EvidenceRecord<ConfigRecorders>> {
  const scope = `${account}/${region}`;
  const op = 'config:DescribeConfigurationRecorders';
  const rec = await send<DescribeConfigurationRecordersCommandOutput>(ctx, client, new sdk.DescribeConfigurationRecordersCommand({}), op);
  await ctx.raw(scope, 'DescribeConfigurationRecorders', rawOf(rec));
  const sop = 'config:DescribeConfigurationRecorderStatus';
  const st = await send<DescribeConfigurationRecorderStatusCommandOutput>(ctx, client, new sdk.DescribeConfigurationRecorderStatusCommand({}), sop);
  await ctx.raw(scope, 'DescribeConfigurationRecorderStatus', rawOf(st));
  const dop = 'config:DescribeDeliveryChannelStatus';
  const dc = await send<DescribeDeliveryChannelStatusCommandOutput>(ctx, client, new sdk.DescribeDeliveryChannelStatusCommand({}), dop);
  await ctx.raw(scope, 'DescribeDeliveryChannelStatus', rawOf(dc));
  const statuses = need(st.ConfigurationRecordersStatus, 'ConfigurationRecordersStatus', sop);
  const list: ConfigRecorders['recorders'] = need(rec.ConfigurationRecorders, 'ConfigurationRecorders', op).map((r) => {
    const name = need(r.name, 'name', op);
    const s = statuses.find((x) => x.name === name);
    const g = r.recordingGroup;
    return {
      name,
      ...(r.roleARN ? { roleArn: r.roleARN } : {}),
      ...(g?.allSupported !== undefined ? { allSupported: g.allSupported } : {}),
      ...(g?.includeGlobalResourceTypes !== undefined ? { includeGlobalResourceTypes: g.includeGlobalResourceTypes } : {}),
      ...(g?.recordingStrategy?.useOnly ? { useOnly: g.recordingStrategy.useOnly } : {}),
      resourceTypes: g?.resourceTypes ?? [],
      excludedResourceTypes: g?.exclusionByResourceTypes?.resourceTypes ?? [],
      // Why `need` on `recording`: a status without it cannot say whether the recorder runs, and is not "stopped".
      ...(s
        ? {
            status: {
              recording: need(s.recording, 'recording', sop),
              ...(s.lastStatus ? { lastStatus: s.lastStatus } : {}),
              ...(s.lastErrorCode ? { lastErrorCode: s.lastErrorCode } : {}),
              ...(s.lastStartTime ? { lastStartTime: iso(s.lastStartTime)! } : {}),
              ...(s.lastStatusChangeTime ? { lastStatusChangeTime: iso(s.lastStatusChangeTime)! } : {}),
            },
          }
        : {}),
    };
  });
  const delivery = (d: ConfigExportDeliveryInfo | undefined) =>
    d
      ? {
          ...(d.lastStatus ? { lastStatus: d.lastStatus } : {}),
          ...(d.lastErrorCode ? { lastErrorCode: d.lastErrorCode } : {}),
          ...(d.lastAttemptTime ? { lastAttemptTime: iso(d.lastAttemptTime)! } : {}),
          ...(d.lastSuccessfulTime ? { lastSuccessfulTime: iso(d.lastSuccessfulTime)! } : {}),
        }
      : undefined;
  const channels: ConfigRecorders['deliveryChannels'] = need(dc.DeliveryChannelsStatus, 'DeliveryChannelsStatus', dop).map((c) => {
    const snapshot = delivery(c.configSnapshotDeliveryInfo);
    const history = delivery(c.configHistoryDeliveryInfo);
    const stream = c.configStreamDeliveryInfo;
    return {
      name: need(c.name, 'name', dop),
      ...(snapshot ? { snapshot } : {}),
      ...(history ? { history } : {}),
      ...(stream
        ? {
            stream: {
              ...(stream.lastStatus ? { lastStatus: stream.lastStatus } : {}),
              ...(stream.lastErrorCode ? { lastErrorCode: stream.lastErrorCode } : {}),
            },
          }
        : {}),
    };
  });
  if (!list.length) ctx.log.info('aws config has no recorder in region', { scope });
  yield record(CONFIG_RECORDER, scope, op, rec, { account, region, mode: 'direct', recorders: list, deliveryChannels: channels });
}
