import type { Check, Finding } from '../../../src/types.js';
import { accountsOf } from './lib/accounts.js';
import { finding, ROSTER_TYPES, SYSTEM_NAMES } from './lib/finding.js';
import { linkAccounts, rosterOf } from './lib/link.js';
import { isCurrent, personResource } from './lib/people.js';

/**
 * Every current person has MFA on every active account they hold: an Okta factor, GitHub two-factor
 * authentication, and MFA on an AWS IAM console password. One finding per person and system. AWS IAM Identity
 * Center does not publish its users' MFA devices or its MFA settings through any public API: a current person with an
 * enabled Identity Center user is listed for a person to confirm in the console (`manual`), never passed.
 */
export const accessMfaPerPerson: Check = {
  meta: {
    id: 'access.mfa-per-person',
    title: 'Every current person uses MFA in every system they can sign in to',
    failureTitle: 'People without MFA on some of their accounts',
    requires: ROSTER_TYPES,
    requiresAnyOf: [
      'okta.user',
      'okta.user.factors',
      'github.org.member',
      'github.org.member-without-2fa',
      'aws.iam.credential-report',
      'aws.identitycenter.user',
    ],
    paramsSchema: { type: 'object', additionalProperties: false, properties: {} },
    remediation:
      'Have the person enrol a strong factor (Okta Verify or WebAuthn), turn on GitHub 2FA (or require it for the org), and assign an MFA device to the IAM console user — better, replace IAM users by Identity Center.',
  },
  evaluate(view, _params, asOf) {
    const { people, links } = rosterOf(view);
    const linked = linkAccounts(
      people,
      links,
      accountsOf(view, { okta: true, oktaFactors: true, github: true, github2fa: true, aws: true, identityCenter: true }),
    );
    const findings: Finding[] = [];
    const unreadable: string[] = [];
    for (const { account: a, person } of linked) {
      if (person && isCurrent(person.data, asOf) && a.active && a.system === 'identity-center') unreadable.push(`${person.data.name} (${a.name})`);
      if (!person || !isCurrent(person.data, asOf) || !a.active || a.mfa === undefined) continue;
      const res = `${personResource(person.data)} ${a.resource}`;
      const sys = SYSTEM_NAMES[a.system];
      findings.push(
        finding(
          a.mfa ? 'pass' : 'fail',
          res,
          a.mfa ? `${person.data.name} has MFA on ${sys} ${a.name}` : `${person.data.name} has no MFA on ${sys} account ${a.name}`,
          a.ref,
          a.scope,
        ),
      );
    }
    if (unreadable.length) {
      const review = `MFA of ${unreadable.length} current person(s) in AWS IAM Identity Center cannot be read through AWS's public APIs (no MFA device or MFA setting is published): confirm in the IAM Identity Center console (Settings > Authentication > MFA, and each user's MFA devices) for ${unreadable.slice(0, 5).join(', ')}${unreadable.length > 5 ? ', …' : ''}`;
      return { findings, needsReview: review, note: review };
    }
    if (findings.length === 0) return { findings, notApplicable: true, note: 'no current person holds an account that can use MFA' };
    return { findings };
  },
};
