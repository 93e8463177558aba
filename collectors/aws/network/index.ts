/**
 * The `aws-network` collector (EC2 API): every VPC with the number of network interfaces in it, every flow log,
 * and every security group with its inbound rules, the managed prefix lists they reference resolved to their
 * entries, and the number of network interfaces carrying it. Per account and configured region.
 */
import type {
  DescribeFlowLogsCommandOutput,
  DescribeManagedPrefixListsCommandOutput,
  DescribeNetworkInterfacesCommandOutput,
  DescribeSecurityGroupsCommandOutput,
  DescribeVpcsCommandOutput,
  GetManagedPrefixListEntriesCommandOutput,
  IpPermission,
} from '@aws-sdk/client-ec2';
import type { CollectContext, EvidenceRecord } from '../../../src/types.js';
import { paginate, rawOf, record } from '../call.js';
import type { AwsConfig } from '../config.js';
import { CONFIG_AGGREGATOR_PERMISSIONS, networkViaAggregator } from './aggregator.js';
import { need, regionalCollector, regionalStep } from '../regional.js';
import { FLOW_LOG, SECURITY_GROUP, VPC, type Ec2SecurityGroup, type IngressRule, type PrefixListRef, type VpcFlowLog, type VpcVpc } from './evidence.js';

type Sdk = typeof import('@aws-sdk/client-ec2');
type Client = InstanceType<Sdk['EC2Client']>;

/** How many network interfaces each VPC and each security group has (one DescribeNetworkInterfaces pass). */
interface Usage {
  vpcs: Map<string, number>;
  groups: Map<string, number>;
}

export const awsNetworkCollector = regionalCollector({
  id: 'aws-network',
  title: 'Amazon VPC and EC2 security groups: VPCs in use, flow logs, inbound rules (prefix lists resolved)',
  types: [VPC, FLOW_LOG, SECURITY_GROUP],
  permissions: [
    'ec2:DescribeVpcs',
    'ec2:DescribeFlowLogs',
    'ec2:DescribeSecurityGroups',
    'ec2:DescribeNetworkInterfaces',
    'ec2:DescribeManagedPrefixLists',
    'ec2:GetManagedPrefixListEntries',
  ],
  load: () => import('@aws-sdk/client-ec2'),
  client: (sdk, config) => new sdk.EC2Client(config),
  aggregated: networkViaAggregator,
  aggregation: { when: (config) => Boolean(config.aggregation?.config), permissions: CONFIG_AGGREGATOR_PERMISSIONS },
  async *region(ctx, sdk, client, account, region) {
    const scope = `${account}/${region}`;
    // Why one promise: VPCs and security groups are judged "in use" from the same interface listing; read it once.
    let usage: Promise<Usage> | undefined;
    const use = () => (usage ??= interfaces(ctx, sdk, client, scope));
    yield* regionalStep(ctx, VPC, scope, 'ec2:DescribeVpcs', () => vpcs(ctx, sdk, client, account, region, use));
    yield* regionalStep(ctx, FLOW_LOG, scope, 'ec2:DescribeFlowLogs', () => flowLogs(ctx, sdk, client, account, region));
    yield* regionalStep(ctx, SECURITY_GROUP, scope, 'ec2:DescribeSecurityGroups', () => securityGroups(ctx, sdk, client, account, region, use));
  },
});

async function interfaces(ctx: CollectContext<AwsConfig>, sdk: Sdk, client: Client, scope: string): Promise<Usage> {
  const op = 'ec2:DescribeNetworkInterfaces';
  const usage: Usage = { vpcs: new Map(), groups: new Map() };
  for await (const { out, page } of paginate<DescribeNetworkInterfacesCommandOutput>(
    ctx,
    client,
    op,
    (t) => new sdk.DescribeNetworkInterfacesCommand({ NextToken: t, MaxResults: 1000 }),
    (o) => o.NextToken,
  )) {
    await ctx.raw(scope, 'DescribeNetworkInterfaces', rawOf(out), page);
    for (const ni of need(out.NetworkInterfaces, 'NetworkInterfaces', op, page)) {
      const vpc = need(ni.VpcId, `VpcId of ${ni.NetworkInterfaceId ?? 'a network interface'}`, op, page);
      usage.vpcs.set(vpc, (usage.vpcs.get(vpc) ?? 0) + 1);
      for (const g of ni.Groups ?? []) if (g.GroupId) usage.groups.set(g.GroupId, (usage.groups.get(g.GroupId) ?? 0) + 1);
    }
  }
  return usage;
}

