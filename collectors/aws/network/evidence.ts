/** Evidence of the EC2 network collectors: enabled regions, VPCs, flow logs and security groups. */
import type { AwsEc2SecurityGroup, AwsRegionsRegion, AwsVpcFlowLog, AwsVpcVpc } from '../../../src/evidence/types.generated.js';

export type RegionsRegion = AwsRegionsRegion;
export type VpcVpc = AwsVpcVpc;
export type VpcFlowLog = AwsVpcFlowLog;
export type Ec2SecurityGroup = AwsEc2SecurityGroup;
/** One inbound rule of a security group. */
export type IngressRule = AwsEc2SecurityGroup['ingress'][number];
/** A referenced managed prefix list, resolved to its entries (GetManagedPrefixListEntries, every page). */
export type PrefixListRef = IngressRule['prefixLists'][number];

/**
 * How the evidence was read: `direct` = from the account's own API; `delegated-admin` = the GuardDuty or Inspector
 * delegated administrator; `config-aggregator` = an AWS Config aggregator (`sources.aws.aggregation`).
 */
export type CollectionMode = AwsVpcVpc['mode'];
/** Aggregation mode: the engine a record was read through, and what that engine said about the scope's coverage. */
export type AggregationVia = NonNullable<AwsVpcVpc['via']>;

export const REGION = 'aws.regions.region';
export const VPC = 'aws.vpc.vpc';
export const FLOW_LOG = 'aws.vpc.flow-log';
export const SECURITY_GROUP = 'aws.ec2.security-group';
