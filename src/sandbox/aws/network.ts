/**
 * EC2 (ec2Query) network operations: DescribeRegions, DescribeVpcs, DescribeFlowLogs, DescribeSecurityGroups,
 * DescribeNetworkInterfaces, DescribeManagedPrefixLists and GetManagedPrefixListEntries. Element names follow the
 * EC2 client's model (`xmlName`): `regionInfo`, `vpcSet`, `flowLogSet`, `securityGroupInfo` with `ipPermissions`
 * (`ipRanges`/`ipv6Ranges`/`prefixListIds`/`groups`), `networkInterfaceSet` with `groupSet`, `prefixListSet`,
 * `entrySet`; every list member is `<item>`. The lists page by NextToken within each operation's MaxResults range.
 */
import type { AwsCall } from './index.js';
import { stableId, timeOf } from './model.js';
import { inRegion, pageOf } from './pages.js';
import { el, fail, ok, type AwsAnswer } from './query.js';
import { regionOf } from './resources.js';

export interface AwsIngressSpec {
  /** tcp | udp | icmp | -1 (all). */
  protocol?: string;
  from?: number;
  to?: number;
  cidrs?: string[];
  ipv6?: string[];
  prefixLists?: string[];
  groups?: string[];
}

export interface AwsVpcSpec {
  id: string;
  region?: string;
  cidr?: string;
  default?: boolean;
  /** The VPC's flow log: absent/false = none; true = active, delivering; or its status and delivery error. */
  flowLog?: boolean | { status?: 'ACTIVE'; deliverError?: string; traffic?: 'ALL' | 'ACCEPT' | 'REJECT'; destination?: 'cloud-watch-logs' | 's3' };
}

export interface AwsSecurityGroupSpec {
  id: string;
  name?: string;
  vpc: string;
  region?: string;
  ingress?: AwsIngressSpec[];
  /** Network interfaces carrying the group (each in the group's VPC); 0/absent = the group is not in use. */
  attached?: number;
}

export interface AwsPrefixListSpec {
  id: string;
  name?: string;
  region?: string;
  family?: 'IPv4' | 'IPv6';
  /** AWS-managed (owner AWS) rather than the account's own. */
  aws?: boolean;
  entries: string[];
}

/** An account's network estate. */
export interface AwsNetworkSpec {
  /** Regions the account has enabled (DescribeRegions); absent = the 17 regions enabled by default. */
  regions?: string[];
  vpcs?: AwsVpcSpec[];
  securityGroups?: AwsSecurityGroupSpec[];
  prefixLists?: AwsPrefixListSpec[];
}

/** The regions enabled in every account (no opt-in needed). */
export const DEFAULT_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'sa-east-1',
];
/** Opt-in regions (listed with AllRegions=true, `not-opted-in` unless the account enabled them). */
const OPT_IN_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
];

export const NETWORK_OPS = new Set([
  'DescribeRegions',
  'DescribeVpcs',
  'DescribeFlowLogs',
  'DescribeSecurityGroups',
  'DescribeNetworkInterfaces',
  'DescribeManagedPrefixLists',
  'GetManagedPrefixListEntries',
]);

export function network(call: AwsCall): AwsAnswer {
  const spec = call.account.spec.network ?? {};
  switch (call.op) {
    case 'DescribeRegions':
      return describeRegions(call, spec);
    case 'DescribeVpcs':
      return paged(call, 5, 1000, inRegion(call, spec.vpcs), 'vpcSet', (v) => vpc(call, v));
    case 'DescribeFlowLogs':
      return paged(
        call,
        1,
        1000,
        inRegion(call, spec.vpcs).filter((v) => v.flowLog),
        'flowLogSet',
        (v) => flowLog(call, v),
      );
    case 'DescribeSecurityGroups':
      return paged(call, 5, 1000, inRegion(call, spec.securityGroups), 'securityGroupInfo', (g) => securityGroup(call, g));
    case 'DescribeNetworkInterfaces':
      return paged(call, 5, 1000, interfacesOf(call, spec), 'networkInterfaceSet', (i) => i);
    case 'DescribeManagedPrefixLists':
      return describePrefixLists(call, spec);
    case 'GetManagedPrefixListEntries':
      return prefixListEntries(call, spec);
    default:
      return fail('InvalidAction', `The action ${call.op} is not valid for this web service.`, 400);
  }
}