async function* vpcs(
  ctx: CollectContext<AwsConfig>,
  sdk: Sdk,
  client: Client,
  account: string,
  region: string,
  use: () => Promise<Usage>,
): AsyncGenerator<EvidenceRecord<VpcVpc>> {
  const scope = `${account}/${region}`;
  const op = 'ec2:DescribeVpcs';
  for await (const { out, page } of paginate<DescribeVpcsCommandOutput>(
    ctx,
    client,
    op,
    (t) => new sdk.DescribeVpcsCommand({ NextToken: t, MaxResults: 1000 }),
    (o) => o.NextToken,
  )) {
    await ctx.raw(scope, 'DescribeVpcs', rawOf(out), page);
    const usage = await use();
    for (const v of need(out.Vpcs, 'Vpcs', op, page)) {
      const id = need(v.VpcId, 'VpcId', op, page);
      yield record(VPC, scope, op, out, {
        account,
        region,
        id,
        arn: `arn:aws:ec2:${region}:${v.OwnerId ?? account}:vpc/${id}`,
        state: need(v.State, `State of ${id}`, op, page),
        isDefault: need(v.IsDefault, `IsDefault of ${id}`, op, page),
        ...(v.CidrBlock ? { cidrBlock: v.CidrBlock } : {}),
        networkInterfaces: usage.vpcs.get(id) ?? 0,
        mode: 'direct',
      });
    }
  }
}

async function* flowLogs(
  ctx: CollectContext<AwsConfig>,
  sdk: Sdk,
  client: Client,
  account: string,
  region: string,
): AsyncGenerator<EvidenceRecord<VpcFlowLog>> {
  const scope = `${account}/${region}`;
  const op = 'ec2:DescribeFlowLogs';
  for await (const { out, page } of paginate<DescribeFlowLogsCommandOutput>(
    ctx,
    client,
    op,
    (t) => new sdk.DescribeFlowLogsCommand({ NextToken: t, MaxResults: 1000 }),
    (o) => o.NextToken,
  )) {
    await ctx.raw(scope, 'DescribeFlowLogs', rawOf(out), page);
    for (const f of need(out.FlowLogs, 'FlowLogs', op, page)) {
      const id = need(f.FlowLogId, 'FlowLogId', op, page);
      yield record(FLOW_LOG, scope, op, out, {
        account,
        region,
        id,
        resourceId: need(f.ResourceId, `ResourceId of ${id}`, op, page),
        status: need(f.FlowLogStatus, `FlowLogStatus of ${id}`, op, page),
        ...(f.DeliverLogsStatus ? { deliverLogsStatus: f.DeliverLogsStatus } : {}),
        ...(f.DeliverLogsErrorMessage ? { deliverLogsErrorMessage: f.DeliverLogsErrorMessage } : {}),
        ...(f.TrafficType ? { trafficType: f.TrafficType } : {}),
        ...(f.LogDestinationType ? { destinationType: f.LogDestinationType } : {}),
        ...(f.LogDestination ? { destination: f.LogDestination } : {}),
        mode: 'direct',
      });
    }
  }
}

