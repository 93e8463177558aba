/** Elastic Load Balancing v2 evidence: one record per load balancer, with its listeners and their TLS policies. */
import type { AwsElbLoadBalancer } from '../../../src/evidence/types.generated.js';

export type ElbLoadBalancer = AwsElbLoadBalancer;
export type ElbListener = AwsElbLoadBalancer['listeners'][number];

export const LOAD_BALANCER = 'aws.elb.load-balancer';
