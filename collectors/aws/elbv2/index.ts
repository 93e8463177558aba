/** The `aws-elbv2` collector: application and network load balancers with their listeners and TLS policies. */
import type {
  DescribeListenersCommandOutput,
  DescribeLoadBalancersCommandOutput,
  DescribeSSLPoliciesCommandOutput,
  Listener,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { CollectContext, EvidenceRecord } from '../../../src/types.js';
import { paginate, rawOf, record } from '../call.js';
import type { AwsConfig } from '../config.js';
import { regionalCollector, regionalStep } from '../regional.js';
import { LOAD_BALANCER, type ElbListener, type ElbLoadBalancer } from './evidence.js';

type Sdk = typeof import('@aws-sdk/client-elastic-load-balancing-v2');
type Client = InstanceType<Sdk['ElasticLoadBalancingV2Client']>;

export const awsElbv2Collector = regionalCollector({
  id: 'aws-elbv2',
  title: 'Elastic Load Balancing v2: load balancers, listeners, their TLS policies and HTTP redirects',
  types: [LOAD_BALANCER],
  permissions: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeSSLPolicies'],
  load: () => import('@aws-sdk/client-elastic-load-balancing-v2'),
  client: (sdk, config) => new sdk.ElasticLoadBalancingV2Client(config),
  async *region(ctx, sdk, client, account, region) {
    yield* regionalStep(ctx, LOAD_BALANCER, `${account}/${region}`, 'elasticloadbalancing:DescribeLoadBalancers', () =>
      loadBalancers(ctx, sdk, client, account, region),
    );
  },
});

async function* loadBalancers(
  ctx: CollectContext<AwsConfig>,
  sdk: Sdk,
  client: Client,
  account: string,
  region: string,
): AsyncGenerator<EvidenceRecord<ElbLoadBalancer>> {
  const scope = `${account}/${region}`;
  const lbs: Array<{ lb: Omit<ElbLoadBalancer, 'listeners'>; listeners: Listener[]; out: DescribeLoadBalancersCommandOutput }> = [];
  const op = 'elasticloadbalancing:DescribeLoadBalancers';
  for await (const { out, page } of paginate<DescribeLoadBalancersCommandOutput>(
    ctx,
    client,
    op,
    (m) => new sdk.DescribeLoadBalancersCommand({ Marker: m, PageSize: 400 }),
    (o) => o.NextMarker,
  )) {
    await ctx.raw(scope, 'DescribeLoadBalancers', rawOf(out), page);
    for (const b of out.LoadBalancers ?? []) {
      if (!b.LoadBalancerArn || !b.LoadBalancerName || !b.Type)
        throw new SyntaxError('DescribeLoadBalancers answered a load balancer without its ARN, name or type');
      lbs.push({
        lb: { account, region, name: b.LoadBalancerName, arn: b.LoadBalancerArn, type: b.Type, ...(b.Scheme ? { scheme: b.Scheme } : {}) },
        listeners: [],
        out,
      });
    }
  }
  const lop = 'elasticloadbalancing:DescribeListeners';
  for (const entry of lbs) {
    for await (const { out, page } of paginate<DescribeListenersCommandOutput>(
      ctx,
      client,
      lop,
      (m) => new sdk.DescribeListenersCommand({ LoadBalancerArn: entry.lb.arn, Marker: m, PageSize: 400 }),
      (o) => o.NextMarker,
    )) {
      await ctx.raw(scope, `DescribeListeners.${entry.lb.name}`, rawOf(out), page);
      entry.listeners.push(...(out.Listeners ?? []));
    }
  }
  // Why one call for the region: the policies in use are few and shared by listeners; each name is asked once.
  const names = [...new Set(lbs.flatMap((e) => e.listeners.map((l) => l.SslPolicy).filter((p): p is string => Boolean(p))))].sort();
  const protocols = new Map<string, string[]>();
  if (names.length) {
    const sop = 'elasticloadbalancing:DescribeSSLPolicies';
    for await (const { out, page } of paginate<DescribeSSLPoliciesCommandOutput>(
      ctx,
      client,
      sop,
      (m) => new sdk.DescribeSSLPoliciesCommand({ Names: names, Marker: m }),
      (o) => o.NextMarker,
    )) {
      await ctx.raw(scope, 'DescribeSSLPolicies', rawOf(out), page);
      for (const p of out.SslPolicies ?? []) if (p.Name) protocols.set(p.Name, p.SslProtocols ?? []);
    }
  }
  for (const { lb, listeners, out } of lbs) {
    yield record(LOAD_BALANCER, scope, op, out, { ...lb, listeners: listeners.map((l) => listener(l, protocols)) });
  }
}

function listener(l: Listener, protocols: Map<string, string[]>): ElbListener {
  if (!l.ListenerArn || l.Port === undefined || !l.Protocol) throw new SyntaxError('DescribeListeners answered a listener without its ARN, port or protocol');
  const policy = l.SslPolicy;
  // Why: a policy DescribeSSLPolicies did not describe cannot be judged; failing the listener would be a guess.
  if (policy && !protocols.has(policy)) throw new SyntaxError(`DescribeSSLPolicies did not describe ${policy}`);
  return {
    arn: l.ListenerArn,
    port: l.Port,
    protocol: l.Protocol,
    ...(policy ? { sslPolicy: policy, sslProtocols: protocols.get(policy)! } : {}),
    defaultActions: (l.DefaultActions ?? []).map((a) => ({
      type: a.Type ?? 'unknown',
      ...(a.RedirectConfig?.Protocol ? { redirectProtocol: a.RedirectConfig.Protocol } : {}),
    })),
  };
}
