/** Evidence of the `aws-cloudwatch` collector: metric alarms (CloudWatch) and metric filters (CloudWatch Logs). */
import type { CollectionMode } from '../network/evidence.js';

export const ALARM = 'aws.cloudwatch.alarm';
export const METRIC_FILTER = 'aws.cloudwatch.metric-filter';

/** `aws.cloudwatch.alarm`: one metric alarm; scope account/region. */
export interface CloudwatchAlarm {
  account: string;
  region: string;
  name: string;
  arn: string;
  /** Absent for an alarm on a metric math expression. */
  metricName?: string;
  namespace?: string;
  actionsEnabled: boolean;
  /** Actions run when the alarm fires (SNS topics, automation). */
  alarmActions: string[];
  /** OK | ALARM | INSUFFICIENT_DATA */
  stateValue?: string;
  mode: CollectionMode;
}

/** `aws.cloudwatch.metric-filter`: one CloudWatch Logs metric filter; scope account/region. */
export interface CloudwatchMetricFilter {
  account: string;
  region: string;
  logGroupName: string;
  name: string;
  pattern: string;
  /** The metrics the filter counts into. */
  metrics: Array<{ name: string; namespace: string }>;
  mode: CollectionMode;
}
