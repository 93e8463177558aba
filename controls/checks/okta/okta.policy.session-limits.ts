import type { Check, Finding } from '../../../src/types.js';
import { active, finding, policyResource } from './util.js';

export interface Params {
  maxIdleMinutes: number;
  maxLifetimeMinutes: number;
  allowPersistentCookie: boolean;
}

/** Global session rules (OKTA_SIGN_ON) end idle sessions and cap session lifetime. */
export const oktaPolicySessionLimits: Check<Params> = {
  meta: {
    id: 'okta.policy.session-limits',
    title: 'Okta sessions time out when idle and have a maximum lifetime',
    failureTitle: 'Okta sessions last too long',
    requires: ['okta.policy.sign-on'],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxIdleMinutes: { type: 'integer', minimum: 1, default: 120 },
        // 18 hours: the DISA Okta STIG global session lifetime.
        maxLifetimeMinutes: { type: 'integer', minimum: 1, default: 1080 },
        allowPersistentCookie: { type: 'boolean', default: false },
      },
    },
    remediation:
      'In Security > Global Session Policy, set each rule\'s idle timeout and maximum session lifetime within the limits and turn off "Okta global session cookies persist across browser sessions".',
  },
  evaluate(view, params) {
    const findings: Finding[] = [];
    for (const rec of view.records('okta.policy.sign-on')) {
      const p = rec.data;
      if ((p.status ?? 'ACTIVE') !== 'ACTIVE') continue;
      for (const r of active(p.rules)) {
        const signon = r.actions?.signon;
        if (signon?.access !== 'ALLOW') continue;
        const s = signon.session ?? {};
        const idle = s.maxSessionIdleMinutes ?? 0;
        const lifetime = s.maxSessionLifetimeMinutes ?? 0;
        const gaps: string[] = [];
        if (!(idle > 0) || idle > params.maxIdleMinutes) gaps.push(`idle timeout ${s.maxSessionIdleMinutes ?? 'unset'} min > ${params.maxIdleMinutes}`);
        // 0 means no lifetime limit.
        if (!(lifetime > 0) || lifetime > params.maxLifetimeMinutes)
          gaps.push(lifetime > 0 ? `lifetime ${lifetime} min > ${params.maxLifetimeMinutes}` : 'no maximum session lifetime');
        if (s.usePersistentCookie === true && !params.allowPersistentCookie) gaps.push('session cookie persists across browser restarts');
        const res = policyResource(p, r);
        findings.push(
          gaps.length
            ? finding('fail', res, `rule "${r.name}": ${gaps.join('; ')}`, rec)
            : finding('pass', res, `rule "${r.name}": idle ${s.maxSessionIdleMinutes} min, lifetime ${s.maxSessionLifetimeMinutes} min`, rec),
        );
      }
    }
    return findings.length ? { findings } : { findings, notApplicable: true, note: 'no active global session rule allows sign-in' };
  },
};
