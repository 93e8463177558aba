/** DescribeTrails (with shadow trails) + GetTrailStatus + GetEventSelectors → one record per trail per region. */
import type { CloudTrailClient, DescribeTrailsCommandOutput, GetEventSelectorsCommandOutput, GetTrailStatusCommandOutput } from '@aws-sdk/client-cloudtrail';
import { loadCloudtrail } from './sdk.js';
import type { CollectContext, EvidenceRecord } from '../../src/types.js';
import { iso, rawOf, record, send } from './call.js';
import type { AwsConfig } from './config.js';
import { need } from './regional.js';

export const TRAIL = 'aws.cloudtrail.trail';

export async function* trails(ctx: CollectContext<AwsConfig>, ct: CloudTrailClient, account: string, region: string): AsyncGenerator<EvidenceRecord> {
  const { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } = await loadCloudtrail();
  const scope = `${account}/${region}`;
  // Why includeShadowTrails: an organization trail lives in the management account; members see it only as a shadow trail.
  const list = await send<DescribeTrailsCommandOutput>(ctx, ct, new DescribeTrailsCommand({ includeShadowTrails: true }), 'cloudtrail:DescribeTrails');
  await ctx.raw(scope, 'DescribeTrails', rawOf(list));
  // Collect every trail's status and selectors before yielding, so a denied call leaves no half-described trail behind.
  const out: EvidenceRecord[] = [];
  for (const t of list.trailList ?? []) {
    const arn = need(t.TrailARN, 'TrailARN of a trail', 'cloudtrail:DescribeTrails');
    const name = need(t.Name, `Name of trail ${arn}`, 'cloudtrail:DescribeTrails');
    const st = await send<GetTrailStatusCommandOutput>(ctx, ct, new GetTrailStatusCommand({ Name: arn }), 'cloudtrail:GetTrailStatus');
    await ctx.raw(scope, `GetTrailStatus.${name}`, rawOf(st));
    const sel = await send<GetEventSelectorsCommandOutput>(ctx, ct, new GetEventSelectorsCommand({ TrailName: arn }), 'cloudtrail:GetEventSelectors');
    await ctx.raw(scope, `GetEventSelectors.${name}`, rawOf(sel));
    const owner = arn.split(':')[4];
    const data = {
      account,
      region,
      name,
      arn,
      owner,
      homeRegion: t.HomeRegion,
      shadow: t.HomeRegion !== region || owner !== account,
      isMultiRegionTrail: t.IsMultiRegionTrail ?? false,
      isOrganizationTrail: t.IsOrganizationTrail ?? false,
      includeGlobalServiceEvents: t.IncludeGlobalServiceEvents ?? false,
      logFileValidationEnabled: t.LogFileValidationEnabled ?? false,
      kmsKeyId: t.KmsKeyId,
      cloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn,
      s3BucketName: t.S3BucketName,
      status: {
        isLogging: st.IsLogging ?? false,
        latestDeliveryTime: iso(st.LatestDeliveryTime),
        latestDeliveryError: st.LatestDeliveryError,
        startLoggingTime: iso(st.StartLoggingTime),
        stopLoggingTime: iso(st.StopLoggingTime),
        latestCloudWatchLogsDeliveryTime: iso(st.LatestCloudWatchLogsDeliveryTime),
        latestCloudWatchLogsDeliveryError: st.LatestCloudWatchLogsDeliveryError,
      },
      eventSelectors: sel.EventSelectors,
      advancedEventSelectors: sel.AdvancedEventSelectors,
    };
    out.push(record(TRAIL, scope, 'cloudtrail:DescribeTrails', st, data, iso(st.LatestDeliveryTime)));
  }
  yield* out;
}
