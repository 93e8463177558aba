import type { ControlResult } from '../engine/results.js';
import type { HistoryReport } from '../history/model.js';
import type { WindowSummary } from './summary.js';
import { csvLine } from '../util/csv.js';

/**
 * Controls × criteria matrix: one row per control, one column per criterion in scope (the criteria the
 * bundles were scored against; a control's mapping to a category out of scope is not a column), `x` where
 * the control maps to it. "days failing" counts days (from the history grid: several bundles on one day are
 * one day, backfilled days are not counted); without a history (a hand-picked set of bundles) the column
 * counts bundles and says so.
 */
export function controlsCriteriaCsv(s: WindowSummary, history?: HistoryReport): string {
  const ids = [...new Set(s.criteria.map((c) => c.criterion.id))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const rows = new Map((history?.controls ?? []).map((c) => [c.id, c]));
  let out = csvLine(['control', 'title', 'owner', 'severity', 'status (newest bundle)', history ? 'days failing' : 'bundles failing', ...ids]);
  for (const c of s.controls) {
    const failing = history ? (rows.get(c.control.id)?.daysFailing ?? 0) : c.statuses.filter((x) => x === 'fail').length;
    const mapped = new Set(c.control.criteria);
    out += csvLine([
      c.control.id,
      c.control.title,
      c.control.owner ?? '',
      c.control.severity,
      statusLabel(c.control),
      failing,
      ...ids.map((id) => (mapped.has(id) ? 'x' : '')),
    ]);
  }
  return out;
}

/** A control's status as people read it: a pass that holds only through exceptions says so. */
export function statusLabel(c: Pick<ControlResult, 'status' | 'excepted'>): string {
  return c.status === 'pass' && c.excepted > 0 ? 'pass (excepted)' : c.status;
}

/** The exceptions register: every waiver in force during the window, with who approved it and until when. */
export function exceptionsCsv(s: WindowSummary): string {
  let out = csvLine(['control', 'check', 'resource', 'reason', 'approver', 'ticket', 'expires', 'expired', 'findings covered', 'first bundle', 'last bundle']);
  for (const x of s.exceptions) {
    out += csvLine([x.control, x.check, x.resource, x.reason, x.approvedBy, x.ticket, x.expires, x.expired ? 'yes' : 'no', x.covered, x.first, x.last]);
  }
  return out;
}
