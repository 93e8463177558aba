/**
 * The `aws-guardduty` collector: every detector of each account and region (ListDetectors, GetDetector) and the
 * unarchived findings of severity ≥ 4 (ListFindings with FindingCriteria, every page, then GetFindings by 50).
 * A region where GuardDuty was never enabled answers ListDetectors with an empty list: that is recorded as a
 * region with no detector (a finding for `aws.guardduty.enabled`), never as an error and never as "no findings".
 */
import type { GetDetectorCommandOutput, GetFindingsCommandOutput, ListDetectorsCommandOutput, ListFindingsCommandOutput } from '@aws-sdk/client-guardduty';
import type { CollectContext, EvidenceRecord } from '../../../src/types.js';
import { paginate, rawOf, record, send } from '../call.js';
import { viaDelegatedAdmin, type AwsConfig } from '../config.js';
import { AwsCallError } from '../errors.js';
import { need, regionalCollector, regionalStep } from '../regional.js';
import { findingFields, GUARDDUTY_ADMIN_PERMISSIONS, guarddutyViaAdmin, OPEN_FINDINGS } from './admin.js';
import { GUARDDUTY_DETECTOR, GUARDDUTY_FINDING, GUARDDUTY_SEVERITY_FLOOR, type GuarddutyDetectors, type GuarddutyFinding } from './evidence.js';

type Sdk = typeof import('@aws-sdk/client-guardduty');
type Client = InstanceType<Sdk['GuardDutyClient']>;

export const awsGuarddutyCollector = regionalCollector({
  id: 'aws-guardduty',
  title: 'Amazon GuardDuty: detectors per region and their unarchived findings',
  types: [GUARDDUTY_DETECTOR, GUARDDUTY_FINDING],
  permissions: ['guardduty:ListDetectors', 'guardduty:GetDetector', 'guardduty:ListFindings', 'guardduty:GetFindings'],
  load: () => import('@aws-sdk/client-guardduty'),
  client: (sdk, config) => new sdk.GuardDutyClient(config),
  aggregated: guarddutyViaAdmin,
  aggregation: { when: (config) => viaDelegatedAdmin(config, 'guardduty'), permissions: GUARDDUTY_ADMIN_PERMISSIONS },
  async *region(ctx, sdk, client, account, region) {
    const scope = `${account}/${region}`;
    let ids: string[] | undefined;
    let failure: unknown;
    yield* regionalStep(ctx, GUARDDUTY_DETECTOR, scope, 'guardduty:ListDetectors', async function* () {
      try {
        const out = await detectors(ctx, sdk, client, account, region);
        ids = out.data.detectors.map((d) => d.id);
        yield out;
      } catch (err) {
        failure = err;
        throw err;
      }
    });
    // Why the same failure: findings are read per detector; without the detector list there is no way to them.
    yield* regionalStep(ctx, GUARDDUTY_FINDING, scope, 'guardduty:ListFindings', () =>
      ids ? findings(ctx, sdk, client, account, region, ids) : fail(failure),
    );
  },
});

// eslint-disable-next-line require-yield -- a step whose records are its error: it throws on the first next()
async function* fail(err: unknown): AsyncGenerator<EvidenceRecord> {
  throw err;
}

