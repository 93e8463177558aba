import type { Check, Finding } from '../../../src/types.js';
import { accountsOf } from './lib/accounts.js';
import { ACCOUNT_TYPES, finding, ROSTER_TYPES, SYSTEM_NAMES } from './lib/finding.js';
import { linkAccounts, rosterOf } from './lib/link.js';
import { isCurrent } from './lib/people.js';
import { SERVICE_ACCOUNTS_PARAM, serviceAccountOf, type ServiceAccount } from './lib/service-accounts.js';

export interface Params {
  serviceAccounts: ServiceAccount[];
}

/**
 * Every active account links to a current person, or is a listed service account whose owner is a current
 * person. Accounts of leavers are `access.leavers-removed`'s findings, not repeated here.
 */
export const accessOrphanAccounts: Check<Params> = {
  meta: {
    id: 'access.orphan-accounts',
    title: 'Every active account belongs to a current person or a listed, owned service account',
    failureTitle: 'Active accounts that belong to nobody',
    requires: ROSTER_TYPES,
    requiresAnyOf: ACCOUNT_TYPES,
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        serviceAccounts: SERVICE_ACCOUNTS_PARAM,
      },
    },
    remediation:
      'Link the account to its person (roster `github`/`aws` column or the mapping file), list it as a service account with a current owner, or remove it.',
  },
  evaluate(view, params, asOf) {
    const { people, links } = rosterOf(view);
    const linked = linkAccounts(people, links, accountsOf(view, { okta: true, github: true, githubCollaborators: true, aws: true, identityCenter: true }));
    const current = new Set(people.filter((p) => isCurrent(p.data, asOf)).map((p) => p.data.email.toLowerCase()));
    const findings: Finding[] = [];
    for (const { account: a, person, how } of linked) {
      if (!a.active) continue;
      const sys = SYSTEM_NAMES[a.system];
      if (person) {
        if (isCurrent(person.data, asOf))
          findings.push(finding('pass', a.resource, `${sys} ${a.name} belongs to ${person.data.name} (linked by ${how})`, a.ref, a.scope));
        else if (person.data.startDate > asOf.toISOString().slice(0, 10))
          findings.push(finding('pass', a.resource, `${sys} ${a.name} belongs to ${person.data.name}, who starts on ${person.data.startDate}`, a.ref, a.scope));
        continue;
      }
      const svc = serviceAccountOf(params.serviceAccounts, a);
      if (svc) {
        const ok = current.has(svc.owner.toLowerCase());
        findings.push(
          finding(
            ok ? 'pass' : 'fail',
            a.resource,
            ok
              ? `${sys} service account ${a.name} owned by ${svc.owner}${svc.reason ? ` (${svc.reason})` : ''}`
              : `${sys} service account ${a.name} is owned by ${svc.owner}, who is not a current person in the roster: give it a new owner`,
            a.ref,
            a.scope,
          ),
        );
        continue;
      }
      const why =
        how === 'ambiguous'
          ? 'matches several roster people: make the roster columns or the mapping file unambiguous'
          : 'links to no person in the roster and is not a listed service account';
      findings.push(finding('fail', a.resource, `${sys} ${a.name} (${a.role}) ${why}`, a.ref, a.scope));
    }
    if (findings.length === 0) return { findings, notApplicable: true, note: 'no active account in any system' };
    return { findings };
  },
};
