/**
 * AWS Config (awsJson1_1, `StarlingDoveService.*`, signing name `config`): DescribeConfigurationRecorders,
 * DescribeConfigurationRecorderStatus and DescribeDeliveryChannelStatus. None of the three pages; a region with no
 * recorder answers empty lists (not an error). Timestamps are epoch seconds.
 */
import type { AwsCall } from './index.js';
import { AGGREGATOR_OPS, configAggregator } from './config-aggregator.js';
import { timeOf, type TimeSpec } from './model.js';
import { epoch, fail, okJson, type AwsAnswer } from './query.js';

/** One region's recorder (named `default`): absent region = no recorder and no delivery channel. */
export interface AwsConfigRecorderSpec {
  /** Records all supported resource types (default true); false = only `resourceTypes`. */
  allSupported?: boolean;
  resourceTypes?: string[];
  /** The recorder is running (default true). */
  recording?: boolean;
  /** The recorder's last status (default Success). */
  lastStatus?: 'Pending' | 'Success' | 'Failure';
  /** The delivery channel's last history/snapshot delivery (default Success); `none` = no delivery channel. */
  delivery?: 'Success' | 'Failure' | 'none';
  started?: TimeSpec;
}

export function configService(call: AwsCall): AwsAnswer {
  if (AGGREGATOR_OPS.has(call.op)) return configAggregator(call);
  const spec = call.account.spec.config?.[call.region];
  const names = call.json.ConfigurationRecorderNames as string[] | undefined;
  // Why: naming a recorder that does not exist is an error; asking for all of none is an empty list.
  if (names?.length && (!spec || names.some((n) => n !== 'default')))
    return fail('NoSuchConfigurationRecorderException', `Cannot find configuration recorder with the specified name '${names[0]}'.`);
  const base = call.world.base;
  const started = timeOf(spec?.started ?? '-300d', base)!;
  const arn = `arn:aws:config:${call.region}:${call.account.id}:configuration-recorder/default/${call.account.id.slice(0, 8)}`;
  switch (call.op) {
    case 'DescribeConfigurationRecorders': {
      if (!spec) return okJson({ ConfigurationRecorders: [] });
      const all = spec.allSupported ?? true;
      return okJson({
        ConfigurationRecorders: [
          {
            arn,
            name: 'default',
            roleARN: `arn:aws:iam::${call.account.id}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
            recordingGroup: {
              allSupported: all,
              includeGlobalResourceTypes: all && call.region === 'us-east-1',
              resourceTypes: all ? [] : (spec.resourceTypes ?? ['AWS::EC2::Instance']),
              exclusionByResourceTypes: { resourceTypes: [] },
              recordingStrategy: { useOnly: all ? 'ALL_SUPPORTED_RESOURCE_TYPES' : 'INCLUSION_BY_RESOURCE_TYPES' },
            },
            recordingMode: { recordingFrequency: 'CONTINUOUS', recordingModeOverrides: [] },
            recordingScope: 'PAID',
          },
        ],
      });
    }
    case 'DescribeConfigurationRecorderStatus': {
      if (!spec) return okJson({ ConfigurationRecordersStatus: [] });
      const status = spec.lastStatus ?? 'Success';
      return okJson({
        ConfigurationRecordersStatus: [
          {
            arn,
            name: 'default',
            lastStartTime: epoch(started),
            ...(spec.recording === false ? { lastStopTime: epoch(timeOf('-10d', base)) } : {}),
            recording: spec.recording ?? true,
            lastStatus: status,
            ...(status === 'Failure' ? { lastErrorCode: 'AccessDenied', lastErrorMessage: 'The recorder role cannot read the resources.' } : {}),
            lastStatusChangeTime: epoch(timeOf('-1h', base)),
          },
        ],
      });
    }
    case 'DescribeDeliveryChannelStatus': {
      const names2 = call.json.DeliveryChannelNames as string[] | undefined;
      const has = spec && spec.delivery !== 'none';
      if (names2?.length && (!has || names2.some((n) => n !== 'default')))
        return fail('NoSuchDeliveryChannelException', `Cannot find delivery channel with specified name '${names2[0]}'.`);
      if (!has) return okJson({ DeliveryChannelsStatus: [] });
      const ok = spec.delivery !== 'Failure';
      const info = {
        lastStatus: ok ? 'Success' : 'Failure',
        ...(ok ? {} : { lastErrorCode: 'NoSuchBucket', lastErrorMessage: 'The specified bucket does not exist' }),
        lastAttemptTime: epoch(timeOf('-2h', base)),
        ...(ok ? { lastSuccessfulTime: epoch(timeOf('-2h', base)) } : { lastSuccessfulTime: epoch(timeOf('-40d', base)) }),
        nextDeliveryTime: epoch(timeOf('+22h', base)),
      };
      return okJson({
        DeliveryChannelsStatus: [
          {
            name: 'default',
            configSnapshotDeliveryInfo: info,
            configHistoryDeliveryInfo: info,
            configStreamDeliveryInfo: { lastStatus: 'Not_Applicable', lastStatusChangeTime: epoch(started) },
          },
        ],
      });
    }
    default:
      return fail('UnknownOperationException', `unknown operation ${call.op}`);
  }
}
