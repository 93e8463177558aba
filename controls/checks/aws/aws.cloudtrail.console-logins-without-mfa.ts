import type { Check, Finding } from '../../../src/types.js';
import { matches } from './lib/iam.js';
import { isSuccessfulConsoleLogin, scopePasses } from './lib/events.js';
import { EVENT } from './lib/trails.js';

/** Successful console sign-ins of IAM users (and root) without MFA in the period. */
export const consoleLoginsWithoutMfa: Check<{ ignoreUsers: string[] }> = {
  meta: {
    id: 'aws.cloudtrail.console-logins-without-mfa',
    title: 'Console sign-ins use MFA',
    failureTitle: 'Console sign-ins without MFA',
    requires: [EVENT],
    paramsSchema: { type: 'object', additionalProperties: false, properties: { ignoreUsers: { type: 'array', items: { type: 'string' }, default: [] } } },
    remediation: 'Assign MFA to the user and enforce it with an IAM policy denying actions when aws:MultiFactorAuthPresent is false; prefer SSO.',
  },
  evaluate(view, p) {
    const failing = new Set<string>();
    const findings: Finding[] = [];
    const unknown: string[] = [];
    // Why each, not a kept list: a large estate has hundreds of thousands of sign-ins; only the failing ones stay.
    view.each(EVENT, (r) => {
      const e = r.data;
      // Why only IAM users and root: federated (SSO) sign-ins carry their MFA in the identity provider, not in MFAUsed.
      if (!isSuccessfulConsoleLogin(e) || !['IAMUser', 'Root'].includes(e.userIdentity?.type ?? '')) return;
      if (matches(p.ignoreUsers, e.userIdentity?.arn, e.username)) return;
      // Why: CloudTrail states MFAUsed (Yes/No) on every IAM user and root sign-in; an event without it cannot say
      // whether MFA was used, and reading the absence as "Yes" would pass a sign-in nobody can vouch for.
      if (e.additionalEventData?.MFAUsed === undefined) unknown.push(`${r.scope} ${e.eventId} (${r.ref})`);
      if (e.additionalEventData?.MFAUsed !== 'No') return;
      failing.add(r.scope);
      findings.push({
        status: 'fail',
        resource: e.userIdentity?.arn ?? `arn:aws:iam::${e.account}:user/${e.username}`,
        evidence: r.ref,
        scope: r.scope,
        reason: `${e.username} signed in to the console of account ${e.account} without MFA at ${e.eventTime} from ${e.sourceIPAddress ?? 'unknown IP'}.`,
      });
    });
    if (unknown.length) {
      throw new Error(
        `invalid-response: ${unknown.length} console sign-in event(s) have no additionalEventData.MFAUsed, so their MFA is unknown: ${unknown.slice(0, 3).join(', ')}${unknown.length > 3 ? ', …' : ''}`,
      );
    }
    findings.push(...scopePasses(view, failing, (a, r) => `Every console sign-in in account ${a}, region ${r} used MFA over the collected window.`));
    return { findings };
  },
};
