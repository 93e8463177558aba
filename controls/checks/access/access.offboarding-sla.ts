import type { Check, Finding, StoredRecord } from '../../../src/types.js';
import { accountsOf, type System } from './lib/accounts.js';
import { ACCOUNT_TYPES, finding, ROSTER_TYPES, SYSTEM_NAMES } from './lib/finding.js';
import { linkAccounts, rosterOf } from './lib/link.js';
import { businessDaysAfter, daysSince, hasLeft, personResource, type Person } from './lib/people.js';
import { removalEvents } from './lib/removals.js';

export interface Params {
  maxDays: number;
  lookbackDays: number;
}

/**
 * Access is removed within `maxDays` business days of the HR end date, per person and system. The removal
 * time comes from history in the bundle: Okta suspend/deactivate events, CloudTrail IAM removals. Where the
 * bundle holds no such history (GitHub without an audit log, a removal before the log window) the person is
 * listed as not measurable in the note: never counted as on time.
 */
export const accessOffboardingSla: Check<Params> = {
  meta: {
    id: 'access.offboarding-sla',
    title: 'Leavers lose access within the offboarding SLA',
    failureTitle: 'Access removed late (or not yet) after the end date',
    requires: ROSTER_TYPES,
    // Why not Identity Center: no removal event of it is collected, so its users cannot be timed here.
    requiresAnyOf: [...ACCOUNT_TYPES.filter((t) => t !== 'aws.identitycenter.user'), 'okta.log.user-lifecycle', 'aws.cloudtrail.event'],
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxDays: { type: 'integer', minimum: 0, default: 1, description: 'Business days (Mon–Fri) after the end date.' },
        lookbackDays: { type: 'integer', minimum: 1, default: 92, description: 'Leavers whose end date is within this many days.' },
      },
    },
    remediation:
      'Trigger deprovisioning from the HR end date (Okta HR-driven lifecycle or Workflows), remove GitHub and AWS access in the same step, and keep the System Log/CloudTrail history that proves when.',
  },
  evaluate(view, params, asOf) {
    const { people, links } = rosterOf(view);
    const linked = linkAccounts(people, links, accountsOf(view, { okta: true, github: true, githubCollaborators: true, aws: true }));
    const removals = removalEvents(view);
    const findings: Finding[] = [];
    const unmeasured: string[] = [];
    const leavers = people.filter((p) => hasLeft(p.data, asOf) && daysSince(p.data.endDate!, asOf) <= params.lookbackDays);
    for (const p of leavers) {
      const end = p.data.endDate!;
      const keys = accountKeys(
        p,
        linked.filter((l) => l.person === p).map((l) => l.account),
      );
      for (const [system, acct] of keys) {
        const res = `${personResource(p.data)} ${system}:${acct.name}`;
        if (acct.active) {
          const late = businessDaysAfter(end, asOf.toISOString());
          findings.push(
            finding(
              late > params.maxDays ? 'fail' : 'pass',
              res,
              `${SYSTEM_NAMES[system]} account ${acct.name} still active ${late} business day(s) after the end date ${end} (limit ${params.maxDays})`,
              acct.ref ?? p.ref,
              acct.scope,
            ),
          );
          continue;
        }
        const ev = removals.get(`${system}/${acct.name.toLowerCase()}`);
        if (!ev) {
          if (acct.synthetic) continue;
          unmeasured.push(`${p.data.email} (${SYSTEM_NAMES[system]})`);
          continue;
        }
        const took = businessDaysAfter(end, ev.at);
        findings.push(
          finding(
            took > params.maxDays ? 'fail' : 'pass',
            res,
            `${SYSTEM_NAMES[system]} access of ${p.data.name} removed ${ev.at.slice(0, 16)}Z by ${ev.what}: ${took} business day(s) after the end date ${end} (limit ${params.maxDays})`,
            ev.ref,
            ev.scope,
          ),
        );
      }
    }
    if (leavers.length === 0) return { findings, notApplicable: true, note: `nobody left in the last ${params.lookbackDays} days` };
    // Why needsReview: an unmeasured removal is not evidence of a timely one; a person must check it.
    const needsReview = unmeasured.length
      ? `removal time not measurable from this bundle (no removal event in its history; GitHub removals need the audit log): ${unmeasured.join(', ')}`
      : undefined;
    return { findings, ...(needsReview ? { needsReview } : {}) };
  },
};

interface Known {
  name: string;
  active: boolean;
  scope?: string;
  ref?: string;
  /** Not in today's evidence: the Okta login the roster implies, counted only when the history shows its removal. */
  synthetic?: boolean;
}

/** The person's accounts: linked ones, plus removed ones the roster still names (their removal may be in the history). */
function accountKeys(
  p: StoredRecord<Person>,
  accounts: Array<{ system: System; name: string; active: boolean; scope: string; ref: string }>,
): Array<[System, Known]> {
  const out: Array<[System, Known]> = accounts.map((a) => [a.system, a]);
  const has = (s: System, n: string) => out.some(([sys, a]) => sys === s && a.name.toLowerCase() === n.toLowerCase());
  if (!out.some(([s]) => s === 'okta')) out.push(['okta', { name: p.data.email, active: false, synthetic: true }]);
  if (p.data.aws && !has('aws', p.data.aws)) out.push(['aws', { name: p.data.aws, active: false }]);
  if (p.data.github && !has('github', p.data.github)) out.push(['github', { name: p.data.github, active: false }]);
  return out;
}
