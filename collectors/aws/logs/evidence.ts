/** `aws.logs.log-group`: one record per CloudWatch Logs log group per account and region. */
export type { AwsLogsLogGroup as LogsLogGroup } from '../../../src/evidence/types.generated.js';

export const LOG_GROUP = 'aws.logs.log-group';
