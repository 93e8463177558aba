import type { Check, Finding } from '../../../src/types.js';
import { LOAD_BALANCER } from '../../../collectors/aws/elbv2/evidence.js';

const ORDER = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/** HTTPS/TLS listeners allow nothing below TLS 1.2; HTTP listeners redirect to HTTPS. */
export const elbTlsListeners: Check<{ minVersion: 'TLSv1.2' | 'TLSv1.3' }> = {
  meta: {
    id: 'aws.elb.tls-listeners',
    title: 'Load balancers encrypt traffic in transit with current TLS',
    failureTitle: 'Load balancer listeners allowing old TLS or plain HTTP',
    requires: [LOAD_BALANCER],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { minVersion: { enum: ['TLSv1.2', 'TLSv1.3'], default: 'TLSv1.2', description: 'Oldest TLS version a listener policy may allow' } },
    },
    remediation:
      'Use a TLS 1.2+ security policy (e.g. ELBSecurityPolicy-TLS13-1-2-2021-06) on HTTPS/TLS listeners, and make each HTTP listener redirect to HTTPS (HTTP_301).',
  },
  evaluate(view, p) {
    const min = ORDER.indexOf(p.minVersion);
    const findings: Finding[] = [];
    for (const r of view.records(LOAD_BALANCER)) {
      const lb = r.data;
      for (const l of lb.listeners) {
        const where = `Listener ${l.protocol}:${l.port} of ${lb.name} (account ${lb.account}, region ${lb.region})`;
        if (l.protocol === 'HTTPS' || l.protocol === 'TLS') {
          // Why unknown protocol names fail: a policy allowing a protocol we cannot rank cannot be shown to be current.
          const old = (l.sslProtocols ?? []).filter((x) => ORDER.indexOf(x) < min);
          const ok = old.length === 0 && (l.sslProtocols ?? []).length > 0;
          findings.push({
            status: ok ? 'pass' : 'fail',
            resource: l.arn,
            evidence: r.ref,
            scope: r.scope,
            reason: ok
              ? `${where} uses ${l.sslPolicy} (${l.sslProtocols!.join(', ')}).`
              : `${where} uses ${l.sslPolicy ?? 'no policy'}, which allows ${old.join(', ') || 'no known protocol'}.`,
          });
        } else if (l.protocol === 'HTTP') {
          const ok = l.defaultActions.some((a) => a.type === 'redirect' && a.redirectProtocol === 'HTTPS');
          findings.push({
            status: ok ? 'pass' : 'fail',
            resource: l.arn,
            evidence: r.ref,
            scope: r.scope,
            reason: ok
              ? `${where} redirects to HTTPS.`
              : `${where} serves plain HTTP (default action ${l.defaultActions.map((a) => a.type).join(', ') || 'none'}) instead of redirecting to HTTPS.`,
          });
        }
      }
    }
    return { findings, notApplicable: findings.length === 0 };
  },
};
