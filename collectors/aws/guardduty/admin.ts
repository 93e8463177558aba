/**
 * GuardDuty through its delegated administrator (aggregation mode): per configured region, in the administrator
 * account only, ListDetectors and GetDetector (its own detector), ListMembers with OnlyAssociated=false (every page:
 * members that were disabled or removed are listed too) and the organisation's unarchived findings of severity ≥ 4
 * (ListFindings on the administrator's detector, every page, then GetFindings by 50, split by AccountId).
 *
 * A member's RelationshipStatus is what the administrator knows of it: `Enabled` = its detector runs and reports
 * here; `Disabled` = GuardDuty is off for it in the region (a suspended detector, or none): both are evidence. Any
 * other status (Created, Invited, Removed, Resigned, …) or an account absent from the list is outside the
 * administrator's view, so the scope is `not-covered`, never assumed clean. Without a detector of its own in a
 * region the administrator sees no member there.
 */
import type {
  GetDetectorCommandOutput,
  GetFindingsCommandOutput,
  ListDetectorsCommandOutput,
  ListFindingsCommandOutput,
  ListMembersCommandOutput,
  Finding,
} from '@aws-sdk/client-guardduty';
import type { CollectContext, CollectorEvent, EvidenceRecord } from '../../../src/types.js';
import type { OpenAccount } from '../accounts.js';
import { add, collectAggregated, eachAdminRegion, emitType, type TypeResult } from '../aggregation.js';
import { paginate, rawOf, record, send } from '../call.js';
import type { AwsConfig } from '../config.js';
import { AwsCallError } from '../errors.js';
import type { AggregationVia } from '../network/evidence.js';
import { need } from '../regional.js';
import { GUARDDUTY_DETECTOR, GUARDDUTY_FINDING, GUARDDUTY_SEVERITY_FLOOR, type GuarddutyDetectors, type GuarddutyFinding } from './evidence.js';

type Sdk = typeof import('@aws-sdk/client-guardduty');
type Client = InstanceType<Sdk['GuardDutyClient']>;

export const GUARDDUTY_ADMIN_PERMISSIONS = [
  'guardduty:ListDetectors',
  'guardduty:GetDetector',
  'guardduty:ListMembers',
  'guardduty:ListFindings',
  'guardduty:GetFindings',
];
/** ListFindings' criteria for the findings the collector reads (direct mode adds the account). */
export const OPEN_FINDINGS = { severity: { Gte: GUARDDUTY_SEVERITY_FLOOR }, 'service.archived': { Eq: ['false'] } };

/** A GetFindings finding's members every `aws.guardduty.finding` record keeps, however it was read. */
export function findingFields(
  f: Finding,
  id: string,
  op: string,
): Pick<GuarddutyFinding, 'id' | 'arn' | 'type' | 'title' | 'severity' | 'createdAt' | 'updatedAt' | 'archived' | 'resourceType'> {
  return {
    id,
    arn: need(f.Arn, 'Arn', op),
    type: need(f.Type, 'Type', op),
    ...(f.Title ? { title: f.Title } : {}),
    severity: need(f.Severity, 'Severity', op),
    createdAt: need(f.CreatedAt, 'CreatedAt', op),
    ...(f.UpdatedAt ? { updatedAt: f.UpdatedAt } : {}),
    archived: need(f.Service?.Archived, 'Service.Archived', op),
    ...(f.Resource?.ResourceType ? { resourceType: f.Resource.ResourceType } : {}),
  };
}

const FILTER = { severityAtLeast: GUARDDUTY_SEVERITY_FLOOR, archived: false as const };

export function guarddutyViaAdmin(ctx: CollectContext<AwsConfig>, load: () => Promise<Sdk>): AsyncIterable<CollectorEvent> {
  return collectAggregated(
    ctx,
    [GUARDDUTY_DETECTOR, GUARDDUTY_FINDING],
    ctx.config.aggregation?.delegatedAdmin?.account,
    async function* (admin, accounts, regions) {
      const sdk = await load();
      yield* eachAdminRegion(
        ctx,
        admin,
        regions,
        (config) => new sdk.GuardDutyClient(config),
        (client, region) => adminRegion(ctx, sdk, client, admin, accounts, region),
      );
    },
  );
}

