/**
 * The `aws-cloudwatch` collector: every CloudWatch metric alarm (DescribeAlarms) and every CloudWatch Logs metric
 * filter (DescribeMetricFilters, all log groups of the region: the trail's log group is known only to the
 * CloudTrail collector, and one listing of the region costs no more than one per group). Per account and region.
 */
import type { CloudWatchClient, DescribeAlarmsCommandOutput } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLogsClient, DescribeMetricFiltersCommandOutput } from '@aws-sdk/client-cloudwatch-logs';
import type { CollectContext, EvidenceRecord } from '../../../src/types.js';
import { paginate, rawOf, record } from '../call.js';
import type { AwsConfig } from '../config.js';
import { need, regionalCollector, regionalStep } from '../regional.js';
import { ALARM, METRIC_FILTER, type CloudwatchAlarm, type CloudwatchMetricFilter } from './evidence.js';

interface Sdk {
  cw: typeof import('@aws-sdk/client-cloudwatch');
  logs: typeof import('@aws-sdk/client-cloudwatch-logs');
}
interface Clients {
  cw: CloudWatchClient;
  logs: CloudWatchLogsClient;
  destroy(): void;
}

let loaded: Promise<Sdk> | undefined;
const load = () =>
  (loaded ??= Promise.all([import('@aws-sdk/client-cloudwatch'), import('@aws-sdk/client-cloudwatch-logs')]).then(([cw, logs]) => ({ cw, logs })));

export const awsCloudwatchCollector = regionalCollector<Sdk, Clients>({
  id: 'aws-cloudwatch',
  title: 'Amazon CloudWatch: metric alarms and CloudWatch Logs metric filters',
  types: [ALARM, METRIC_FILTER],
  permissions: ['cloudwatch:DescribeAlarms', 'logs:DescribeMetricFilters'],
  load,
  client: (sdk, config) => {
    const cw = new sdk.cw.CloudWatchClient(config);
    const logs = new sdk.logs.CloudWatchLogsClient(config);
    return { cw, logs, destroy: () => (cw.destroy(), logs.destroy()) };
  },
  async *region(ctx, sdk, clients, account, region) {
    const scope = `${account}/${region}`;
    yield* regionalStep(ctx, ALARM, scope, 'cloudwatch:DescribeAlarms', () => alarms(ctx, sdk, clients.cw, account, region));
    yield* regionalStep(ctx, METRIC_FILTER, scope, 'logs:DescribeMetricFilters', () => metricFilters(ctx, sdk, clients.logs, account, region));
  },
});

async function* alarms(
  ctx: CollectContext<AwsConfig>,
  sdk: Sdk,
  cw: CloudWatchClient,
  account: string,
  region: string,
): AsyncGenerator<EvidenceRecord<CloudwatchAlarm>> {
  const scope = `${account}/${region}`;
  const op = 'cloudwatch:DescribeAlarms';
  // Why 100: the largest page DescribeAlarms serves; metric alarms only (composite alarms alarm on alarms).
  const pages = paginate<DescribeAlarmsCommandOutput>(
    ctx,
    cw,
    op,
    (t) => new sdk.cw.DescribeAlarmsCommand({ AlarmTypes: ['MetricAlarm'], MaxRecords: 100, NextToken: t }),
    (o) => o.NextToken,
  );
  for await (const { out, page } of pages) {
    await ctx.raw(scope, 'DescribeAlarms', rawOf(out), page);
    for (const a of out.MetricAlarms ?? []) {
      const name = need(a.AlarmName, 'AlarmName', op, page);
      yield record(ALARM, scope, op, out, {
        account,
        region,
        name,
        arn: a.AlarmArn ?? `arn:aws:cloudwatch:${region}:${account}:alarm:${name}`,
        ...(a.MetricName ? { metricName: a.MetricName } : {}),
        ...(a.Namespace ? { namespace: a.Namespace } : {}),
        // Why need: "actions enabled" cannot be assumed; an alarm whose actions are off notifies nobody.
        actionsEnabled: need(a.ActionsEnabled, `ActionsEnabled of ${name}`, op, page),
        alarmActions: a.AlarmActions ?? [],
        ...(a.StateValue ? { stateValue: a.StateValue } : {}),
        mode: 'direct',
      });
    }
  }
}

async function* metricFilters(
  ctx: CollectContext<AwsConfig>,
  sdk: Sdk,
  logs: CloudWatchLogsClient,
  account: string,
  region: string,
): AsyncGenerator<EvidenceRecord<CloudwatchMetricFilter>> {
  const scope = `${account}/${region}`;
  const op = 'logs:DescribeMetricFilters';
  // Why 50: the largest page DescribeMetricFilters serves.
  const pages = paginate<DescribeMetricFiltersCommandOutput>(
    ctx,
    logs,
    op,
    (t) => new sdk.logs.DescribeMetricFiltersCommand({ limit: 50, nextToken: t }),
    (o) => o.nextToken,
  );
  for await (const { out, page } of pages) {
    await ctx.raw(scope, 'DescribeMetricFilters', rawOf(out), page);
    for (const f of out.metricFilters ?? []) {
      const name = need(f.filterName, 'filterName', op, page);
      yield record(METRIC_FILTER, scope, op, out, {
        account,
        region,
        logGroupName: need(f.logGroupName, `logGroupName of ${name}`, op, page),
        name,
        // Why need: an empty pattern matches every event; an absent one cannot be judged.
        pattern: need(f.filterPattern, `filterPattern of ${name}`, op, page),
        metrics: (f.metricTransformations ?? []).map((m) => ({
          name: need(m.metricName, `metricName of ${name}`, op, page),
          namespace: need(m.metricNamespace, `metricNamespace of ${name}`, op, page),
        })),
        mode: 'direct',
      });
    }
  }
}
