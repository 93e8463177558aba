/**
 * Inspector through its delegated administrator (aggregation mode): per configured region, in the administrator
 * account only, BatchGetAccountStatus for the run's accounts (10 at a time; the administrator is answered for its
 * members) and the organisation's ACTIVE critical/high findings (ListFindings without an account filter, every
 * page, split by awsAccountId). An account the administrator is refused (`failedAccounts`: not a member) is
 * `not-covered` for both types, never "disabled". ListCoverage (per-resource scan coverage) is not read: the checks
 * judge the account's scan types and its findings, which these two calls give.
 */
import type { BatchGetAccountStatusCommandOutput, Finding, ListFindingsCommandOutput } from '@aws-sdk/client-inspector2';
import type { CollectContext, CollectorEvent, EvidenceRecord } from '../../../src/types.js';
import { add, collectAggregated, eachAdminRegion, emitType, type TypeResult } from '../aggregation.js';
import { paginate, rawOf, record, send } from '../call.js';
import type { AwsConfig } from '../config.js';
import type { AggregationVia } from '../network/evidence.js';
import { need } from '../regional.js';
import { INSPECTOR_ACCOUNT, INSPECTOR_FINDING, INSPECTOR_SEVERITIES, type InspectorFinding } from './evidence.js';

type Sdk = typeof import('@aws-sdk/client-inspector2');
type Client = InstanceType<Sdk['Inspector2Client']>;

export const INSPECTOR_ADMIN_PERMISSIONS = ['inspector2:BatchGetAccountStatus', 'inspector2:ListFindings'];
/** BatchGetAccountStatus takes at most 10 account ids per call. */
const BATCH = 10;

/** ListFindings' filter for the findings the collector reads (direct mode adds the account). */
export const OPEN_FINDINGS = {
  findingStatus: [{ comparison: 'EQUALS' as const, value: 'ACTIVE' }],
  severity: INSPECTOR_SEVERITIES.map((value) => ({ comparison: 'EQUALS' as const, value })),
};

/** A finding's members every `aws.inspector.finding` record keeps, however it was read. */
export function findingFields(
  f: Finding,
  op: string,
  page: number,
): Pick<InspectorFinding, 'arn' | 'type' | 'title' | 'severity' | 'status' | 'firstObservedAt' | 'lastObservedAt' | 'resources'> {
  return {
    arn: need(f.findingArn, 'findingArn', op, page),
    type: need(f.type, 'type', op, page),
    ...(f.title ? { title: f.title } : {}),
    severity: need(f.severity, 'severity', op, page),
    status: need(f.status, 'status', op, page),
    firstObservedAt: need(f.firstObservedAt, 'firstObservedAt', op, page).toISOString(),
    ...(f.lastObservedAt ? { lastObservedAt: f.lastObservedAt.toISOString() } : {}),
    resources: (f.resources ?? []).map((r) => ({ type: need(r.type, 'resources[].type', op, page), id: need(r.id, 'resources[].id', op, page) })),
  };
}

export function inspectorViaAdmin(ctx: CollectContext<AwsConfig>, load: () => Promise<Sdk>): AsyncIterable<CollectorEvent> {
  return collectAggregated(
    ctx,
    [INSPECTOR_ACCOUNT, INSPECTOR_FINDING],
    ctx.config.aggregation?.delegatedAdmin?.account,
    async function* (admin, accounts, regions) {
      const sdk = await load();
      yield* eachAdminRegion(
        ctx,
        admin,
        regions,
        (config) => new sdk.Inspector2Client(config),
        (client, region) => adminRegion(ctx, sdk, client, admin.id, accounts, region),
      );
    },
  );
}

