import type { Check, Finding } from '../../../src/types.js';
import { accountsOf } from './lib/accounts.js';
import { ACCOUNT_TYPES, finding, ROSTER_TYPES, SYSTEM_NAMES } from './lib/finding.js';
import { linkAccounts, rosterOf } from './lib/link.js';
import { daysSince, hasLeft, personResource } from './lib/people.js';

export interface Params {
  lookbackDays: number;
}

/** Nobody whose end date has passed still has an active account in Okta, GitHub, AWS IAM or AWS IAM Identity Center. */
export const accessLeaversRemoved: Check<Params> = {
  meta: {
    id: 'access.leavers-removed',
    title: 'Leavers have no active account in any system',
    failureTitle: 'Leavers still have active accounts',
    requires: ROSTER_TYPES,
    requiresAnyOf: ACCOUNT_TYPES,
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        lookbackDays: {
          type: 'integer',
          minimum: 1,
          default: 365,
          description: 'Leavers of this many days are listed as passes when removed (any leaver with access fails).',
        },
      },
    },
    remediation:
      "Deactivate the Okta user, remove the GitHub member or outside collaborator, delete the IAM user's console password and access keys (or the user), and disable or delete the Identity Center user; then drive offboarding from the HR end date.",
  },
  evaluate(view, params, asOf) {
    const { people, links } = rosterOf(view);
    const accounts = accountsOf(view, { okta: true, github: true, githubCollaborators: true, aws: true, identityCenter: true });
    const linked = linkAccounts(people, links, accounts);
    const findings: Finding[] = [];
    const leavers = people.filter((p) => hasLeft(p.data, asOf));
    for (const p of leavers) {
      const days = daysSince(p.data.endDate!, asOf);
      const mine = linked.filter((l) => l.person === p);
      const open = mine.filter((l) => l.account.active);
      for (const l of open) {
        const a = l.account;
        findings.push(
          finding(
            'fail',
            `${personResource(p.data)} ${a.resource}`,
            `${p.data.name} left on ${p.data.endDate} (${days} days ago) but still has an active ${SYSTEM_NAMES[a.system]} account ${a.name} (${a.role}; linked by ${l.how})`,
            a.ref,
            a.scope,
          ),
        );
      }
      if (open.length === 0 && days <= params.lookbackDays) {
        const closed = mine.map((l) => `${SYSTEM_NAMES[l.account.system]} ${l.account.name} disabled`);
        findings.push(
          finding(
            'pass',
            personResource(p.data),
            `${p.data.name} left on ${p.data.endDate} (${days} days ago): ${closed.length ? closed.join(', ') : 'no account in Okta, GitHub, AWS IAM or Identity Center'}`,
            p.ref,
            p.scope,
          ),
        );
      }
    }
    if (leavers.length === 0) return { findings, notApplicable: true, note: 'the roster has no leaver' };
    return { findings };
  },
};
