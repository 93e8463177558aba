/**
 * `aws-network` through an AWS Config aggregator (aggregation mode): in the aggregator's one account and region,
 * DescribeConfigurationAggregators and DescribeConfigurationAggregatorSourcesStatus (every page: which account/region
 * sources it holds, their last update and its status), then one SelectAggregateResourceConfig advanced query per
 * resource type (every page): VPCs, network interfaces (what is "in use"), security groups, flow logs and the
 * managed prefix lists security groups reference. Configuration items are the Config shapes: EC2 types in the EC2
 * API's camelCase (`ipPermissions[].ipv4Ranges`, `prefixListIds`, `userIdGroupPairs`), the registry types
 * (AWS::EC2::FlowLog, AWS::EC2::PrefixList) in their resource schema's PascalCase. Deleted items are skipped.
 *
 * A source that is missing or whose last update FAILED/OUTDATED is `not-covered` for its account/region. A failed page
 * of a query errors every scope of its types (the query is organisation-wide). Config does not record a flow log's
 * delivery status, so records read this way leave `deliverLogsStatus` out (the check says so), and AWS-managed prefix
 * lists are not configuration items: a group that references one is `invalid-response` for its scope.
 */
import type {
  DescribeConfigurationAggregatorSourcesStatusCommandOutput,
  DescribeConfigurationAggregatorsCommandOutput,
  SelectAggregateResourceConfigCommandOutput,
} from '@aws-sdk/client-config-service';
import type { CollectContext, CollectorEvent, EvidenceRecord } from '../../../src/types.js';
import { add, collectAggregated, emitType, once, type TypeResult } from '../aggregation.js';
import { iso, paginate, rawOf, record, send } from '../call.js';
import { clientConfig } from '../clients.js';
import type { AwsConfig } from '../config.js';
import { AwsCallError } from '../errors.js';
import { need } from '../regional.js';
import { FLOW_LOG, SECURITY_GROUP, VPC, type AggregationVia, type Ec2SecurityGroup, type IngressRule, type PrefixListRef } from './evidence.js';

type Sdk = typeof import('@aws-sdk/client-config-service');
type Client = InstanceType<Sdk['ConfigServiceClient']>;
export type Item = {
  accountId: string;
  awsRegion: string;
  resourceId: string;
  configuration: Record<string, any>;
  supplementaryConfiguration?: Record<string, any>;
  tags?: Array<{ key?: string; value?: string }>;
};

export const CONFIG_AGGREGATOR_PERMISSIONS = [
  'config:DescribeConfigurationAggregators',
  'config:DescribeConfigurationAggregatorSourcesStatus',
  'config:SelectAggregateResourceConfig',
];
export const SOP = 'config:SelectAggregateResourceConfig';

/** What an aggregator-backed collector gets: its queries, the coverage of each scope, and the run's scopes. */
export interface AggregatorSession {
  scopes: string[];
  /** Scope → why the aggregator does not cover it. */
  gaps: Map<string, string>;
  /** One advanced query, every page, for a resource type (items of the run's scopes only). */
  query: (resourceType: string) => Promise<Item[]>;
  /** The `via` of a record of a covered scope. */
  via: (scope: string) => AggregationVia;
}

/**
 * The skeleton of a collector read through the Config aggregator: accounts and scopes as in direct mode, the
 * aggregator's account opened once, its coverage read, then `body`. A failed coverage read errors every scope.
 */