async function* adminRegion(
  ctx: CollectContext<AwsConfig>,
  sdk: Sdk,
  client: Client,
  admin: string,
  accounts: string[],
  region: string,
): AsyncGenerator<CollectorEvent> {
  const scopes = accounts.map((a) => `${a}/${region}`);
  const adminScope = `${admin}/${region}`;
  const via: AggregationVia = { engine: 'inspector-delegated-admin', account: admin, region };
  const gaps = new Map<string, string>();
  const statuses = new Map<string, EvidenceRecord[]>();
  const op = 'inspector2:BatchGetAccountStatus';
  try {
    for (let i = 0; i < accounts.length; i += BATCH) {
      const ids = accounts.slice(i, i + BATCH);
      const out = await send<BatchGetAccountStatusCommandOutput>(ctx, client, new sdk.BatchGetAccountStatusCommand({ accountIds: ids }), op);
      await ctx.raw(adminScope, 'BatchGetAccountStatus.organization', rawOf(out), i / BATCH + 1);
      for (const f of out.failedAccounts ?? [])
        if (f.accountId)
          gaps.set(
            `${f.accountId}/${region}`,
            `the Inspector delegated administrator ${admin} cannot read account ${f.accountId} in ${region}: ${f.errorCode ?? 'failed'} ${f.errorMessage ?? ''}`.trim(),
          );
      for (const a of out.accounts ?? []) {
        const account = need(a.accountId, 'accountId', op);
        const resourceState: Record<string, string> = {};
        for (const [k, v] of Object.entries(a.resourceState ?? {})) {
          const status = (v as { status?: string } | undefined)?.status;
          if (status) resourceState[k] = status;
        }
        const status = need(a.state?.status, 'state.status', op);
        add(
          statuses,
          record(INSPECTOR_ACCOUNT, `${account}/${region}`, op, out, {
            account,
            region,
            mode: 'delegated-admin',
            via: { ...via, memberStatus: status },
            status,
            resourceState,
            findingsFilter: { status: 'ACTIVE', severities: [...INSPECTOR_SEVERITIES] },
          }),
        );
      }
      // Why: an account in neither list was not answered for; it is not covered rather than assumed disabled.
      for (const a of ids)
        if (!statuses.has(`${a}/${region}`) && !gaps.has(`${a}/${region}`))
          gaps.set(`${a}/${region}`, `BatchGetAccountStatus gave no status for account ${a} in ${region}`);
    }
  } catch (err) {
    yield* emitType(INSPECTOR_ACCOUNT, scopes, new Map(), { ok: false, error: err, operation: op }, op);
    yield* emitType(INSPECTOR_FINDING, scopes, new Map(), { ok: false, error: err, operation: op }, op);
    return;
  }
  yield* emitType(INSPECTOR_ACCOUNT, scopes, gaps, { ok: true, byScope: statuses }, op);
  let found: TypeResult;
  try {
    found = { ok: true, byScope: await findings(ctx, sdk, client, adminScope, region, new Set(scopes), via) };
  } catch (err) {
    found = { ok: false, error: err, operation: 'inspector2:ListFindings' };
  }
  yield* emitType(INSPECTOR_FINDING, scopes, gaps, found, 'inspector2:ListFindings');
}

async function findings(
  ctx: CollectContext<AwsConfig>,
  sdk: Sdk,
  client: Client,
  adminScope: string,
  region: string,
  scopes: Set<string>,
  via: AggregationVia,
): Promise<Map<string, EvidenceRecord[]>> {
  const op = 'inspector2:ListFindings';
  const filterCriteria = OPEN_FINDINGS;
  const byScope = new Map<string, EvidenceRecord[]>();
  for await (const { out, page } of paginate<ListFindingsCommandOutput>(
    ctx,
    client,
    op,
    (t) => new sdk.ListFindingsCommand({ filterCriteria, maxResults: 100, nextToken: t }),
    (o) => o.nextToken,
  )) {
    await ctx.raw(adminScope, 'ListFindings.organization', rawOf(out), page);
    for (const f of need(out.findings, 'findings', op, page)) {
      const account = need(f.awsAccountId, 'awsAccountId', op, page);
      const scope = `${account}/${region}`;
      if (!scopes.has(scope)) continue;
      add(
        byScope,
        record(INSPECTOR_FINDING, scope, op, out, {
          account,
          region,
          mode: 'delegated-admin',
          via,
          ...findingFields(f, op, page),
        }),
      );
    }
  }
  return byScope;
}
