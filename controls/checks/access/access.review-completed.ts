import type { AccessReview as AccessReviewRecord } from '../../../src/evidence/types.generated.js';
import type { Check, Finding, StoredRecord } from '../../../src/types.js';
import { accountsOf, type System } from './lib/accounts.js';
import { ACCOUNT_TYPES, finding, SYSTEM_NAMES } from './lib/finding.js';
import { dueQuarters } from './lib/quarters.js';

/** One `access.review` record: a signed-off worksheet for one quarter and system. */
export type AccessReview = AccessReviewRecord;

export interface Params {
  quarters: number;
  graceDays: number;
  systems: System[];
  revokeWithinDays: number;
}

/**
 * Each due quarter has a signed review per system, covering the whole population of that quarter's bundle,
 * and every `revoke` decision is carried out in this (later) bundle: the account is gone or disabled.
 */
export const accessReviewCompleted: Check<Params> = {
  meta: {
    id: 'access.review-completed',
    title: 'Quarterly access reviews are complete and their revocations carried out',
    failureTitle: 'Access review missing, incomplete or not acted on',
    requires: ['access.review'],
    requiresAnyOf: ACCOUNT_TYPES,
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        quarters: { type: 'integer', minimum: 1, maximum: 8, default: 1, description: 'How many of the latest due quarters must have a review.' },
        graceDays: { type: 'integer', minimum: 0, default: 30, description: 'Days after a quarter ends by which its review is due.' },
        systems: { type: 'array', items: { enum: ['okta', 'github', 'aws', 'identity-center'] }, uniqueItems: true, default: ['okta', 'github', 'aws'] },
        revokeWithinDays: {
          type: 'integer',
          minimum: 0,
          default: 7,
          description:
            'Days after a revoke decision (reviewedOn) by which the account must be gone or disabled; until then a still-active account is pending, not failing.',
        },
      },
    },
    remediation:
      'Run `soc2 access-review export --quarter <Q>`, have each system owner fill in decision/reviewer/reviewedOn, `soc2 access-review import` the signed files, remove every revoked account, and collect again.',
  },
  evaluate(view, params, asOf) {
    const reviews = view.records('access.review').filter((r) => params.systems.includes(r.data.system));
    const now = new Map(
      accountsOf(view, { okta: true, github: true, githubCollaborators: true, aws: true, identityCenter: true }).map((a) => [`${a.system}/${a.key}`, a]),
    );
    const findings: Finding[] = [];
    for (const q of dueQuarters(asOf, params.quarters, params.graceDays)) {
      for (const system of params.systems) {
        if (!reviews.some((r) => r.data.quarter === q && r.data.system === system)) {
          findings.push(
            finding(
              'fail',
              `access-review:${q}/${system}`,
              `no signed ${SYSTEM_NAMES[system]} access review for ${q} is on file: export it with \`soc2 access-review export --quarter ${q}\``,
              'data/records/access.review.jsonl',
            ),
          );
        }
      }
    }
    for (const rec of reviews) findings.push(...judgeReview(rec, now, asOf, params.revokeWithinDays ?? 7));
    if (findings.length === 0) return { findings, notApplicable: true, note: 'no quarter is due yet and no review is on file' };
    return { findings };
  },
};

function judgeReview(rec: StoredRecord<AccessReview>, now: Map<string, { active: boolean; name: string }>, asOf: Date, revokeWithinDays: number): Finding[] {
  const r = rec.data;
  const res = `access-review:${r.quarter}/${r.system}`;
  const out: Finding[] = [];
  const decided = new Set(r.rows.map((x) => x.key));
  const missing = r.population.filter((p) => !decided.has(p.key));
  const reviewers = [...new Set(r.rows.map((x) => x.reviewer))].join(', ');
  out.push(
    missing.length
      ? finding(
          'fail',
          res,
          `${missing.length} of ${r.population.length} accounts of bundle ${r.bundle} have no decision: ${missing
            .slice(0, 5)
            .map((m) => m.name)
            .join(', ')}${missing.length > 5 ? ', …' : ''}`,
          rec.ref,
          rec.scope,
        )
      : finding(
          'pass',
          res,
          `all ${r.population.length} accounts of bundle ${r.bundle} reviewed by ${reviewers || 'nobody'} (${r.file}, sha256 ${r.sha256.slice(0, 12)}…)`,
          rec.ref,
          rec.scope,
        ),
  );
  for (const row of r.rows.filter((x) => x.decision === 'revoke')) {
    const acct = now.get(`${r.system}/${row.key}`);
    const target = `${res} ${row.account}`;
    // The decision's day counts in full: a revoke decided on the 1st with 7 days is due by the end of the 8th (UTC).
    const due = new Date(Date.parse(`${row.reviewedOn}T00:00:00Z`) + revokeWithinDays * 86_400_000).toISOString().slice(0, 10);
    const pending = asOf.toISOString().slice(0, 10) <= due;
    if (Date.parse(r.bundleAsOf) >= asOf.getTime() || acct?.active) {
      const state = Date.parse(r.bundleAsOf) >= asOf.getTime() ? 'cannot be verified in the reviewed bundle itself' : 'is still active in this bundle';
      out.push(
        pending
          ? finding(
              'pass',
              target,
              `${row.reviewer} decided on ${row.reviewedOn} to revoke ${row.account}; it ${state}, within the ${revokeWithinDays}-day grace (due by ${due})`,
              rec.ref,
              rec.scope,
            )
          : finding(
              'fail',
              target,
              `${row.reviewer} decided on ${row.reviewedOn} to revoke ${row.account}, due by ${due}, but it ${state}${state.startsWith('cannot') ? ': collect again to show it was carried out' : ''}`,
              rec.ref,
              rec.scope,
            ),
      );
    } else {
      out.push(
        finding(
          'pass',
          target,
          `revoke of ${row.account} (decided ${row.reviewedOn} by ${row.reviewer}) carried out: the account is ${acct ? 'disabled' : 'gone'}`,
          rec.ref,
          rec.scope,
        ),
      );
    }
  }
  return out;
}
