/**
 * Elastic Load Balancing v2 (awsQuery, 2015-12-01): DescribeLoadBalancers, DescribeListeners and
 * DescribeSSLPolicies, Marker-paged (PageSize 1–400) with `NextMarker` in the answer, lists as `<member>`.
 */
import type { AwsCall } from './index.js';
import { stableId, timeOf } from './model.js';
import { el, fail, formList, members, ok, type AwsAnswer } from './query.js';
import type { AwsListenerSpec, AwsLoadBalancerSpec } from './resources.js';
import { pageOf, inRegion } from './pages.js';

/** The predefined policies the sandbox knows, with the protocols each allows (as AWS documents them). */
const POLICIES: Record<string, string[]> = {
  'ELBSecurityPolicy-2016-08': ['TLSv1', 'TLSv1.1', 'TLSv1.2'],
  'ELBSecurityPolicy-TLS-1-0-2015-04': ['TLSv1', 'TLSv1.1', 'TLSv1.2'],
  'ELBSecurityPolicy-TLS-1-1-2017-01': ['TLSv1.1', 'TLSv1.2'],
  'ELBSecurityPolicy-TLS-1-2-2017-01': ['TLSv1.2'],
  'ELBSecurityPolicy-FS-1-2-Res-2020-10': ['TLSv1.2'],
  'ELBSecurityPolicy-TLS13-1-2-2021-06': ['TLSv1.2', 'TLSv1.3'],
  'ELBSecurityPolicy-TLS13-1-3-2021-06': ['TLSv1.3'],
};

export function elasticloadbalancing(call: AwsCall): AwsAnswer {
  switch (call.op) {
    case 'DescribeLoadBalancers':
      return paged(call, balancers(call), 'LoadBalancers', (b) => loadBalancer(call, b));
    case 'DescribeListeners': {
      const arn = call.form.LoadBalancerArn ?? '';
      const lb = balancers(call).find((b) => arnOf(call, b) === arn);
      if (!lb) return fail('LoadBalancerNotFound', `Load balancer '${arn}' not found`);
      return paged(
        call,
        (lb.listeners ?? []).map((l) => ({ l, lb })),
        'Listeners',
        ({ l, lb: b }) => listener(call, b, l),
      );
    }
    case 'DescribeSSLPolicies': {
      const names = formList(call.form, 'Names');
      const unknown = names.find((n) => !POLICIES[n]);
      if (unknown) return fail('SSLPolicyNotFound', `SSL policy '${unknown}' not found`);
      const list = (names.length ? names : Object.keys(POLICIES)).map((n) => ({ n, protocols: POLICIES[n]! }));
      return paged(
        call,
        list,
        'SslPolicies',
        (p) =>
          el('Name', p.n) +
          members('SslProtocols', p.protocols, (x) => x) +
          members('Ciphers', [], () => '') +
          members('SupportedLoadBalancerTypes', ['application', 'network'], (x) => x),
      );
    }
    default:
      return fail('InvalidAction', `Could not find operation ${call.op} for version 2015-12-01`);
  }
}

function balancers(call: AwsCall): AwsLoadBalancerSpec[] {
  return inRegion(call, call.account.spec.loadBalancers);
}

function arnOf(call: AwsCall, b: AwsLoadBalancerSpec): string {
  const kind = b.type === 'network' ? 'net' : 'app';
  return `arn:aws:elasticloadbalancing:${call.region}:${call.account.id}:loadbalancer/${kind}/${b.name}/${stableId(b.name, 16, '0123456789abcdef')}`;
}

function paged<T>(call: AwsCall, all: T[], tag: string, render: (i: T) => string): AwsAnswer {
  const max = call.form.PageSize === undefined ? 400 : Number(call.form.PageSize);
  if (!Number.isInteger(max) || max < 1 || max > 400) return fail('ValidationError', 'PageSize must be between 1 and 400');
  const page = pageOf(all, call.form.Marker, max);
  if (!page) return fail('ValidationError', 'Invalid marker');
  return ok(members(tag, page.items, render) + (page.next ? el('NextMarker', page.next) : ''));
}

function loadBalancer(call: AwsCall, b: AwsLoadBalancerSpec): string {
  return (
    el('LoadBalancerArn', arnOf(call, b)) +
    el('DNSName', `${b.name}-${stableId(b.name, 10, '0123456789')}.${call.region}.elb.amazonaws.com`) +
    el('CreatedTime', timeOf('-150d', call.world.base)) +
    el('LoadBalancerName', b.name) +
    el('Scheme', b.scheme ?? 'internet-facing') +
    el('VpcId', `vpc-${stableId(call.account.id, 17, '0123456789abcdef')}`) +
    `<State>${el('Code', 'active')}</State>` +
    el('Type', b.type ?? 'application') +
    el('IpAddressType', 'ipv4')
  );
}

function listener(call: AwsCall, b: AwsLoadBalancerSpec, l: AwsListenerSpec): string {
  const lbArn = arnOf(call, b);
  const action =
    l.protocol === 'HTTP' && l.redirect
      ? el('Type', 'redirect') +
        `<RedirectConfig>${el('Protocol', 'HTTPS')}${el('Port', '443')}${el('Host', '#{host}')}${el('Path', '/#{path}')}${el('Query', '#{query}')}${el('StatusCode', 'HTTP_301')}</RedirectConfig>`
      : el('Type', 'forward') +
        el(
          'TargetGroupArn',
          `arn:aws:elasticloadbalancing:${call.region}:${call.account.id}:targetgroup/${b.name}-tg/${stableId(`${b.name}/tg`, 16, '0123456789abcdef')}`,
        );
  const tls = l.protocol === 'HTTPS' || l.protocol === 'TLS';
  return (
    el('ListenerArn', lbArn.replace(':loadbalancer/', ':listener/') + `/${stableId(`${b.name}/${l.port}`, 16, '0123456789abcdef')}`) +
    el('LoadBalancerArn', lbArn) +
    el('Port', l.port) +
    el('Protocol', l.protocol) +
    (tls
      ? members('Certificates', [1], () =>
          el('CertificateArn', `arn:aws:acm:${call.region}:${call.account.id}:certificate/${stableId(b.name, 8, '0123456789abcdef')}`),
        )
      : '') +
    (tls ? el('SslPolicy', l.policy ?? 'ELBSecurityPolicy-2016-08') : '') +
    members('DefaultActions', [1], () => action)
  );
}
