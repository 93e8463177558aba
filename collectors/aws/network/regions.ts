/**
 * The `aws-regions` collector: the regions each account has enabled (ec2:DescribeRegions with AllRegions), read
 * once per account — not per configured region — so `aws.regions.all-covered` can name the enabled regions that
 * `sources.aws.regions` leaves unwatched.
 */
import type { DescribeRegionsCommandOutput } from '@aws-sdk/client-ec2';
import type { Collector, CollectContext, EvidenceRecord } from '../../../src/types.js';
import { rawOf, record, send, step } from '../call.js';
import { clientConfig } from '../clients.js';
import { collectAccounts } from '../collect-accounts.js';
import { regionsOf, type AwsConfig } from '../config.js';
import { ACCOUNT_PERMISSIONS } from '../iam.js';
import type { OpenAccount } from '../accounts.js';
import { need } from '../regional.js';
import { REGION, type RegionsRegion } from './evidence.js';

const load = () => import('@aws-sdk/client-ec2');

export const awsRegionsCollector: Collector<AwsConfig> = {
  meta: {
    id: 'aws-regions',
    source: 'aws',
    title: 'AWS regions each account has enabled (EC2 DescribeRegions)',
    produces: [REGION],
    permissions: [...ACCOUNT_PERMISSIONS, 'ec2:DescribeRegions'],
  },
  async prepare() {
    await load();
  },
  collect(ctx) {
    return collectAccounts(
      ctx,
      [REGION],
      (account) => [account],
      async function* (account) {
        yield* step(REGION, account.id, 'ec2:DescribeRegions', () => regions(ctx, account));
      },
    );
  },
};

async function* regions(ctx: CollectContext<AwsConfig>, account: OpenAccount): AsyncGenerator<EvidenceRecord<RegionsRegion>> {
  const sdk = await load();
  const configured = regionsOf(ctx.config);
  // Why this region: us-east-1 is enabled in every commercial account; otherwise the first one the config names.
  const where = configured.includes('us-east-1') ? 'us-east-1' : configured[0]!;
  const client = new sdk.EC2Client(clientConfig(ctx, where, account.credentials));
  try {
    const op = 'ec2:DescribeRegions';
    // Why AllRegions: without it EC2 lists only the enabled regions, and a region's absence would prove nothing.
    const out = await send<DescribeRegionsCommandOutput>(ctx, client, new sdk.DescribeRegionsCommand({ AllRegions: true }), op);
    await ctx.raw(account.id, 'DescribeRegions', rawOf(out));
    const list = need(out.Regions, 'Regions', op);
    if (list.length === 0) throw new SyntaxError('DescribeRegions answered no region at all');
    for (const r of list) {
      const region = need(r.RegionName, 'RegionName', op);
      const optInStatus = need(r.OptInStatus, `OptInStatus of ${region}`, op);
      yield record(REGION, account.id, op, out, {
        account: account.id,
        region,
        optInStatus,
        enabled: optInStatus !== 'not-opted-in',
        configured: configured.includes(region),
        mode: 'direct',
      });
    }
  } finally {
    client.destroy();
  }
}
