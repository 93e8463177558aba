import { readCsv } from '../../../src/util/csv.js';
import type { Problem } from '../../../src/util/problems.js';
import { YamlFile } from '../../../src/util/yaml-file.js';
import { readInputFile } from '../../../src/util/input-file.js';

/** One approved admin-role grant from the ticket file named by `grantTickets`. */
export interface GrantTicket {
  /** Login (email) of the person the role was granted to. */
  grantee: string;
  /** Role label ("Super Administrator") or type (`SUPER_ADMIN`). */
  role: string;
  /** Day of the approval, YYYY-MM-DD. */
  date: string;
  /** Ticket reference, e.g. SEC-311. */
  ticket: string;
  /** Where the row is, for findings: `file:line`. */
  at: string;
}

const COLUMNS = ['grantee', 'role', 'date', 'ticket'] as const;
// Why lenient headers: `Target`, `target` and `grantee` name the same column in ticket-system exports.
const ALIASES: Record<string, (typeof COLUMNS)[number]> = {
  grantee: 'grantee',
  target: 'grantee',
  user: 'grantee',
  role: 'role',
  date: 'date',
  approved: 'date',
  approvedon: 'date',
  ticket: 'ticket',
  ref: 'ticket',
  reference: 'ticket',
};
const norm = (h: string) => ALIASES[h.toLowerCase().replace(/[\s_-]/g, '')];

/**
 * Reads and validates a grant-ticket file: CSV with a header row (grantee|target, role, date, ticket) or YAML/JSON
 * (a list of maps with those keys). Every problem names file:line:col and what was expected.
 */
export function parseGrantTickets(path: string, shown = path): { rows: GrantTicket[]; problems: Problem[] } {
  const read = readInputFile(path);
  if ('error' in read)
    return {
      rows: [],
      problems: [
        {
          file: shown,
          line: 1,
          col: 1,
          pointer: '',
          message: `grant ticket file: ${read.error}`,
          hint: 'grantTickets is resolved relative to the config file',
        },
      ],
    };
  const text = read.bytes.toString('utf8').replace(/^\uFEFF/, '');
  const raw = /\.(ya?ml|json)$/i.test(path) ? yamlRows(text, shown) : csvRows(text, shown);
  const problems = [...raw.problems];
  const rows: GrantTicket[] = [];
  for (const r of raw.rows) {
    const v = (c: string) => (r.values[c] ?? '').trim();
    const bad = (c: string, message: string) => problems.push({ ...r.at(c), pointer: r.pointer(c), message });
    for (const c of COLUMNS)
      if (!v(c))
        bad(
          c,
          `${c} is empty (expected ${c === 'date' ? 'a date YYYY-MM-DD' : c === 'grantee' ? 'the login the role was granted to' : c === 'role' ? 'a role such as Super Administrator or SUPER_ADMIN' : 'a ticket reference'})`,
        );
    if (v('date') && !isDate(v('date'))) bad('date', `expected a date YYYY-MM-DD, got '${v('date')}'`);
    rows.push({ grantee: v('grantee'), role: v('role'), date: v('date'), ticket: v('ticket'), at: `${shown}:${r.line}` });
  }
  return { rows: problems.length ? [] : rows, problems };
}

interface RawRow {
  line: number;
  values: Record<string, string>;
  at(col: string): { file: string; line: number; col: number };
  pointer(col: string): string;
}

function csvRows(text: string, file: string): { rows: RawRow[]; problems: Problem[] } {
  const { records, problem } = readCsv(text, file);
  if (problem) return { rows: [], problems: [problem] };
  if (!records.length)
    return {
      rows: [],
      problems: [{ file, line: 1, col: 1, pointer: '', message: 'the grant ticket file is empty (expected a header row: grantee,role,date,ticket)' }],
    };
  const header = records[0]!.record.map((h) => norm(h) ?? null);
  const problems: Problem[] = [];
  for (const c of COLUMNS)
    if (!header.includes(c))
      problems.push({
        file,
        line: records[0]!.info.lines,
        col: 1,
        pointer: c,
        message: `the header has no ${c} column`,
        hint: 'columns: grantee (or target), role, date, ticket',
      });
  const rows = records.slice(1).map(({ record, info }) => {
    const values: Record<string, string> = {};
    header.forEach((h, i) => h && (values[h] = record[i] ?? ''));
    return {
      line: info.lines,
      values,
      at: (c: string) => ({ file, line: info.lines, col: colOf(record, header.indexOf(c as never)) }),
      pointer: (c: string) => c,
    };
  });
  return { rows, problems };
}

/** 1-based column of field `i` in a CSV record (approximate with quoting; exact for plain fields). */
function colOf(record: string[], i: number): number {
  if (i < 0) return 1;
  return record.slice(0, i).reduce((n, f) => n + f.length + 1, 1);
}

function yamlRows(text: string, file: string): { rows: RawRow[]; problems: Problem[] } {
  const { file: y, problems } = YamlFile.parse(text, file);
  if (!y) return { rows: [], problems };
  if (!Array.isArray(y.value)) return { rows: [], problems: [y.problem('', 'expected a list of grants (grantee, role, date, ticket)')] };
  const out: RawRow[] = [];
  for (const [i, item] of (y.value as unknown[]).entries()) {
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      problems.push(y.problem(`/${i}`, 'expected a map with grantee, role, date, ticket'));
      continue;
    }
    const values: Record<string, string> = {};
    const keys: Record<string, string> = {};
    for (const [k, val] of Object.entries(item)) {
      const c = norm(k);
      if (!c) {
        problems.push(y.problem(`/${i}/${k}`, `unknown key ${k}`, 'keys: grantee (or target), role, date, ticket', true));
        continue;
      }
      if (val !== null && val !== undefined) values[c] = val instanceof Date ? val.toISOString().slice(0, 10) : String(val);
      keys[c] = k;
    }
    const ptr = (c: string) => (keys[c] ? `/${i}/${keys[c]}` : `/${i}`);
    out.push({ line: y.locate(`/${i}`).line, values, at: (c) => ({ file, ...y.locate(ptr(c)) }), pointer: ptr });
  }
  return { rows: out, problems };
}

function isDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
