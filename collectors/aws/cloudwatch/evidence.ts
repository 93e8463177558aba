/** Evidence of the `aws-cloudwatch` collector: metric alarms (CloudWatch) and metric filters (CloudWatch Logs); scope account/region. */
export type { AwsCloudwatchAlarm as CloudwatchAlarm, AwsCloudwatchMetricFilter as CloudwatchMetricFilter } from '../../../src/evidence/types.generated.js';

export const ALARM = 'aws.cloudwatch.alarm';
export const METRIC_FILTER = 'aws.cloudwatch.metric-filter';
