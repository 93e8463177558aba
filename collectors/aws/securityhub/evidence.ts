/**
 * Security Hub evidence: whether the account is subscribed in each region, and its enabled standards.
 * `subscribed: false` is Security Hub's own answer (`InvalidAccessException` "not subscribed") for a region where it
 * is off: a finding, not a gap in the evidence.
 */
export type { AwsSecurityhubHub as SecurityhubHub } from '../../../src/evidence/types.generated.js';

export const SECURITYHUB_HUB = 'aws.securityhub.hub';
