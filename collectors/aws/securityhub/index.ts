/**
 * The `aws-securityhub` collector: DescribeHub and GetEnabledStandards (every page) per account and region.
 * Security Hub answers an account that is not subscribed in a region with `InvalidAccessException` (HTTP 401,
 * "… is not subscribed to AWS Security Hub"): that answer is the evidence that it is off, so it becomes a record
 * with `subscribed: false`. A denial (`AccessDeniedException`) or any other failure stays an error for the scope.
 */
import type { DescribeHubCommandOutput, GetEnabledStandardsCommandOutput } from '@aws-sdk/client-securityhub';
import type { CollectContext, EvidenceRecord } from '../../../src/types.js';
import { paginate, rawOf, record, send } from '../call.js';
import type { AwsConfig } from '../config.js';
import { AwsCallError } from '../errors.js';
import { need, regionalCollector, regionalStep } from '../regional.js';
import { SECURITYHUB_HUB, type SecurityhubHub } from './evidence.js';

type Sdk = typeof import('@aws-sdk/client-securityhub');
type Client = InstanceType<Sdk['SecurityHubClient']>;

export const awsSecurityhubCollector = regionalCollector({
  id: 'aws-securityhub',
  title: 'AWS Security Hub: subscription and enabled standards per region',
  types: [SECURITYHUB_HUB],
  permissions: ['securityhub:DescribeHub', 'securityhub:GetEnabledStandards'],
  load: () => import('@aws-sdk/client-securityhub'),
  client: (sdk, config) => new sdk.SecurityHubClient(config),
  async *region(ctx, sdk, client, account, region) {
    yield* regionalStep(ctx, SECURITYHUB_HUB, `${account}/${region}`, 'securityhub:DescribeHub', () => hub(ctx, sdk, client, account, region));
  },
});

/** Security Hub's "not subscribed" answer (and only that one: the same code with other words stays an error). */
export function notSubscribed(err: unknown): string | undefined {
  if (!(err instanceof AwsCallError) || err.page > 1) return undefined;
  const e = err.cause as { name?: string; message?: string } | undefined;
  return e?.name === 'InvalidAccessException' && /not subscribed/i.test(e.message ?? '') ? e.message : undefined;
}

async function* hub(ctx: CollectContext<AwsConfig>, sdk: Sdk, client: Client, account: string, region: string): AsyncGenerator<EvidenceRecord<SecurityhubHub>> {
  const scope = `${account}/${region}`;
  const op = 'securityhub:DescribeHub';
  let h: DescribeHubCommandOutput;
  try {
    h = await send<DescribeHubCommandOutput>(ctx, client, new sdk.DescribeHubCommand({}), op);
  } catch (err) {
    const message = notSubscribed(err);
    if (message === undefined) throw err;
    // Why kept: the refusal is the evidence that Security Hub is off here.
    ctx.log.info('aws security hub not subscribed in region', { scope });
    await ctx.raw(scope, 'DescribeHub.not-subscribed', { error: 'InvalidAccessException', message });
    yield record(SECURITYHUB_HUB, scope, op, {}, { account, region, mode: 'direct', subscribed: false, notSubscribedMessage: message, standards: [] });
    return;
  }
  await ctx.raw(scope, 'DescribeHub', rawOf(h));
  const standards: SecurityhubHub['standards'] = [];
  const sop = 'securityhub:GetEnabledStandards';
  for await (const { out, page } of paginate<GetEnabledStandardsCommandOutput>(
    ctx,
    client,
    sop,
    (t) => new sdk.GetEnabledStandardsCommand({ MaxResults: 100, NextToken: t }),
    (o) => o.NextToken,
  )) {
    await ctx.raw(scope, 'GetEnabledStandards', rawOf(out), page);
    for (const s of need(out.StandardsSubscriptions, 'StandardsSubscriptions', sop, page)) {
      standards.push({
        subscriptionArn: need(s.StandardsSubscriptionArn, 'StandardsSubscriptionArn', sop, page),
        standardsArn: need(s.StandardsArn, 'StandardsArn', sop, page),
        status: need(s.StandardsStatus, 'StandardsStatus', sop, page),
        ...(s.StandardsStatusReason?.StatusReasonCode ? { statusReason: s.StandardsStatusReason.StatusReasonCode } : {}),
      });
    }
  }
  yield record(SECURITYHUB_HUB, scope, op, h, {
    account,
    region,
    mode: 'direct',
    subscribed: true,
    hubArn: need(h.HubArn, 'HubArn', op),
    ...(h.SubscribedAt ? { subscribedAt: h.SubscribedAt } : {}),
    standards,
  });
}
