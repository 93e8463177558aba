/**
 * The skeleton of the AWS collectors that read one regional service (KMS, ACM, Secrets Manager, CloudWatch Logs):
 * every account, every configured region, one (type, account/region) enumeration each. A region the account has
 * not enabled (`OptInRequired`, `SubscriptionRequiredException` on the first page) is a fact about that region —
 * recorded in run.json and the raw responses, and the enumeration is complete and empty — never a silent error.
 */
import type { CollectContext, CollectorEvent, EvidenceRecord, EvidenceType } from '../../src/types.js';
import type { OpenAccount } from './accounts.js';
import { type SdkClient } from './call.js';
import { clientConfig } from './clients.js';
import { collectAccounts } from './collect-accounts.js';
import { regionsOf, type AwsConfig } from './config.js';
import { AwsCallError, collectionError } from './errors.js';

const NOT_ENABLED = new Set(['OptInRequired', 'SubscriptionRequiredException']);

export interface RegionalService<C extends SdkClient & { destroy(): void }> {
  collectorId: string;
  type: EvidenceType;
  /** The operation named on errors that happen outside a call. */
  operation: string;
  /** The SDK client for a region (the SDK module is loaded by then). */
  client(config: ReturnType<typeof clientConfig>): Promise<C>;
  collect(ctx: CollectContext<AwsConfig>, client: C, account: string, region: string): AsyncIterable<EvidenceRecord>;
}

export function collectRegional<C extends SdkClient & { destroy(): void }>(ctx: CollectContext<AwsConfig>, svc: RegionalService<C>): AsyncIterable<CollectorEvent> {
  const regions = regionsOf(ctx.config);
  return collectAccounts(ctx, svc.collectorId, [svc.type], (account) => regions.map((r) => `${account}/${r}`), (account) => perRegion(ctx, svc, account, regions));
}

async function* perRegion<C extends SdkClient & { destroy(): void }>(ctx: CollectContext<AwsConfig>, svc: RegionalService<C>, account: OpenAccount, regions: string[]): AsyncGenerator<CollectorEvent> {
  for (const region of regions) {
    const scope = `${account.id}/${region}`;
    let client: C | undefined;
    let records = 0;
    try {
      client = await svc.client(clientConfig(ctx, region, account.credentials));
      for await (const r of svc.collect(ctx, client, account.id, region)) {
        records++;
        yield r;
      }
      yield { kind: 'done', type: svc.type, scope };
    } catch (err) {
      const code = notEnabled(err);
      if (code && records === 0) {
        ctx.stats.page((err as AwsCallError).operation);
        ctx.stats.fact(`aws.regionNotEnabled.${scope}.${svc.collectorId}`, { code, operation: (err as AwsCallError).operation });
        ctx.log.info('aws region not enabled for this account', { account: account.id, region, service: svc.collectorId, code });
        await ctx.raw(scope, `${(err as AwsCallError).operation.split(':')[1]}.not-enabled`, { error: code, message: (err as AwsCallError).message });
        yield { kind: 'done', type: svc.type, scope };
      } else {
        yield collectionError(svc.type, scope, err, svc.operation);
      }
    } finally {
      client?.destroy();
    }
  }
}

/** The error code when `err` is a first-page answer saying the region is not enabled for the account. */
function notEnabled(err: unknown): string | undefined {
  if (!(err instanceof AwsCallError) || err.page !== 1) return undefined;
  const e = err.cause as { name?: string; Code?: string; code?: string };
  const code = [e.name, e.Code, e.code].find((c) => c && NOT_ENABLED.has(c));
  return code;
}

/** A member the judgement needs, or an invalid-response error for the scope (never a default in its place). */
export function need<T>(value: T | undefined | null, field: string, operation: string, page = 1): T {
  if (value === undefined || value === null) throw new AwsCallError(operation, new SyntaxError(`the response has no ${field}`), page);
  return value;
}
