/**
 * Services an account has not enabled in a region (an opt-in region it never opted into, a service it is not
 * subscribed to): EC2 answers `OptInRequired`, the other services `SubscriptionRequiredException`.
 */
import type { AwsCall, AwsService } from './index.js';
import { fail, type AwsAnswer } from './query.js';

/** The services `notEnabled: { <region>: ['*'] }` covers (`monitoring` is CloudWatch) (IAM, STS and Organizations are global; CloudTrail keeps its own behaviour; S3 is routed apart). */
const REGIONAL: AwsService[] = ['kms', 'acm', 'secretsmanager', 'logs', 'rds', 'ec2', 'elasticloadbalancing', 'dynamodb', 'backup', 'monitoring'];

export function notEnabledAnswer(call: AwsCall): AwsAnswer | undefined {
  const off = call.account.spec.notEnabled?.[call.region];
  if (!off || !(off.includes(call.service) || (off.includes('*') && REGIONAL.includes(call.service)))) return undefined;
  if (call.service === 'ec2') return fail('OptInRequired', 'You are not subscribed to this service. Please go to http://aws.amazon.com to subscribe.', 401);
  return fail('SubscriptionRequiredException', 'The AWS Access Key Id needs a subscription for the service', 400);
}
