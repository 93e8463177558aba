import type { OktaLogUserLifecycle } from '../../../src/evidence/types.generated.js';
import type { Check, Finding, StoredRecord } from '../../../src/types.js';
import { finding } from './util.js';

export interface Params {
  maxHours: number;
}

type LogRec = OktaLogUserLifecycle;

/**
 * Users deactivated in the period were deactivated within `maxHours` of being suspended.
 * Without an HR roster the leave date is unknown: a deactivation with no prior suspension is listed as
 * population (pass, with the note saying so), never judged late or on time against a date we do not have.
 */
export const oktaUsersDeprovisionedPromptly: Check<Params> = {
  meta: {
    id: 'okta.users.deprovisioned-promptly',
    title: 'Leavers are deprovisioned promptly in Okta',
    failureTitle: 'Okta users deactivated late after suspension',
    requires: ['okta.log.user-lifecycle'],
    paramsSchema: { type: 'object', additionalProperties: false, properties: { maxHours: { type: 'integer', minimum: 1, default: 24 } } },
    remediation:
      'Deactivate suspended leavers within the limit (automate with the HR-driven lifecycle or an Okta Workflow), and configure the HR roster so deactivations can be matched to leave dates.',
  },
  evaluate(view, params) {
    // Streamed: only suspensions and deactivations are kept from what can be a large log population.
    const recs: StoredRecord<LogRec>[] = [];
    view.each('okta.log.user-lifecycle', (r) => {
      if (r.data.eventType === 'user.lifecycle.suspend' || r.data.eventType === 'user.lifecycle.deactivate') recs.push(r);
    });
    const target = (e: LogRec) => e.target.find((t) => t.type === 'User');
    const suspendedAt = new Map<string, string>();
    const findings: Finding[] = [];
    let populationOnly = 0;
    for (const rec of [...recs].sort((a, b) => a.data.published.localeCompare(b.data.published))) {
      const t = target(rec.data);
      if (!t) continue;
      if (rec.data.eventType === 'user.lifecycle.suspend') suspendedAt.set(t.id, rec.data.published);
      if (rec.data.eventType !== 'user.lifecycle.deactivate') continue;
      const resource = `okta:${t.alternateId ?? t.id}`;
      const s = suspendedAt.get(t.id);
      if (!s) {
        // Why no finding: without a suspension or the HR leave date, timeliness cannot be judged here.
        populationOnly++;
        continue;
      }
      const hours = (Date.parse(rec.data.published) - Date.parse(s)) / 3_600_000;
      findings.push(
        finding(hours > params.maxHours ? 'fail' : 'pass', resource, `deactivated ${hours.toFixed(1)} h after suspension (limit ${params.maxHours} h)`, rec),
      );
    }
    if (!findings.length && !populationOnly) return { findings, notApplicable: true, note: 'no user was deactivated in the period' };
    // Deactivations without an earlier suspension need the leave date (the roster, access.offboarding-sla) or a person.
    const needsReview = populationOnly
      ? `${populationOnly} deactivation(s) had no suspension before them: compare them with the HR leave dates (configure the roster and use access.offboarding-sla)`
      : undefined;
    return { findings, needsReview };
  },
};
