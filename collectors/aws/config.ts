/** The `sources.aws` config section (schema: config.schema.json). */
export interface AwsConfig {
  regions?: string[];
  accounts?: Array<{ id: string; name?: string; roleArn?: string }>;
  organization?: { roleName: string; externalId?: string };
  profile?: string;
  endpoint?: string;
  concurrency?: number;
  maxAttempts?: number;
  retryBaseMs?: number;
  /** LookupEvents calls per second per account and region we allow ourselves (CloudTrail's limit is 2); 0 = no pacing. */
  lookupEventsPerSecond?: number;
  /** Where IAM Identity Center is read (the base credentials' account); region defaults to the first of `regions`. */
  identityCenter?: { region?: string; instanceArn?: string };
  /** Opt-in aggregation mode: AWS's organisation-wide engines instead of per-account reads (collectors/aws/aggregation.ts). */
  aggregation?: AwsAggregation;
}

export interface AwsAggregation {
  /** An AWS Config aggregator (aws-network reads through it). */
  config?: { aggregatorName: string; region: string; account?: string };
  /** The GuardDuty and Inspector delegated administrator (default: the base credentials' account; both services). */
  delegatedAdmin?: { account?: string; services?: Array<'guardduty' | 'inspector'> };
}

/** Whether `service` is read through the delegated administrator in this run. */
export function viaDelegatedAdmin(config: AwsConfig, service: 'guardduty' | 'inspector'): boolean {
  const d = config.aggregation?.delegatedAdmin;
  return Boolean(d && (d.services ?? ['guardduty', 'inspector']).includes(service));
}

export function regionsOf(config: AwsConfig): string[] {
  return config.regions?.length ? config.regions : ['us-east-1'];
}