async function* securityGroups(
  ctx: CollectContext<AwsConfig>,
  sdk: Sdk,
  client: Client,
  account: string,
  region: string,
  use: () => Promise<Usage>,
): AsyncGenerator<EvidenceRecord<Ec2SecurityGroup>> {
  const scope = `${account}/${region}`;
  const op = 'ec2:DescribeSecurityGroups';
  const groups: Array<{ out: DescribeSecurityGroupsCommandOutput; data: Omit<Ec2SecurityGroup, 'ingress'>; rules: IpPermission[] }> = [];
  for await (const { out, page } of paginate<DescribeSecurityGroupsCommandOutput>(
    ctx,
    client,
    op,
    (t) => new sdk.DescribeSecurityGroupsCommand({ NextToken: t, MaxResults: 1000 }),
    (o) => o.NextToken,
  )) {
    await ctx.raw(scope, 'DescribeSecurityGroups', rawOf(out), page);
    for (const g of need(out.SecurityGroups, 'SecurityGroups', op, page)) {
      const id = need(g.GroupId, 'GroupId', op, page);
      const data = {
        account,
        region,
        id,
        arn: g.SecurityGroupArn ?? `arn:aws:ec2:${region}:${account}:security-group/${id}`,
        name: g.GroupName ?? id,
        ...(g.VpcId ? { vpcId: g.VpcId } : {}),
        networkInterfaces: 0,
        mode: 'direct' as const,
      };
      groups.push({ out, data, rules: need(g.IpPermissions, `IpPermissions of ${id}`, op, page) });
    }
  }
  const usage = await use();
  // Why resolve: a rule naming a prefix list opens the port to whatever the list holds (0.0.0.0/0 included).
  const lists = await prefixLists(
    ctx,
    sdk,
    client,
    scope,
    new Set(groups.flatMap((g) => g.rules.flatMap((r) => (r.PrefixListIds ?? []).map((p) => p.PrefixListId ?? '')))),
  );
  for (const g of groups) {
    const ingress = g.rules.map((r): IngressRule => ({
      protocol: need(r.IpProtocol, `IpProtocol of a rule of ${g.data.id}`, op),
      ...(r.FromPort !== undefined ? { fromPort: r.FromPort } : {}),
      ...(r.ToPort !== undefined ? { toPort: r.ToPort } : {}),
      ipv4: (r.IpRanges ?? []).map((x) => x.CidrIp ?? '').filter(Boolean),
      ipv6: (r.Ipv6Ranges ?? []).map((x) => x.CidrIpv6 ?? '').filter(Boolean),
      prefixLists: (r.PrefixListIds ?? []).map((p) => lists.get(p.PrefixListId ?? '')!),
      groups: (r.UserIdGroupPairs ?? []).map((x) => x.GroupId ?? '').filter(Boolean),
    }));
    yield record(SECURITY_GROUP, scope, op, g.out, { ...g.data, networkInterfaces: usage.groups.get(g.data.id) ?? 0, ingress });
  }
}

/** The referenced prefix lists, each with every entry; any failed page fails the whole security-group scope. */
async function prefixLists(ctx: CollectContext<AwsConfig>, sdk: Sdk, client: Client, scope: string, ids: Set<string>): Promise<Map<string, PrefixListRef>> {
  const out = new Map<string, PrefixListRef>();
  if (ids.has('')) throw new SyntaxError('DescribeSecurityGroups answered a prefix list reference without its PrefixListId');
  const wanted = [...ids].sort();
  const op = 'ec2:DescribeManagedPrefixLists';
  // Why chunks of 100: the id list is a filter; keep each request small.
  for (let i = 0; i < wanted.length; i += 100) {
    const chunk = wanted.slice(i, i + 100);
    for await (const { out: res, page } of paginate<DescribeManagedPrefixListsCommandOutput>(
      ctx,
      client,
      op,
      (t) => new sdk.DescribeManagedPrefixListsCommand({ PrefixListIds: chunk, NextToken: t, MaxResults: 100 }),
      (o) => o.NextToken,
    )) {
      await ctx.raw(scope, 'DescribeManagedPrefixLists', rawOf(res), page);
      for (const p of need(res.PrefixLists, 'PrefixLists', op, page)) {
        const id = need(p.PrefixListId, 'PrefixListId', op, page);
        out.set(id, {
          id,
          ...(p.PrefixListName ? { name: p.PrefixListName } : {}),
          ...(p.AddressFamily ? { addressFamily: p.AddressFamily } : {}),
          ...(p.OwnerId ? { ownerId: p.OwnerId } : {}),
          cidrs: [],
        });
      }
    }
  }
  for (const id of wanted) {
    const list = out.get(id);
    if (!list) throw new SyntaxError(`DescribeManagedPrefixLists did not return the referenced prefix list ${id}`);
    const eop = 'ec2:GetManagedPrefixListEntries';
    for await (const { out: res, page } of paginate<GetManagedPrefixListEntriesCommandOutput>(
      ctx,
      client,
      eop,
      (t) => new sdk.GetManagedPrefixListEntriesCommand({ PrefixListId: id, NextToken: t, MaxResults: 100 }),
      (o) => o.NextToken,
    )) {
      await ctx.raw(scope, `GetManagedPrefixListEntries.${id}`, rawOf(res), page);
      for (const e of need(res.Entries, 'Entries', eop, page)) list.cidrs.push(need(e.Cidr, `Cidr of an entry of ${id}`, eop, page));
    }
  }
  return out;
}
