/** The `aws-logs` collector: every CloudWatch Logs log group with its retention, per account and region. */
import type { CloudWatchLogsClient, DescribeLogGroupsCommandOutput } from '@aws-sdk/client-cloudwatch-logs';
import type { CollectContext, EvidenceRecord } from '../../../src/types.js';
import { paginate, rawOf, record } from '../call.js';
import type { AwsConfig } from '../config.js';
import { need, regionalCollector, regionalStep } from '../regional.js';
import { LOG_GROUP, type LogsLogGroup } from './evidence.js';

const load = () => import('@aws-sdk/client-cloudwatch-logs');

type Sdk = typeof import('@aws-sdk/client-cloudwatch-logs');

export const awsLogsCollector = regionalCollector({
  id: 'aws-logs',
  title: 'Amazon CloudWatch Logs: log groups with their retention',
  types: [LOG_GROUP],
  permissions: ['logs:DescribeLogGroups'],
  load,
  client: (sdk, config) => new sdk.CloudWatchLogsClient(config),
  async *region(ctx, sdk, client, account, region) {
    yield* regionalStep(ctx, LOG_GROUP, `${account}/${region}`, 'logs:DescribeLogGroups', () => logGroups(ctx, sdk, client, account, region));
  },
});

async function* logGroups(
  ctx: CollectContext<AwsConfig>,
  sdk: Sdk,
  logs: CloudWatchLogsClient,
  account: string,
  region: string,
): AsyncGenerator<EvidenceRecord> {
  const scope = `${account}/${region}`;
  const op = 'logs:DescribeLogGroups';
  // Why 50: the largest page DescribeLogGroups serves.
  const pages = paginate<DescribeLogGroupsCommandOutput>(
    ctx,
    logs,
    op,
    (nextToken) => new sdk.DescribeLogGroupsCommand({ limit: 50, nextToken }),
    (o) => o.nextToken,
  );
  for await (const { out: page, page: n } of pages) {
    await ctx.raw(scope, 'DescribeLogGroups', rawOf(page), n);
    for (const g of page.logGroups ?? []) {
      const data: LogsLogGroup = {
        account,
        region,
        name: need(g.logGroupName, 'logGroupName', op),
        arn: g.logGroupArn ?? g.arn?.replace(/:\*$/, ''),
        retentionInDays: g.retentionInDays,
        creationTime: g.creationTime !== undefined ? new Date(g.creationTime).toISOString() : undefined,
        logGroupClass: g.logGroupClass,
        kmsKeyId: g.kmsKeyId,
      };
      yield record(LOG_GROUP, scope, op, page, data);
    }
  }
}
