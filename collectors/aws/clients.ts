/** One place that builds AWS SDK client configuration from `sources.aws`. */
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { CollectContext } from '../../src/types.js';
import type { AwsConfig } from './config.js';

export type Credentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

/**
 * Client config: explicit `endpoint` when configured (the sandbox, VPC endpoints), the region, and the SDK's
 * default credential chain unless `credentials` (assumed-role credentials) are given.
 */
export function clientConfig(ctx: CollectContext<AwsConfig>, region: string, credentials?: Credentials) {
  const c = ctx.config;
  const maxAttempts = c.maxAttempts ?? 5;
  return {
    region,
    ...(c.endpoint ? { endpoint: c.endpoint } : {}),
    ...(credentials ? { credentials } : c.profile ? { profile: c.profile } : {}),
    maxAttempts,
    // Why adaptive: it adds client-side rate limiting on throttling, which IAM and LookupEvents need at scale.
    retryMode: 'adaptive' as const,
    ...(c.retryBaseMs ? { retryStrategy: new ConfiguredRetryStrategy(maxAttempts, (attempt: number) => c.retryBaseMs! * 2 ** Math.max(attempt - 1, 0)) } : {}),
    // Why throwOnRequestTimeout: without it @smithy/node-http-handler only logs a warning when requestTimeout passes
    // and the request waits on for an answer that may never come; with it the attempt fails as a TimeoutError, which
    // the retry strategy retries like any transient error.
    requestHandler: { requestTimeout: ctx.limits.timeoutMs, connectionTimeout: ctx.limits.timeoutMs, throwOnRequestTimeout: true },
  };
}

/**
 * The deadline of one SDK call, retries included: every attempt's timeout plus room for the backoff between them,
 * so a call that the handler's own timeout somehow does not end still ends (`send` in call.ts).
 */
export function callDeadlineMs(ctx: CollectContext<AwsConfig>): number {
  const attempts = ctx.config.maxAttempts ?? 5;
  return 2 * ctx.limits.timeoutMs * attempts + 1_000;
}
