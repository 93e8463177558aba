import type { Check, Finding } from '../../../src/types.js';
import { finding } from './util.js';

export interface Params {
  maxIdleDays: number;
}

/** No ACTIVE user has gone without a sign-in for more than `maxIdleDays`. */
export const oktaUsersInactive: Check<Params> = {
  meta: {
    id: 'okta.users.inactive',
    title: 'Active Okta users have signed in recently',
    failureTitle: 'Dormant active Okta accounts',
    requires: ['okta.user'],
    // 90 days: the common SOC 2 / CIS dormancy threshold for credentials no longer needed (CC6.2).
    paramsSchema: { type: 'object', additionalProperties: false, properties: { maxIdleDays: { type: 'integer', minimum: 1, default: 90 } } },
    remediation:
      'Suspend or deactivate each listed account (or confirm with its owner and sign in), and add an Okta Workflows / lifecycle automation that suspends users after the idle limit.',
  },
  evaluate(view, params, asOf) {
    const findings: Finding[] = [];
    const limitMs = params.maxIdleDays * 86_400_000;
    for (const rec of view.records('okta.user')) {
      const u = rec.data;
      if (u.status !== 'ACTIVE') continue;
      const resource = `okta:${u.login}`;
      if (u.lastLogin) {
        const days = Math.floor((asOf.getTime() - Date.parse(u.lastLogin)) / 86_400_000);
        if (asOf.getTime() - Date.parse(u.lastLogin) > limitMs)
          findings.push(
            finding(
              'fail',
              resource,
              `last sign-in ${days} days ago (${u.lastLogin.slice(0, 10)}), over ${params.maxIdleDays}; suspend or deactivate the account`,
              rec,
            ),
          );
        else findings.push(finding('pass', resource, `last sign-in ${days} days ago`, rec));
        continue;
      }
      // Never signed in: judged from activation (or creation) so a new joiner is not flagged on day one.
      const since = u.activated ?? u.created;
      const age = since ? asOf.getTime() - Date.parse(since) : Infinity;
      if (age > limitMs)
        findings.push(
          finding(
            'fail',
            resource,
            `never signed in since ${since?.slice(0, 10) ?? 'an unknown date'}, over ${params.maxIdleDays} days; deactivate the unused account`,
            rec,
          ),
        );
      else findings.push(finding('pass', resource, `never signed in, but activated ${Math.floor(age / 86_400_000)} days ago`, rec));
    }
    return findings.length ? { findings } : { findings, notApplicable: true, note: 'no ACTIVE users' };
  },
};