export function withAggregator(
  ctx: CollectContext<AwsConfig>,
  types: string[],
  body: (s: AggregatorSession) => AsyncIterable<CollectorEvent>,
): AsyncIterable<CollectorEvent> {
  const agg = ctx.config.aggregation!.config!;
  return collectAggregated(ctx, types, agg.account, async function* (admin, accounts, regions) {
    // Why loaded here: direct mode's SDK is what the prepare phase loads; only this mode needs Config's.
    const sdk: Sdk = await import('@aws-sdk/client-config-service');
    const client = new sdk.ConfigServiceClient(clientConfig(ctx, agg.region, admin.credentials));
    const scopes = accounts.flatMap((a) => regions.map((r) => `${a}/${r}`));
    const at = `${admin.id}/${agg.region}`;
    try {
      let cover: Map<string, { gap?: string; lastUpdateTime?: string }>;
      try {
        cover = await once(ctx, `aws:aggregator-coverage:${agg.aggregatorName}`, () => coverage(ctx, sdk, client, at, agg.aggregatorName, scopes));
      } catch (err) {
        const op = 'config:DescribeConfigurationAggregatorSourcesStatus';
        for (const type of types) yield* emitType(type, scopes, new Map(), { ok: false, error: err, operation: op }, op);
        return;
      }
      const gaps = new Map([...cover].filter(([, v]) => v.gap).map(([k, v]) => [k, v.gap!]));
      const via = (scope: string): AggregationVia => ({
        engine: 'config-aggregator',
        account: admin.id,
        region: agg.region,
        aggregator: agg.aggregatorName,
        sourceStatus: 'SUCCEEDED',
        ...(cover.get(scope)?.lastUpdateTime ? { lastUpdateTime: cover.get(scope)!.lastUpdateTime! } : {}),
      });
      yield* body({ scopes, gaps, via, query: (type) => select(ctx, sdk, client, at, agg.aggregatorName, type, new Set(scopes)) });
    } finally {
      client.destroy();
    }
  });
}

/** Runs a read; its failure becomes the type's result rather than an exception. */
export async function attempt(run: () => Promise<Map<string, EvidenceRecord[]>>, operation = SOP): Promise<TypeResult> {
  try {
    return { ok: true, byScope: await run() };
  } catch (err) {
    return { ok: false, error: err, operation };
  }
}

