import type { Check, Finding } from '../../../src/types.js';
import { BUCKET, buckets, finding, where } from './lib/s3.js';

interface Statement {
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/** Why these shapes: a deny for everyone, of every S3 action, when `aws:SecureTransport` is false is what AWS documents. */
function deniesPlainHttp(s: Statement): boolean {
  if (s.Effect !== 'Deny') return false;
  const everyone = s.Principal === '*' || (s.Principal as { AWS?: unknown } | undefined)?.AWS === '*';
  const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
  const all = actions.some((a) => a === 's3:*' || a === '*');
  const cond = s.Condition ?? {};
  const insecure = ['Bool', 'BoolIfExists'].some((op) => {
    const v = Object.entries(cond[op] ?? {}).find(([k]) => k.toLowerCase() === 'aws:securetransport')?.[1];
    return [v].flat().some((x) => String(x).toLowerCase() === 'false');
  });
  return everyone && all && insecure;
}

/** Every bucket's policy denies requests that do not use TLS. */
export const s3TlsOnly: Check<Record<string, never>> = {
  meta: {
    id: 'aws.s3.tls-only',
    title: 'S3 buckets refuse requests without TLS',
    failureTitle: 'S3 buckets that accept plain HTTP',
    requires: [BUCKET],
    paramsSchema: { type: 'object', additionalProperties: false, properties: {} },
    remediation:
      'Add a bucket policy statement: Effect Deny, Principal "*", Action "s3:*", Resource the bucket and bucket/*, Condition {"Bool": {"aws:SecureTransport": "false"}}.',
  },
  evaluate(view) {
    const findings: Finding[] = buckets(view).map((r) => {
      const b = r.data;
      if (!b.policy) return finding(r, false, `${where(b)} has no bucket policy, so nothing denies requests without TLS.`);
      const st = (b.policy.document as { Statement?: Statement | Statement[] } | null)?.Statement;
      const ok = [st ?? []].flat().some(deniesPlainHttp);
      return finding(
        r,
        ok,
        ok
          ? `${where(b)} denies every request with aws:SecureTransport false.`
          : `${where(b)} has a bucket policy, but no statement denies requests with aws:SecureTransport false.`,
      );
    });
    return { findings, notApplicable: findings.length === 0 };
  },
};