function items<T>(tag: string, list: T[], render: (i: T) => string): string {
  return list.length ? `<${tag}>${list.map((i) => `<item>${render(i)}</item>`).join('')}</${tag}>` : `<${tag}/>`;
}

/** One page of a list; MaxResults outside [min, max] is refused as EC2 does, an unknown token too. */
function paged<T>(call: AwsCall, min: number, max: number, list: T[], tag: string, render: (i: T) => string): AwsAnswer {
  const raw = call.form.MaxResults;
  const n = raw === undefined ? 1000 : Number(raw);
  if (raw !== undefined && (!Number.isInteger(n) || n < min || n > max)) {
    return fail('InvalidParameterValue', `Value ( ${raw} ) for parameter maxResults is invalid. Expecting a value between ${min} and ${max}.`, 400);
  }
  const page = pageOf(list, call.form.NextToken, n);
  if (!page) return fail('InvalidNextToken', 'The specified token is not valid.', 400);
  return ok(items(tag, page.items, render) + (page.next ? el('nextToken', page.next) : ''));
}

function describeRegions(call: AwsCall, spec: AwsNetworkSpec): AwsAnswer {
  const enabled = new Set(spec.regions ?? DEFAULT_REGIONS);
  const all = call.form.AllRegions === 'true';
  const known = [...new Set([...DEFAULT_REGIONS, ...OPT_IN_REGIONS, ...enabled])];
  const list = known
    .map((r) => ({ r, status: !enabled.has(r) ? 'not-opted-in' : DEFAULT_REGIONS.includes(r) ? 'opt-in-not-required' : 'opted-in' }))
    .filter((x) => all || x.status !== 'not-opted-in');
  return ok(items('regionInfo', list, (x) => el('regionName', x.r) + el('regionEndpoint', `ec2.${x.r}.amazonaws.com`) + el('optInStatus', x.status)));
}

function vpc(call: AwsCall, v: AwsVpcSpec): string {
  const cidr = v.cidr ?? '10.0.0.0/16';
  return (
    el('vpcId', v.id) +
    el('ownerId', call.account.id) +
    el('state', 'available') +
    el('cidrBlock', cidr) +
    items(
      'cidrBlockAssociationSet',
      [cidr],
      (c) =>
        el('cidrBlock', c) +
        el('associationId', `vpc-cidr-assoc-${stableId(v.id, 8).toLowerCase()}`) +
        `<cidrBlockState>${el('state', 'associated')}</cidrBlockState>`,
    ) +
    el('dhcpOptionsId', 'dopt-0a1b2c3d') +
    el('instanceTenancy', 'default') +
    el('isDefault', v.default ?? false)
  );
}

function flowLog(call: AwsCall, v: AwsVpcSpec): string {
  const f = v.flowLog === true ? {} : (v.flowLog as Exclude<AwsVpcSpec['flowLog'], boolean | undefined>);
  const dest = f.destination ?? 'cloud-watch-logs';
  return (
    el('creationTime', timeOf('-300d', call.world.base)) +
    el('deliverLogsErrorMessage', f.deliverError) +
    (dest === 'cloud-watch-logs' ? el('deliverLogsPermissionArn', `arn:aws:iam::${call.account.id}:role/flow-logs`) : '') +
    el('deliverLogsStatus', f.deliverError ? 'FAILED' : 'SUCCESS') +
    el('flowLogId', `fl-${stableId(`${call.account.id}/${v.id}`, 17, '0123456789abcdef')}`) +
    el('flowLogStatus', f.status ?? 'ACTIVE') +
    (dest === 'cloud-watch-logs' ? el('logGroupName', `/vpc/flow-logs/${v.id}`) : '') +
    el('resourceId', v.id) +
    el('trafficType', f.traffic ?? 'ALL') +
    el('logDestinationType', dest) +
    el(
      'logDestination',
      dest === 's3' ? `arn:aws:s3:::flow-logs-${call.account.id}` : `arn:aws:logs:${call.region}:${call.account.id}:log-group:/vpc/flow-logs/${v.id}`,
    ) +
    el(
      'logFormat',
      '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}',
    ) +
    el('maxAggregationInterval', 600)
  );
}

function securityGroup(call: AwsCall, g: AwsSecurityGroupSpec): string {
  return (
    el('ownerId', call.account.id) +
    el('groupId', g.id) +
    el('groupName', g.name ?? g.id) +
    el('groupDescription', `${g.name ?? g.id} security group`) +
    el('vpcId', g.vpc) +
    items('ipPermissions', g.ingress ?? [], (p) => permission(call, p)) +
    items('ipPermissionsEgress', [{ protocol: '-1', cidrs: ['0.0.0.0/0'] }], (p) => permission(call, p)) +
    el('securityGroupArn', `arn:aws:ec2:${call.region}:${call.account.id}:security-group/${g.id}`)
  );
}

