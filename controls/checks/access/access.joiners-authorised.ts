import type { Check, Finding } from '../../../src/types.js';
import { accountsOf } from './lib/accounts.js';
import { finding, ROSTER_TYPES, SYSTEM_NAMES } from './lib/finding.js';
import { linkAccounts, rosterOf } from './lib/link.js';
import { day, isCurrent, personResource } from './lib/people.js';
import { SERVICE_ACCOUNTS_PARAM, serviceAccountOf, type ServiceAccount } from './lib/service-accounts.js';

export interface Params {
  graceDays: number;
  lookbackDays: number;
  serviceAccounts: ServiceAccount[];
}

const DAY = 86_400_000;

/**
 * Every account created in the window in Okta (`created`), AWS IAM (credential report `user_creation_time`) or AWS IAM
 * Identity Center (`CreatedAt`) belongs to a roster person whose start date is no later than the creation plus
 * `graceDays` (and who had not left), or is a listed service account with a current owner. GitHub is not judged: its
 * API gives no date on which a member joined the organisation (only the audit log of Enterprise Cloud does), and a
 * guessed date would be no evidence.
 */
export const accessJoinersAuthorised: Check<Params> = {
  meta: {
    id: 'access.joiners-authorised',
    title:
      'Accounts created in the window belong to an authorised joiner or a listed service account (Okta, AWS IAM, Identity Center; not GitHub: no membership date)',
    failureTitle: 'Accounts created for nobody, or before the person was due to start',
    requires: ROSTER_TYPES,
    requiresAnyOf: ['okta.user', 'aws.iam.credential-report', 'aws.identitycenter.user'],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        graceDays: { type: 'integer', minimum: 0, default: 7, description: 'Days before the start date an account may be created (equipment and onboarding).' },
        lookbackDays: { type: 'integer', minimum: 1, default: 90, description: 'Accounts created in this many days before the run are judged.' },
        serviceAccounts: SERVICE_ACCOUNTS_PARAM,
      },
    },
    remediation:
      'Create accounts only from an HR joiner record (start date set), no more than the grace days ahead; link the account to its person (roster column or mapping file) or list it as a service account with a current owner; remove accounts nobody authorised.',
  },
  evaluate(view, params, asOf) {
    const { people, links } = rosterOf(view);
    const accounts = accountsOf(view, { okta: true, aws: true, identityCenter: true });
    const unknown = accounts.filter((a) => !a.created);
    // Why an error: without a creation date the account may be a joiner of the window, and nobody can say.
    if (unknown.length)
      throw new Error(
        `invalid-response: ${unknown.length} account(s) have no creation date, so whether they joined in the window is unknown: ${unknown
          .slice(0, 3)
          .map((a) => `${SYSTEM_NAMES[a.system]} ${a.name}`)
          .join(', ')}`,
      );
    const from = asOf.getTime() - params.lookbackDays * DAY;
    const fresh = accounts.filter((a) => Date.parse(a.created!) >= from && Date.parse(a.created!) <= asOf.getTime());
    const current = new Set(people.filter((p) => isCurrent(p.data, asOf)).map((p) => p.data.email.toLowerCase()));
    const findings: Finding[] = [];
    for (const { account: a, person, how } of linkAccounts(people, links, fresh)) {
      const sys = SYSTEM_NAMES[a.system];
      const created = day(a.created!);
      if (person) {
        const p = person.data;
        const latestStart = day(new Date(Date.parse(a.created!) + params.graceDays * DAY));
        const res = `${personResource(p)} ${a.resource}`;
        if (p.startDate > latestStart)
          findings.push(
            finding(
              'fail',
              res,
              `${sys} ${a.name} was created on ${created}, more than ${params.graceDays} day(s) before ${p.name}'s start date ${p.startDate} (linked by ${how})`,
              a.ref,
              a.scope,
            ),
          );
        else if (p.endDate && p.endDate < created)
          findings.push(
            finding('fail', res, `${sys} ${a.name} was created on ${created}, after ${p.name} left on ${p.endDate} (linked by ${how})`, a.ref, a.scope),
          );
        else
          findings.push(
            finding('pass', res, `${sys} ${a.name} was created on ${created} for ${p.name}, who starts on ${p.startDate} (linked by ${how})`, a.ref, a.scope),
          );
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
              ? `${sys} service account ${a.name} (created ${created}) owned by ${svc.owner}`
              : `${sys} service account ${a.name} (created ${created}) is owned by ${svc.owner}, who is not a current person in the roster`,
            a.ref,
            a.scope,
          ),
        );
        continue;
      }
      findings.push(
        finding(
          'fail',
          a.resource,
          `${sys} ${a.name} was created on ${created} and ${how === 'ambiguous' ? 'matches several roster people' : 'links to no person in the roster and is not a listed service account'}`,
          a.ref,
          a.scope,
        ),
      );
    }
    const note = 'GitHub is not judged: its API gives no date on which a member joined the organisation.';
    if (findings.length === 0)
      return {
        findings,
        notApplicable: true,
        note: `no account was created in Okta, AWS IAM or Identity Center in the last ${params.lookbackDays} days; ${note}`,
      };
    return { findings, note };
  },
};
