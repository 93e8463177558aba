/**
 * Aggregation mode (`sources.aws.aggregation`, issue 23): a collector reads AWS's own organisation-wide engine (the
 * GuardDuty or Inspector delegated administrator, an AWS Config aggregator) in one account instead of opening every
 * account. The scopes stay what direct mode plans — one per configured account and region — so checks, sharding and
 * merging see the same evidence shape; each record says which engine it came through (`mode`, `via`).
 * What the engine does not cover is never assumed clean: such a scope is a `not-covered` error naming the gap.
 */
import type { GetCallerIdentityCommandOutput } from '@aws-sdk/client-sts';
import { loadSts } from './sdk.js';
import type { CollectContext, CollectorEvent, EvidenceRecord, EvidenceType } from '../../src/types.js';
import { listTargets, openAccount, type AwsTarget, type OpenAccount } from './accounts.js';
import { send } from './call.js';
import { fanOut } from '../../src/collector-kit.js';
import { clientConfig } from './clients.js';
import { regionsOf, type AwsConfig } from './config.js';
import { errorEvent } from './errors.js';

/** One promise per run for `key` (kept in the run's shared map). */
export function once<T>(ctx: CollectContext<AwsConfig>, key: string, make: () => Promise<T>): Promise<T> {
  let p = ctx.shared.get(key) as Promise<T> | undefined;
  if (!p) {
    p = make();
    ctx.shared.set(key, p);
  }
  return p;
}

/**
 * Opens the administrator/aggregator account: the base credentials' account when `account` is not given or is that
 * account; otherwise the account's configured roleArn, or the organization role.
 */
async function openAdmin(ctx: CollectContext<AwsConfig>, account: string | undefined, targets: AwsTarget[]): Promise<OpenAccount> {
  const cfg = ctx.config;
  const { GetCallerIdentityCommand, STSClient } = await loadSts();
  const sts = new STSClient(clientConfig(ctx, regionsOf(cfg)[0]!));
  const me = await once(ctx, 'aws:base-identity', () =>
    send<GetCallerIdentityCommandOutput>(ctx, sts, new GetCallerIdentityCommand({}), 'sts:GetCallerIdentity'),
  );
  const id = account ?? me.Account!;
  if (id === me.Account) return { id };
  const partition = me.Arn?.split(':')[1] ?? 'aws';
  const known = targets.find((t) => t.id === id) ?? cfg.accounts?.find((a) => a.id === id);
  const roleArn = known?.roleArn ?? (cfg.organization ? `arn:${partition}:iam::${id}:role/${cfg.organization.roleName}` : undefined);
  if (!roleArn)
    throw new Error(
      `the administrator account ${id} is not the base credentials' account and has no roleArn (sources.aws.accounts) or organization role to open it with`,
    );
  return once(ctx, `aws:account:${id}`, () => openAccount(ctx, { id, roleArn }));
}

/**
 * The skeleton of an aggregated collector: the run's account list (shared with direct collectors), every (type,
 * account/region) planned as in direct mode, the administrator account opened once, then `work`. A failure to list
 * the accounts or open the administrator is an error for every scope.
 */
export async function* collectAggregated(
  ctx: CollectContext<AwsConfig>,
  types: EvidenceType[],
  adminAccount: string | undefined,
  work: (admin: OpenAccount, accounts: string[], regions: string[]) => AsyncIterable<CollectorEvent>,
): AsyncGenerator<CollectorEvent> {
  let targets: AwsTarget[];
  try {
    targets = await once(ctx, 'aws:targets', () => listTargets(ctx));
  } catch (err) {
    for (const type of types) yield errorEvent(type, '*', 'organizations:ListAccounts', err);
    return;
  }
  const regions = regionsOf(ctx.config);
  const accounts = targets.map((t) => t.id);
  for (const a of accounts) for (const r of regions) for (const type of types) yield { kind: 'plan', type, scope: `${a}/${r}` };
  let admin: OpenAccount;
  try {
    admin = await openAdmin(ctx, adminAccount, targets);
  } catch (err) {
    ctx.log.warn('aws aggregation account could not be opened', { account: adminAccount ?? 'base credentials', error: (err as Error).message });
    for (const a of accounts) for (const r of regions) for (const type of types) yield errorEvent(type, `${a}/${r}`, 'sts:AssumeRole', err);
    return;
  }
  yield* work(admin, accounts, regions);
}

/** What an engine read for one type: records by scope, or the failure that makes every scope it covered `error`. */
export type TypeResult = { ok: true; byScope: Map<string, EvidenceRecord[]>; failed?: Map<string, unknown> } | { ok: false; error: unknown; operation: string };

/**
 * The events of one type over `scopes`: a scope with a coverage gap is `not-covered` (the gap named), a failed read
 * errors every scope, otherwise the scope's records (possibly none) and `done`.
 */
export function* emitType(type: EvidenceType, scopes: string[], gaps: Map<string, string>, result: TypeResult, operation: string): Generator<CollectorEvent> {
  for (const scope of scopes) {
    const gap = gaps.get(scope);
    if (gap !== undefined) {
      yield { kind: 'error', type, scope, cause: 'not-covered', operation, message: gap };
      continue;
    }
    if (!result.ok) {
      yield errorEvent(type, scope, result.operation, result.error);
      continue;
    }
    const failed = result.failed?.get(scope);
    if (failed !== undefined) {
      yield errorEvent(type, scope, operation, failed);
      continue;
    }
    yield* result.byScope.get(scope) ?? [];
    yield { kind: 'done', type, scope };
  }
}

/** Adds a record to its scope's list. */
export function add(map: Map<string, EvidenceRecord[]>, r: EvidenceRecord): void {
  const list = map.get(r.scope);
  if (list) list.push(r);
  else map.set(r.scope, [r]);
}

/**
 * The delegated administrator's view, every region at once (each region's view is independent and its reads are a
 * sequential chain): one client per region with the administrator's credentials, destroyed when the region is done.
 */
export function eachAdminRegion<C extends { destroy(): void }>(
  ctx: CollectContext<AwsConfig>,
  admin: OpenAccount,
  regions: string[],
  makeClient: (config: ReturnType<typeof clientConfig>) => C,
  read: (client: C, region: string) => AsyncIterable<CollectorEvent>,
): AsyncIterable<CollectorEvent> {
  return fanOut(regions, regions.length, async function* (region) {
    const client = makeClient(clientConfig(ctx, region, admin.credentials));
    try {
      yield* read(client, region);
    } finally {
      client.destroy();
    }
  });
}