async function* adminRegion(
  ctx: CollectContext<AwsConfig>,
  sdk: Sdk,
  client: Client,
  admin: OpenAccount,
  accounts: string[],
  region: string,
): AsyncGenerator<CollectorEvent> {
  const scopes = accounts.map((a) => `${a}/${region}`);
  const adminScope = `${admin.id}/${region}`;
  const via: AggregationVia = { engine: 'guardduty-delegated-admin', account: admin.id, region };
  const gaps = new Map<string, string>();
  const detectors = new Map<string, EvidenceRecord[]>();
  const failed = new Map<string, unknown>();
  let detectorId: string | undefined;
  try {
    const op = 'guardduty:ListDetectors';
    const ids: string[] = [];
    for await (const { out, page } of paginate<ListDetectorsCommandOutput>(
      ctx,
      client,
      op,
      (t) => new sdk.ListDetectorsCommand({ NextToken: t, MaxResults: 50 }),
      (o) => o.NextToken,
    )) {
      await ctx.raw(adminScope, 'ListDetectors', rawOf(out), page);
      ids.push(...need(out.DetectorIds, 'DetectorIds', op, page));
    }
    detectorId = ids[0];
    const own: GuarddutyDetectors['detectors'] = [];
    if (detectorId) {
      const d = await send<GetDetectorCommandOutput>(ctx, client, new sdk.GetDetectorCommand({ DetectorId: detectorId }), 'guardduty:GetDetector');
      await ctx.raw(adminScope, `GetDetector.${detectorId}`, rawOf(d));
      own.push({
        id: detectorId,
        status: need(d.Status, 'Status', 'guardduty:GetDetector'),
        ...(d.CreatedAt ? { createdAt: d.CreatedAt } : {}),
        ...(d.UpdatedAt ? { updatedAt: d.UpdatedAt } : {}),
        features: (d.Features ?? []).filter((f) => f.Name && f.Status).map((f) => ({ name: f.Name!, status: f.Status! })),
      });
    }
    add(
      detectors,
      record(GUARDDUTY_DETECTOR, adminScope, op, {}, { account: admin.id, region, mode: 'delegated-admin', via, detectors: own, findingsFilter: FILTER }),
    );
    if (!detectorId) {
      // Why a gap, not "no detector": without its own detector the administrator sees no member in this region.
      for (const s of scopes)
        if (s !== adminScope) gaps.set(s, `the GuardDuty delegated administrator ${admin.id} has no detector in ${region}, so it sees no member there`);
    } else {
      const mop = 'guardduty:ListMembers';
      const members = new Map<string, { status: string; detectorId?: string }>();
      for await (const { out, page } of paginate<ListMembersCommandOutput>(
        ctx,
        client,
        mop,
        (t) => new sdk.ListMembersCommand({ DetectorId: detectorId, OnlyAssociated: 'false', MaxResults: 50, NextToken: t }),
        (o) => o.NextToken,
      )) {
        await ctx.raw(adminScope, 'ListMembers', rawOf(out), page);
        for (const m of need(out.Members, 'Members', mop, page))
          members.set(need(m.AccountId, 'AccountId', mop, page), {
            status: need(m.RelationshipStatus, 'RelationshipStatus', mop, page),
            ...(m.DetectorId ? { detectorId: m.DetectorId } : {}),
          });
      }
      for (const a of accounts) {
        if (a === admin.id) continue;
        const scope = `${a}/${region}`;
        const m = members.get(a);
        if (!m)
          gaps.set(scope, `account ${a} is not a member of the GuardDuty delegated administrator ${admin.id} in ${region} (ListMembers, OnlyAssociated=false)`);
        else if (m.status !== 'Enabled' && m.status !== 'Disabled')
          gaps.set(
            scope,
            `account ${a} is a GuardDuty member of ${admin.id} in ${region} with RelationshipStatus ${m.status}: the administrator does not see its detector`,
          );
        else {
          // Enabled: the member's detector runs and reports to the administrator; Disabled: GuardDuty is off for it here.
          // Why an error: an Enabled member whose detector ListMembers does not name cannot be cited.
          if (m.status === 'Enabled' && !m.detectorId) {
            failed.set(scope, new AwsCallError(mop, new SyntaxError(`ListMembers named member ${a} Enabled without its DetectorId`)));
            continue;
          }
          const list: GuarddutyDetectors['detectors'] = m.detectorId
            ? [{ id: m.detectorId, status: m.status === 'Enabled' ? 'ENABLED' : 'DISABLED', features: [] }]
            : [];
          add(
            detectors,
            record(
              GUARDDUTY_DETECTOR,
              scope,
              mop,
              {},
              { account: a, region, mode: 'delegated-admin', via: { ...via, relationshipStatus: m.status }, detectors: list, findingsFilter: FILTER },
            ),
          );
        }
      }
    }
  } catch (err) {
    yield* emitType(GUARDDUTY_DETECTOR, scopes, new Map(), { ok: false, error: err, operation: 'guardduty:ListMembers' }, 'guardduty:ListMembers');
    yield* emitType(GUARDDUTY_FINDING, scopes, new Map(), { ok: false, error: err, operation: 'guardduty:ListMembers' }, 'guardduty:ListMembers');
    return;
  }
  yield* emitType(GUARDDUTY_DETECTOR, scopes, gaps, { ok: true, byScope: detectors, failed }, 'guardduty:ListMembers');
  let found: TypeResult;
  try {
    found = {
      ok: true,
      byScope: detectorId ? await findings(ctx, sdk, client, admin.id, region, detectorId, new Set(scopes), via) : new Map<string, EvidenceRecord[]>(),
    };
  } catch (err) {
    found = { ok: false, error: err, operation: 'guardduty:ListFindings' };
  }
  yield* emitType(GUARDDUTY_FINDING, scopes, gaps, found, 'guardduty:ListFindings');
}

