/**
 * CloudWatch Logs (awsJson1_1, `Logs_20140328.*`): DescribeLogGroups with retentionInDays (absent = never expire),
 * and DescribeMetricFilters (every filter of the region, or of one log group: `ResourceNotFoundException` when it
 * does not exist).
 */
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
  /** Metric filters on the group: the pattern and the metric it counts into (namespace default CISBenchmark). */
  filters?: Array<{ name: string; pattern: string; metric: string; namespace?: string }>;
}

export function logs(call: AwsCall): AwsAnswer {
  if (call.op === 'DescribeMetricFilters') return describeMetricFilters(call);
  if (call.op !== 'DescribeLogGroups') return fail('UnknownOperationException', `unknown operation ${call.op}`);
  const prefix = String(call.json.logGroupNamePrefix ?? '');
  const groups = inRegion(call, call.account.spec.logGroups)
    .filter((g) => g.name.startsWith(prefix))
    .sort((a, b) => a.name.localeCompare(b.name));
  const page = pageOf(groups, call.json.nextToken, limitOf(call.json.limit, 50, 50));
  if (!page) return fail('InvalidParameterException', 'The specified nextToken is invalid.');
  return okJson({
    logGroups: page.items.map((g) => {
      const arn = `arn:aws:logs:${call.region}:${call.account.id}:log-group:${g.name}`;
      return {
        logGroupName: g.name,
        creationTime: timeOf(g.created ?? '-200d', call.world.base)!.getTime(),
        ...(g.retentionDays !== undefined ? { retentionInDays: g.retentionDays } : {}),
        metricFilterCount: g.filters?.length ?? 0,
        arn: `${arn}:*`,
        storedBytes: 0,
        logGroupClass: 'STANDARD',
        logGroupArn: arn,
      };
    }),
    ...(page.next ? { nextToken: page.next } : {}),
  });
}

function describeMetricFilters(call: AwsCall): AwsAnswer {
  const groups = inRegion(call, call.account.spec.logGroups).sort((a, b) => a.name.localeCompare(b.name));
  const name = call.json.logGroupName as string | undefined;
  if (name !== undefined && !groups.some((g) => g.name === name)) return fail('ResourceNotFoundException', 'The specified log group does not exist.');
  const prefix = String(call.json.filterNamePrefix ?? '');
  const filters = groups
    .filter((g) => name === undefined || g.name === name)
    .flatMap((g) => (g.filters ?? []).map((f) => ({ g, f })))
    .filter(({ f }) => f.name.startsWith(prefix));
  const page = pageOf(filters, call.json.nextToken, limitOf(call.json.limit, 50, 50));
  if (!page) return fail('InvalidParameterException', 'The specified nextToken is invalid.');
  return okJson({
    metricFilters: page.items.map(({ g, f }) => ({
      filterName: f.name,
      filterPattern: f.pattern,
      metricTransformations: [{ metricName: f.metric, metricNamespace: f.namespace ?? 'CISBenchmark', metricValue: '1' }],
      creationTime: timeOf(g.created ?? '-200d', call.world.base)!.getTime(),
      logGroupName: g.name,
    })),
    ...(page.next ? { nextToken: page.next } : {}),
  });
}
