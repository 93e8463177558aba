/**
 * The one skeleton of the AWS collectors that read a regional service (RDS, EC2/EBS, ELBv2, DynamoDB, Backup, KMS,
 * ACM, Secrets Manager, CloudWatch Logs): every account (the shared Organizations fan-out and role sessions), every
 * configured region, one SDK client per account/region, and one (type, account/region) enumeration per evidence
 * type (`regionalStep`). A region the account has not enabled, or a service it is not subscribed to there
 * (`OptInRequired`, `SubscriptionRequiredException` on the first page), holds no resources of that service: the
 * answer is definite (unlike a denial or an unreachable endpoint), so the scope is complete and empty and the run
 * records why. Any other failure is an error for the scope; a failure after the first page is a truncated scope.
 */
import type { CollectContext, Collector, CollectorEvent, EvidenceRecord, EvidenceType } from '../../src/types.js';
import type { OpenAccount } from './accounts.js';
import { loadDiscovery } from './sdk.js';
import { clientConfig } from './clients.js';
import { collectAccounts } from './collect-accounts.js';
import { regionsOf, type AwsConfig } from './config.js';
import { AwsCallError, errorEvent } from './errors.js';
import { ACCOUNT_PERMISSIONS } from './iam.js';

/**
 * Why facts: an opt-in region the account never enabled, or a service it is not subscribed to there, holds no
 * resources of that service. The answer is definite (unlike a denial or an unreachable endpoint), so the scope is
 * complete and empty, and the run records why.
 */
const NOT_ENABLED = new Set(['OptInRequired', 'SubscriptionRequiredException']);

export interface RegionalSpec<S, C extends { destroy(): void }> {
  id: string;
  title: string;
  types: EvidenceType[];
  /** The service's own actions (the account-discovery actions are added). */
  permissions: string[];
  populations?: EvidenceType[];
  /** Loads the SDK client module (once, in the run's prepare phase). */
  load: () => Promise<S>;
  /** The service's SDK client for one account and region (destroyed by the skeleton when the region is done). */
  client: (sdk: S, config: ReturnType<typeof clientConfig>) => C;
  /** The region's enumerations, each a `regionalStep`. */
  region: (ctx: CollectContext<AwsConfig>, sdk: S, client: C, account: string, region: string) => AsyncIterable<CollectorEvent>;
  /**
   * Aggregation mode (`sources.aws.aggregation`): the collection through an organisation-wide engine, used when
   * `aggregation.when(config)` holds (otherwise direct mode, unchanged).
   */
  aggregated?: (ctx: CollectContext<AwsConfig>, load: () => Promise<S>) => AsyncIterable<CollectorEvent>;
  /** When `aggregated` applies, and the actions it needs in the administrator/aggregator account (instead of `permissions` in every account). */
  aggregation?: { when: (config: AwsConfig) => boolean; permissions: string[] };
}

/** Collector id → when it reads through an aggregation engine, and the actions that needs there (`soc2 permissions`). */
export const AGGREGATION_MODES = new Map<string, { when: (config: AwsConfig) => boolean; permissions: string[] }>();

export function regionalCollector<S, C extends { destroy(): void }>(spec: RegionalSpec<S, C>): Collector<AwsConfig> {
  if (spec.aggregation) AGGREGATION_MODES.set(spec.id, spec.aggregation);
  return {
    meta: {
      id: spec.id,
      source: 'aws',
      title: spec.title,
      produces: spec.types,
      ...(spec.populations ? { populations: spec.populations } : {}),
      permissions: [...ACCOUNT_PERMISSIONS, ...spec.permissions],
    },
    async prepare() {
      await Promise.all([spec.load(), loadDiscovery()]);
    },
    collect(ctx) {
      if (spec.aggregated && spec.aggregation?.when(ctx.config)) return spec.aggregated(ctx, spec.load);
      const regions = regionsOf(ctx.config);
      return collectAccounts(
        ctx,
        spec.types,
        (account) => regions.map((r) => `${account}/${r}`),
        async function* (account) {
          const sdk = await spec.load();
          for (const region of regions) yield* perRegion(ctx, spec, sdk, account, region);
        },
      );
    },
  };
}

async function* perRegion<S, C extends { destroy(): void }>(
  ctx: CollectContext<AwsConfig>,
  spec: RegionalSpec<S, C>,
  sdk: S,
  account: OpenAccount,
  region: string,
): AsyncGenerator<CollectorEvent> {
  const client = spec.client(sdk, clientConfig(ctx, region, account.credentials));
  try {
    yield* spec.region(ctx, sdk, client, account.id, region);
  } finally {
    client.destroy();
  }
}

/** The error code of a failed call, when it says the service is not enabled in the region. */
export function notEnabledCode(err: unknown): string | undefined {
  if (!(err instanceof AwsCallError) || err.page > 1) return undefined;
  const e = err.cause as { name?: string; Code?: string; code?: string } | undefined;
  const code = e?.name ?? e?.Code ?? e?.code;
  return code && NOT_ENABLED.has(code) ? code : undefined;
}

/**
 * One (type, scope) enumeration: its records then `done`; a failure is a CollectionError for the scope, except a
 * not-enabled answer before any record, which completes the scope empty and is recorded in run.json and the log.
 * Records are held until the enumeration ends, so a later failure leaves no half-described resource behind.
 */
export async function* regionalStep(
  ctx: CollectContext<AwsConfig>,
  type: EvidenceType,
  scope: string,
  operation: string,
  run: () => AsyncIterable<EvidenceRecord>,
): AsyncGenerator<CollectorEvent> {
  const out: EvidenceRecord[] = [];
  try {
    for await (const r of run()) out.push(r);
  } catch (err) {
    const code = notEnabledCode(err);
    if (code) {
      const op = (err as AwsCallError).operation;
      ctx.log.info('aws service not enabled in region', { scope, type, operation: op, code });
      ctx.stats.fact(`aws.notEnabled.${scope}.${type}`, { code, operation: op });
      // Why kept: the answer is the evidence that the scope is empty.
      await ctx.raw(scope, `${op.split(':')[1]}.not-enabled`, { error: code, message: (err as AwsCallError).message });
      yield { kind: 'done', type, scope };
      return;
    }
    yield errorEvent(type, scope, operation, err);
    return;
  }
  yield* out;
  yield { kind: 'done', type, scope };
}

/** A member the judgement needs, or an invalid-response error for the scope (never a default in its place). */
export function need<T>(value: T | undefined | null, field: string, operation: string, page = 1): T {
  if (value === undefined || value === null) throw new AwsCallError(operation, new SyntaxError(`the response has no ${field}`), page);
  return value;
}
