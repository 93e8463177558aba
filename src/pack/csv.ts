import type { WindowSummary } from './summary.js';

/**
 * One RFC 4180 cell. Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets
 * a leading apostrophe (OWASP CSV injection); numbers stay numbers. The raw records keep the original.
 */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^[+-]?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV record, CRLF-terminated as RFC 4180 asks. */
export function csvLine(cells: unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** Controls × criteria matrix: one row per control, one column per criterion, `x` where the control maps to it. */
export function controlsCriteriaCsv(s: WindowSummary): string {
  const ids = [...new Set([...s.criteria.map((c) => c.criterion.id), ...s.controls.flatMap((c) => c.control.criteria)])].sort((a, b) =>
    a.localeCompare(b, 'en', { numeric: true }),
  );
  let out = csvLine(['control', 'title', 'owner', 'severity', 'status (newest bundle)', 'days failing', ...ids]);
  for (const c of s.controls) {
    const failing = c.statuses.filter((x) => x === 'fail').length;
    const mapped = new Set(c.control.criteria);
    out += csvLine([c.control.id, c.control.title, c.control.owner ?? '', c.control.severity, c.control.status, failing, ...ids.map((id) => (mapped.has(id) ? 'x' : ''))]);
  }
  return out;
}

/** The exceptions register: every waiver in force during the window, with who approved it and until when. */
export function exceptionsCsv(s: WindowSummary): string {
  let out = csvLine(['control', 'check', 'resource', 'reason', 'approver', 'ticket', 'expires', 'expired', 'findings covered', 'first bundle', 'last bundle']);
  for (const x of s.exceptions) {
    out += csvLine([x.control, x.check, x.resource, x.reason, x.approvedBy, x.ticket, x.expires, x.expired ? 'yes' : 'no', x.covered, x.first, x.last]);
  }
  return out;
}
