/**
 * CloudWatch (`monitoring`): DescribeAlarms. The SDK's CloudWatch client speaks awsJson1_0 with the target prefix
 * `GraniteServiceVersion20100801` and awsQuery-compatible errors (the `x-amzn-query-error: Code;Sender` header
 * carries the awsQuery code); index.ts renders that header. Timestamps are epoch seconds.
 */
import type { AwsCall } from './index.js';
import { timeOf } from './model.js';
import { inRegion, pageOf } from './pages.js';
import { epoch, fail, okJson, type AwsAnswer } from './query.js';

export interface AwsAlarmSpec {
  name: string;
  region?: string;
  /** The metric alarmed on (a metric filter's metricName). */
  metric: string;
  namespace?: string;
  /** Alarm actions: true (default) = an SNS topic; false = none. */
  actions?: boolean;
  /** ActionsEnabled (default true). */
  enabled?: boolean;
  state?: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
}

export function cloudwatch(call: AwsCall): AwsAnswer {
  if (call.op !== 'DescribeAlarms') return fail('InvalidAction', `The action ${call.op} is not valid for this web service.`);
  const raw = call.json.MaxRecords;
  const max = raw === undefined ? 50 : Number(raw);
  if (!Number.isInteger(max) || max < 1 || max > 100) return fail('InvalidParameterValue', `The value ${String(raw)} for parameter MaxRecords is not valid.`);
  const types = (call.json.AlarmTypes as string[] | undefined) ?? ['MetricAlarm'];
  const alarms = types.includes('MetricAlarm') ? inRegion(call, call.account.spec.alarms).sort((a, b) => a.name.localeCompare(b.name)) : [];
  const page = pageOf(alarms, call.json.NextToken, max);
  if (!page) return fail('InvalidNextToken', 'The service cannot parse the next token.');
  const updated = epoch(timeOf('-90d', call.world.base));
  return okJson({
    MetricAlarms: page.items.map((a) => {
      const topic = `arn:aws:sns:${call.region}:${call.account.id}:security-alerts`;
      return {
        AlarmName: a.name,
        AlarmArn: `arn:aws:cloudwatch:${call.region}:${call.account.id}:alarm:${a.name}`,
        AlarmConfigurationUpdatedTimestamp: updated,
        ActionsEnabled: a.enabled ?? true,
        OKActions: [],
        AlarmActions: a.actions === false ? [] : [topic],
        InsufficientDataActions: [],
        StateValue: a.state ?? 'OK',
        StateReason: 'Threshold Crossed: no datapoints were received for 1 period.',
        StateUpdatedTimestamp: updated,
        MetricName: a.metric,
        Namespace: a.namespace ?? 'CISBenchmark',
        Statistic: 'Sum',
        Dimensions: [],
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      };
    }),
    CompositeAlarms: [],
    ...(page.next ? { NextToken: page.next } : {}),
  });
}
