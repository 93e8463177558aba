/** CloudWatch Logs (awsJson1_1, `Logs_20140328.*`): DescribeLogGroups with retentionInDays (absent = never expire). */
import type { AwsCall } from './index.js';
import { timeOf, type TimeSpec } from './model.js';
import { inRegion, limitOf, pageOf } from './pages.js';
import { fail, okJson, type AwsAnswer } from './query.js';

export interface AwsLogGroupSpec {
  name: string;
  region?: string;
  /** Days events are kept; absent = never expire. */
  retentionDays?: number;
  created?: TimeSpec;
}

export function logs(call: AwsCall): AwsAnswer {
  if (call.op !== 'DescribeLogGroups') return fail('UnknownOperationException', `unknown operation ${call.op}`);
  const prefix = String(call.json.logGroupNamePrefix ?? '');
  const groups = inRegion(call, call.account.spec.logGroups).filter((g) => g.name.startsWith(prefix)).sort((a, b) => a.name.localeCompare(b.name));
  const page = pageOf(groups, call.json.nextToken, limitOf(call.json.limit, 50, 50));
  if (!page) return fail('InvalidParameterException', 'The specified nextToken is invalid.');
  return okJson({
    logGroups: page.items.map((g) => {
      const arn = `arn:aws:logs:${call.region}:${call.account.id}:log-group:${g.name}`;
      return {
        logGroupName: g.name,
        creationTime: timeOf(g.created ?? '-200d', call.world.base)!.getTime(),
        ...(g.retentionDays !== undefined ? { retentionInDays: g.retentionDays } : {}),
        metricFilterCount: 0,
        arn: `${arn}:*`,
        storedBytes: 0,
        logGroupClass: 'STANDARD',
        logGroupArn: arn,
      };
    }),
    ...(page.next ? { nextToken: page.next } : {}),
  });
}