function permission(call: AwsCall, p: AwsIngressSpec): string {
  const proto = p.protocol ?? 'tcp';
  return (
    el('ipProtocol', proto) +
    (proto === '-1' ? '' : el('fromPort', p.from ?? 0) + el('toPort', p.to ?? p.from ?? 65535)) +
    items('groups', p.groups ?? [], (id) => el('userId', call.account.id) + el('groupId', id)) +
    items('ipRanges', p.cidrs ?? [], (c) => el('cidrIp', c)) +
    items('ipv6Ranges', p.ipv6 ?? [], (c) => el('cidrIpv6', c)) +
    items('prefixListIds', p.prefixLists ?? [], (id) => el('prefixListId', id))
  );
}

/** Network interfaces: `attached` of each security group, in the group's VPC, rendered once. */
function interfacesOf(call: AwsCall, spec: AwsNetworkSpec): string[] {
  const out: string[] = [];
  for (const g of inRegion(call, spec.securityGroups)) {
    for (let i = 0; i < (g.attached ?? 0); i++) {
      const id = `eni-${stableId(`${call.account.id}/${g.id}/${i}`, 17, '0123456789abcdef')}`;
      out.push(
        el('networkInterfaceId', id) +
          el('subnetId', `subnet-${stableId(g.vpc, 8, '0123456789abcdef')}`) +
          el('vpcId', g.vpc) +
          el('availabilityZone', `${call.region}a`) +
          el('ownerId', call.account.id) +
          el('requesterManaged', false) +
          el('status', 'in-use') +
          el('privateIpAddress', `10.0.${i % 250}.${10 + (i % 200)}`) +
          items('groupSet', [g], (x) => el('groupId', x.id) + el('groupName', x.name ?? x.id)) +
          el('interfaceType', 'interface'),
      );
    }
  }
  return out;
}

/** `PrefixListId.N` parameters (EC2 query lists are `Name.N`). */
function listParam(call: AwsCall, name: string): string[] {
  return Object.entries(call.form)
    .filter(([k]) => new RegExp(`^${name}\\.\\d+$`).test(k))
    .sort((a, b) => Number(a[0].split('.')[1]) - Number(b[0].split('.')[1]))
    .map(([, v]) => v);
}

function visibleLists(call: AwsCall, spec: AwsNetworkSpec): AwsPrefixListSpec[] {
  return (spec.prefixLists ?? []).filter((p) => regionOf(p) === call.region);
}

function describePrefixLists(call: AwsCall, spec: AwsNetworkSpec): AwsAnswer {
  const ids = listParam(call, 'PrefixListId');
  const lists = visibleLists(call, spec);
  const missing = ids.find((id) => !lists.some((p) => p.id === id));
  if (missing) return fail('InvalidPrefixListID.NotFound', `The prefix list ID '${missing}' does not exist`, 400);
  const wanted = ids.length ? lists.filter((p) => ids.includes(p.id)) : lists;
  return paged(
    call,
    1,
    100,
    wanted,
    'prefixListSet',
    (p) =>
      el('prefixListId', p.id) +
      el('addressFamily', p.family ?? 'IPv4') +
      el('state', 'create-complete') +
      el('prefixListArn', `arn:aws:ec2:${call.region}:${p.aws ? 'aws' : call.account.id}:prefix-list/${p.id}`) +
      el('prefixListName', p.name ?? p.id) +
      (p.aws ? '' : el('maxEntries', Math.max(p.entries.length, 10))) +
      el('version', 1) +
      el('ownerId', p.aws ? 'AWS' : call.account.id),
  );
}

function prefixListEntries(call: AwsCall, spec: AwsNetworkSpec): AwsAnswer {
  const id = call.form.PrefixListId;
  if (!id) return fail('MissingParameter', 'The request must contain the parameter PrefixListId', 400);
  const p = visibleLists(call, spec).find((x) => x.id === id);
  if (!p) return fail('InvalidPrefixListID.NotFound', `The prefix list ID '${id}' does not exist`, 400);
  return paged(call, 1, 100, p.entries, 'entrySet', (c) => el('cidr', c));
}
