/** Elastic Load Balancing v2 evidence: one record per load balancer, with its listeners and their TLS policies. */
export const LOAD_BALANCER = 'aws.elb.load-balancer';

export interface ElbListener {
  arn: string;
  port: number;
  protocol: string;
  /** HTTPS/TLS listeners: the security policy and the protocols it allows (from DescribeSSLPolicies). */
  sslPolicy?: string;
  sslProtocols?: string[];
  /** The default actions' types (`forward`, `redirect`, `fixed-response`, …). */
  defaultActions: Array<{ type: string; redirectProtocol?: string }>;
}

/** `aws.elb.load-balancer`. */
export interface ElbLoadBalancer {
  account: string;
  region: string;
  name: string;
  arn: string;
  /** application | network | gateway */
  type: string;
  scheme?: string;
  listeners: ElbListener[];
}
