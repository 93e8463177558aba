/**
 * Services an account has not enabled in a region (an opt-in region it never opted into, a service it is not
 * subscribed to): EC2 answers `OptInRequired`, the other services `SubscriptionRequiredException`.
 */
import type { AwsCall } from './index.js';
import { fail, type AwsAnswer } from './query.js';

export function notEnabledAnswer(call: AwsCall): AwsAnswer | undefined {
  // Why: the global services (IAM, STS, Organizations) are answered in every region.
  if (call.service === 'iam' || call.service === 'sts' || call.service === 'organizations') return undefined;
  const off = call.account.spec.notEnabled?.[call.region];
  if (!off || !(off.includes('*') || off.includes(call.service))) return undefined;
  if (call.service === 'ec2') return fail('OptInRequired', 'You are not subscribed to this service. Please go to http://aws.amazon.com to subscribe.', 401);
  return fail('SubscriptionRequiredException', 'The AWS Access Key Id needs a subscription for the service', 400);
}
