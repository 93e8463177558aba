/** `aws.logs.log-group`: one record per CloudWatch Logs log group per account and region. */
export const LOG_GROUP = 'aws.logs.log-group';

export interface LogsLogGroup {
  account: string;
  region: string;
  name: string;
  arn?: string;
  /** Days events are kept; absent = never expire. */
  retentionInDays?: number;
  creationTime?: string;
  logGroupClass?: string;
  kmsKeyId?: string;
}