export function networkViaAggregator(ctx: CollectContext<AwsConfig>): AsyncIterable<CollectorEvent> {
  return withAggregator(ctx, [VPC, FLOW_LOG, SECURITY_GROUP], async function* ({ scopes, gaps: gapText, query, via }) {
    // Why all four queries at once: each pages on its own; started together, the slowest one sets the pace. Each
    // is awaited where it is used, so its failure lands on the types that depend on it.
    const started = new Map(['AWS::EC2::NetworkInterface', 'AWS::EC2::VPC', 'AWS::EC2::FlowLog', 'AWS::EC2::SecurityGroup'].map((t) => [t, query(t)] as const));
    for (const p of started.values()) p.catch(() => undefined);
    const run = (t: string) => started.get(t) ?? query(t);
    // Why one interface query for two types: VPCs and groups are "in use" when network interfaces carry them.
    let interfaces: Promise<Item[]> | undefined;
    const usage = async () => {
      const vpcs = new Map<string, number>();
      const groups = new Map<string, number>();
      for (const i of await (interfaces ??= run('AWS::EC2::NetworkInterface'))) {
        const key = `${i.accountId}/${i.awsRegion}`;
        const vpc = need(i.configuration.vpcId as string | undefined, `vpcId of ${i.resourceId}`, SOP);
        vpcs.set(`${key}|${vpc}`, (vpcs.get(`${key}|${vpc}`) ?? 0) + 1);
        for (const g of (i.configuration.groups ?? []) as Array<{ groupId?: string }>)
          if (g.groupId) groups.set(`${key}|${g.groupId}`, (groups.get(`${key}|${g.groupId}`) ?? 0) + 1);
      }
      return { vpcs, groups };
    };
    const vpcs = await attempt(async () => {
      const use = await usage();
      const out = new Map<string, EvidenceRecord[]>();
      for (const i of await run('AWS::EC2::VPC')) {
        const c = i.configuration;
        const scope = `${i.accountId}/${i.awsRegion}`;
        const id = need(c.vpcId as string | undefined, 'vpcId', SOP);
        add(
          out,
          record(
            VPC,
            scope,
            SOP,
            {},
            {
              account: i.accountId,
              region: i.awsRegion,
              id,
              arn: `arn:aws:ec2:${i.awsRegion}:${c.ownerId ?? i.accountId}:vpc/${id}`,
              state: need(c.state as string | undefined, `state of ${id}`, SOP),
              isDefault: need(c.isDefault as boolean | undefined, `isDefault of ${id}`, SOP),
              ...(c.cidrBlock ? { cidrBlock: c.cidrBlock } : {}),
              networkInterfaces: use.vpcs.get(`${scope}|${id}`) ?? 0,
              mode: 'config-aggregator',
              via: via(scope),
            },
          ),
        );
      }
      return out;
    }, SOP);
    yield* emitType(VPC, scopes, gapText, vpcs, SOP);
    const flows = await attempt(async () => {
      const out = new Map<string, EvidenceRecord[]>();
      for (const i of await run('AWS::EC2::FlowLog')) {
        const c = i.configuration;
        const scope = `${i.accountId}/${i.awsRegion}`;
        const id = need((c.Id ?? c.flowLogId ?? i.resourceId) as string | undefined, 'Id', SOP);
        const dest = (c.LogDestinationType ?? c.logDestinationType) as string | undefined;
        const to = (c.LogDestination ?? c.logDestination) as string | undefined;
        const traffic = (c.TrafficType ?? c.trafficType) as string | undefined;
        // Why ACTIVE: Config holds a flow log only while it exists (deleted items are skipped); it has no delivery status.
        add(
          out,
          record(
            FLOW_LOG,
            scope,
            SOP,
            {},
            {
              account: i.accountId,
              region: i.awsRegion,
              id,
              resourceId: need((c.ResourceId ?? c.resourceId) as string | undefined, `ResourceId of ${id}`, SOP),
              status: 'ACTIVE',
              ...(traffic ? { trafficType: traffic } : {}),
              ...(dest ? { destinationType: dest } : {}),
              ...(to ? { destination: to } : {}),
              mode: 'config-aggregator',
              via: via(scope),
            },
          ),
        );
      }
      return out;
    }, SOP);
    yield* emitType(FLOW_LOG, scopes, gapText, flows, SOP);
    let groups: TypeResult;
    try {
      groups = await securityGroups(await run('AWS::EC2::SecurityGroup'), () => query('AWS::EC2::PrefixList'), await usage(), via);
    } catch (err) {
      groups = { ok: false, error: err, operation: SOP };
    }
    yield* emitType(SECURITY_GROUP, scopes, gapText, groups, SOP);
  });
}

