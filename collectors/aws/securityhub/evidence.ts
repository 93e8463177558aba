/** Security Hub evidence: whether the account is subscribed in each region, and its enabled standards. */
export const SECURITYHUB_HUB = 'aws.securityhub.hub';

/**
 * `aws.securityhub.hub`: one record per account and region. `subscribed: false` is Security Hub's own answer
 * (`InvalidAccessException` "not subscribed") for a region where it is off: a finding, not a gap in the evidence.
 */
export interface SecurityhubHub {
  account: string;
  region: string;
  mode: 'direct';
  subscribed: boolean;
  hubArn?: string;
  subscribedAt?: string;
  /** Security Hub's words when it is off. */
  notSubscribedMessage?: string;
  /** Every enabled standard (GetEnabledStandards, every page); empty when not subscribed. */
  standards: Array<{ subscriptionArn: string; standardsArn: string; status: string; statusReason?: string }>;
}
