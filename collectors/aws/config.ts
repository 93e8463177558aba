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
}

export function regionsOf(config: AwsConfig): string[] {
  return config.regions?.length ? config.regions : ['us-east-1'];
}
