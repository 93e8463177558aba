import type { Collector } from '../../src/types.js';
import { awsCloudtrailCollector } from './cloudtrail.js';
import { awsIamCollector } from './iam.js';
import { awsAcmCollector } from './acm/collector.js';
import { awsKmsCollector } from './kms/collector.js';
import { awsLogsCollector } from './logs/collector.js';
import { awsS3Collector } from './s3/collector.js';
import { awsSecretsmanagerCollector } from './secretsmanager/collector.js';

export { awsPolicyDocument } from './permissions.js';

export const awsCollectors: Collector<any>[] = [
  awsIamCollector,
  awsCloudtrailCollector,
  awsS3Collector,
  awsKmsCollector,
  awsAcmCollector,
  awsSecretsmanagerCollector,
  awsLogsCollector,
];