async function detectors(
  ctx: CollectContext<AwsConfig>,
  sdk: Sdk,
  client: Client,
  account: string,
  region: string,
): Promise<EvidenceRecord<GuarddutyDetectors>> {
  const scope = `${account}/${region}`;
  const op = 'guardduty:ListDetectors';
  const ids: string[] = [];
  let first: ListDetectorsCommandOutput | undefined;
  for await (const { out, page } of paginate<ListDetectorsCommandOutput>(
    ctx,
    client,
    op,
    (t) => new sdk.ListDetectorsCommand({ NextToken: t, MaxResults: 50 }),
    (o) => o.NextToken,
  )) {
    await ctx.raw(scope, 'ListDetectors', rawOf(out), page);
    first ??= out;
    ids.push(...need(out.DetectorIds, 'DetectorIds', op, page));
  }
  const list: GuarddutyDetectors['detectors'] = [];
  for (const id of ids) {
    const gop = 'guardduty:GetDetector';
    // Why an error, not "no detector": a detector ListDetectors just named and GetDetector then disowns
    // (BadRequestException) is an inconsistent answer; only the empty list says GuardDuty is off.
    const d = await send<GetDetectorCommandOutput>(ctx, client, new sdk.GetDetectorCommand({ DetectorId: id }), gop);
    await ctx.raw(scope, `GetDetector.${id}`, rawOf(d));
    list.push({
      id,
      status: need(d.Status, 'Status', gop),
      ...(d.CreatedAt ? { createdAt: d.CreatedAt } : {}),
      ...(d.UpdatedAt ? { updatedAt: d.UpdatedAt } : {}),
      ...(d.FindingPublishingFrequency ? { findingPublishingFrequency: d.FindingPublishingFrequency } : {}),
      features: (d.Features ?? []).filter((f) => f.Name && f.Status).map((f) => ({ name: f.Name!, status: f.Status! })),
    });
  }
  if (!ids.length) ctx.log.info('aws guardduty has no detector in region', { scope });
  return record(GUARDDUTY_DETECTOR, scope, op, first ?? {}, {
    account,
    region,
    mode: 'direct',
    detectors: list,
    findingsFilter: { severityAtLeast: GUARDDUTY_SEVERITY_FLOOR, archived: false },
  });
}

async function* findings(
  ctx: CollectContext<AwsConfig>,
  sdk: Sdk,
  client: Client,
  account: string,
  region: string,
  detectorIds: string[],
): AsyncGenerator<EvidenceRecord<GuarddutyFinding>> {
  const scope = `${account}/${region}`;
  const op = 'guardduty:ListFindings';
  // Why filtered at the source: a busy account holds thousands of low-severity findings no check reads.
  // Why accountId: a delegated administrator's detector also lists its members' findings; direct mode reads each
  // account's own.
  const criterion = { ...OPEN_FINDINGS, accountId: { Eq: [account] } };
  for (const detectorId of detectorIds) {
    const ids: string[] = [];
    for await (const { out, page } of paginate<ListFindingsCommandOutput>(
      ctx,
      client,
      op,
      (t) => new sdk.ListFindingsCommand({ DetectorId: detectorId, FindingCriteria: { Criterion: criterion }, MaxResults: 50, NextToken: t }),
      (o) => o.NextToken,
    )) {
      await ctx.raw(scope, `ListFindings.${detectorId}`, rawOf(out), page);
      ids.push(...need(out.FindingIds, 'FindingIds', op, page));
    }
    const gop = 'guardduty:GetFindings';
    for (let i = 0; i < ids.length; i += 50) {
      const batch = ids.slice(i, i + 50);
      const out = await send<GetFindingsCommandOutput>(ctx, client, new sdk.GetFindingsCommand({ DetectorId: detectorId, FindingIds: batch }), gop);
      await ctx.raw(scope, `GetFindings.${detectorId}`, rawOf(out), i / 50 + 1);
      const got = new Map((out.Findings ?? []).map((f) => [f.Id, f]));
      for (const id of batch) {
        const f = got.get(id);
        // Why: a listed finding GetFindings does not return cannot be judged, and leaving it out would hide it.
        if (!f) throw new AwsCallError(gop, new SyntaxError(`GetFindings did not return listed finding ${id}`));
        yield record(
          GUARDDUTY_FINDING,
          scope,
          gop,
          out,
          {
            account,
            region,
            mode: 'direct',
            detectorId,
            ...findingFields(f, id, gop),
          },
          f.UpdatedAt,
        );
      }
    }
  }
}
