/** The `aws-cloudtrail` collector: trails (with status and selectors) and event populations per account and region. */
import { loadCloudtrail, loadDiscovery } from './sdk.js';
import type { CollectContext, Collector, CollectorEvent } from '../../src/types.js';
import type { OpenAccount } from './accounts.js';
import { step } from './call.js';
import { clientConfig } from './clients.js';
import { collectAccounts } from './collect-accounts.js';
import { regionsOf, type AwsConfig } from './config.js';
import { EVENT, events } from './cloudtrail-events.js';
import { TRAIL, trails } from './cloudtrail-trails.js';
import { ACCOUNT_PERMISSIONS } from './iam.js';

const TYPES = [TRAIL, EVENT];

export const awsCloudtrailCollector: Collector<AwsConfig> = {
  meta: {
    id: 'aws-cloudtrail',
    source: 'aws',
    title: 'AWS CloudTrail: trails, logging status, event selectors, and sign-in/change/tampering event populations',
    produces: TYPES,
    populations: ['aws.cloudtrail.event'],
    permissions: [...ACCOUNT_PERMISSIONS, 'cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors', 'cloudtrail:LookupEvents'],
  },
  async prepare() {
    await Promise.all([loadCloudtrail(), loadDiscovery()]);
  },
  collect(ctx) {
    const regions = regionsOf(ctx.config);
    return collectAccounts(
      ctx,
      TYPES,
      (account) => regions.map((r) => `${account}/${r}`),
      (account) => cloudtrailAccount(ctx, account, regions),
    );
  },
};

async function* cloudtrailAccount(ctx: CollectContext<AwsConfig>, account: OpenAccount, regions: string[]): AsyncGenerator<CollectorEvent> {
  const { CloudTrailClient } = await loadCloudtrail();
  for (const region of regions) {
    const scope = `${account.id}/${region}`;
    const ct = new CloudTrailClient(clientConfig(ctx, region, account.credentials));
    yield* step(TRAIL, scope, 'cloudtrail:DescribeTrails', () => trails(ctx, ct, account.id, region));
    yield* step(EVENT, scope, 'cloudtrail:LookupEvents', () => events(ctx, ct, account.id, region));
    ct.destroy();
  }
}
