import type { Control } from '../config/control-map.js';
import type { ExceptionSpec } from '../config/config.js';
import type { CheckMeta, EvidenceView, Status } from '../types.js';
import { criteriaInScope } from './criteria.js';
import { matchDocuments } from './documents.js';
import { applyExceptions, prepareExceptions } from './exceptions.js';
import type { CheckResult, ControlResult, CriterionResult, Results } from './results.js';
import { scoreCheck, worstOf } from './score.js';
import { slimCheck } from './results-file.js';

export interface EvaluateInput {
  organization: string;
  asOf: Date;
  period: { start: string; end: string };
  categories: string[];
  controls: Control[];
  /** Controls the config switched off: listed as skipped, with the reason. */
  disabled?: Array<{ id: string; title: string; reason: string }>;
  controlMapDigest: string;
  exceptions: ExceptionSpec[];
  view: EvidenceView & { release?(type: string): void };
  /** Evidence types some collector of this run was asked to collect; checks needing others are skipped. */
  collectedTypes: Set<string>;
  /**
   * Receives each complete check result; when given, the returned results keep only failing and excepted
   * findings (the sink has the rest: see results-file.ts).
   */
  onCheck?: (check: CheckResult) => void;
}

/** Scores every control: checks → exceptions → control status → criterion roll-up. Pure and deterministic. */
export function evaluate(input: EvaluateInput): Results {
  const uses = prepareExceptions(input.exceptions);
  const checks: CheckResult[] = [];
  const controls: ControlResult[] = [];
  const skipped: Results['skipped'] = [...(input.disabled ?? [])];
  // Records of a type are dropped from memory as soon as no remaining check reads them.
  const readers = new Map<string, number>();
  const typesOf = (m: CheckMeta) => [...m.requires, ...(m.requiresAnyOf ?? [])];
  for (const c of input.controls)
    for (const b of c.checks)
      if (runnable(b.check.meta, input.collectedTypes)) for (const t of typesOf(b.check.meta)) readers.set(t, (readers.get(t) ?? 0) + 1);
  const done = (m: CheckMeta) => {
    for (const t of typesOf(m)) {
      const left = (readers.get(t) ?? 1) - 1;
      readers.set(t, left);
      if (left === 0) input.view.release?.(t);
    }
  };
  for (const control of input.controls) {
    const active = control.checks.filter((b) => runnable(b.check.meta, input.collectedTypes));
    if (active.length === 0 && control.checks.length > 0 && control.evidence.length === 0) {
      const missing = [...new Set(control.checks.flatMap((b) => missingTypes(b.check.meta, input.collectedTypes)))];
      skipped.push({ id: control.id, title: control.title, reason: `needs ${missing.join(', ')}, from a source that is not configured or not collected` });
      continue;
    }
    const statuses: Status[] = [];
    let failing = 0;
    let excepted = 0;
    for (const bound of active) {
      const scored = scoreCheck(bound.check, input.view, bound.params, input.asOf, (f) => applyExceptions(f, control.id, bound.id, uses, input.asOf));
      done(bound.check.meta);
      const { status, findings } = scored;
      failing += findings.filter((f) => f.status === 'fail').length;
      excepted += findings.filter((f) => f.excepted && !f.excepted.expired).length;
      statuses.push(status);
      const result: CheckResult = {
        check: bound.id,
        control: control.id,
        title: bound.check.meta.title,
        status,
        params: bound.params,
        requires: [...bound.check.meta.requires, ...(bound.check.meta.requiresAnyOf ?? [])],
        findings,
        errors: scored.errors,
        ...(scored.note ? { note: scored.note } : {}),
        remediation: bound.check.meta.remediation,
      };
      if (input.onCheck) {
        input.onCheck(result);
        checks.push(slimCheck(result));
      } else checks.push(result);
    }
    // Document evidence: matched to `documents.file` records when that source ran (missing → manual, lapsed → fail).
    const docs = matchDocuments(control, input.view, input.collectedTypes.has('documents.file'), input.asOf);
    const manual = docs.manual;
    statuses.push(...docs.statuses);
    failing += docs.stale;
    const status = statuses.length ? worstOf(statuses) : 'manual';
    controls.push({
      id: control.id,
      title: control.title,
      criteria: control.criteria,
      severity: control.severity,
      ...(control.owner ? { owner: control.owner } : {}),
      ...(control.why ? { why: control.why } : {}),
      status,
      failing,
      excepted,
      checks: active.map((b) => b.id),
      manual,
      ...(docs.onFile.length ? { documents: docs.onFile } : {}),
      ...(!control.owner && (status === 'fail' || status === 'manual') ? { ownerMissing: true } : {}),
      ...(control.overridden?.length ? { overridden: control.overridden } : {}),
    });
  }
  const criteria: CriterionResult[] = criteriaInScope(input.categories).map((c) => {
    const mapped = controls.filter((r) => r.criteria.includes(c.id));
    const automated = mapped.some((r) => r.checks.length > 0);
    return {
      id: c.id,
      title: c.title,
      category: c.category,
      status: mapped.length ? worstOf(mapped.map((r) => r.status)) : 'uncovered',
      controls: mapped.map((r) => r.id),
      coverage: mapped.length === 0 ? 'uncovered' : automated ? 'automated' : 'manual',
    };
  });
  const summary = { pass: 0, fail: 0, error: 0, manual: 0, 'not-applicable': 0, controls: controls.length, skipped: skipped.length };
  for (const c of controls) summary[c.status]++;
  return {
    schemaVersion: 1,
    organization: input.organization,
    asOf: input.asOf.toISOString(),
    period: input.period,
    controlMapDigest: input.controlMapDigest,
    summary,
    controls,
    criteria,
    checks,
    exceptions: uses.map(({ match: _m, ...u }) => u),
    skipped,
  };
}

/** A check runs when all its required types, and at least one of its `requiresAnyOf` types, were collected. */
function runnable(meta: CheckMeta, collected: Set<string>): boolean {
  return meta.requires.every((t) => collected.has(t)) && (!meta.requiresAnyOf?.length || meta.requiresAnyOf.some((t) => collected.has(t)));
}

function missingTypes(meta: CheckMeta, collected: Set<string>): string[] {
  const out = meta.requires.filter((t) => !collected.has(t));
  if (meta.requiresAnyOf?.length && !meta.requiresAnyOf.some((t) => collected.has(t))) out.push(`one of ${meta.requiresAnyOf.join(' | ')}`);
  return out;
}
