/** Evidence of the EC2 network collectors: enabled regions, VPCs, flow logs and security groups. */
export const REGION = 'aws.regions.region';
export const VPC = 'aws.vpc.vpc';
export const FLOW_LOG = 'aws.vpc.flow-log';
export const SECURITY_GROUP = 'aws.ec2.security-group';

/**
 * How the evidence was read: `direct` = from the account's own API; `delegated-admin` = the GuardDuty or Inspector
 * delegated administrator; `config-aggregator` = an AWS Config aggregator (`sources.aws.aggregation`).
 */
export type CollectionMode = 'direct' | 'delegated-admin' | 'config-aggregator';

/** Aggregation mode: the engine a record was read through, and what that engine said about the scope's coverage. */
export interface AggregationVia {
  engine: 'guardduty-delegated-admin' | 'inspector-delegated-admin' | 'config-aggregator';
  /** The administrator or aggregator account, and the region it was read in. */
  account: string;
  region: string;
  aggregator?: string;
  /** Config aggregator: the source's LastUpdateStatus (SUCCEEDED) and LastUpdateTime. */
  sourceStatus?: string;
  lastUpdateTime?: string;
  /** GuardDuty: the member's RelationshipStatus. */
  relationshipStatus?: string;
  /** Inspector: the member's account status as the administrator reads it. */
  memberStatus?: string;
}

/** `aws.regions.region`: one record per region DescribeRegions (AllRegions) lists for the account; scope: the account. */
export interface RegionsRegion {
  account: string;
  region: string;
  /** opt-in-not-required | opted-in | not-opted-in */
  optInStatus: string;
  /** The account can run resources there (not `not-opted-in`). */
  enabled: boolean;
  /** The region is in `sources.aws.regions` (every other collector reads it). */
  configured: boolean;
  mode: CollectionMode;
}

/** `aws.vpc.vpc`: scope account/region. */
export interface VpcVpc {
  account: string;
  region: string;
  id: string;
  arn: string;
  state: string;
  isDefault: boolean;
  cidrBlock?: string;
  /** Network interfaces in the VPC (DescribeNetworkInterfaces): 0 = nothing runs in it. */
  networkInterfaces: number;
  mode: CollectionMode;
  via?: AggregationVia;
}

/** `aws.vpc.flow-log`: scope account/region. */
export interface VpcFlowLog {
  account: string;
  region: string;
  id: string;
  /** The VPC, subnet or network interface logged. */
  resourceId: string;
  /** ACTIVE when the flow log is set up. */
  status: string;
  /** SUCCESS | FAILED | SKIPPED */
  deliverLogsStatus?: string;
  deliverLogsErrorMessage?: string;
  /** ACCEPT | REJECT | ALL */
  trafficType?: string;
  destinationType?: string;
  destination?: string;
  mode: CollectionMode;
  via?: AggregationVia;
}

/** A referenced managed prefix list, resolved to its entries (GetManagedPrefixListEntries, every page). */
export interface PrefixListRef {
  id: string;
  name?: string;
  /** IPv4 | IPv6 */
  addressFamily?: string;
  ownerId?: string;
  cidrs: string[];
}

/** One inbound rule of a security group. */
export interface IngressRule {
  /** tcp | udp | icmp | icmpv6 | -1 (all traffic) or a protocol number. */
  protocol: string;
  fromPort?: number;
  toPort?: number;
  ipv4: string[];
  ipv6: string[];
  prefixLists: PrefixListRef[];
  /** Security groups allowed as the source. */
  groups: string[];
}

/** `aws.ec2.security-group`: scope account/region. */
export interface Ec2SecurityGroup {
  account: string;
  region: string;
  id: string;
  arn: string;
  name: string;
  vpcId?: string;
  /** Network interfaces carrying the group: 0 = not in use. */
  networkInterfaces: number;
  ingress: IngressRule[];
  mode: CollectionMode;
  via?: AggregationVia;
}