/** Each scope's source status; `gap` says why a scope is not covered. */
async function coverage(
  ctx: CollectContext<AwsConfig>,
  sdk: Sdk,
  client: Client,
  at: string,
  name: string,
  scopes: string[],
): Promise<Map<string, { gap?: string; lastUpdateTime?: string }>> {
  const dop = 'config:DescribeConfigurationAggregators';
  const d = await send<DescribeConfigurationAggregatorsCommandOutput>(
    ctx,
    client,
    new sdk.DescribeConfigurationAggregatorsCommand({ ConfigurationAggregatorNames: [name] }),
    dop,
  );
  await ctx.raw(at, 'DescribeConfigurationAggregators', rawOf(d));
  const aggregator = need(
    d.ConfigurationAggregators?.find((a) => a.ConfigurationAggregatorName === name),
    `the aggregator ${name}`,
    dop,
  );
  const op = 'config:DescribeConfigurationAggregatorSourcesStatus';
  const sources = new Map<string, { status: string; time?: string; error?: string }>();
  for await (const { out, page } of paginate<DescribeConfigurationAggregatorSourcesStatusCommandOutput>(
    ctx,
    client,
    op,
    (t) => new sdk.DescribeConfigurationAggregatorSourcesStatusCommand({ ConfigurationAggregatorName: name, Limit: 100, NextToken: t }),
    (o) => o.NextToken,
  )) {
    await ctx.raw(at, 'DescribeConfigurationAggregatorSourcesStatus', rawOf(out), page);
    for (const s of need(out.AggregatedSourceStatusList, 'AggregatedSourceStatusList', op, page)) {
      const key = `${need(s.SourceId, 'SourceId', op, page)}/${need(s.AwsRegion, 'AwsRegion', op, page)}`;
      sources.set(key, {
        status: need(s.LastUpdateStatus, 'LastUpdateStatus', op, page),
        ...(s.LastUpdateTime ? { time: iso(s.LastUpdateTime)! } : {}),
        ...(s.LastErrorCode ? { error: `${s.LastErrorCode} ${s.LastErrorMessage ?? ''}`.trim() } : {}),
      });
    }
  }
  ctx.stats.fact(`aws.aggregation.config.${name}`, {
    account: at.split('/')[0],
    region: at.split('/')[1],
    lastUpdatedTime: iso(aggregator.LastUpdatedTime),
    organization: Boolean(aggregator.OrganizationAggregationSource),
    sources: [...sources].map(([k, v]) => ({ source: k, ...v })),
  });
  const out = new Map<string, { gap?: string; lastUpdateTime?: string }>();
  for (const scope of scopes) {
    // Why the fallback: an organisation aggregator may report a source per organisation (SourceId o-…) and region
    // rather than per account; that status then stands for every member account in the region.
    const s = sources.get(scope) ?? [...sources].find(([k]) => /^o-[a-z0-9]+\//.test(k) && k.endsWith(`/${scope.split('/')[1]}`))?.[1];
    if (!s) out.set(scope, { gap: `the Config aggregator ${name} has no source for account/region ${scope}` });
    else if (s.status !== 'SUCCEEDED')
      out.set(scope, {
        gap: `the Config aggregator ${name}'s source ${scope} last updated with status ${s.status}${s.error ? ` (${s.error})` : ''}${s.time ? ` at ${s.time}` : ''}`,
      });
    else out.set(scope, s.time ? { lastUpdateTime: s.time } : {});
  }
  return out;
}

/** One advanced query over the aggregator, every page; items of scopes outside the run are dropped. */
async function select(ctx: CollectContext<AwsConfig>, sdk: Sdk, client: Client, at: string, name: string, type: string, scopes: Set<string>): Promise<Item[]> {
  const items: Item[] = [];
  const expression = `SELECT accountId, awsRegion, resourceId, configurationItemStatus, configuration, supplementaryConfiguration, tags WHERE resourceType = '${type}'`;
  for await (const { out, page } of paginate<SelectAggregateResourceConfigCommandOutput>(
    ctx,
    client,
    SOP,
    (t) => new sdk.SelectAggregateResourceConfigCommand({ ConfigurationAggregatorName: name, Expression: expression, Limit: 100, NextToken: t }),
    (o) => o.NextToken,
  )) {
    await ctx.raw(at, `SelectAggregateResourceConfig.${type.split('::').pop()}`, rawOf(out), page);
    for (const text of need(out.Results, 'Results', SOP, page)) {
      let v: Item & { configurationItemStatus?: string };
      try {
        v = JSON.parse(text) as Item & { configurationItemStatus?: string };
      } catch {
        throw new AwsCallError(SOP, new SyntaxError(`a ${type} result is not JSON`), page);
      }
      if (v.configurationItemStatus?.startsWith('ResourceDeleted') || v.configurationItemStatus === 'ResourceNotRecorded') continue;
      if (!v.accountId || !v.awsRegion || !v.configuration || typeof v.configuration !== 'object')
        throw new AwsCallError(SOP, new SyntaxError(`a ${type} result has no accountId, awsRegion or configuration`), page);
      if (scopes.has(`${v.accountId}/${v.awsRegion}`)) items.push(v);
    }
  }
  return items;
}

async function securityGroups(
  items: Item[],
  lists: () => Promise<Item[]>,
  use: { groups: Map<string, number> },
  via: (scope: string) => AggregationVia,
): Promise<TypeResult> {
  const out = new Map<string, EvidenceRecord[]>();
  const failed = new Map<string, unknown>();
  const referenced = items.some((i) => (i.configuration.ipPermissions ?? []).some((p: any) => (p.prefixListIds ?? []).length));
  const known = new Map<string, PrefixListRef>();
  if (referenced) {
    for (const i of await lists()) {
      const c = i.configuration;
      const id = need((c.PrefixListId ?? c.prefixListId ?? i.resourceId) as string | undefined, 'PrefixListId', SOP);
      const name = (c.PrefixListName ?? c.prefixListName) as string | undefined;
      const family = (c.AddressFamily ?? c.addressFamily) as string | undefined;
      const entries = need((c.Entries ?? c.entries) as Array<{ Cidr?: string; cidr?: string }> | undefined, `Entries of ${id}`, SOP);
      known.set(`${i.accountId}/${i.awsRegion}|${id}`, {
        id,
        ...(name ? { name } : {}),
        ...(family ? { addressFamily: family } : {}),
        ownerId: i.accountId,
        cidrs: entries.map((e) => need(e.Cidr ?? e.cidr, `Cidr of an entry of ${id}`, SOP)),
      });
    }
  }
  for (const i of items) {
    const c = i.configuration;
    const scope = `${i.accountId}/${i.awsRegion}`;
    const id = need(c.groupId as string | undefined, 'groupId', SOP);
    let ingress: IngressRule[];
    try {
      ingress = need(c.ipPermissions as any[] | undefined, `ipPermissions of ${id}`, SOP).map((r): IngressRule => ({
        protocol: String(need(r.ipProtocol, `ipProtocol of a rule of ${id}`, SOP)),
        ...(r.fromPort !== undefined && r.fromPort !== null ? { fromPort: r.fromPort } : {}),
        ...(r.toPort !== undefined && r.toPort !== null ? { toPort: r.toPort } : {}),
        ipv4: ((r.ipv4Ranges ?? []) as Array<{ cidrIp?: string }>).map((x) => x.cidrIp ?? '').filter(Boolean),
        ipv6: ((r.ipv6Ranges ?? []) as Array<{ cidrIpv6?: string }>).map((x) => x.cidrIpv6 ?? '').filter(Boolean),
        // Why an error for an unknown list: an AWS-managed (or unrecorded) list may hold 0.0.0.0/0; it is never read as empty.
        prefixLists: ((r.prefixListIds ?? []) as Array<{ prefixListId?: string }>).map((p) =>
          need(
            known.get(`${scope}|${p.prefixListId ?? ''}`),
            `the prefix list ${p.prefixListId} referenced by ${id} among the aggregator's AWS::EC2::PrefixList items`,
            SOP,
          ),
        ),
        groups: ((r.userIdGroupPairs ?? []) as Array<{ groupId?: string }>).map((x) => x.groupId ?? '').filter(Boolean),
      }));
    } catch (err) {
      // Why per scope: one group's unreadable rule leaves that account/region's groups unjudged, not the estate's.
      failed.set(scope, err);
      continue;
    }
    const data: Ec2SecurityGroup = {
      account: i.accountId,
      region: i.awsRegion,
      id,
      arn: `arn:aws:ec2:${i.awsRegion}:${i.accountId}:security-group/${id}`,
      name: c.groupName ?? id,
      ...(c.vpcId ? { vpcId: c.vpcId } : {}),
      networkInterfaces: use.groups.get(`${scope}|${id}`) ?? 0,
      ingress,
      mode: 'config-aggregator',
      via: via(scope),
    };
    add(out, record(SECURITY_GROUP, scope, SOP, {}, data));
  }
  return { ok: true, byScope: out, failed };
}
