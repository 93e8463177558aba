/** Every AWS collector, in run order (the registry and the IAM policy both read this one list). */
import type { Collector } from '../../src/types.js';
import { awsCloudtrailCollector } from './cloudtrail.js';
import { awsIamCollector } from './iam.js';
import { awsAcmCollector } from './acm/collector.js';
import { awsKmsCollector } from './kms/collector.js';
import { awsLogsCollector } from './logs/collector.js';
import { awsS3Collector } from './s3/collector.js';
import { awsSecretsmanagerCollector } from './secretsmanager/collector.js';
import { awsBackupCollector } from './backup/index.js';
import { awsDynamodbCollector } from './dynamodb/index.js';
import { awsEc2Collector } from './ec2/index.js';
import { awsElbv2Collector } from './elbv2/index.js';
import { awsRdsCollector } from './rds/index.js';
import { awsRegionsCollector } from './network/regions.js';
import { awsNetworkCollector } from './network/index.js';
import { awsCloudwatchCollector } from './cloudwatch/index.js';
import { awsIdentityCenterCollector } from './identity-center/collector.js';
import { awsGuarddutyCollector } from './guardduty/index.js';
import { awsSecurityhubCollector } from './securityhub/index.js';
import { awsConfigCollector } from './config/index.js';
import { awsInspectorCollector } from './inspector/index.js';

export const awsCollectors: Collector<any>[] = [
  awsIamCollector,
  awsCloudtrailCollector,
  awsS3Collector,
  awsKmsCollector,
  awsAcmCollector,
  awsSecretsmanagerCollector,
  awsLogsCollector,
  awsRdsCollector,
  awsEc2Collector,
  awsElbv2Collector,
  awsDynamodbCollector,
  awsBackupCollector,
  awsRegionsCollector,
  awsNetworkCollector,
  awsCloudwatchCollector,
  awsIdentityCenterCollector,
  awsGuarddutyCollector,
  awsSecurityhubCollector,
  awsConfigCollector,
  awsInspectorCollector,
];
