/** CloudTrail (awsJson1_1, `CloudTrail_20131101.*`): trails, their status and selectors, and LookupEvents. */
import { lookupEvents } from './cloudtrail-events.js';
import type { AwsCall } from './index.js';
import { timeOf, type AwsTrailSpec } from './model.js';
import { epoch, fail, okJson, type AwsAnswer } from './query.js';
import type { World } from './world.js';

interface Trail {
  spec: AwsTrailSpec;
  owner: string;
  home: string;
  arn: string;
}

export function cloudtrail(call: AwsCall): AwsAnswer {
  switch (call.op) {
    case 'DescribeTrails': {
      const shadow = call.json.includeShadowTrails !== false;
      const names = call.json.trailNameList as string[] | undefined;
      const list = visibleTrails(call.world, call.account.id, call.region, shadow).filter(
        (t) => !names?.length || names.includes(t.spec.name) || names.includes(t.arn),
      );
      return okJson({ trailList: list.map(describe) });
    }
    case 'GetTrailStatus':
      return withTrail(call, String(call.json.Name ?? ''), (t) => okJson(status(t, call.world)));
    case 'GetEventSelectors':
      return withTrail(call, String(call.json.TrailName ?? ''), (t) => okJson(selectors(t)));
    case 'LookupEvents':
      return lookupEvents(call);
    default:
      return fail('UnknownOperationException', `unknown operation ${call.op}`);
  }
}

/** Trails DescribeTrails returns in a region: own trails homed there, plus (shadow) multi-region and organization trails. */
function visibleTrails(world: World, account: string, region: string, shadow: boolean): Trail[] {
  const own = (world.accounts.get(account)!.spec.trails ?? []).map((spec) => trailOf(spec, account));
  const org =
    account === world.management
      ? []
      : (world.accounts.get(world.management)!.spec.trails ?? []).filter((s) => s.org).map((spec) => trailOf(spec, world.management));
  return [...own, ...org].filter(
    (t) => t.home === region || (shadow && (t.spec.multiRegion || t.owner !== account) && (t.spec.multiRegion || t.home === region)),
  );
}

function trailOf(spec: AwsTrailSpec, owner: string): Trail {
  const home = spec.home ?? 'us-east-1';
  return { spec, owner, home, arn: `arn:aws:cloudtrail:${home}:${owner}:trail/${spec.name}` };
}

function withTrail(call: AwsCall, name: string, then: (t: Trail) => AwsAnswer): AwsAnswer {
  const t = visibleTrails(call.world, call.account.id, call.region, true).find((x) => x.arn === name || (x.spec.name === name && x.owner === call.account.id));
  if (!t) return fail('TrailNotFoundException', `Unknown trail: ${name} for the user: ${call.account.id}`);
  return then(t);
}

function describe(t: Trail): Record<string, unknown> {
  const s = t.spec;
  const cw = s.cloudWatch ? `arn:aws:logs:${t.home}:${t.owner}:log-group:aws-cloudtrail-logs-${s.name}:*` : undefined;
  return {
    Name: s.name,
    S3BucketName: `aws-cloudtrail-logs-${t.owner}-${s.name}`,
    IncludeGlobalServiceEvents: s.globalEvents ?? true,
    IsMultiRegionTrail: s.multiRegion ?? false,
    HomeRegion: t.home,
    TrailARN: t.arn,
    LogFileValidationEnabled: s.validation ?? false,
    ...(cw ? { CloudWatchLogsLogGroupArn: cw, CloudWatchLogsRoleArn: `arn:aws:iam::${t.owner}:role/CloudTrail_CloudWatchLogs_Role` } : {}),
    ...(s.kms ? { KmsKeyId: s.kms } : {}),
    HasCustomEventSelectors: Boolean(s.advanced) || s.readWrite !== undefined || Boolean(s.dataResources?.length),
    HasInsightSelectors: false,
    IsOrganizationTrail: s.org ?? false,
  };
}

function status(t: Trail, world: World): Record<string, unknown> {
  const s = t.spec;
  const logging = s.logging ?? true;
  const started = timeOf(s.started ?? '-400d', world.base);
  const stopped = logging ? undefined : timeOf(s.stopped ?? '-10d', world.base);
  const delivered = timeOf(s.delivered ?? (logging ? '-1h' : (s.stopped ?? '-10d')), world.base);
  return {
    IsLogging: logging,
    ...(s.deliveryError ? { LatestDeliveryError: s.deliveryError } : {}),
    LatestDeliveryTime: epoch(delivered),
    StartLoggingTime: epoch(started),
    ...(stopped ? { StopLoggingTime: epoch(stopped), TimeLoggingStopped: stopped.toISOString() } : {}),
    ...(s.cloudWatch ? { LatestCloudWatchLogsDeliveryTime: epoch(delivered) } : {}),
    ...(s.validation ? { LatestDigestDeliveryTime: epoch(delivered) } : {}),
    TimeLoggingStarted: started?.toISOString(),
    LatestDeliveryAttemptTime: delivered?.toISOString(),
    LatestDeliveryAttemptSucceeded: s.deliveryError ? '' : delivered?.toISOString(),
    LatestNotificationAttemptTime: '',
    LatestNotificationAttemptSucceeded: '',
  };
}

function selectors(t: Trail): Record<string, unknown> {
  const s = t.spec;
  if (s.advanced) return { TrailARN: t.arn, AdvancedEventSelectors: s.advanced };
  return {
    TrailARN: t.arn,
    EventSelectors: [
      {
        ReadWriteType: s.readWrite ?? 'All',
        IncludeManagementEvents: s.management ?? true,
        DataResources: s.dataResources ?? [],
        ExcludeManagementEventSources: [],
      },
    ],
  };
}
