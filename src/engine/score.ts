import type { Check, EvidenceView, Finding, ScopeState, Status } from '../types.js';

export interface CheckError {
  type: string;
  scope: string;
  cause: string;
  operation: string;
  message: string;
}

export interface ScoredCheck {
  status: Status;
  findings: Finding[];
  note?: string;
  /** Why the result is `error`: the evidence that was missing or failed to collect. */
  errors: CheckError[];
}

/**
 * Applies the status rules to one check (DESIGN.md, "Status rules"):
 * - a result starts as `error`; it becomes `pass` only when every required type has at least one
 *   known scope and every known scope is complete;
 * - a failing finding is a definite `fail` even when other scopes errored (fail > error);
 * - `not-applicable` only when the check says so over complete evidence;
 * - a check that throws is `error` (cause `internal`), never a pass;
 * - a check that asks for a person (`needsReview`) is `manual` unless something fails.
 */
export function scoreCheck<P>(
  check: Check<P>,
  view: EvidenceView,
  params: P,
  asOf: Date,
  /** Applied to the check's findings before the status is derived (approved exceptions). */
  adjust: (findings: Finding[]) => Finding[] = (f) => f,
): ScoredCheck {
  const errors: CheckError[] = [];
  for (const type of check.meta.requires) {
    const states = view.states(type);
    if (states.length === 0) {
      errors.push({ type, scope: '*', cause: 'missing', operation: '-', message: `no ${type} evidence was collected` });
      continue;
    }
    for (const s of states) if (s.state !== 'complete') errors.push(stateError(s));
  }
  // Optional systems: absent (not collected) is fine; collected but incomplete is an error like any other.
  for (const type of check.meta.requiresAnyOf ?? []) for (const s of view.states(type)) if (s.state !== 'complete') errors.push(stateError(s));
  let findings: Finding[];
  let notApplicable: boolean;
  let needsReview: string | undefined;
  let note: string | undefined;
  try {
    const out = check.evaluate(declaredOnly(view, [...check.meta.requires, ...(check.meta.requiresAnyOf ?? [])], check.meta.id), params, asOf);
    findings = adjust(out.findings);
    notApplicable = out.notApplicable === true;
    needsReview = out.needsReview;
    note = out.needsReview ? [out.needsReview, out.note].filter(Boolean).join('; ') : out.note;
  } catch (err) {
    errors.push({ type: '-', scope: '*', cause: 'internal', operation: `check ${check.meta.id}`, message: (err as Error).message });
    return { status: 'error', findings: [], errors };
  }
  const status = statusOf(findings, errors.length > 0, notApplicable);
  return { status: needsReview && status === 'pass' ? 'manual' : status, findings, note, errors };
}

/** The status of a check from its (possibly excepted) findings. */
export function statusOf(findings: Finding[], hasErrors: boolean, notApplicable: boolean): Status {
  if (findings.some((f) => f.status === 'fail')) return 'fail';
  if (hasErrors) return 'error';
  if (notApplicable && findings.length === 0) return 'not-applicable';
  return 'pass';
}

function stateError(s: ScopeState): CheckError {
  if (s.state === 'error' && s.error) {
    const e = s.error;
    return { type: s.type, scope: s.scope, cause: e.cause, operation: e.operation, message: e.message };
  }
  return { type: s.type, scope: s.scope, cause: 'incomplete', operation: '-', message: `collection of ${s.type} in ${s.scope} did not finish` };
}

const ORDER: Status[] = ['fail', 'error', 'manual', 'pass', 'not-applicable'];

/** Worst-of roll-up: fail > error > manual > pass; not-applicable only when everything is. */
export function worstOf(statuses: Status[]): Status {
  if (statuses.length === 0) return 'not-applicable';
  for (const s of ORDER) if (statuses.includes(s)) return s;
  return 'not-applicable';
}

/** A check sees only the evidence types it declares (so `requires`, and with it the status gate, is honest). */
function declaredOnly(view: EvidenceView, requires: string[], id: string): EvidenceView {
  const guard = (type: string) => {
    if (!requires.includes(type)) throw new Error(`check ${id} read ${type}, which it does not declare in meta.requires or meta.requiresAnyOf`);
  };
  return {
    records: (type) => (guard(type), view.records(type)),
    each: (type, fn) => (guard(type), view.each(type, fn)),
    scopes: (type) => (guard(type), view.scopes(type)),
    states: (type) => (guard(type), view.states(type)),
  };
}