/** The organisation's findings in one region, by member scope (findings of accounts outside the run are dropped). */
async function findings(
  ctx: CollectContext<AwsConfig>,
  sdk: Sdk,
  client: Client,
  admin: string,
  region: string,
  detectorId: string,
  scopes: Set<string>,
  via: AggregationVia,
): Promise<Map<string, EvidenceRecord[]>> {
  const scope = `${admin}/${region}`;
  const op = 'guardduty:ListFindings';
  const criterion = OPEN_FINDINGS;
  const byScope = new Map<string, EvidenceRecord[]>();
  const gop = 'guardduty:GetFindings';
  // Why each page's details are asked for at once: a ListFindings page is one GetFindings batch (50), so the details
  // of page n are read while page n+1 is listed; every batch is awaited, and its records kept in page order.
  const batches: Array<Promise<EvidenceRecord[]>> = [];
  for await (const { out, page } of paginate<ListFindingsCommandOutput>(
    ctx,
    client,
    op,
    (t) => new sdk.ListFindingsCommand({ DetectorId: detectorId, FindingCriteria: { Criterion: criterion }, MaxResults: 50, NextToken: t }),
    (o) => o.NextToken,
  )) {
    await ctx.raw(scope, 'ListFindings.organization', rawOf(out), page);
    const ids = need(out.FindingIds, 'FindingIds', op, page);
    if (ids.length) {
      const b = details(ids, page);
      b.catch(() => undefined);
      batches.push(b);
    }
  }
  for (const list of await Promise.all(batches)) for (const r of list) add(byScope, r);
  return byScope;

  async function details(batch: string[], n: number): Promise<EvidenceRecord[]> {
    const found: EvidenceRecord[] = [];
    const out = await send<GetFindingsCommandOutput>(ctx, client, new sdk.GetFindingsCommand({ DetectorId: detectorId, FindingIds: batch }), gop);
    await ctx.raw(scope, 'GetFindings.organization', rawOf(out), n);
    const got = new Map((out.Findings ?? []).map((f) => [f.Id, f]));
    for (const id of batch) {
      const f = got.get(id);
      if (!f) throw new AwsCallError(gop, new SyntaxError(`GetFindings did not return listed finding ${id}`));
      const account = need(f.AccountId, 'AccountId', gop);
      const s = `${account}/${need(f.Region, 'Region', gop)}`;
      if (!scopes.has(s)) continue;
      found.push(
        record(
          GUARDDUTY_FINDING,
          s,
          gop,
          out,
          {
            account,
            region,
            mode: 'delegated-admin',
            via,
            detectorId: f.Service?.DetectorId ?? detectorId,
            ...findingFields(f, id, gop),
          },
          f.UpdatedAt,
        ),
      );
    }
    return found;
  }
}
