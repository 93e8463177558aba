import type { Check } from '../../../src/types.js';
import { consoleLoginsWithoutMfa } from './aws.cloudtrail.console-logins-without-mfa.js';
import { cloudwatchIntegration } from './aws.cloudtrail.cloudwatch-integration.js';
import { deliveryHealthy } from './aws.cloudtrail.delivery-healthy.js';
import { kmsEncryption } from './aws.cloudtrail.kms-encryption.js';
import { logFileValidation } from './aws.cloudtrail.log-file-validation.js';
import { multiRegionLogging } from './aws.cloudtrail.multi-region-logging.js';
import { noTampering } from './aws.cloudtrail.no-tampering.js';
import { rootConsoleLogins } from './aws.cloudtrail.root-console-logins.js';
import { accessKeyRotation } from './aws.iam.access-key-rotation.js';
import { adminPrincipals } from './aws.iam.admin-principals.js';
import { consoleUserMfa } from './aws.iam.console-user-mfa.js';
import { noStarAdminPolicies } from './aws.iam.no-star-admin-policies.js';
import { passwordPolicy } from './aws.iam.password-policy.js';
import { rootAccessKeys } from './aws.iam.root-access-keys.js';
import { rootMfa } from './aws.iam.root-mfa.js';
import { rootRecentUse } from './aws.iam.root-recent-use.js';
import { unusedCredentials } from './aws.iam.unused-credentials.js';
import { userDirectPolicies } from './aws.iam.user-direct-policies.js';
import { acmCertExpiry } from './aws.acm.cert-expiry.js';
import { kmsCmkRotation } from './aws.kms.cmk-rotation.js';
import { logsRetention } from './aws.logs.retention.js';
import { s3AccountPublicAccessBlock } from './aws.s3.account-public-access-block.js';
import { s3BucketNotPublic } from './aws.s3.bucket-not-public.js';
import { s3DefaultEncryption } from './aws.s3.default-encryption.js';
import { s3LifecycleRetention } from './aws.s3.lifecycle-retention.js';
import { s3TlsOnly } from './aws.s3.tls-only.js';
import { s3Versioning } from './aws.s3.versioning.js';
import { secretsmanagerRotation } from './aws.secretsmanager.rotation.js';
import { backupProtectedResources } from './aws.backup.protected-resources.js';
import { backupRestoreTested } from './aws.backup.restore-tested.js';
import { dynamodbPitr } from './aws.dynamodb.pitr.js';
import { ebsDefaultEncryption } from './aws.ebs.default-encryption.js';
import { elbTlsListeners } from './aws.elb.tls-listeners.js';
import { rdsAutomatedBackups } from './aws.rds.automated-backups.js';
import { rdsNotPublic } from './aws.rds.not-public.js';
import { rdsResilience } from './aws.rds.resilience.js';
import { rdsStorageEncrypted } from './aws.rds.storage-encrypted.js';
import { vpcFlowLogs } from './aws.vpc.flow-logs.js';
import { sgNoPublicAdminPorts } from './aws.ec2.sg-no-public-admin-ports.js';
import { cisMetricAlarms } from './aws.cloudwatch.cis-metric-alarms.js';
import { s3DataEvents } from './aws.cloudtrail.s3-data-events.js';
import { regionsAllCovered } from './aws.regions.all-covered.js';
import { guarddutyEnabled } from './aws.guardduty.enabled.js';
import { guarddutyFindingsTriaged } from './aws.guardduty.findings-triaged.js';
import { securityhubEnabled } from './aws.securityhub.enabled.js';
import { configRecorderAllRegions } from './aws.config.recorder-all-regions.js';
import { inspectorEnabledAndSla } from './aws.inspector.enabled-and-sla.js';

export const awsChecks: Check<any>[] = [
  rootMfa,
  rootAccessKeys,
  rootRecentUse,
  consoleUserMfa,
  accessKeyRotation,
  unusedCredentials,
  passwordPolicy,
  noStarAdminPolicies,
  userDirectPolicies,
  adminPrincipals,
  multiRegionLogging,
  logFileValidation,
  kmsEncryption,
  deliveryHealthy,
  cloudwatchIntegration,
  noTampering,
  rootConsoleLogins,
  consoleLoginsWithoutMfa,
  s3AccountPublicAccessBlock,
  s3BucketNotPublic,
  s3DefaultEncryption,
  s3Versioning,
  s3TlsOnly,
  s3LifecycleRetention,
  kmsCmkRotation,
  acmCertExpiry,
  secretsmanagerRotation,
  logsRetention,
  rdsStorageEncrypted,
  rdsAutomatedBackups,
  rdsNotPublic,
  rdsResilience,
  ebsDefaultEncryption,
  dynamodbPitr,
  backupProtectedResources,
  backupRestoreTested,
  elbTlsListeners,
  vpcFlowLogs,
  sgNoPublicAdminPorts,
  cisMetricAlarms,
  s3DataEvents,
  regionsAllCovered,
  guarddutyEnabled,
  guarddutyFindingsTriaged,
  securityhubEnabled,
  configRecorderAllRegions,
  inspectorEnabledAndSla,
];
