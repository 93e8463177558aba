/** The `aws-logs` collector: every CloudWatch Logs log group with its retention, per account and region. */
import type { CloudWatchLogsClient, DescribeLogGroupsCommandOutput } from '@aws-sdk/client-cloudwatch-logs';
import type { CollectContext, Collector, EvidenceRecord } from '../../../src/types.js';
import { ACCOUNT_PERMISSIONS } from '../iam.js';
import { paginate, rawOf, record } from '../call.js';
import type { AwsConfig } from '../config.js';
import { collectRegional, need } from '../regional.js';
import { LOG_GROUP, type LogsLogGroup } from './evidence.js';

const load = () => import('@aws-sdk/client-cloudwatch-logs');

export const awsLogsCollector: Collector<AwsConfig> = {
  meta: {
    id: 'aws-logs',
    source: 'aws',
    title: 'Amazon CloudWatch Logs: log groups with their retention',
    produces: [LOG_GROUP],
    permissions: [...ACCOUNT_PERMISSIONS, 'logs:DescribeLogGroups'],
  },
  async prepare() {
    await load();
  },
  collect(ctx) {
    return collectRegional(ctx, { collectorId: 'aws-logs', type: LOG_GROUP, operation: 'logs:DescribeLogGroups', client: async (config) => new (await load()).CloudWatchLogsClient(config), collect: logGroups });
  },
};

async function* logGroups(ctx: CollectContext<AwsConfig>, logs: CloudWatchLogsClient, account: string, region: string): AsyncGenerator<EvidenceRecord> {
  const sdk = await load();
  const scope = `${account}/${region}`;
  const op = 'logs:DescribeLogGroups';
  const out: EvidenceRecord[] = [];
  // Why 50: the largest page DescribeLogGroups serves.
  const pages = paginate<DescribeLogGroupsCommandOutput>(ctx, logs, op, (nextToken) => new sdk.DescribeLogGroupsCommand({ limit: 50, nextToken }), (o) => o.nextToken);
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
      out.push(record(LOG_GROUP, scope, op, page, data));
    }
  }
  yield* out;
}
