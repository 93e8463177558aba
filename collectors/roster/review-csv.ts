import { readCsv } from '../../src/util/csv.js';
import type { Problem } from '../../src/util/problems.js';

/** Columns of the access-review worksheet, in order. The last three are the reviewer's. */
export const REVIEW_COLUMNS = [
  'quarter',
  'bundle',
  'system',
  'scope',
  'account',
  'key',
  'person',
  'personEmail',
  'linkedBy',
  'role',
  'status',
  'groups',
  'permissions',
  'active',
  'lastSignIn',
  'decision',
  'reviewer',
  'reviewedOn',
] as const;

export interface ReviewRow {
  key: string;
  account: string;
  person: string;
  decision: 'keep' | 'revoke';
  reviewer: string;
  reviewedOn: string;
}

export interface ParsedReview {
  quarter: string;
  system: 'okta' | 'github' | 'aws';
  bundle: string;
  rows: ReviewRow[];
  problems: Problem[];
}

/** Parses and validates a signed worksheet: every row needs a decision (keep|revoke), a reviewer and a date. */
export function parseReview(text: string, file: string): ParsedReview {
  const out: ParsedReview = { quarter: '', system: 'okta', bundle: '', rows: [], problems: [] };
  const { records, problem } = readCsv(text, file);
  if (problem) {
    out.problems.push(problem);
    return out;
  }
  const header = records[0]?.record.map((h) => h.trim()) ?? [];
  const need = ['quarter', 'bundle', 'system', 'key', 'account', 'decision', 'reviewer', 'reviewedOn'];
  const absent = need.filter((c) => !header.includes(c));
  if (absent.length) {
    out.problems.push({
      file,
      line: 1,
      col: 1,
      pointer: absent.join(','),
      message: `the header lacks ${absent.join(', ')}`,
      hint: 'use the worksheet `soc2 access-review export` wrote',
    });
    return out;
  }
  for (const { record, info } of records.slice(1)) {
    const v = (c: string) => (record[header.indexOf(c)] ?? '').trim().replace(/^'/, '');
    const bad = (c: string, message: string) => out.problems.push({ file, line: info.lines, col: header.indexOf(c) + 1, pointer: c, message });
    out.quarter ||= v('quarter');
    out.bundle ||= v('bundle');
    out.system = (out.rows.length ? out.system : v('system')) as ParsedReview['system'];
    if (!/^\d{4}Q[1-4]$/.test(v('quarter'))) bad('quarter', `expected a quarter like 2026Q3, got '${v('quarter')}'`);
    else if (v('quarter') !== out.quarter) bad('quarter', `one file holds one quarter (${out.quarter}), got '${v('quarter')}'`);
    if (!['okta', 'github', 'aws', 'identity-center'].includes(v('system')))
      bad('system', `expected okta, github, aws or identity-center, got '${v('system')}'`);
    else if (v('system') !== out.system) bad('system', `one file holds one system (${out.system}), got '${v('system')}'`);
    if (v('bundle') !== out.bundle) bad('bundle', `one file reviews one bundle (${out.bundle}), got '${v('bundle')}'`);
    if (!v('key')) bad('key', 'key is empty');
    const d = v('decision').toLowerCase();
    if (d !== 'keep' && d !== 'revoke') bad('decision', `expected keep or revoke, got '${v('decision')}'`);
    if (!v('reviewer')) bad('reviewer', 'reviewer is empty: who took the decision?');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v('reviewedOn')) || Number.isNaN(Date.parse(`${v('reviewedOn')}T00:00:00Z`)))
      bad('reviewedOn', `expected a date YYYY-MM-DD, got '${v('reviewedOn')}'`);
    out.rows.push({
      key: v('key'),
      account: v('account'),
      person: v('person'),
      decision: d as ReviewRow['decision'],
      reviewer: v('reviewer'),
      reviewedOn: v('reviewedOn'),
    });
  }
  if (out.rows.length === 0) out.problems.push({ file, line: 1, col: 1, pointer: '', message: 'the worksheet has no rows' });
  return out;
}
